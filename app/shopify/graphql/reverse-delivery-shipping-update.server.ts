import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";
import { deliverableSchema } from "./shared-schemas.server";

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
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface ReverseDeliveryShippingUpdateVariables {
  reverseDeliveryId: string;
  trackingInput: { number?: string | null; url?: string | null } | null;
  labelInput: { fileUrl: string } | null;
  notifyCustomer: boolean;
}

const updatedSchema = z.object({ id: z.string(), deliverable: deliverableSchema });

export const reverseDeliveryShippingUpdateSchema = z.object({
  reverseDeliveryShippingUpdate: z
    .object({ reverseDelivery: updatedSchema.nullable(), userErrors: z.array(userErrorSchema) })
    .nullable(),
});

export type UpdatedReverseDelivery = z.infer<typeof updatedSchema>;

export async function updateReverseDeliveryShipping(
  client: AdminClient,
  input: {
    reverseDeliveryId: string;
    tracking?: { number?: string | null; url?: string | null } | null;
    labelFileUrl?: string | null;
    notifyCustomer: boolean;
  },
): Promise<UpdatedReverseDelivery> {
  const variables: ReverseDeliveryShippingUpdateVariables = {
    reverseDeliveryId: input.reverseDeliveryId,
    trackingInput: input.tracking ? { number: input.tracking.number ?? null, url: input.tracking.url ?? null } : null,
    labelInput: input.labelFileUrl ? { fileUrl: input.labelFileUrl } : null,
    notifyCustomer: input.notifyCustomer,
  };
  const res = await client.request(REVERSE_DELIVERY_SHIPPING_UPDATE, { ...variables });
  const payload = parseData("reverseDeliveryShippingUpdate", reverseDeliveryShippingUpdateSchema, res.data).reverseDeliveryShippingUpdate;
  throwIfUserErrors("reverseDeliveryShippingUpdate", payload?.userErrors);
  return requirePayload("reverseDeliveryShippingUpdate", payload?.reverseDelivery, "reverseDelivery");
}
