import type { AdminClient } from "../graphql-client.server";

// reverse_fulfillment_orders/dispose names a reverse fulfillment order, which has no field for its return: the
// return is found among its order's returns.

export const REVERSE_FULFILLMENT_ORDER_RETURN = `#graphql
  query ReverseFulfillmentOrderReturn($id: ID!) {
    reverseFulfillmentOrder(id: $id) {
      id
      order {
        id
        returns(first: 20) {
          nodes {
            id
            reverseFulfillmentOrders(first: 10) {
              nodes {
                id
              }
            }
          }
        }
      }
    }
  }
` as const;

/** The return the reverse fulfillment order belongs to, or null. */
export async function fetchReturnOfReverseFulfillmentOrder(client: AdminClient, rfoId: string): Promise<string | null> {
  const res = await client.request(REVERSE_FULFILLMENT_ORDER_RETURN, { id: rfoId });
  const rfo = res.data.reverseFulfillmentOrder;
  return rfo?.order?.returns.nodes.find((r) => r.reverseFulfillmentOrders.nodes.some((n) => n.id === rfoId))?.id ?? null;
}
