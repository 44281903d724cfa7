import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { ReturnProcessMutation, ReturnProcessMutationVariables } from "../types/admin.generated";
import { RETURN_USER_ERROR_FIELDS } from "./fragments.server";

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
        ...ReturnUserErrorFields
      }
    }
  }
  ${RETURN_USER_ERROR_FIELDS}
` as const;

export type ReturnProcessInput = ReturnProcessMutationVariables["input"];
export type ReturnProcessLine = NonNullable<ReturnProcessInput["returnLineItems"]>[number];
export type ProcessedReturn = NonNullable<NonNullable<ReturnProcessMutation["returnProcess"]>["return"]>;

/** `alreadyProcessed` is asked after a timeout or 5xx before the request goes again: a return found processed ends the call. */
export async function processReturn(client: AdminClient, input: ReturnProcessInput, alreadyProcessed: () => Promise<ProcessedReturn | undefined>): Promise<ProcessedReturn> {
  const res = await client.request(RETURN_PROCESS, { input }, {
    lookupBeforeRetry: async () => {
      const found = await alreadyProcessed();
      return found ? { data: { returnProcess: { return: found, userErrors: [] } } } : undefined;
    },
  });
  const payload = res.data.returnProcess;
  throwIfUserErrors("returnProcess", payload?.userErrors);
  return requirePayload("returnProcess", payload?.return, "return");
}
