import type { ProviderId } from "../platforms/types";
import { providerRefOf } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";

// Finds the provider's own reference for a new link. Assumption (docs/decisions/0004): REVER processes are
// searched by order number; exactly one candidate links automatically, none or several wait for the merchant.

export type ResolveOutcome = "known" | "linked" | "imported" | "ambiguous" | "not-found" | "not-supported";

export async function resolveReference(ctx: ShopContext, linkId: string): Promise<ResolveOutcome> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findFirst({ where: { id: linkId, shop } });
  if (!link || !link.provider) return "not-supported";
  if (link.referenceState === "KNOWN") return "known";
  const provider = link.provider as ProviderId;
  const platform = await ctx.platform(provider);
  if (provider !== "REVER" || !platform.capabilities.findProcess) return "not-supported";

  const candidates = await platform.findProcesses(providerRefOf(link));
  if (candidates.length === 1) {
    await db.returnLink.update({ where: { id: link.id }, data: { reverProcessId: candidates[0].processId, referenceState: "KNOWN", lastError: null, lastErrorAt: null } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: "REVER", kind: "link", detail: `Linked to REVER process ${candidates[0].processId}`, dedupeKey: `link:${link.id}:${candidates[0].processId}` });
    return "linked";
  }
  const settings = await ctx.settings();
  if (candidates.length === 0 && settings.reverImportReturns && platform.capabilities.importReturns) {
    const email = link.customerEmail;
    if (email) {
      const { processId } = await platform.importReturn(providerRefOf(link), { customer: { email }, items: [] });
      await db.returnLink.update({ where: { id: link.id }, data: { reverProcessId: processId, referenceState: "KNOWN", lastError: null, lastErrorAt: null } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: "REVER", kind: "link", detail: `Imported into REVER as process ${processId}`, dedupeKey: `import:${link.id}` });
      return "imported";
    }
  }
  const message =
    candidates.length === 0
      ? "No REVER process found for this order yet: link it by hand from the return page"
      : `${candidates.length} REVER processes match this order: choose one on the return page`;
  await db.returnLink.update({ where: { id: link.id }, data: { lastError: message, lastErrorAt: new Date() } });
  return candidates.length === 0 ? "not-found" : "ambiguous";
}
