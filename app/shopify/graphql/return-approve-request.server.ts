import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { ReturnApproveRequestMutation } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS, RETURN_USER_ERROR_FIELDS } from "./fragments.server";

// Optional by setting: approve a requested return so it becomes OPEN and gets its reverse fulfillment order.

export const RETURN_APPROVE_REQUEST = `#graphql
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return {
        ...ReturnSummaryFields
        reverseFulfillmentOrders(first: 5) {
          nodes {
            id
            status
          }
        }
      }
      userErrors {
        ...ReturnUserErrorFields
      }
    }
  }
  ${RETURN_SUMMARY_FIELDS}
  ${RETURN_USER_ERROR_FIELDS}
` as const;

export type ApprovedReturn = NonNullable<NonNullable<ReturnApproveRequestMutation["returnApproveRequest"]>["return"]>;

export async function approveReturnRequest(client: AdminClient, input: { returnId: string; notifyCustomer: boolean }): Promise<ApprovedReturn> {
  const res = await client.request(RETURN_APPROVE_REQUEST, { input: { id: input.returnId, notifyCustomer: input.notifyCustomer } });
  const payload = res.data.returnApproveRequest;
  throwIfUserErrors("returnApproveRequest", payload?.userErrors);
  return requirePayload("returnApproveRequest", payload?.return, "return");
}
