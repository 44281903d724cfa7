import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { ReverseDeliveryShippingUpdateMutation } from "../types/admin.generated";
import { RETURN_USER_ERROR_FIELDS, REVERSE_DELIVERY_FIELDS } from "./fragments.server";

// Change the tracking (or label) of a reverse delivery already attached, e.g. after a provider re-issue.

export const REVERSE_DELIVERY_SHIPPING_UPDATE = `#graphql
  mutation ReverseDeliveryShippingUpdate(
    $reverseDeliveryId: ID!
    $trackingInput: ReverseDeliveryTrackingInput
    $labelInput: ReverseDeliveryLabelInput
    $notifyCustomer: Boolean!
  ) {
    reverseDeliveryShippingUpdate(
      reverseDeliveryId: $reverseDeliveryId
      trackingInput: $trackingInput
      labelInput: $labelInput
      notifyCustomer: $notifyCustomer
    ) {
      reverseDelivery {
        ...ReverseDeliveryFields
      }
      userErrors {
        ...ReturnUserErrorFields
      }
    }
  }
  ${REVERSE_DELIVERY_FIELDS}
  ${RETURN_USER_ERROR_FIELDS}
` as const;

export type UpdatedReverseDelivery = NonNullable<NonNullable<ReverseDeliveryShippingUpdateMutation["reverseDeliveryShippingUpdate"]>["reverseDelivery"]>;

export async function updateReverseDeliveryShipping(
  client: AdminClient,
  input: {
    reverseDeliveryId: string;
    tracking?: { number?: string | null; url?: string | null } | null;
    labelFileUrl?: string | null;
    notifyCustomer: boolean;
  },
): Promise<UpdatedReverseDelivery> {
  const res = await client.request(REVERSE_DELIVERY_SHIPPING_UPDATE, {
    reverseDeliveryId: input.reverseDeliveryId,
    trackingInput: input.tracking ? { number: input.tracking.number ?? null, url: input.tracking.url ?? null } : null,
    labelInput: input.labelFileUrl ? { fileUrl: input.labelFileUrl } : null,
    notifyCustomer: input.notifyCustomer,
  });
  const payload = res.data.reverseDeliveryShippingUpdate;
  throwIfUserErrors("reverseDeliveryShippingUpdate", payload?.userErrors);
  return requirePayload("reverseDeliveryShippingUpdate", payload?.reverseDelivery, "reverseDelivery");
}
