import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";

// Optional by setting: record what happened to received items (restocked at a location, or not).

export const REVERSE_FULFILLMENT_ORDER_DISPOSE = `#graphql
  mutation ReverseFulfillmentOrderDispose($dispositionInputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $dispositionInputs) {
      reverseFulfillmentOrderLineItems {
        id
        totalQuantity
        dispositions {
          type
          quantity
          location {
            id
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

export type DispositionType = "RESTOCKED" | "PROCESSING_REQUIRED" | "NOT_RESTOCKED" | "MISSING";

export interface ReverseFulfillmentOrderDisposeVariables {
  dispositionInputs: Array<{
    reverseFulfillmentOrderLineItemId: string;
    quantity: number;
    dispositionType: DispositionType;
    locationId?: string | null;
  }>;
}

const disposedSchema = z.object({
  id: z.string(),
  totalQuantity: z.number().int(),
  dispositions: z.array(
    z.object({ type: z.string(), quantity: z.number().int(), location: z.object({ id: z.string() }).nullable() }),
  ),
});

export const reverseFulfillmentOrderDisposeSchema = z.object({
  reverseFulfillmentOrderDispose: z
    .object({ reverseFulfillmentOrderLineItems: z.array(disposedSchema).nullable(), userErrors: z.array(userErrorSchema) })
    .nullable(),
});

export type DisposedLineItem = z.infer<typeof disposedSchema>;

/** All inputs must belong to one reverse fulfillment order (Shopify refuses a mix). */
export async function disposeReverseFulfillmentOrderItems(
  client: AdminClient,
  dispositionInputs: ReverseFulfillmentOrderDisposeVariables["dispositionInputs"],
): Promise<DisposedLineItem[]> {
  const res = await client.request(REVERSE_FULFILLMENT_ORDER_DISPOSE, { dispositionInputs });
  const payload = parseData("reverseFulfillmentOrderDispose", reverseFulfillmentOrderDisposeSchema, res.data).reverseFulfillmentOrderDispose;
  throwIfUserErrors("reverseFulfillmentOrderDispose", payload?.userErrors);
  return requirePayload("reverseFulfillmentOrderDispose", payload?.reverseFulfillmentOrderLineItems, "reverseFulfillmentOrderLineItems");
}
