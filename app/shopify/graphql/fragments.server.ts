import type { ReverseDeliveryFieldsFragment } from "../types/admin.generated";

// Selections several documents share. A document spreads one by interpolating its const and ends with `as const`,
// so its type stays the literal text the generated types are keyed by (codegen resolves the const by its name).

export const RETURN_SUMMARY_FIELDS = `#graphql
  fragment ReturnSummaryFields on Return {
    id
    name
    status
  }
`;

export const RETURN_USER_ERROR_FIELDS = `#graphql
  fragment ReturnUserErrorFields on ReturnUserError {
    code
    field
    message
  }
`;

export const REVERSE_DELIVERY_FIELDS = `#graphql
  fragment ReverseDeliveryFields on ReverseDelivery {
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
`;

export type ReverseDeliveryFields = ReverseDeliveryFieldsFragment;

/** A URL someone else attached (another app, the merchant) is kept only if it is http(s): we render it as a link. */
export function webUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? value : null;
  } catch {
    return null;
  }
}

/** The tracking and label of a reverse delivery, flat, with only web URLs. */
export function deliverableOf(rd: ReverseDeliveryFields): { trackingNumber: string | null; trackingUrl: string | null; carrierName: string | null; labelUrl: string | null } {
  const tracking = rd.deliverable?.tracking;
  return {
    trackingNumber: tracking?.number ?? null,
    trackingUrl: webUrlOrNull(tracking?.url),
    carrierName: tracking?.carrierName ?? null,
    labelUrl: webUrlOrNull(rd.deliverable?.label?.publicFileUrl),
  };
}
