import { withRefusals, type AdminClient } from "../graphql-client.server";
import { REVERSE_DELIVERY_FIELDS, deliverableOf } from "./fragments.server";

// A reverse delivery as reverse_deliveries/attach_deliverable announces it: its label and tracking, and the
// return it belongs to (found through the order's returns: ReverseFulfillmentOrder has no `return` field).

export const REVERSE_DELIVERY_FOR_ATTACH = `#graphql
  query ReverseDeliveryForAttach($id: ID!) {
    reverseDelivery(id: $id) {
      ...ReverseDeliveryFields
      reverseFulfillmentOrder {
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
  }
  ${REVERSE_DELIVERY_FIELDS}
` as const;

export interface AttachedDeliverable {
  reverseDeliveryId: string;
  reverseFulfillmentOrderId: string;
  /** Null when the order is out of reach (refused: see `refused`) or lists no return holding this delivery. */
  returnId: string | null;
  trackingNumber: string | null;
  /** Set by whoever attached the delivery: kept only when it is an http(s) URL. */
  trackingUrl: string | null;
  carrierName: string | null;
  labelUrl: string | null;
  refused: string[];
}

export async function fetchReverseDeliveryForAttach(client: AdminClient, id: string): Promise<AttachedDeliverable | null> {
  // The order is customer data: refused, it is null and the caller falls back to the webhook's return id.
  const res = await client.request(REVERSE_DELIVERY_FOR_ATTACH, { id }, { allowPartial: true, optionalPaths: ["reverseDelivery.reverseFulfillmentOrder.order"] });
  const rd = withRefusals("ReverseDeliveryForAttach", "reverseDelivery", res.data.reverseDelivery, res.fieldErrors);
  if (!rd) return null;
  const rfoId = rd.reverseFulfillmentOrder.id;
  const ret = rd.reverseFulfillmentOrder.order?.returns.nodes.find((r) => r.reverseFulfillmentOrders.nodes.some((n) => n.id === rfoId));
  return { reverseDeliveryId: rd.id, reverseFulfillmentOrderId: rfoId, returnId: ret?.id ?? null, ...deliverableOf(rd), refused: rd.refused };
}
