import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { returnStatusSchema } from "./shared-schemas.server";

// Reconciliation's cheap batch read: only each return's status (about one cost point per return), so a
// pass over thousands of links fits Shopify's Standard restore rate. Details are read only where needed.

export const RETURN_STATUSES = `#graphql
  query ReturnStatuses($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Return {
        id
        status
      }
    }
  }
`;

export const MAX_STATUS_IDS = 250;

const schema = z.object({
  nodes: z.array(
    z.union([
      z.object({ __typename: z.literal("Return"), id: z.string(), status: returnStatusSchema }),
      z.object({ __typename: z.string() }).passthrough(),
      z.null(),
    ]),
  ),
});

export type ReturnStatusRow = { id: string; status: z.infer<typeof returnStatusSchema> };

/** One entry per id, in order; null when the id is gone or is not a return. */
export async function fetchReturnStatuses(client: AdminClient, ids: string[]): Promise<Array<ReturnStatusRow | null>> {
  if (ids.length > MAX_STATUS_IDS) throw new RangeError(`at most ${MAX_STATUS_IDS} ids per batch`);
  if (!ids.length) return [];
  const res = await client.request(RETURN_STATUSES, { ids });
  return parseData("ReturnStatuses", schema, res.data).nodes.map((n) => (n && n.__typename === "Return" && "status" in n ? (n as ReturnStatusRow) : null));
}
