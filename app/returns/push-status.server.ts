import { isTerminal } from "../http/errors.server";
import type { NormalisedStatus, ProviderId } from "../platforms/types";
import { missingReference, providerRefOf, PROVIDER_NAMES } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { hasEvent, recordEvent } from "./timeline.server";

// Shopify -> provider: tell the provider what happened to the return (canceled, declined, closed).

export interface PushStatusInput {
  linkId: string;
  status: NormalisedStatus;
  reason: string;
  /** Makes the push idempotent: one push per Shopify event. */
  eventId: string;
}

export type PushOutcome = "pushed" | "already-pushed" | "echo" | "waiting" | "not-supported";

export async function pushStatusToProvider(ctx: ShopContext, input: PushStatusInput): Promise<PushOutcome> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findFirst({ where: { id: input.linkId, shop } });
  if (!link || !link.provider) return "waiting";
  const dedupeKey = `push:${input.eventId}:${input.status}`;
  if (await hasEvent(db, shop, dedupeKey)) return "already-pushed";
  const provider = link.provider as ProviderId;
  const source = provider;

  // The provider already reported this status (e.g. we closed the Shopify return because it said IN_WAREHOUSE).
  if (link.providerStatus === input.status) {
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "push", status: input.status, detail: `${PROVIDER_NAMES[provider]} already has this status`, result: "SKIPPED", dedupeKey });
    return "echo";
  }
  // iF tracks transports: with no label or tracking there yet, there is nothing of this return to update.
  if (provider === "IFRETURNS" && !link.providerStatus && (await db.shipment.count({ where: { shop, returnLinkId: link.id } })) === 0) {
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "push", status: input.status, detail: "iF returns has no transport for this return yet: nothing to update", result: "SKIPPED", dedupeKey });
    return "not-supported";
  }
  const waiting = missingReference(link);
  if (waiting) {
    await db.returnLink.update({ where: { id: link.id }, data: { lastError: waiting, lastErrorAt: new Date() } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "push", status: input.status, detail: waiting, result: "SKIPPED", dedupeKey });
    return "waiting";
  }
  // The merchant turned Shopify -> provider sync off for this connection.
  if (!(await ctx.connection(provider)).syncToProvider) return "not-supported";
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.pushStatus) return "not-supported";
  try {
    await platform.pushStatus(providerRefOf(link), input.status, input.reason);
  } catch (err) {
    if (isTerminal(err)) {
      const message = `${PROVIDER_NAMES[provider]} refused the status ${input.status}: ${(err as Error).message}`;
      await db.returnLink.update({ where: { id: link.id }, data: { lastError: message, lastErrorAt: new Date() } });
      await recordEvent(db, { shop, returnLinkId: link.id, source, kind: "push", status: input.status, detail: message, result: "ERROR", dedupeKey });
    }
    throw err;
  }
  await db.returnLink.update({ where: { id: link.id }, data: { providerStatus: input.status, lastSyncedAt: new Date(), lastSyncChange: `Pushed ${input.status}` } });
  await recordEvent(db, { shop, returnLinkId: link.id, source, kind: "push", status: input.status, detail: input.reason, dedupeKey });
  return "pushed";
}
