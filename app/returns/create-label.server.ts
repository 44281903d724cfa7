import type { ReturnLink, Shipment } from "@prisma/client";
import { AppError, ConflictError, OutcomeUnknownError, UnimplementedError, ValidationError, isRetryable } from "../http/errors.server";
import type { Address, Label, LabelFormat, Parcel, PickupWindow, ProviderId, ReturnMethod, ReturnsPlatform } from "../platforms/types";
import { fetchReturnForSync, type ReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { approveReturn, type ApprovedBy } from "./approve-return.server";
import { attachToShopify } from "./attach-label.server";
import { assignProvider } from "./manual-link.server";
import { resolveOrigin } from "./order-access.server";
import { connectionView, ensureLink, legacyId, notInShop, providerFor } from "./order-returns.server";
import { adoptProviderReference, missingReference, PROVIDER_NAMES, providerRefOf } from "./provider-ref.server";
import { advanceProviderStatus } from "./provider-status.server";
import { resolveReference } from "./resolve-reference.server";
import type { ShopContext } from "./shop-context.server";
import { claimOnce, DEFAULT_CLAIM_TIMING, type ClaimTiming } from "./claim-once.server";
import { recordEvent } from "./timeline.server";
import { emitLabelEvents } from "../flow/emit.server";
import type { LabelResult } from "../contract/extension-api";
export type { LabelResult };

// Create a return label, idempotent end to end: the Shipment row keyed by the return and its reverse
// fulfillment order is claimed (unique insert) before the provider is called, so a double click, a retry
// or a second agent gets the same label. Then the file goes to Shopify (staged upload) and is attached to
// the reverse fulfillment order with the tracking; ZPL and JPG stay downloads for the merchant. A provider that
// accepts the label without giving its file or tracking (iF's documented answer) leaves it REQUESTED: "waiting
// for the file", asked for again by the next click and by reconciliation with documented reads only. A create the
// provider did not confirm (REVER has no idempotency key) stops as UNCONFIRMED: looked up, never requested again
// while it may still appear.

// ---- The use-case ----

export interface ManualLabelFile {
  file: Uint8Array;
  extension: "pdf" | "png" | "jpg";
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
}

export interface CreateLabelInput {
  returnGid: string;
  /** When both providers are connected; otherwise the link's (or the only connected) provider. */
  provider?: ProviderId;
  /** Which reverse fulfillment order the label is for; required when the return has several open ones. */
  reverseFulfillmentOrderId?: string;
  /** Who asked, for the approval's timeline entry (the order page unless said). */
  approvedBy?: ApprovedBy;
  /** Approve a requested return first (defaults to the shop's "approve before label" setting). */
  approveFirst?: boolean;
  carrierService?: string;
  labelFormat?: LabelFormat;
  parcels?: Parcel[];
  /** Passed explicitly to Shopify; defaults to the provider connection's setting. */
  notifyCustomer?: boolean;
  /** The customer's address as the merchant corrected it; defaults to the order's shipping address. */
  origin?: Address;
  /** What the merchant typed for fields Shopify did not share (protected customer data, an order out of reach). */
  originFill?: Partial<Address>;
  /** REVER: how the parcel travels (DROP_OFF_POINT by default; HOME_PICK_UP needs pickup windows). */
  returnMethod?: ReturnMethod;
  pickupWindows?: PickupWindow[];
  /** REVER: a label made elsewhere, saved as a manual logistic order. */
  manualLabel?: ManualLabelFile;
}

export function noticeFor(format: string | null): string | null {
  if (format === "ZPL") return "ZPL label kept for download (customers cannot print ZPL): the tracking was attached to Shopify without the file";
  if (format === "JPG") return "JPG label kept for download (Shopify return labels are PDF or PNG): the tracking was attached to Shopify without the file";
  return null;
}

function resultOf(row: Shipment, returnGid: string, reused: boolean): LabelResult {
  return {
    shipmentId: row.id,
    returnId: returnGid,
    provider: row.provider as ProviderId,
    state: row.state === "ATTACHED" ? "ATTACHED" : row.state === "REQUESTED" ? "REQUESTED" : "CREATED",
    reused,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    trackingUrl: row.trackingUrl,
    labelFormat: row.labelFormat,
    reverseFulfillmentOrderId: row.reverseFulfillmentOrderGid,
    reverseDeliveryId: row.reverseDeliveryGid,
    attachedToShopify: !!row.shopifyLabelUrl,
    shopifyLabelUrl: row.shopifyLabelUrl,
    notice: row.state === "REQUESTED" ? requestedNotice(row.provider as ProviderId) : row.shopifyLabelUrl ? null : noticeFor(row.labelFormat),
  };
}

export function requestedNotice(provider: ProviderId): string {
  const name = PROVIDER_NAMES[provider];
  return `Label requested at ${name}, waiting for ${name}'s file: its answer carried no label file or tracking. The next sync asks ${name} again.`;
}

/** A label has its file or its tracking; anything less was only requested. */
function isComplete(label: Pick<Label, "trackingNumber" | "labelUrl">): boolean {
  return !!label.trackingNumber || !!label.labelUrl;
}

/** Fields of the Shipment row a provider's label fills. */
function labelData(label: Label, carrierService?: string) {
  return {
    providerShipmentId: label.providerShipmentId,
    carrier: label.carrier ?? null,
    carrierService: label.carrierService ?? carrierService ?? null,
    trackingNumber: label.trackingNumber ?? null,
    trackingUrl: label.trackingUrl ?? null,
    labelUrl: label.labelUrl ?? null,
    labelFormat: label.labelFormat ?? null,
  };
}

/**
 * A REQUESTED label: asks the provider again with its documented read, and completes the row when the answer now
 * has the file or tracking (one request wins the compare-and-set). Null while it is still waiting.
 */
async function completeRequested(ctx: ShopContext, platform: ReturnsPlatform, link: ReturnLink, row: Shipment): Promise<Shipment | null> {
  const label = await platform.findLabel(providerRefOf(link), row.idempotencyKey);
  if (label) await adoptProviderReference(ctx, link, label.providerReference);
  if (!label || !isComplete(label)) return null;
  const { count } = await ctx.db.shipment.updateMany({ where: { id: row.id, shop: ctx.shop, state: "REQUESTED" }, data: { state: "CREATED", error: null, ...labelData(label) } });
  const fresh = await ctx.db.shipment.findFirst({ where: { id: row.id, shop: ctx.shop } });
  if (!count) return fresh && fresh.state !== "REQUESTED" ? fresh : null;
  await ctx.db.returnLink.update({ where: { id: link.id }, data: { trackingNumber: label.trackingNumber ?? link.trackingNumber, trackingUrl: label.trackingUrl ?? link.trackingUrl } });
  await recordEvent(ctx.db, { shop: ctx.shop, returnLinkId: link.id, source: platform.provider, kind: "label", status: "LABEL_CREATED", detail: [`Label file received from ${PROVIDER_NAMES[platform.provider]}`, label.carrier, label.trackingNumber].filter(Boolean).join(" · "), dedupeKey: `label-completed:${row.id}` });
  return fresh;
}

/** A label create the provider did not confirm: it may exist there, so it is looked up and never requested blindly. */
export const LABEL_MAY_EXIST = "LABEL_MAY_EXIST";

function labelMayExist(provider: ProviderId, detail: string): ConflictError {
  const name = PROVIDER_NAMES[provider];
  return new ConflictError(`${name} did not confirm the label (${detail}): it may already exist in ${name}. Nothing was requested again: try again in a moment, the app looks for it in ${name} first and attaches it when ${name} shows it.`, {
    service: "app",
    code: LABEL_MAY_EXIST,
  });
}

/**
 * An UNCONFIRMED label: the provider's documented read decides. Shown there: the row takes it (one request wins the
 * compare-and-set). Not shown: still "may exist" until the settle time has passed, then the row is claimed again
 * for a new create (a create the provider holds longer than that is the known limit in docs/reliability.md).
 */
async function settleUnconfirmed(ctx: ShopContext, platform: ReturnsPlatform, link: ReturnLink, row: Shipment, timing: ClaimTiming): Promise<Shipment> {
  const label = await platform.findLabel(providerRefOf(link), row.idempotencyKey);
  if (label) {
    await adoptProviderReference(ctx, link, label.providerReference);
    const complete = isComplete(label);
    const { count } = await ctx.db.shipment.updateMany({ where: { id: row.id, shop: ctx.shop, state: "UNCONFIRMED" }, data: { state: complete ? "CREATED" : "REQUESTED", error: null, ...labelData(label) } });
    const fresh = (await ctx.db.shipment.findFirst({ where: { id: row.id, shop: ctx.shop } })) ?? row;
    if (count) {
      await recordLabelMade(ctx, platform.provider, link, fresh, label);
      return fresh;
    }
    // Another request or a sync settled it first: that one carries on (attaching twice would make two deliveries).
    if (fresh.state === "ATTACHED" || fresh.state === "REQUESTED") return fresh;
    throw new ConflictError("The label is still being created by another request: refresh in a moment", { service: "app", code: "IN_PROGRESS" });
  } else if (Date.now() - row.updatedAt.getTime() > (timing.settleMs ?? timing.leaseMs)) {
    const { count } = await ctx.db.shipment.updateMany({ where: { id: row.id, shop: ctx.shop, state: "UNCONFIRMED", updatedAt: row.updatedAt }, data: { state: "CLAIMED", error: null, updatedAt: new Date() } });
    if (count) return (await ctx.db.shipment.findFirst({ where: { id: row.id, shop: ctx.shop } }))!;
  }
  throw new ConflictError(row.error ?? labelMayExist(platform.provider, "no answer").message, { service: "app", code: LABEL_MAY_EXIST });
}

/** One label per return and reverse fulfillment order, whoever asks and however often. */
export function labelIdempotencyKey(returnGid: string, reverseFulfillmentOrderGid: string): string {
  return `rb-${legacyId(returnGid)}-${legacyId(reverseFulfillmentOrderGid)}`;
}

type Rfo = ReturnForSync["reverseFulfillmentOrders"]["nodes"][number];

/** Labels are only for open returns, on an open reverse fulfillment order chosen explicitly when there are several. */
export function pickReverseFulfillmentOrder(ret: ReturnForSync, requested?: string): Rfo {
  const nodes = ret.reverseFulfillmentOrders.nodes;
  if (requested) {
    const hit = nodes.find((n) => n.id === requested || legacyId(n.id) === requested);
    if (!hit) throw new ValidationError(`${requested} is not a reverse fulfillment order of return ${ret.name}`, { service: "app", code: "UNKNOWN_REVERSE_FULFILLMENT_ORDER", fields: { reverseFulfillmentOrderId: "not part of this return" } });
    if (hit.status !== "OPEN") throw new ValidationError(`The reverse fulfillment order ${legacyId(hit.id)} of return ${ret.name} is ${hit.status.toLowerCase()}`, { service: "app", code: "REVERSE_FULFILLMENT_ORDER_NOT_OPEN", fields: { reverseFulfillmentOrderId: "not open" } });
    return hit;
  }
  const open = nodes.filter((n) => n.status === "OPEN");
  if (open.length === 1) return open[0];
  if (!open.length) throw new ValidationError(`Return ${ret.name} has no open reverse fulfillment order to attach a label to`, { service: "app", code: "NO_OPEN_REVERSE_FULFILLMENT_ORDER" });
  throw new ValidationError(`Return ${ret.name} has ${open.length} open reverse fulfillment orders: choose the one the label is for`, {
    service: "app",
    code: "CHOOSE_REVERSE_FULFILLMENT_ORDER",
    fields: { reverseFulfillmentOrderId: `one of ${open.map((n) => n.id).join(", ")}` },
  });
}

async function readOpenReturn(ctx: ShopContext, input: CreateLabelInput): Promise<ReturnForSync> {
  const admin = await ctx.admin();
  let ret = await fetchReturnForSync(admin, input.returnGid);
  if (!ret) throw notInShop("The return");
  if (ret.status === "REQUESTED") {
    const approve = input.approveFirst ?? (await ctx.settings()).approveBeforeLabel;
    if (!approve) {
      throw new ValidationError(`Return ${ret.name} is requested, not approved: approve it first (Shopify creates the reverse fulfillment order the label is attached to on approval)`, {
        service: "app",
        code: "RETURN_NOT_APPROVED",
      });
    }
    await approveReturn(ctx, { returnGid: ret.id, notifyCustomer: input.notifyCustomer, approvedBy: input.approvedBy });
    ret = await fetchReturnForSync(admin, input.returnGid);
    if (!ret) throw notInShop("The return");
  }
  if (ret.status !== "OPEN") {
    throw new ValidationError(`Return ${ret.name} is ${ret.status.toLowerCase()}: labels are only made for open returns`, { service: "app", code: "RETURN_NOT_OPEN" });
  }
  return ret;
}

function failureMessage(provider: ProviderId, err: unknown): string {
  if (err instanceof AppError && isRetryable(err)) {
    return `${err.message}. Try again: a label the provider made meanwhile is looked up before a new one is requested`;
  }
  return err instanceof Error ? err.message : `${PROVIDER_NAMES[provider]} refused the label`;
}

async function callProvider(ctx: ShopContext, platform: ReturnsPlatform, link: ReturnLink, row: Shipment, input: CreateLabelInput): Promise<Shipment> {
  const { db } = ctx;
  const provider = platform.provider;
  const view = await connectionView(ctx, provider);
  const ref = providerRefOf(link);
  let label;
  if (input.manualLabel) {
    const m = input.manualLabel;
    label = await platform.uploadManualLabel(ref, {
      file: m.file,
      extension: m.extension,
      carrier: m.carrier,
      trackingNumber: m.trackingNumber,
      trackingUrl: m.trackingUrl,
      ...(input.origin ? { from: input.origin } : {}),
      ...(view.warehouseAddress ? { to: view.warehouseAddress } : {}),
      ...(input.returnMethod ? { returnMethod: input.returnMethod } : {}),
    });
  } else {
    const origin = await resolveOrigin(ctx, link.orderGid, provider, input);
    const destination = view.warehouseAddress;
    if (!destination) throw new ValidationError(`Set the warehouse address for ${PROVIDER_NAMES[provider]} in Settings: it is where the return goes`, { service: "settings", code: "WAREHOUSE_MISSING", fields: { warehouseAddress: "required" } });
    await db.shipment.update({ where: { id: row.id }, data: { originAddress: JSON.stringify(origin) } });
    label = await platform.createLabel({
      idempotencyKey: row.idempotencyKey,
      ref,
      origin,
      destination,
      parcels: input.parcels ?? (view.defaultParcel ? [view.defaultParcel] : []),
      carrierService: input.carrierService,
      labelFormat: input.labelFormat ?? view.defaultLabelFormat,
      clientShipmentName: link.normalizedName,
      ...(input.returnMethod ? { returnMethod: input.returnMethod } : {}),
      ...(input.pickupWindows?.length ? { pickupWindows: input.pickupWindows } : {}),
    });
  }
  const complete = isComplete(label);
  const created = await db.shipment.update({ where: { id: row.id }, data: { state: complete ? "CREATED" : "REQUESTED", error: null, ...labelData(label, input.carrierService) } });
  await adoptProviderReference(ctx, link, label.providerReference);
  await recordLabelMade(ctx, provider, link, created, label);
  return created;
}

/** The link, its status and its timeline learn of a label the provider made (or accepted without its file). */
async function recordLabelMade(ctx: ShopContext, provider: ProviderId, link: ReturnLink, row: Shipment, label: Label): Promise<void> {
  const { db, shop } = ctx;
  const complete = isComplete(label);
  // Tracking is stored before Shopify hears of it, so the attach_deliverable echo is recognised as ours.
  await db.returnLink.update({
    where: { id: link.id },
    data: {
      trackingNumber: label.trackingNumber ?? link.trackingNumber,
      trackingUrl: label.trackingUrl ?? link.trackingUrl,
      lastSyncedAt: new Date(),
      lastSyncChange: complete ? `Label created at ${PROVIDER_NAMES[provider]}${label.trackingNumber ? ` (${label.trackingNumber})` : ""}` : `Label requested at ${PROVIDER_NAMES[provider]}, waiting for its file`,
      lastError: null,
      lastErrorAt: null,
    },
  });
  // The provider accepted the label: at least LABEL_CREATED, never a step back from a later status.
  await advanceProviderStatus(db, shop, link.id, "LABEL_CREATED");
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: provider,
    kind: "label",
    status: "LABEL_CREATED",
    detail: complete
      ? [`Label created at ${PROVIDER_NAMES[provider]}`, label.carrier, label.trackingNumber, label.labelFormat].filter(Boolean).join(" · ")
      : requestedNotice(provider),
    dedupeKey: `label-created:${row.id}:${label.trackingNumber ?? label.providerShipmentId}`,
  });
}

export async function createLabel(ctx: ShopContext, input: CreateLabelInput, timing: ClaimTiming = DEFAULT_CLAIM_TIMING): Promise<LabelResult> {
  const { db, shop } = ctx;
  let link = await ensureLink(ctx, input.returnGid);
  const provider = await providerFor(ctx, link, input.provider);
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.labels) throw new UnimplementedError(`${PROVIDER_NAMES[provider]} does not make labels`, { service: "app" });
  if (input.manualLabel && !platform.capabilities.manualLabelUpload) {
    throw new UnimplementedError(`${PROVIDER_NAMES[provider]} does not take uploaded label files: create the label with ${PROVIDER_NAMES[provider]} instead`, { service: "app", code: "MANUAL_LABEL_UNSUPPORTED" });
  }
  if (link.provider !== provider) link = await assignProvider(ctx, link, provider);
  else if (missingReference(link) && platform.capabilities.findProcess && link.referenceState === "PENDING") {
    // The merchant asks again: look for the reference again too (an earlier search may have failed or come too
    // early); a search that fails now is this request's answer, to retry, not "needs a link".
    await resolveReference(ctx, link.id);
    link = (await db.returnLink.findFirst({ where: { id: link.id, shop } })) ?? link;
  }
  const waiting = missingReference(link);
  if (waiting) throw new ValidationError(waiting, { service: "app", code: "REFERENCE_MISSING", fields: { reference: waiting } });

  const ret = await readOpenReturn(ctx, input);
  const rfo = pickReverseFulfillmentOrder(ret, input.reverseFulfillmentOrderId);
  const key = labelIdempotencyKey(ret.id, rfo.id);
  const where = { shop_provider_idempotencyKey: { shop, provider, idempotencyKey: key } };
  const claimData = {
    carrierService: input.carrierService ?? null,
    parcels: input.parcels ? JSON.stringify(input.parcels) : null,
    reverseFulfillmentOrderGid: rfo.id,
  };

  const outcome = await claimOnce<Shipment>(
    {
      create: () => db.shipment.create({ data: { shop, returnLinkId: link.id, provider, idempotencyKey: key, state: "CLAIMED", source: "APP", ...claimData } }),
      find: () => db.shipment.findUnique({ where }),
      takeOver: async (row, data) =>
        (
          await db.shipment.updateMany({
            where: { id: row.id, shop, state: row.state, updatedAt: row.updatedAt },
            data: { ...data, ...(data.state === "CLAIMED" ? claimData : {}), updatedAt: new Date() },
          })
        ).count === 1,
      // A requested or unconfirmed label is an answer too: looked up below, never requested twice.
      done: ["ATTACHED", "REQUESTED", "UNCONFIRMED"],
      resumable: ["CREATED"],
    },
    timing,
    "label",
  );
  let row = outcome.row;
  if (outcome.kind === "done" && row.state === "UNCONFIRMED") {
    row = await settleUnconfirmed(ctx, platform, link, row, timing);
    if (row.state === "ATTACHED" || row.state === "REQUESTED") return resultOf(row, ret.id, true);
    link = (await db.returnLink.findFirst({ where: { id: link.id, shop } })) ?? link;
  } else if (outcome.kind === "done") {
    if (row.state !== "REQUESTED") return resultOf(row, ret.id, true);
    const completed = await completeRequested(ctx, platform, link, row);
    if (!completed || completed.state === "ATTACHED") return resultOf(completed ?? row, ret.id, true);
    row = completed;
  }
  const reused = outcome.kind !== "claimed";
  if (row.state === "CLAIMED") {
    try {
      row = await callProvider(ctx, platform, link, row, input);
    } catch (err) {
      if (err instanceof OutcomeUnknownError) {
        // The provider may have made it: the row waits as UNCONFIRMED, so no request creates another blindly.
        const uncertain = labelMayExist(provider, err.message);
        await db.shipment.update({ where: { id: row.id }, data: { state: "UNCONFIRMED", error: uncertain.message.slice(0, 2000) } });
        await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "label", result: "ERROR", detail: uncertain.message });
        ctx.log.warn("label.outcome_unknown", { shop, provider, returnGid: ret.id, err });
        throw uncertain;
      }
      const message = failureMessage(provider, err);
      // Nothing half-done: the claim becomes FAILED with the reason, and a corrected retry claims it again.
      await db.shipment.update({ where: { id: row.id }, data: { state: "FAILED", error: message.slice(0, 2000) } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "label", result: "ERROR", detail: message });
      ctx.log.warn("label.provider_failed", { shop, provider, returnGid: ret.id, err });
      throw err;
    }
    link = (await db.returnLink.findFirst({ where: { id: link.id, shop } })) ?? link;
    if (row.state === "REQUESTED") return resultOf(row, ret.id, false);
  }

  const notifyCustomer = input.notifyCustomer ?? (await connectionView(ctx, provider)).notifyCustomer;
  try {
    row = await attachToShopify(ctx, await ctx.admin(), platform, link, row, rfo, notifyCustomer);
  } catch (err) {
    // The label exists at the provider: kept as CREATED with the reason, and the next request resumes here.
    const message = `The label was created at ${PROVIDER_NAMES[provider]} but not attached to Shopify: ${(err as Error).message}`;
    await db.shipment.update({ where: { id: row.id }, data: { error: message.slice(0, 2000) } });
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "label", result: "ERROR", detail: message });
    ctx.log.warn("label.attach_failed", { shop, provider, returnGid: ret.id, err });
    throw err;
  }
  await emitLabelEvents(ctx, link, row, PROVIDER_NAMES[provider], input.returnMethod === "HOME_PICK_UP" ? (input.pickupWindows ?? []) : null);
  return resultOf(row, ret.id, reused);
}
