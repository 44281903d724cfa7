import { descriptorOf } from "../platforms/descriptors";
import { referenceData, referenceOf } from "../platforms/reference";
import type { ImportReturnInput } from "../platforms/types";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { providerRefOf } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

// Finds the provider's own reference for a new link, only through what the connection turned on (decision 0004):
// REVER's assumed process search (one candidate links, none or several wait for the merchant) and, after a search
// that found none, its assumed returns import. With neither on, the link waits for the merchant's link: the
// return page, the order page and the CSV import take it, and the dashboard lists such links.

export type ResolveOutcome = "known" | "linked" | "imported" | "ambiguous" | "not-found" | "not-supported" | "check";

export async function resolveReference(ctx: ShopContext, linkId: string): Promise<ResolveOutcome> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findFirst({ where: { id: linkId, shop } });
  const ref = link ? referenceOf(link) : null;
  if (!link || !ref) return "not-supported";
  if (ref.state === "KNOWN") return "known";
  if (ref.state === "CHECK") return "check";
  const platform = await ctx.platform(ref.provider);
  if (!platform.capabilities.findProcess) return "not-supported";
  const d = descriptorOf(ref.provider);

  const candidates = await platform.findProcesses(providerRefOf(link));
  if (candidates.length === 1) {
    const id = candidates[0].processId;
    await db.returnLink.update({ where: { id: link.id }, data: { ...referenceData(ref.provider, id, "SEARCH"), lastError: null, lastErrorAt: null } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: ref.provider, kind: "link", detail: `Linked to ${d.reference.label} ${id} (found by the assumed process search)`, dedupeKey: `link:${link.id}:${id}` });
    return "linked";
  }
  if (candidates.length === 0 && platform.capabilities.importReturns && link.customerEmail) {
    const items = await returnedItems(ctx, link.returnGid);
    const { processId } = await platform.importReturn(providerRefOf(link), { customer: { email: link.customerEmail }, items });
    await db.returnLink.update({ where: { id: link.id }, data: { ...referenceData(ref.provider, processId, "IMPORT"), lastError: null, lastErrorAt: null } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: ref.provider, kind: "link", detail: `Imported into ${d.displayName} as ${d.reference.label} ${processId} (assumed returns import)`, dedupeKey: `import:${link.id}` });
    return "imported";
  }
  const message =
    candidates.length === 0
      ? `No ${d.displayName} process found for this order yet: paste the ${d.reference.label} on the return page`
      : `${candidates.length} ${d.displayName} processes match this order: paste the right ${d.reference.label} on the return page`;
  await db.returnLink.update({ where: { id: link.id }, data: { lastError: message, lastErrorAt: new Date() } });
  return candidates.length === 0 ? "not-found" : "ambiguous";
}

/** The return's lines as Shopify lists them (an import refuses a return with none, rather than sending an empty list). */
async function returnedItems(ctx: ShopContext, returnGid: string): Promise<ImportReturnInput["items"]> {
  const ret = await fetchReturnForSync(await ctx.admin(), returnGid);
  const lines = ret?.returnLineItems.nodes ?? [];
  // Only a ReturnLineItem names its fulfilled line (an UnverifiedReturnLineItem carries nothing we query).
  return lines
    .flatMap((n) => (n.__typename === "ReturnLineItem" && n.quantity > 0 ? [n] : []))
    .map((n) => ({
      quantity: n.quantity,
      ...(n.fulfillmentLineItem?.lineItem.sku ? { sku: n.fulfillmentLineItem.lineItem.sku } : {}),
      ...(n.fulfillmentLineItem?.lineItem.title ? { title: n.fulfillmentLineItem.lineItem.title } : {}),
    }));
}
