import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";
import { returnStatusSchema } from "./shared-schemas.server";

// Optional by setting: close a return once the provider reports it received and refunded.

export const RETURN_CLOSE = `#graphql
  mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return {
        id
        status
        closedAt
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface ReturnCloseVariables {
  id: string;
}

const closedSchema = z.object({ id: z.string(), status: returnStatusSchema, closedAt: z.string().nullable() });

export const returnCloseSchema = z.object({
  returnClose: z.object({ return: closedSchema.nullable(), userErrors: z.array(userErrorSchema) }).nullable(),
});

export type ClosedReturn = z.infer<typeof closedSchema>;

export async function closeReturn(client: AdminClient, returnId: string): Promise<ClosedReturn> {
  const res = await client.request(RETURN_CLOSE, { id: returnId } satisfies ReturnCloseVariables);
  const payload = parseData("returnClose", returnCloseSchema, res.data).returnClose;
  throwIfUserErrors("returnClose", payload?.userErrors);
  return requirePayload("returnClose", payload?.return, "return");
}
