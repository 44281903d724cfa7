import type { ReturnLink } from "@prisma/client";
import { parseAssumedCapabilities, type AssumedCapability } from "../platforms/assumed-capabilities";
import { capabilitiesFor, PROVIDERS } from "../platforms/descriptors";
import { checkReferenceMessage, isProvider, referenceData, referenceOf } from "../platforms/reference";
import type { ProviderId, ProviderRef } from "../platforms/types";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

export { missingReference } from "../platforms/reference";

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

/** The undocumented behaviours the shop's connection to `provider` turned on (none when it is not connected). */
export async function assumedFor(ctx: ShopContext, provider: ProviderId): Promise<ReadonlySet<AssumedCapability>> {
  const row = await ctx.db.providerConnection.findUnique({ where: { shop_provider: { shop: ctx.shop, provider } }, select: { assumedCapabilities: true } });
  return parseAssumedCapabilities(provider, row?.assumedCapabilities);
}

/** The connection can find a missing reference by itself (an assumed search the merchant turned on). */
export async function canResolveReference(ctx: ShopContext, provider: ProviderId): Promise<boolean> {
  return capabilitiesFor(provider, await assumedFor(ctx, provider)).findProcess;
}

export const PROVIDER_NAMES: Record<ProviderId, string> = { IFRETURNS: PROVIDERS.IFRETURNS.displayName, REVER: PROVIDERS.REVER.displayName };

/**
 * The provider answered "not found" for the link's reference: the link stops in a visible "check the reference"
 * state (the dashboard's "needs a link" filter finds it) instead of retrying a name the provider does not know.
 * Returns the message now stored on the link.
 */
export async function markReferenceToCheck(ctx: ShopContext, link: ReturnLink, dedupeKey?: string): Promise<string> {
  if (!isProvider(link.provider)) return "No provider is linked to this return yet";
  const d = PROVIDERS[link.provider];
  const value = link[d.reference.column];
  const message = checkReferenceMessage(link.provider, value);
  await ctx.db.returnLink.updateMany({ where: { id: link.id, shop: ctx.shop, [d.reference.column]: value }, data: { referenceState: "CHECK", lastError: message, lastErrorAt: new Date() } });
  await recordEvent(ctx.db, { shop: ctx.shop, returnLinkId: link.id, source: link.provider, kind: "link", detail: message, result: "ERROR", dedupeKey: dedupeKey ?? `reference-check:${link.id}:${value ?? ""}` });
  return message;
}

/**
 * The provider named the return's reference in one of its own answers: it replaces a derived or missing one (the
 * merchant's own stays). Returns true when the link changed.
 */
export async function adoptProviderReference(ctx: ShopContext, link: ReturnLink, value: string | undefined): Promise<boolean> {
  const ref = referenceOf(link);
  if (!value || !ref || ref.value === value || ref.source === "MERCHANT") return false;
  const d = PROVIDERS[ref.provider];
  const { count } = await ctx.db.returnLink.updateMany({ where: { id: link.id, shop: ctx.shop, [d.reference.column]: ref.value }, data: referenceData(ref.provider, value, "PROVIDER") });
  if (count) await recordEvent(ctx.db, { shop: ctx.shop, returnLinkId: link.id, source: ref.provider, kind: "link", detail: `${d.displayName} named its ${d.reference.label}: ${value}${ref.value ? ` (was ${ref.value}, ${ref.source?.toLowerCase() ?? "unknown source"})` : ""}`, dedupeKey: `reference-from-provider:${link.id}:${value}` });
  return count > 0;
}
