import { withRefusals, type AdminClient } from "../graphql-client.server";
import type { ReturnForSyncQuery } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS, REVERSE_DELIVERY_FIELDS } from "./fragments.server";

// A return with everything the sync needs: its lines, reverse fulfillment orders and their deliveries. Not its
// order: a return stays readable when its order is older than the 60 days Shopify serves without read_all_orders
// (return-order.server.ts reads the order apart, and may get nothing).

export const RETURN_FOR_SYNC = `#graphql
  query ReturnForSync($id: ID!) {
    return(id: $id) {
      ...ReturnSummaryFields
      totalQuantity
      returnLineItems(first: 50) {
        nodes {
          __typename
          ... on ReturnLineItem {
            id
            quantity
            returnReasonNote
            customerNote
            fulfillmentLineItem {
              id
              lineItem {
                id
                title
                sku
              }
            }
          }
        }
      }
      reverseFulfillmentOrders(first: 10) {
        nodes {
          id
          status
          lineItems(first: 50) {
            nodes {
              id
              totalQuantity
              fulfillmentLineItem {
                id
                lineItem {
                  id
                  title
                }
              }
            }
          }
          reverseDeliveries(first: 10) {
            nodes {
              ...ReverseDeliveryFields
            }
          }
        }
      }
    }
  }
  ${RETURN_SUMMARY_FIELDS}
  ${REVERSE_DELIVERY_FIELDS}
` as const;

export type ReturnForSync = NonNullable<ReturnForSyncQuery["return"]>;

/**
 * The return, or null when the id points at nothing (a wrong-type id throws NotFoundError). The order's customer
 * fields Shopify refuses are null and listed in `refused`; a refused order nulls the return, which throws
 * RefusedFieldsError (the return exists, the app may not read its order: decision record 0012).
 */
export async function fetchReturnForSync(client: AdminClient, returnId: string): Promise<(ReturnForSync & { refused: string[] }) | null> {
  const res = await client.request(RETURN_FOR_SYNC, { id: returnId }, { allowPartial: true });
  return withRefusals("ReturnForSync", "return", res.data.return, res.fieldErrors);
}
