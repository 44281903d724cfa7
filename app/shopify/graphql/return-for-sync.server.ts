import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { deliverableSchema, nodesOf, returnStatusSchema } from "./shared-schemas.server";

// A return with everything the sync needs: its lines, reverse fulfillment orders and their deliveries. Not its
// order: a return stays readable when its order is older than the 60 days Shopify serves without read_all_orders
// (return-order.server.ts reads the order apart, and may get nothing).

export const RETURN_FOR_SYNC = `#graphql
  query ReturnForSync($id: ID!) {
    return(id: $id) {
      id
      name
      status
      totalQuantity
      returnLineItems(first: 50) {
        nodes {
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
              id
              deliverable {
                __typename
                ... on ReverseDeliveryShippingDeliverable {
                  tracking {
                    number
                    url
                    carrierName
                  }
                  label {
                    publicFileUrl
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export interface ReturnForSyncVariables {
  id: string;
}

const lineItemRef = z.object({ id: z.string(), title: z.string() });

export const returnForSyncSchema = z.object({
  return: z
    .object({
      id: z.string(),
      name: z.string(),
      status: returnStatusSchema,
      totalQuantity: z.number().int(),
      returnLineItems: nodesOf(
        // UnverifiedReturnLineItem nodes carry none of the ReturnLineItem fields: all optional.
        z.object({
          id: z.string().optional(),
          quantity: z.number().int().optional(),
          returnReasonNote: z.string().nullable().optional(),
          customerNote: z.string().nullable().optional(),
          fulfillmentLineItem: z
            .object({ id: z.string(), lineItem: lineItemRef.extend({ sku: z.string().nullable() }) })
            .optional(),
        }),
      ),
      reverseFulfillmentOrders: nodesOf(
        z.object({
          id: z.string(),
          status: z.enum(["CANCELED", "CLOSED", "OPEN"]),
          lineItems: nodesOf(
            z.object({
              id: z.string(),
              totalQuantity: z.number().int(),
              fulfillmentLineItem: z.object({ id: z.string(), lineItem: lineItemRef }).nullable(),
            }),
          ),
          reverseDeliveries: nodesOf(z.object({ id: z.string(), deliverable: deliverableSchema })),
        }),
      ),
    })
    .nullable(),
});

export type ReturnForSync = NonNullable<z.infer<typeof returnForSyncSchema>["return"]>;

/** The return, or null when the id points at nothing (a wrong-type id throws NotFoundError). */
export async function fetchReturnForSync(client: AdminClient, returnId: string): Promise<ReturnForSync | null> {
  const res = await client.request(RETURN_FOR_SYNC, { id: returnId } satisfies ReturnForSyncVariables);
  return parseData("ReturnForSync", returnForSyncSchema, res.data).return;
}
