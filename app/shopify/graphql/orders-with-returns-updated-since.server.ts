import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { nodesOf, pageInfoSchema, returnStatusSchema } from "./shared-schemas.server";

// Reconciliation: find returns we never heard of. There is no top-level `returns` query and Return has
// no updatedAt, so we page through orders updated since a moment and read each order's returns.

export const ORDERS_WITH_RETURNS_UPDATED_SINCE = `#graphql
  query OrdersWithReturnsUpdatedSince($query: String!, $first: Int!, $after: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        updatedAt
        returns(first: 10) {
          nodes {
            id
            name
            status
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface OrdersWithReturnsUpdatedSinceVariables {
  query: string;
  first: number;
  after?: string | null;
}

export const ordersWithReturnsSchema = z.object({
  orders: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        updatedAt: z.string(),
        returns: nodesOf(z.object({ id: z.string(), name: z.string(), status: returnStatusSchema })),
      }),
    ),
    pageInfo: pageInfoSchema,
  }),
});

export type OrdersWithReturnsPage = z.infer<typeof ordersWithReturnsSchema>["orders"];

/** Shopify's search syntax for "updated at or after". */
export function updatedSinceQuery(since: Date): string {
  return `updated_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
}

export async function fetchOrdersWithReturnsUpdatedSince(
  client: AdminClient,
  opts: { since: Date; first?: number; after?: string | null },
): Promise<OrdersWithReturnsPage> {
  const variables: OrdersWithReturnsUpdatedSinceVariables = {
    query: updatedSinceQuery(opts.since),
    first: opts.first ?? 50,
    after: opts.after ?? null,
  };
  const res = await client.request(ORDERS_WITH_RETURNS_UPDATED_SINCE, { ...variables });
  return parseData("OrdersWithReturnsUpdatedSince", ordersWithReturnsSchema, res.data).orders;
}
