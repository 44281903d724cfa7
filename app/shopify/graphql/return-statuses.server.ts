import type { AdminClient } from "../graphql-client.server";
import type { ReturnStatus } from "../types/admin.types";

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
` as const;

/** Shopify caps input arrays at 250 items. */
export const MAX_STATUS_IDS = 250;

export type ReturnStatusRow = { id: string; status: ReturnStatus };

/** One entry per id, in order; null when the id is gone or is not a return. */
export async function fetchReturnStatuses(client: AdminClient, ids: string[]): Promise<Array<ReturnStatusRow | null>> {
  if (ids.length > MAX_STATUS_IDS) throw new RangeError(`at most ${MAX_STATUS_IDS} ids per batch`);
  if (!ids.length) return [];
  const res = await client.request(RETURN_STATUSES, { ids });
  return res.data.nodes.map((n) => (n?.__typename === "Return" ? { id: n.id, status: n.status } : null));
}
