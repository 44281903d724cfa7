import { isTerminal, NotFoundError } from "../http/errors.server";
import { isForward } from "../platforms/status-map";
import type { LabelFormat, ProviderId } from "../platforms/types";
import { markReferenceToCheck, missingReference, providerRefOf, PROVIDER_NAMES } from "./provider-ref.server";
import { advanceProviderStatus } from "./provider-status.server";
import type { ShopContext } from "./shop-context.server";
import { hasEvent, recordEvent } from "./timeline.server";

// Shopify -> provider: tracking or a label attached in Shopify by someone other than this app. A tracking number
// means "a label exists" (LABEL_CREATED), which is registered only while it is ahead of the provider's status.

export type PushTrackingOutcome = "pushed" | "already-pushed" | "waiting" | "not-supported" | "check-reference";

export async function pushTrackingToProvider(ctx: ShopContext, input: { linkId: string; shipmentId: string; force?: boolean }): Promise<PushTrackingOutcome> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findFirst({ where: { id: input.linkId, shop } });
  const shipment = await db.shipment.findFirst({ where: { id: input.shipmentId, shop, returnLinkId: input.linkId } });
  if (!link?.provider || !shipment?.trackingNumber) return "waiting";
  const provider = link.provider as ProviderId;
  // A merchant's "push tracking" sends again on purpose (the provider may have lost it); otherwise once.
  const dedupeKey = `push-tracking:${shipment.id}:${shipment.trackingNumber}:${shipment.labelUrl ?? ""}${input.force ? `:manual:${Date.now()}` : ""}`;
  if (await hasEvent(db, shop, dedupeKey)) return "already-pushed";
  const waiting = missingReference(link);
  if (waiting) {
    await db.returnLink.update({ where: { id: link.id }, data: { lastError: waiting, lastErrorAt: new Date() } });
    return "waiting";
  }
  // The merchant turned Shopify -> provider sync off for this connection.
  if (!(await ctx.connection(provider)).syncToProvider) return "not-supported";
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.pushTracking) return "not-supported";
  const status = isForward(link.providerStatus, "LABEL_CREATED") ? ("LABEL_CREATED" as const) : undefined;
  let sent: boolean;
  try {
    sent = await platform.pushTracking(providerRefOf(link), {
      status,
      carrier: shipment.carrier ?? undefined,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl ?? undefined,
      labelUrl: shipment.labelUrl ?? undefined,
      labelFormat: (shipment.labelFormat as LabelFormat | null) ?? undefined,
      description: "Tracking attached in Shopify",
    });
  } catch (err) {
    if (err instanceof NotFoundError) {
      const message = await markReferenceToCheck(ctx, link);
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", detail: message, result: "ERROR", dedupeKey });
      return "check-reference";
    }
    if (isTerminal(err)) {
      const message = `${PROVIDER_NAMES[provider]} did not take the tracking ${shipment.trackingNumber}: ${(err as Error).message}`;
      await db.returnLink.update({ where: { id: link.id }, data: { lastError: message, lastErrorAt: new Date() } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", detail: message, result: "ERROR", dedupeKey });
    }
    throw err;
  }
  if (!sent) {
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "push", detail: `${PROVIDER_NAMES[provider]} is at ${link.providerStatus ?? "no status"} and takes no tracking number: nothing sent`, result: "SKIPPED", dedupeKey });
    return "not-supported";
  }
  if (status) await advanceProviderStatus(db, shop, link.id, status);
  await db.returnLink.update({ where: { id: link.id }, data: { lastSyncedAt: new Date(), lastSyncChange: `Pushed tracking ${shipment.trackingNumber}`, lastError: null, lastErrorAt: null } });
  await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", status: status ?? null, detail: `Tracking ${shipment.trackingNumber} sent to ${PROVIDER_NAMES[provider]}${status ? "" : ` (its status ${link.providerStatus} is ahead: no status sent)`}`, dedupeKey });
  return "pushed";
}
