import { isTerminal, NotFoundError } from "../http/errors.server";
import { descriptorOf } from "../platforms/descriptors";
import { cancelStatusFor, isForward } from "../platforms/status-map";
import type { NormalisedStatus, ProviderId } from "../platforms/types";
import { markReferenceToCheck, missingReference, providerRefOf, PROVIDER_NAMES } from "./provider-ref.server";
import { advanceProviderStatus, parcelTravelled } from "./provider-status.server";
import type { ShopContext } from "./shop-context.server";
import { hasEvent, recordEvent } from "./timeline.server";

// Shopify -> provider: tell the provider what happened to the return (canceled, declined, closed). What is sent
// depends on how far the parcel got: a cancellation before the carrier has it cancels the pickup, after it the
// shipment; a closed return means "arrived" only when a parcel travelled; nothing ever moves the provider back.

export interface PushStatusInput {
  linkId: string;
  /** CANCELED: the return was cancelled or declined (sent by stage); IN_WAREHOUSE: it was closed; others as given. */
  status: NormalisedStatus;
  reason: string;
  /** Makes the push idempotent: one push per Shopify event. */
  eventId: string;
}

export type PushOutcome = "pushed" | "already-pushed" | "echo" | "waiting" | "not-supported" | "not-forward" | "no-parcel" | "check-reference";

export async function pushStatusToProvider(ctx: ShopContext, input: PushStatusInput): Promise<PushOutcome> {
  const { db, shop } = ctx;
  const link = await db.returnLink.findFirst({ where: { id: input.linkId, shop } });
  if (!link || !link.provider) return "waiting";
  const dedupeKey = `push:${input.eventId}:${input.status}`;
  if (await hasEvent(db, shop, dedupeKey)) return "already-pushed";
  const provider = link.provider as ProviderId;
  const name = PROVIDER_NAMES[provider];
  const skip = async (detail: string, outcome: PushOutcome, status = input.status): Promise<PushOutcome> => {
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "push", status, detail, result: "SKIPPED", dedupeKey });
    return outcome;
  };

  const status = input.status === "CANCELED" || input.status === "PICKUP_CANCELED" ? cancelStatusFor(link.providerStatus) : input.status;
  // The provider already reported this status (e.g. we closed the Shopify return because it said IN_WAREHOUSE).
  if (link.providerStatus === status) return skip(`${name} already has this status`, "echo", status);
  if (!isForward(link.providerStatus, status)) return skip(`${name} is at ${link.providerStatus}: ${status} would move it back, so nothing was sent`, "not-forward", status);
  if (status === "IN_WAREHOUSE" && !(await parcelTravelled(ctx, link))) {
    return skip("Closed in Shopify with no parcel on its way (no label, tracking or reverse delivery): nothing arrived to report", "no-parcel", status);
  }
  // Statuses that belong to a transport (iF) have nothing to update before a label or tracking exists.
  if (descriptorOf(provider).statusesNeedTransport && !link.providerStatus && (await db.shipment.count({ where: { shop, returnLinkId: link.id } })) === 0) {
    return skip(`${name} has no transport for this return yet: nothing to update`, "not-supported", status);
  }
  const waiting = missingReference(link, "status");
  if (waiting) {
    await db.returnLink.update({ where: { id: link.id }, data: { lastError: waiting, lastErrorAt: new Date() } });
    return skip(waiting, "waiting", status);
  }
  // The merchant turned Shopify -> provider sync off for this connection.
  if (!(await ctx.connection(provider)).syncToProvider) return "not-supported";
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.pushStatus) return "not-supported";
  try {
    await platform.pushStatus(providerRefOf(link), status, input.reason);
  } catch (err) {
    if (err instanceof NotFoundError) {
      // The provider does not know the reference: the merchant checks it; repeating the push would not help.
      const message = await markReferenceToCheck(ctx, link);
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", status, detail: message, result: "ERROR", dedupeKey });
      return "check-reference";
    }
    if (isTerminal(err)) {
      const message = `${name} refused the status ${status}: ${(err as Error).message}`;
      await db.returnLink.update({ where: { id: link.id }, data: { lastError: message, lastErrorAt: new Date() } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", status, detail: message, result: "ERROR", dedupeKey });
    }
    throw err;
  }
  await advanceProviderStatus(db, shop, link.id, status, { lastSyncedAt: new Date(), lastSyncChange: `Pushed ${status}` });
  await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "push", status, detail: input.reason, dedupeKey });
  return "pushed";
}
