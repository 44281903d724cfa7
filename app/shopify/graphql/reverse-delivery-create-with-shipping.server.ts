import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";
import { deliverableSchema, nodesOf } from "./shared-schemas.server";

// Attach the provider's label and tracking to the return. Works on a reverse fulfillment order, which
// exists only once the return is OPEN. An empty line-item list means "all items of that order".

export const REVERSE_DELIVERY_CREATE_WITH_SHIPPING = `#graphql
  mutation ReverseDeliveryCreateWithShipping(
    $reverseFulfillmentOrderId: ID!
    $reverseDeliveryLineItems: [ReverseDeliveryLineItemInput!]!
    $trackingInput: ReverseDeliveryTrackingInput
    $labelInput: ReverseDeliveryLabelInput
    $notifyCustomer: Boolean!
  ) {
    reverseDeliveryCreateWithShipping(
      reverseFulfillmentOrderId: $reverseFulfillmentOrderId
      reverseDeliveryLineItems: $reverseDeliveryLineItems
      trackingInput: $trackingInput
      labelInput: $labelInput
      notifyCustomer: $notifyCustomer
    ) {
      reverseDelivery {
        id
        reverseFulfillmentOrder {
          id
        }
        reverseDeliveryLineItems(first: 50) {
          nodes {
            id
            quantity
            reverseFulfillmentOrderLineItem {
              id
            }
          }
        }
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
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface ReverseDeliveryCreateWithShippingVariables {
  reverseFulfillmentOrderId: string;
  reverseDeliveryLineItems: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
  /** There is no carrier field: Shopify derives carrierName from the number/url, or leaves it null. */
  trackingInput: { number?: string | null; url?: string | null } | null;
  labelInput: { fileUrl: string } | null;
  notifyCustomer: boolean;
}

const reverseDeliverySchema = z.object({
  id: z.string(),
  reverseFulfillmentOrder: z.object({ id: z.string() }),
  reverseDeliveryLineItems: nodesOf(
    z.object({ id: z.string(), quantity: z.number().int(), reverseFulfillmentOrderLineItem: z.object({ id: z.string() }) }),
  ),
  deliverable: deliverableSchema,
});

export const reverseDeliveryCreateSchema = z.object({
  reverseDeliveryCreateWithShipping: z
    .object({ reverseDelivery: reverseDeliverySchema.nullable(), userErrors: z.array(userErrorSchema) })
    .nullable(),
});

export type CreatedReverseDelivery = z.infer<typeof reverseDeliverySchema>;

export interface CreateReverseDeliveryInput {
  reverseFulfillmentOrderId: string;
  /** Omit or leave empty for "every item of the reverse fulfillment order". */
  lineItems?: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
  tracking?: { number?: string | null; url?: string | null } | null;
  /** A URL Shopify keeps: pass the staged-upload URL, never a provider URL that may expire. */
  labelFileUrl?: string | null;
  /** Always explicit: Shopify defaults it to true. */
  notifyCustomer: boolean;
  /**
   * After a timeout or 5xx the delivery may exist although no answer came: find it (e.g. by tracking
   * number on the return) so a retry does not attach a second label.
   */
  findExisting?: () => Promise<CreatedReverseDelivery | undefined>;
}

export async function createReverseDeliveryWithShipping(client: AdminClient, input: CreateReverseDeliveryInput): Promise<CreatedReverseDelivery> {
  const variables: ReverseDeliveryCreateWithShippingVariables = {
    reverseFulfillmentOrderId: input.reverseFulfillmentOrderId,
    reverseDeliveryLineItems: input.lineItems ?? [],
    trackingInput: input.tracking ? { number: input.tracking.number ?? null, url: input.tracking.url ?? null } : null,
    labelInput: input.labelFileUrl ? { fileUrl: input.labelFileUrl } : null,
    notifyCustomer: input.notifyCustomer,
  };
  const findExisting = input.findExisting;
  const res = await client.request(
    REVERSE_DELIVERY_CREATE_WITH_SHIPPING,
    { ...variables },
    {
      lookupBeforeRetry: findExisting
        ? async () => {
            const found = await findExisting();
            return found ? { data: { reverseDeliveryCreateWithShipping: { reverseDelivery: found, userErrors: [] } } } : undefined;
          }
        : undefined,
    },
  );
  const payload = parseData("reverseDeliveryCreateWithShipping", reverseDeliveryCreateSchema, res.data).reverseDeliveryCreateWithShipping;
  throwIfUserErrors("reverseDeliveryCreateWithShipping", payload?.userErrors);
  return requirePayload("reverseDeliveryCreateWithShipping", payload?.reverseDelivery, "reverseDelivery");
}
