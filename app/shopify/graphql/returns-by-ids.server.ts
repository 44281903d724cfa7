import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { deliverableSchema, nodesOf, returnStatusSchema } from "./shared-schemas.server";

// Reconciliation: re-read stored returns in batches (nodes(ids:) answers null for ids that are gone).

export const RETURNS_BY_IDS = `#graphql
  query ReturnsByIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Return {
        id
        name
        status
        closedAt
        order {
          id
          name
        }
        reverseFulfillmentOrders(first: 5) {
          nodes {
            id
            status
            reverseDeliveries(first: 5) {
              nodes {
                id
                deliverable {
                  __typename
                  ... on ReverseDeliveryShippingDeliverable {
                    tracking {
                      number
                      url
                      carrierName
                    }
                    label {
                      publicFileUrl
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export interface ReturnsByIdsVariables {
  ids: string[];
}

/** Shopify caps input arrays at 250 items. */
export const MAX_IDS_PER_BATCH = 250;

const returnNode = z.object({
  __typename: z.literal("Return"),
  id: z.string(),
  name: z.string(),
  status: returnStatusSchema,
  closedAt: z.string().nullable(),
  order: z.object({ id: z.string(), name: z.string() }),
  reverseFulfillmentOrders: nodesOf(
    z.object({
      id: z.string(),
      status: z.enum(["CANCELED", "CLOSED", "OPEN"]),
      reverseDeliveries: nodesOf(z.object({ id: z.string(), deliverable: deliverableSchema })),
    }),
  ),
});

// A Return node must be whole; any other type (a wrong id) or null just means "not a return".
const anyNode = z.union([
  z.object({ __typename: z.literal("Return") }).passthrough().pipe(returnNode),
  z.object({ __typename: z.string().refine((t) => t !== "Return") }).passthrough(),
  z.null(),
]);

export const returnsByIdsSchema = z.object({ nodes: z.array(anyNode) });

export type ReturnSnapshot = z.infer<typeof returnNode>;

/** One entry per id, in order: the return, or null when it is gone or is not a return. */
export async function fetchReturnsByIds(client: AdminClient, ids: string[]): Promise<Array<ReturnSnapshot | null>> {
  if (ids.length > MAX_IDS_PER_BATCH) throw new RangeError(`at most ${MAX_IDS_PER_BATCH} ids per batch`);
  if (!ids.length) return [];
  const res = await client.request(RETURNS_BY_IDS, { ids } satisfies ReturnsByIdsVariables);
  const parsed = parseData("ReturnsByIds", returnsByIdsSchema, res.data);
  return parsed.nodes.map((n) => (n && n.__typename === "Return" ? (n as ReturnSnapshot) : null));
}
