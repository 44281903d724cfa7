import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";
import { nodesOf, returnStatusSchema } from "./shared-schemas.server";

// Optional by setting: approve a requested return so it becomes OPEN and gets its reverse fulfillment order.

export const RETURN_APPROVE_REQUEST = `#graphql
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return {
        id
        status
        reverseFulfillmentOrders(first: 5) {
          nodes {
            id
            status
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

export interface ReturnApproveRequestVariables {
  input: { id: string; notifyCustomer: boolean };
}

const approvedSchema = z.object({
  id: z.string(),
  status: returnStatusSchema,
  reverseFulfillmentOrders: nodesOf(z.object({ id: z.string(), status: z.enum(["CANCELED", "CLOSED", "OPEN"]) })),
});

export const returnApproveRequestSchema = z.object({
  returnApproveRequest: z.object({ return: approvedSchema.nullable(), userErrors: z.array(userErrorSchema) }).nullable(),
});

export type ApprovedReturn = z.infer<typeof approvedSchema>;

export async function approveReturnRequest(client: AdminClient, input: { returnId: string; notifyCustomer: boolean }): Promise<ApprovedReturn> {
  const variables: ReturnApproveRequestVariables = { input: { id: input.returnId, notifyCustomer: input.notifyCustomer } };
  const res = await client.request(RETURN_APPROVE_REQUEST, { ...variables });
  const payload = parseData("returnApproveRequest", returnApproveRequestSchema, res.data).returnApproveRequest;
  throwIfUserErrors("returnApproveRequest", payload?.userErrors);
  return requirePayload("returnApproveRequest", payload?.return, "return");
}
