import type { ReturnLink } from "@prisma/client";
import { ConflictError, NotFoundError, ValidationError } from "../http/errors.server";
import { descriptorOf } from "../platforms/descriptors";
import { derivedReference, parseReferenceInput, referenceData, referenceOf } from "../platforms/reference";
import type { ProviderId } from "../platforms/types";
import { ensureLink, providerFor } from "./order-returns.server";
import { assumedFor, PROVIDER_NAMES, providerRefOf } from "./provider-ref.server";
import { resolveReference } from "./resolve-reference.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import type { LinkView } from "../contract/extension-api";

// The merchant ties a Shopify return to its provider record by hand: the provider's reference (a REVER process id
// or a link to it, iF's own return name), checked with a documented read where the provider has one. Unlinking
// clears the provider and its reference.

export interface LinkInput {
  returnGid: string;
  provider: ProviderId;
  /** The provider's reference as the merchant pasted it (a REVER process id or API link, an iF return name). */
  reference?: string;
  /** Older names of `reference`, per provider (the extension API sends these). */
  reverProcessId?: string;
  ifReturnName?: string;
}

function view(link: ReturnLink): LinkView {
  return {
    returnGid: link.returnGid,
    provider: link.provider as ProviderId | null,
    linkSource: link.linkSource,
    referenceState: link.referenceState,
    ifReturnName: link.ifReturnName,
    reverProcessId: link.reverProcessId,
  };
}

/** Refuse to move a return to another provider once a label of the current one exists. */
async function assertNoLabelFromOtherProvider(ctx: ShopContext, link: ReturnLink, provider: ProviderId): Promise<void> {
  if (!link.provider || link.provider === provider) return;
  const label = await ctx.db.shipment.findFirst({
    where: { shop: ctx.shop, returnLinkId: link.id, provider: link.provider, source: "APP", state: { in: ["CLAIMED", "REQUESTED", "UNCONFIRMED", "CREATED", "ATTACHED"] } },
  });
  if (label) {
    const name = PROVIDER_NAMES[link.provider as ProviderId];
    throw new ConflictError(`This return already has a label from ${name} (${label.trackingNumber ?? "being created"}): it stays with ${name}`, { service: "app", code: "LABEL_FROM_OTHER_PROVIDER" });
  }
}

/**
 * Point a link at `provider` without a manual reference: it starts with an assumed derivation the merchant turned
 * on, else waits for its reference (found by an assumed search if turned on, or linked by hand).
 */
export async function assignProvider(ctx: ShopContext, link: ReturnLink, provider: ProviderId): Promise<ReturnLink> {
  if (link.provider === provider) return link;
  await assertNoLabelFromOtherProvider(ctx, link, provider);
  const derived = derivedReference(provider, await assumedFor(ctx, provider), link.normalizedName);
  const updated = await ctx.db.returnLink.update({ where: { id: link.id }, data: referenceData(provider, derived, derived ? "DERIVED" : null) });
  await recordEvent(ctx.db, {
    shop: ctx.shop,
    returnLinkId: link.id,
    source: "MERCHANT",
    kind: "link",
    detail: `Provider set to ${PROVIDER_NAMES[provider]}`,
  });
  if (updated.referenceState === "KNOWN") return updated;
  await resolveReference(ctx, link.id).catch((err) => ctx.log.warn("link.resolve_reference_failed", { shop: ctx.shop, linkId: link.id, err }));
  return (await ctx.db.returnLink.findFirst({ where: { id: link.id, shop: ctx.shop } })) ?? updated;
}

/** The provider's reference the merchant gave, parsed (a REVER API link gives its process id), or a field error. */
export function referenceFromInput(provider: ProviderId, raw: string | undefined): string {
  const d = descriptorOf(provider);
  const parsed = parseReferenceInput(provider, raw ?? "");
  if (!parsed.ok) throw new ValidationError(parsed.reason, { service: "api", fields: { [d.reference.column]: parsed.reason, reference: parsed.reason } });
  return parsed.value;
}

export async function linkReturn(ctx: ShopContext, input: LinkInput): Promise<LinkView> {
  const { db, shop } = ctx;
  const provider = await providerFor(ctx, null, input.provider);
  const d = descriptorOf(provider);
  const value = referenceFromInput(provider, input.reference ?? (d.reference.column === "reverProcessId" ? input.reverProcessId : input.ifReturnName));
  const link = await ensureLink(ctx, input.returnGid);
  await assertNoLabelFromOtherProvider(ctx, link, provider);
  // A reference the provider does not know (or that another store owns) is refused before anything is stored.
  const platform = await ctx.platform(provider);
  const known = await platform.verifyReference({ ...providerRefOf(link), [d.reference.column]: value });
  if (known === "not-found") {
    throw new ValidationError(`${d.displayName} has no ${d.reference.label} ${value} for this store: check it in ${d.displayName}`, {
      service: d.service,
      code: "REFERENCE_NOT_FOUND",
      fields: { [d.reference.column]: `not found at ${d.displayName}`, reference: `not found at ${d.displayName}` },
    });
  }
  const previous = referenceOf(link);
  const updated = await db.returnLink.update({
    where: { id: link.id },
    data: { ...referenceData(provider, value, "MERCHANT"), linkSource: "MANUAL", lastError: null, lastErrorAt: null },
  });
  const unchecked = known === "not-checkable" ? ` (${d.displayName} offers no way to check it: a wrong one shows when a status is sent)` : "";
  const replaced = previous?.value && previous.value !== value && previous.provider === provider ? ` instead of ${previous.value}` : "";
  await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "link", detail: `Linked by hand to ${d.reference.label} ${value}${replaced}${unchecked}` });
  return view(updated);
}

export async function unlinkReturn(ctx: ShopContext, input: { returnGid: string }): Promise<LinkView> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid: input.returnGid } } });
  if (!link) throw new NotFoundError("The return is not linked in this shop", { service: "app" });
  const busy = await db.shipment.findFirst({ where: { shop, returnLinkId: link.id, source: "APP", state: "CLAIMED" } });
  if (busy) throw new ConflictError("A label for this return is being created right now: unlink it once that finishes", { service: "app" });
  const ref = referenceOf(link);
  const before = ref ? `${PROVIDER_NAMES[ref.provider]} ${ref.value ?? ""}`.trim() : "nothing";
  const updated = await db.returnLink.update({
    where: { id: link.id },
    data: { ...referenceData(null, null, null), linkSource: "MANUAL", lastError: null, lastErrorAt: null },
  });
  await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "link", detail: `Unlinked from ${before}` });
  return view(updated);
}
