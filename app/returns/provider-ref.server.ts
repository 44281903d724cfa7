import type { ReturnLink } from "@prisma/client";
import type { ProviderId, ProviderRef } from "../platforms/types";

// How a stored link addresses its provider.
export function providerRefOf(link: ReturnLink): ProviderRef {
  return {
    normalizedName: link.normalizedName,
    orderName: link.orderName,
    orderGid: link.orderGid,
    ifReturnName: link.ifReturnName,
    ifClientReference: link.ifClientReference,
    reverProcessId: link.reverProcessId,
  };
}

export const PROVIDER_NAMES: Record<ProviderId, string> = { IFRETURNS: "iF returns", REVER: "REVER" };

/** Why a provider call has to wait, or null when the link can be addressed. */
export function missingReference(link: ReturnLink): string | null {
  if (!link.provider) return "No provider is linked to this return yet";
  if (link.provider === "REVER" && !link.reverProcessId) return "Waiting for the REVER process id: link the process by hand or wait for it to be found";
  return null;
}
