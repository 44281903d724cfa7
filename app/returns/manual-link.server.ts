import type { ReturnLink } from "@prisma/client";
import { ConflictError, NotFoundError, ValidationError } from "../http/errors.server";
import { derivedIfReturnName } from "../platforms/return-names";
import type { ProviderId } from "../platforms/types";
import { ensureLink, providerFor } from "./order-returns.server";
import { PROVIDER_NAMES, providerRefOf } from "./provider-ref.server";
import { resolveReference } from "./resolve-reference.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import type { LinkView } from "../contract/extension-api";

// The merchant ties a Shopify return to its provider record by hand: an existing REVER process, or iF's own
// return name when the derived R#-{ORDER} guess is wrong. Unlinking clears the provider and its references.

export interface LinkInput {
  returnGid: string;
  provider: ProviderId;
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

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_.:#-]{0,99}$/;

function cleanReference(value: string | undefined, field: string, label: string): string {
  const v = (value ?? "").trim();
  if (!v) throw new ValidationError(`Enter the ${label}`, { service: "api", fields: { [field]: "is required" } });
  if (!REFERENCE.test(v)) throw new ValidationError(`The ${label} has letters, digits and - _ . : # only (at most 100)`, { service: "api", fields: { [field]: "is invalid" } });
  return v;
}

/** Refuse to move a return to another provider once a label of the current one exists. */
async function assertNoLabelFromOtherProvider(ctx: ShopContext, link: ReturnLink, provider: ProviderId): Promise<void> {
  if (!link.provider || link.provider === provider) return;
  const label = await ctx.db.shipment.findFirst({
    where: { shop: ctx.shop, returnLinkId: link.id, provider: link.provider, source: "APP", state: { in: ["CLAIMED", "CREATED", "ATTACHED"] } },
  });
  if (label) {
    const name = PROVIDER_NAMES[link.provider as ProviderId];
    throw new ConflictError(`This return already has a label from ${name} (${label.trackingNumber ?? "being created"}): it stays with ${name}`, { service: "app", code: "LABEL_FROM_OTHER_PROVIDER" });
  }
}

/**
 * Point a link at `provider` without a manual reference: iF is addressed by the return name from the start
 * (RETURN_NAME derived, correctable), REVER waits for its process id. Used when the merchant picks the provider.
 */
export async function assignProvider(ctx: ShopContext, link: ReturnLink, provider: ProviderId): Promise<ReturnLink> {
  if (link.provider === provider) return link;
  await assertNoLabelFromOtherProvider(ctx, link, provider);
  const updated = await ctx.db.returnLink.update({
    where: { id: link.id },
    data:
      provider === "IFRETURNS"
        ? { provider, ifReturnName: link.ifReturnName ?? derivedIfReturnName(link.normalizedName), reverProcessId: null, referenceState: "KNOWN" }
        : { provider, ifReturnName: null, ifClientReference: null, referenceState: link.reverProcessId ? "KNOWN" : "PENDING" },
  });
  await recordEvent(ctx.db, {
    shop: ctx.shop,
    returnLinkId: link.id,
    source: "MERCHANT",
    kind: "link",
    detail: `Provider set to ${PROVIDER_NAMES[provider]}`,
  });
  if (updated.referenceState === "KNOWN") return updated;
  // REVER: find the process by order number now (one match links it; none or several wait for a manual link).
  await resolveReference(ctx, link.id).catch((err) => ctx.log.warn("link.resolve_reference_failed", { shop: ctx.shop, linkId: link.id, err }));
  return (await ctx.db.returnLink.findFirst({ where: { id: link.id, shop: ctx.shop } })) ?? updated;
}

export async function linkReturn(ctx: ShopContext, input: LinkInput): Promise<LinkView> {
  const { db, shop } = ctx;
  const provider = await providerFor(ctx, null, input.provider);
  const link = await ensureLink(ctx, input.returnGid);
  await assertNoLabelFromOtherProvider(ctx, link, provider);
  let data: Partial<ReturnLink>;
  let detail: string;
  if (provider === "REVER") {
    const processId = cleanReference(input.reverProcessId, "reverProcessId", "REVER process id");
    // A process REVER does not know (or that another e-commerce owns) is refused before anything is stored.
    const platform = await ctx.platform("REVER");
    try {
      await platform.findLabel({ ...providerRefOf(link), reverProcessId: processId }, "");
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new ValidationError(`REVER has no process ${processId} for this store: check the process id in REVER`, { service: "rever", code: "PROCESS_NOT_FOUND", fields: { reverProcessId: "not found at REVER" } });
      }
      throw err;
    }
    data = { provider, reverProcessId: processId, ifReturnName: null, ifClientReference: null };
    detail = `Linked by hand to REVER process ${processId}`;
  } else {
    // Assumption (decision 0004): iF documents no return lookup, so the name is stored as the merchant gives it.
    const name = cleanReference(input.ifReturnName, "ifReturnName", "iF return name (e.g. R1-64231)");
    data = { provider, ifReturnName: name, reverProcessId: null };
    detail = `Linked by hand to iF return ${name}`;
  }
  const updated = await db.returnLink.update({
    where: { id: link.id },
    data: { ...data, linkSource: "MANUAL", referenceState: "KNOWN", lastError: null, lastErrorAt: null },
  });
  await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "link", detail });
  return view(updated);
}

export async function unlinkReturn(ctx: ShopContext, input: { returnGid: string }): Promise<LinkView> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid: input.returnGid } } });
  if (!link) throw new NotFoundError("The return is not linked in this shop", { service: "app" });
  const busy = await db.shipment.findFirst({ where: { shop, returnLinkId: link.id, source: "APP", state: "CLAIMED" } });
  if (busy) throw new ConflictError("A label for this return is being created right now: unlink it once that finishes", { service: "app" });
  const before = link.provider ? `${PROVIDER_NAMES[link.provider as ProviderId]} ${link.reverProcessId ?? link.ifReturnName ?? ""}`.trim() : "nothing";
  const updated = await db.returnLink.update({
    where: { id: link.id },
    data: { provider: null, reverProcessId: null, ifReturnName: null, ifClientReference: null, linkSource: "MANUAL", referenceState: "PENDING", lastError: null, lastErrorAt: null },
  });
  await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "link", detail: `Unlinked from ${before}` });
  return view(updated);
}
