import { z } from "zod";

// Zod shapes shared by several operations: lenient (nullable, passthrough) in what Shopify sends back.

export const nodesOf = <T extends z.ZodTypeAny>(node: T) => z.object({ nodes: z.array(node) });

export const pageInfoSchema = z.object({
  hasNextPage: z.boolean(),
  endCursor: z.string().nullable(),
});

export const returnStatusSchema = z.enum(["CANCELED", "CLOSED", "OPEN", "REQUESTED", "DECLINED"]);
export type ReturnStatus = z.infer<typeof returnStatusSchema>;

export const trackingSchema = z.object({
  number: z.string().nullable(),
  url: z.string().nullable(),
  carrierName: z.string().nullable(),
});

export const deliverableSchema = z
  .object({
    __typename: z.string(),
    tracking: trackingSchema.nullable().optional(),
    label: z.object({ publicFileUrl: z.string().nullable() }).nullable().optional(),
  })
  .nullable();
export type Deliverable = z.infer<typeof deliverableSchema>;
