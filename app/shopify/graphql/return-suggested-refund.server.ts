import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";

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
`;

export interface ReturnSuggestedRefundVariables {
  id: string;
  lines: Array<{ id: string; quantity: number }>;
}

const money = z.object({ amount: z.string(), currencyCode: z.string() });

const transferSchema = z
  .object({
    __typename: z.string(),
    amount: z.object({ shopMoney: money }).optional(),
    suggestedTransactions: z
      .array(z.object({ kind: z.string(), gateway: z.string().nullable(), amountSet: z.object({ shopMoney: money }), parentTransaction: z.object({ id: z.string() }).nullable() }))
      .optional(),
  })
  .nullable();

export const returnSuggestedRefundSchema = z.object({
  return: z.object({ id: z.string(), suggestedFinancialOutcome: z.object({ financialTransfer: transferSchema }).nullable() }).nullable(),
});

export type SuggestedTransfer = z.infer<typeof transferSchema>;

/** The suggested transfer (refund or invoice) for these lines, or null when Shopify suggests none. */
export async function fetchSuggestedRefund(client: AdminClient, variables: ReturnSuggestedRefundVariables): Promise<SuggestedTransfer> {
  const res = await client.request(RETURN_SUGGESTED_REFUND, { ...variables });
  return parseData("ReturnSuggestedRefund", returnSuggestedRefundSchema, res.data).return?.suggestedFinancialOutcome?.financialTransfer ?? null;
}
