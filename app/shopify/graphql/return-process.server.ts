import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";
import type { DispositionType } from "./reverse-fulfillment-order-dispose.server";
import { nodesOf, returnStatusSchema } from "./shared-schemas.server";

// Process a return: confirm the returned quantities, record each item's disposition and, when asked, refund
// (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/returnProcess). Not idempotent: the caller claims
// before the call and reads the processed quantities before any retry (`lookupBeforeRetry`).

export const RETURN_PROCESS = `#graphql
  mutation ReturnProcess($input: ReturnProcessInput!) {
    returnProcess(input: $input) {
      return {
        id
        status
        returnLineItems(first: 50) {
          nodes {
            id
            processedQuantity
            unprocessedQuantity
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface ReturnProcessLine {
  id: string;
  quantity: number;
  dispositions?: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number; dispositionType: DispositionType; locationId?: string | null }>;
}

export interface ReturnProcessVariables {
  input: {
    returnId: string;
    returnLineItems: ReturnProcessLine[];
    notifyCustomer: boolean;
    financialTransfer?: { issueRefund: { orderTransactions: Array<{ transactionAmount: { amount: string; currencyCode: string }; parentId: string }> } };
  };
}

const processedSchema = z.object({
  id: z.string(),
  status: returnStatusSchema,
  returnLineItems: nodesOf(z.object({ id: z.string(), processedQuantity: z.number().int(), unprocessedQuantity: z.number().int() })),
});

export const returnProcessSchema = z.object({
  returnProcess: z.object({ return: processedSchema.nullable(), userErrors: z.array(userErrorSchema) }).nullable(),
});

export type ProcessedReturn = z.infer<typeof processedSchema>;

/** `alreadyProcessed` is asked after a timeout or 5xx before the request goes again: a return found processed ends the call. */
export async function processReturn(client: AdminClient, variables: ReturnProcessVariables, alreadyProcessed: () => Promise<ProcessedReturn | undefined>): Promise<ProcessedReturn> {
  const res = await client.request(RETURN_PROCESS, { ...variables }, {
    lookupBeforeRetry: async () => {
      const found = await alreadyProcessed();
      return found ? { data: { returnProcess: { return: found, userErrors: [] } } } : undefined;
    },
  });
  const payload = parseData("returnProcess", returnProcessSchema, res.data).returnProcess;
  throwIfUserErrors("returnProcess", payload?.userErrors);
  return requirePayload("returnProcess", payload?.return, "return");
}
