import { withRefusals, type AdminClient } from "../graphql-client.server";
import type { ReturnForAutomationQuery } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS } from "./fragments.server";

// What automation rules read of a return: the order's country, tags and total, each line's reason
// (returnReasonDefinition: `returnReason` is deprecated), what is processed already, exchange lines, and the
// reverse fulfillment order lines a disposition is recorded on.

export const RETURN_FOR_AUTOMATION = `#graphql
  query ReturnForAutomation($id: ID!) {
    return(id: $id) {
      ...ReturnSummaryFields
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
          __typename
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
  ${RETURN_SUMMARY_FIELDS}
` as const;

export type ReturnForAutomation = NonNullable<ReturnForAutomationQuery["return"]>;
export type AutomationReturnLine = ReturnForAutomation["returnLineItems"]["nodes"][number];

/** The fulfillment line item of a verified return line (an UnverifiedReturnLineItem has none). */
export function fulfillmentLineOf(line: AutomationReturnLine) {
  return line.__typename === "ReturnLineItem" ? line.fulfillmentLineItem : null;
}

/**
 * The return, or null when the id points at nothing. The order's address may be refused (protected customer data):
 * it is then null, and listed in `refused`; a refused order nulls the return, which throws RefusedFieldsError
 * (decision record 0012).
 */
export async function fetchReturnForAutomation(client: AdminClient, returnId: string): Promise<(ReturnForAutomation & { refused: string[] }) | null> {
  const res = await client.request(RETURN_FOR_AUTOMATION, { id: returnId }, { allowPartial: true });
  return withRefusals("ReturnForAutomation", "return", res.data.return, res.fieldErrors);
}
