import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { nodesOf, returnStatusSchema } from "./shared-schemas.server";

// What automation rules read of a return: the order's country, tags and total, each line's reason
// (returnReasonDefinition: `returnReason` is deprecated), what is processed already, exchange lines, and the
// reverse fulfillment order lines a disposition is recorded on.

export const RETURN_FOR_AUTOMATION = `#graphql
  query ReturnForAutomation($id: ID!) {
    return(id: $id) {
      id
      name
      status
      order {
        id
        name
        tags
        totalPriceSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        shippingAddress {
          countryCodeV2
        }
      }
      returnLineItems(first: 50) {
        nodes {
          id
          quantity
          processedQuantity
          unprocessedQuantity
          returnReasonDefinition {
            handle
            name
          }
          ... on ReturnLineItem {
            fulfillmentLineItem {
              id
              lineItem {
                id
                title
                variant {
                  id
                }
              }
            }
          }
        }
      }
      exchangeLineItems(first: 10) {
        nodes {
          id
          quantity
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
              }
              dispositions {
                quantity
              }
            }
          }
        }
      }
    }
  }
`;

export interface ReturnForAutomationVariables {
  id: string;
}

const money = z.object({ amount: z.string(), currencyCode: z.string() });

export const returnForAutomationSchema = z.object({
  return: z
    .object({
      id: z.string(),
      name: z.string(),
      status: returnStatusSchema,
      order: z.object({
        id: z.string(),
        name: z.string(),
        tags: z.array(z.string()),
        totalPriceSet: z.object({ shopMoney: money }),
        shippingAddress: z.object({ countryCodeV2: z.string().nullable() }).nullable(),
      }),
      returnLineItems: nodesOf(
        z.object({
          id: z.string(),
          quantity: z.number().int(),
          processedQuantity: z.number().int(),
          unprocessedQuantity: z.number().int(),
          returnReasonDefinition: z.object({ handle: z.string(), name: z.string() }).nullable(),
          // UnverifiedReturnLineItem nodes have no fulfillment line item.
          fulfillmentLineItem: z
            .object({ id: z.string(), lineItem: z.object({ id: z.string(), title: z.string(), variant: z.object({ id: z.string() }).nullable() }) })
            .optional(),
        }),
      ),
      exchangeLineItems: nodesOf(z.object({ id: z.string(), quantity: z.number().int() })),
      reverseFulfillmentOrders: nodesOf(
        z.object({
          id: z.string(),
          status: z.enum(["CANCELED", "CLOSED", "OPEN"]),
          lineItems: nodesOf(
            z.object({
              id: z.string(),
              totalQuantity: z.number().int(),
              fulfillmentLineItem: z.object({ id: z.string() }).nullable(),
              dispositions: z.array(z.object({ quantity: z.number().int() })),
            }),
          ),
        }),
      ),
    })
    .nullable(),
});

export type ReturnForAutomation = NonNullable<z.infer<typeof returnForAutomationSchema>["return"]>;

/** The return, or null when the id points at nothing. */
export async function fetchReturnForAutomation(client: AdminClient, returnId: string): Promise<ReturnForAutomation | null> {
  const res = await client.request(RETURN_FOR_AUTOMATION, { id: returnId } satisfies ReturnForAutomationVariables);
  return parseData("ReturnForAutomation", returnForAutomationSchema, res.data).return;
}
