import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { ReturnCloseMutation } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS, RETURN_USER_ERROR_FIELDS } from "./fragments.server";

// Optional by setting: close a return once the provider reports it received and refunded.

export const RETURN_CLOSE = `#graphql
  mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return {
        ...ReturnSummaryFields
        closedAt
      }
      userErrors {
        ...ReturnUserErrorFields
      }
    }
  }
  ${RETURN_SUMMARY_FIELDS}
  ${RETURN_USER_ERROR_FIELDS}
` as const;

export type ClosedReturn = NonNullable<NonNullable<ReturnCloseMutation["returnClose"]>["return"]>;

export async function closeReturn(client: AdminClient, returnId: string): Promise<ClosedReturn> {
  const res = await client.request(RETURN_CLOSE, { id: returnId });
  const payload = res.data.returnClose;
  throwIfUserErrors("returnClose", payload?.userErrors);
  return requirePayload("returnClose", payload?.return, "return");
}
