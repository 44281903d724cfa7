import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { ReverseDeliveryCreateWithShippingMutation, ReverseDeliveryCreateWithShippingMutationVariables } from "../types/admin.generated";
import { RETURN_USER_ERROR_FIELDS, REVERSE_DELIVERY_FIELDS } from "./fragments.server";

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
        ...ReverseDeliveryFields
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
      }
      userErrors {
        ...ReturnUserErrorFields
      }
    }
  }
  ${REVERSE_DELIVERY_FIELDS}
  ${RETURN_USER_ERROR_FIELDS}
` as const;

type Payload = NonNullable<ReverseDeliveryCreateWithShippingMutation["reverseDeliveryCreateWithShipping"]>;
export type CreatedReverseDelivery = NonNullable<Payload["reverseDelivery"]>;

export interface CreateReverseDeliveryInput {
  reverseFulfillmentOrderId: string;
  /** Omit or leave empty for "every item of the reverse fulfillment order". */
  lineItems?: ReverseDeliveryCreateWithShippingMutationVariables["reverseDeliveryLineItems"];
  /** There is no carrier field: Shopify derives carrierName from the number/url, or leaves it null. */
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
  const findExisting = input.findExisting;
  const res = await client.request(
    REVERSE_DELIVERY_CREATE_WITH_SHIPPING,
    {
      reverseFulfillmentOrderId: input.reverseFulfillmentOrderId,
      reverseDeliveryLineItems: input.lineItems ?? [],
      trackingInput: input.tracking ? { number: input.tracking.number ?? null, url: input.tracking.url ?? null } : null,
      labelInput: input.labelFileUrl ? { fileUrl: input.labelFileUrl } : null,
      notifyCustomer: input.notifyCustomer,
    },
    {
      lookupBeforeRetry: findExisting
        ? async () => {
            const found = await findExisting();
            return found ? { data: { reverseDeliveryCreateWithShipping: { reverseDelivery: found, userErrors: [] } } } : undefined;
          }
        : undefined,
    },
  );
  const payload = res.data.reverseDeliveryCreateWithShipping;
  throwIfUserErrors("reverseDeliveryCreateWithShipping", payload?.userErrors);
  return requirePayload("reverseDeliveryCreateWithShipping", payload?.reverseDelivery, "reverseDelivery");
}
