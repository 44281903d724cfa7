import type { AdminClient } from "../graphql-client.server";
import type { ReturnSuggestedRefundQuery, ReturnSuggestedRefundQueryVariables } from "../types/admin.generated";

// What Shopify suggests refunding for returned lines, and against which order transactions: the amounts
// returnProcess's financialTransfer.issueRefund takes (suggestedFinancialOutcome replaces suggestedRefund:
// https://shopify.dev/docs/apps/build/orders-fulfillment/returns-apps/migrate-to-return-processing).

export const RETURN_SUGGESTED_REFUND = `#graphql
  query ReturnSuggestedRefund($id: ID!, $lines: [SuggestedOutcomeReturnLineItemInput!]!) {
    return(id: $id) {
      id
      suggestedFinancialOutcome(returnLineItems: $lines, exchangeLineItems: []) {
        financialTransfer {
          __typename
          ... on RefundReturnOutcome {
            amount {
              shopMoney {
                amount
                currencyCode
              }
            }
            suggestedTransactions {
              kind
              gateway
              amountSet {
                shopMoney {
                  amount
                  currencyCode
                }
              }
              parentTransaction {
                id
              }
            }
          }
          ... on InvoiceReturnOutcome {
            amount {
              shopMoney {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
  }
` as const;

export type SuggestedTransfer = NonNullable<NonNullable<NonNullable<ReturnSuggestedRefundQuery["return"]>["suggestedFinancialOutcome"]>["financialTransfer"]> | null;

/** The suggested transfer (refund or invoice) for these lines, or null when Shopify suggests none. */
export async function fetchSuggestedRefund(client: AdminClient, variables: ReturnSuggestedRefundQueryVariables): Promise<SuggestedTransfer> {
  const res = await client.request(RETURN_SUGGESTED_REFUND, variables);
  return res.data.return?.suggestedFinancialOutcome?.financialTransfer ?? null;
}
