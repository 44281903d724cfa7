import type { ReturnLink, Shipment } from "@prisma/client";
import { AppError } from "../http/errors.server";
import { descriptorOf } from "../platforms/descriptors";
import { isProvider, referenceOf } from "../platforms/reference";
import { isForward } from "../platforms/status-map";
import type { ProviderTracking } from "../platforms/types";
import { closeReturn } from "../shopify/graphql/return-close.server";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import type { ReturnStatus } from "./apply-return-event.server";
import type { FollowUp } from "./follow-ups";
import { DEFAULT_CLAIM_TIMING } from "./claim-once.server";
import { attachToShopify } from "./attach-label.server";
import { pickReverseFulfillmentOrder } from "./create-label.server";
import { adoptProviderReference, missingReference, providerRefOf, PROVIDER_NAMES } from "./provider-ref.server";
import { advanceProviderStatus } from "./provider-status.server";
import { resolveReference } from "./resolve-reference.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import { emitFlowEvent } from "../flow/emit.server";

// One link compared on both sides: Shopify's status (read in batches by the caller) and the provider's
// tracking. Only what differs is changed; a link with nothing new costs no mutation. A provider status moves the
// link only forward and only when the provider reported it; a label requested without its file is asked for again.

export interface LinkSyncResult {
  changes: string[];
  mutations: number;
  providerCalls: number;
  followUps: FollowUp[];
  error?: string;
  /** True when the link still has to be marked synced (batchTouch): nothing changed and there was no error. */
  touchDeferred?: boolean;
}

// CANCELED is sent by stage, IN_WAREHOUSE only when a parcel travelled (push-status.server.ts decides).
const PUSHED_ON: Partial<Record<ReturnStatus, { status: "CANCELED" | "IN_WAREHOUSE"; reason: string }>> = {
  CANCELED: { status: "CANCELED", reason: "Return canceled in Shopify (found by reconciliation)" },
  DECLINED: { status: "CANCELED", reason: "Return request declined in Shopify (found by reconciliation)" },
  CLOSED: { status: "IN_WAREHOUSE", reason: "Return closed in Shopify (found by reconciliation)" },
};

/** The shipment whose tracking we keep in Shopify: our own label, else the one sync created. */
async function ourShipment(ctx: ShopContext, link: ReturnLink): Promise<Shipment | null> {
  return ctx.db.shipment.findFirst({ where: { shop: ctx.shop, returnLinkId: link.id, source: "APP" }, orderBy: { createdAt: "desc" } });
}

function differs(row: Shipment | null, t: ProviderTracking): boolean {
  if (!t.trackingNumber) return false;
  return !row || row.trackingNumber !== t.trackingNumber || (t.trackingUrl ?? null) !== (row.trackingUrl ?? null);
}

export interface SyncLinkOptions {
  /** The link's latest APP shipment as read with its page: a hint, read again before anything is written from it. */
  shipment?: Shipment | null;
  /** A link with nothing new and no error to clear is left for the caller to mark synced, in one write per page. */
  batchTouch?: boolean;
}

export async function syncLink(ctx: ShopContext, link: ReturnLink, shopifyStatus: ReturnStatus | null, now = new Date(), opts: SyncLinkOptions = {}): Promise<LinkSyncResult> {
  const { db, shop } = ctx;
  const result: LinkSyncResult = { changes: [], mutations: 0, providerCalls: 0, followUps: [] };

  // Shopify -> us: a status we missed (lost or late webhook).
  if (shopifyStatus && shopifyStatus !== link.status) {
    result.changes.push(`Shopify status ${link.status} -> ${shopifyStatus}`);
    link = await db.returnLink.update({ where: { id: link.id }, data: { status: shopifyStatus } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: "RECONCILE", kind: "status", status: shopifyStatus, detail: "Status found by reconciliation (a webhook was missed)", dedupeKey: `reconcile:${link.id}:${shopifyStatus}:${now.toISOString()}` });
    const push = PUSHED_ON[shopifyStatus];
    if (push && link.provider) result.followUps.push({ kind: "push-status", linkId: link.id, eventId: `reconcile-${link.id}-${shopifyStatus}`, ...push });
  }

  // A link still waiting for its reference: look again when the connection can (the first try may have come too early).
  const ref = referenceOf(link);
  if (ref?.state === "PENDING" && (await ctx.platform(ref.provider)).capabilities.findProcess) {
    result.providerCalls++;
    const outcome = await resolveReference(ctx, link.id);
    link = await db.returnLink.findUniqueOrThrow({ where: { id: link.id } });
    if (outcome === "linked" || outcome === "imported") result.changes.push(`${descriptorOf(ref.provider).reference.label} ${referenceOf(link)?.value} found by reconciliation`);
  }

  // Provider -> Shopify: tracking and status the provider knows and Shopify does not show yet.
  const provider = isProvider(link.provider) ? link.provider : null;
  if (provider && !missingReference(link)) {
    const connection = await ctx.connection(provider);
    const platform = await ctx.platform(provider);
    const hinted = opts.shipment !== undefined;
    const row = hinted ? (opts.shipment ?? null) : await ourShipment(ctx, link);
    const readable = descriptorOf(provider).readsTrackingBy === "reference" || (row !== null && platform.capabilities.labels);
    if (readable) {
      result.providerCalls++;
      const seenProviderStatus = link.providerStatus;
      const tracking = await platform.getTracking(providerRefOf(link), row?.idempotencyKey, { includeLabel: false });
      // Read again after the provider answered, before acting on a difference: a label request may have claimed or
      // filled the row meanwhile (its label is what the provider just showed), and a page's hint may be old. A row
      // claimed by a live request is attached by that request, not here.
      const current = tracking && (hinted || !row) && differs(row, tracking) ? await ourShipment(ctx, link) : row;
      const beingMade = current?.state === "CLAIMED" && Date.now() - current.updatedAt.getTime() < DEFAULT_CLAIM_TIMING.leaseMs;
      if (tracking) {
        if (await adoptProviderReference(ctx, link, tracking.providerReference)) {
          result.changes.push(`${PROVIDER_NAMES[provider]} named its reference ${tracking.providerReference}`);
          link = await db.returnLink.findUniqueOrThrow({ where: { id: link.id } });
        }
        if (differs(current, tracking) && !beingMade && connection.syncToShopify && link.status === "OPEN") {
          const n = await attachProviderTracking(ctx, link, current, tracking, connection.notifyCustomer);
          result.mutations += n;
          result.changes.push(`Tracking ${tracking.trackingNumber} from ${PROVIDER_NAMES[provider]} attached to Shopify`);
          link = (await db.returnLink.findUniqueOrThrow({ where: { id: link.id } }));
        }
        // Only forward, compare-and-set (a newer pass or a push may have recorded a later status meanwhile). A status
        // the provider did not report (iF: "a label exists"; REVER: STATUS_UNSPECIFIED) only fills an empty one.
        if (tracking.statusReported !== (link.providerStatusReported ?? null)) {
          await db.returnLink.updateMany({ where: { id: link.id, shop }, data: { providerStatusReported: tracking.statusReported } });
          link = { ...link, providerStatusReported: tracking.statusReported };
        }
        if (isForward(seenProviderStatus, tracking.status) && (tracking.statusReported || seenProviderStatus === null)) {
          const settings = await ctx.settings();
          // Close before recording the status: a pass that dies (or fails) between the two leaves the status
          // unmoved, so the next pass sees the arrival again and closes; the other order lost the close for good.
          const close = tracking.status === "IN_WAREHOUSE" && tracking.statusReported && settings.closeOnWarehouse && link.status === "OPEN" && connection.syncToShopify;
          if (close) {
            await closeReturn(await ctx.admin(), link.returnGid);
            result.mutations++;
          }
          const moved = (await advanceProviderStatus(db, shop, link.id, tracking.status)).moved;
          if (moved) {
            result.changes.push(`${PROVIDER_NAMES[provider]} status ${seenProviderStatus ?? "none"} -> ${tracking.status}`);
            link = await db.returnLink.findUniqueOrThrow({ where: { id: link.id } });
            await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "status", status: tracking.status, detail: tracking.vendorStatus ?? undefined, dedupeKey: `provider-status:${link.id}:${tracking.status}:${now.toISOString()}` });
            // Shopify Flow hears once that the parcel travels; a parcel REVER reports in the warehouse has arrived (automation).
            const subject = { linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid };
            if (tracking.status === "PICKED_UP" || tracking.status === "IN_TRANSIT") await emitFlowEvent(ctx, { trigger: "parcel-in-transit", subject, key: link.id, extra: { Provider: PROVIDER_NAMES[provider], "Tracking number": tracking.trackingNumber ?? link.trackingNumber } });
            if (tracking.status === "IN_WAREHOUSE" && provider === "REVER" && tracking.statusReported) result.followUps.push({ kind: "automation", linkId: link.id, event: "arrived", source: "REVER" });
          }
          if (close) {
            result.changes.push("Shopify return closed: the parcel is in the warehouse");
            link = await db.returnLink.update({ where: { id: link.id }, data: { status: "CLOSED" } });
            await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "status", status: "CLOSED", detail: "Closed in Shopify because the parcel reached the warehouse", dedupeKey: `auto-close:${link.id}` });
          }
        }
      }
    }
  }

  if (opts.batchTouch && !result.changes.length && link.lastError === null && link.lastErrorAt === null) {
    result.touchDeferred = true;
    return result;
  }
  // A link still waiting for its reference keeps saying why; anything else read cleanly clears its last error.
  const waiting = missingReference(link) !== null && link.lastError !== null;
  await db.returnLink.update({
    where: { id: link.id },
    data: { lastSyncedAt: now, ...(result.changes.length ? { lastSyncChange: result.changes.join("; ").slice(0, 500) } : {}), ...(waiting ? {} : { lastError: null, lastErrorAt: null }) },
  });
  return result;
}

/** Writes the provider's tracking (and label, when it has a printable one) to the Shopify return. */
async function attachProviderTracking(ctx: ShopContext, link: ReturnLink, row: Shipment | null, tracking: ProviderTracking, notifyCustomer: boolean): Promise<number> {
  const { db, shop } = ctx;
  const provider = isProvider(link.provider) ? link.provider : null;
  if (!provider) return 0;
  const platform = await ctx.platform(provider);
  const label = tracking.labelUrl ? tracking : await platform.findLabel(providerRefOf(link), row?.idempotencyKey ?? `sync-${link.id}`).catch(() => null);
  const data = {
    trackingNumber: tracking.trackingNumber ?? null,
    trackingUrl: tracking.trackingUrl ?? null,
    carrier: tracking.carrier ?? null,
    labelUrl: label?.labelUrl ?? row?.labelUrl ?? null,
    labelFormat: label?.labelFormat ?? row?.labelFormat ?? null,
  };
  // The row exists before the Shopify write, so the attach_deliverable webhook it causes is recognised as ours.
  // A label that was requested without its file (iF's create answer carried none), or whose create went unconfirmed,
  // is complete now.
  const settles = row && (row.state === "REQUESTED" || row.state === "UNCONFIRMED");
  // Only from the state read: a click that re-claimed the row meanwhile makes (and attaches) the label itself.
  if (row && settles && !(await db.shipment.updateMany({ where: { id: row.id, shop, state: row.state }, data: { ...data, state: "CREATED", error: null } })).count) return 0;
  const shipment = row
    ? settles
      ? await db.shipment.findFirstOrThrow({ where: { id: row.id, shop } })
      : await db.shipment.update({ where: { id: row.id }, data })
    : await db.shipment.upsert({
        where: { shop_provider_idempotencyKey: { shop, provider, idempotencyKey: `sync-${link.id}` } },
        create: { shop, returnLinkId: link.id, provider, idempotencyKey: `sync-${link.id}`, source: "APP", state: "CREATED", ...data },
        update: data,
      });
  const admin = await ctx.admin();
  const ret = await fetchReturnForSync(admin, link.returnGid);
  if (!ret || ret.status !== "OPEN") return 0;
  const rfo = pickReverseFulfillmentOrder(ret, shipment.reverseFulfillmentOrderGid ?? undefined);
  await attachToShopify(ctx, admin, platform, link, shipment, rfo, notifyCustomer);
  await db.returnLink.update({ where: { id: link.id }, data: { trackingNumber: data.trackingNumber, trackingUrl: data.trackingUrl } });
  await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "tracking", status: tracking.status, detail: `${tracking.carrier ?? ""} ${tracking.trackingNumber}`.trim(), dedupeKey: `provider-tracking:${link.id}:${tracking.trackingNumber}` });
  return 1 + (data.labelUrl ? 1 : 0);
}

/** A link's failure is recorded where the merchant sees it; the pass goes on. */
export async function recordSyncError(ctx: ShopContext, link: ReturnLink, err: unknown): Promise<string> {
  const message = err instanceof AppError ? err.message : `Unexpected error: ${(err as Error).message}`;
  const at = new Date();
  await ctx.db.returnLink.update({ where: { id: link.id }, data: { lastError: message.slice(0, 1000), lastErrorAt: at } });
  // Flow hears when a link starts failing, not every pass it keeps failing.
  if (link.lastError === null) await emitFlowEvent(ctx, { trigger: "sync-failed", subject: { linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid }, key: `${link.id}:${at.toISOString()}`, extra: { "Error message": message } });
  await recordEvent(ctx.db, { shop: ctx.shop, returnLinkId: link.id, source: "RECONCILE", kind: "sync", detail: message, result: "ERROR" });
  return message;
}
