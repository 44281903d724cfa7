import type { ReturnLink, Shipment } from "@prisma/client";
import { AppError, NotFoundError, UnimplementedError, ValidationError, isRetryable } from "../http/errors.server";
import type { Address, DownloadedLabel, LabelFormat, Parcel, PickupWindow, ProviderId, ReturnMethod, ReturnsPlatform } from "../platforms/types";
import type { AdminClient } from "../shopify/graphql-client.server";
import { fetchReturnForSync, type ReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { createReverseDeliveryWithShipping } from "../shopify/graphql/reverse-delivery-create-with-shipping.server";
import { updateReverseDeliveryShipping } from "../shopify/graphql/reverse-delivery-shipping-update.server";
import { uploadReturnLabel } from "../shopify/upload-return-label.server";
import { approveReturn } from "./approve-return.server";
import { assignProvider } from "./manual-link.server";
import { resolveOrigin } from "./order-access.server";
import { connectionView, ensureLink, legacyId, notInShop, providerFor } from "./order-returns.server";
import { missingReference, PROVIDER_NAMES, providerRefOf } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { claimOnce, DEFAULT_CLAIM_TIMING, type ClaimTiming } from "./claim-once.server";
import { recordEvent } from "./timeline.server";
import { emitLabelEvents } from "../flow/emit.server";
import type { LabelResult } from "../contract/extension-api";
export type { LabelResult };

// Create a return label, idempotent end to end: the Shipment row keyed by the return and its reverse
// fulfillment order is claimed (unique insert) before the provider is called, so a double click, a retry
// or a second agent gets the same label. Then the file goes to Shopify (staged upload) and is attached to
// the reverse fulfillment order with the tracking; ZPL and JPG stay downloads for the merchant.

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

const CUSTOMER_PRINTABLE = new Set<string>(["PDF", "PNG"]);

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
    state: row.state === "ATTACHED" ? "ATTACHED" : "CREATED",
    reused,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    trackingUrl: row.trackingUrl,
    labelFormat: row.labelFormat,
    reverseFulfillmentOrderId: row.reverseFulfillmentOrderGid,
    reverseDeliveryId: row.reverseDeliveryGid,
    attachedToShopify: !!row.shopifyLabelUrl,
    shopifyLabelUrl: row.shopifyLabelUrl,
    notice: row.shopifyLabelUrl ? null : noticeFor(row.labelFormat),
  };
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
    await approveReturn(ctx, { returnGid: ret.id, notifyCustomer: input.notifyCustomer });
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
  const { db, shop } = ctx;
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
  const created = await db.shipment.update({
    where: { id: row.id },
    data: {
      state: "CREATED",
      error: null,
      providerShipmentId: label.providerShipmentId,
      carrier: label.carrier ?? null,
      carrierService: label.carrierService ?? input.carrierService ?? null,
      trackingNumber: label.trackingNumber ?? null,
      trackingUrl: label.trackingUrl ?? null,
      labelUrl: label.labelUrl ?? null,
      labelFormat: label.labelFormat ?? null,
    },
  });
  // Tracking is stored before Shopify hears of it, so the attach_deliverable echo is recognised as ours.
  await db.returnLink.update({
    where: { id: link.id },
    data: {
      trackingNumber: label.trackingNumber ?? link.trackingNumber,
      trackingUrl: label.trackingUrl ?? link.trackingUrl,
      providerStatus: "LABEL_CREATED",
      lastSyncedAt: new Date(),
      lastSyncChange: `Label created at ${PROVIDER_NAMES[provider]}${label.trackingNumber ? ` (${label.trackingNumber})` : ""}`,
      lastError: null,
      lastErrorAt: null,
    },
  });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: provider,
    kind: "label",
    status: "LABEL_CREATED",
    detail: [`Label created at ${PROVIDER_NAMES[provider]}`, label.carrier, label.trackingNumber, label.labelFormat].filter(Boolean).join(" · "),
    dedupeKey: `label-created:${row.id}:${label.trackingNumber ?? label.providerShipmentId}`,
  });
  return created;
}

/** Fetch the label file, asking the provider for a fresh URL once when the stored one has expired. */
export async function downloadLabelOf(platform: ReturnsPlatform, link: ReturnLink, row: Shipment, db: ShopContext["db"]): Promise<DownloadedLabel> {
  if (!row.labelUrl) throw new NotFoundError("This label has no file at the provider", { service: "app" });
  try {
    return await platform.downloadLabel(row.labelUrl);
  } catch (err) {
    if (!(err instanceof NotFoundError) && !(err instanceof AppError && err.status === 403)) throw err;
    const fresh = await platform.findLabel(providerRefOf(link), row.idempotencyKey);
    if (!fresh?.labelUrl || fresh.labelUrl === row.labelUrl) throw err;
    await db.shipment.update({ where: { id: row.id }, data: { labelUrl: fresh.labelUrl } });
    return platform.downloadLabel(fresh.labelUrl);
  }
}

export async function attachToShopify(
  ctx: ShopContext,
  admin: AdminClient,
  platform: ReturnsPlatform,
  link: ReturnLink,
  row: Shipment,
  rfo: Rfo,
  notifyCustomer: boolean,
): Promise<Shipment> {
  const { db, shop } = ctx;
  let fileUrl: string | null = null;
  let format = row.labelFormat;
  if (row.labelUrl && (format === null || CUSTOMER_PRINTABLE.has(format))) {
    const file = await downloadLabelOf(platform, link, row, db);
    format = file.format ?? format;
    if (file.format === "PDF" || file.format === "PNG") {
      const ext = file.format === "PDF" ? "pdf" : "png";
      const uploaded = await uploadReturnLabel(admin, {
        bytes: file.bytes,
        filename: `return-${link.normalizedName}-label.${ext}`,
        mimeType: file.format === "PDF" ? "application/pdf" : "image/png",
      });
      fileUrl = uploaded.fileUrl;
    }
  }
  const tracking = row.trackingNumber ? { number: row.trackingNumber, url: row.trackingUrl } : null;
  let reverseDeliveryGid = row.reverseDeliveryGid;
  let shopifyLabelUrl: string | null = null;
  if (tracking || fileUrl) {
    // A delivery already on this reverse fulfillment order (ours from a lost answer, or someone else's) is updated, never duplicated.
    const existing = rfo.reverseDeliveries.nodes.find((d) => d.id === row.reverseDeliveryGid) ?? rfo.reverseDeliveries.nodes[0];
    const rd = existing
      ? await updateReverseDeliveryShipping(admin, { reverseDeliveryId: existing.id, tracking, labelFileUrl: fileUrl, notifyCustomer })
      : await createReverseDeliveryWithShipping(admin, {
          reverseFulfillmentOrderId: rfo.id,
          tracking,
          labelFileUrl: fileUrl,
          notifyCustomer,
          // After a lost answer the delivery may exist: find it on the return rather than create (and be refused) again.
          findExisting: async () => {
            const fresh = await fetchReturnForSync(admin, link.returnGid);
            const made = fresh?.reverseFulfillmentOrders.nodes
              .find((n) => n.id === rfo.id)
              ?.reverseDeliveries.nodes.find((d) => (tracking ? d.deliverable?.tracking?.number === tracking.number : true));
            return made ? { id: made.id, reverseFulfillmentOrder: { id: rfo.id }, reverseDeliveryLineItems: { nodes: [] }, deliverable: made.deliverable } : undefined;
          },
        });
    reverseDeliveryGid = rd.id;
    shopifyLabelUrl = fileUrl ? (rd.deliverable?.label?.publicFileUrl ?? fileUrl) : null;
  }
  const attached = await db.shipment.update({
    where: { id: row.id },
    data: { state: "ATTACHED", error: null, labelFormat: format, reverseDeliveryGid, shopifyLabelUrl },
  });
  await db.returnLink.update({
    where: { id: link.id },
    data: { lastSyncedAt: new Date(), lastSyncChange: `Label attached to Shopify${row.trackingNumber ? ` (${row.trackingNumber})` : ""}` },
  });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: "APP",
    kind: "label",
    status: "LABEL_CREATED",
    detail: shopifyLabelUrl
      ? `Label and tracking ${row.trackingNumber ?? ""} attached to the Shopify return${notifyCustomer ? " (customer notified)" : ""}`.replace("  ", " ")
      : `Tracking ${row.trackingNumber ?? ""} attached to the Shopify return; ${format ?? "the"} label kept for download`.replace("  ", " "),
    dedupeKey: `label-attached:${row.id}:${reverseDeliveryGid ?? "none"}`,
  });
  return attached;
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
  const waiting = missingReference(link);
  if (waiting) throw new ValidationError(waiting, { service: "app", code: "REFERENCE_MISSING", fields: { reverProcessId: "link the REVER process" } });

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
      done: ["ATTACHED"],
      resumable: ["CREATED"],
    },
    timing,
    "label",
  );
  if (outcome.kind === "done") return resultOf(outcome.row, ret.id, true);

  let row = outcome.row;
  const reused = outcome.kind === "resume";
  if (row.state === "CLAIMED") {
    try {
      row = await callProvider(ctx, platform, link, row, input);
    } catch (err) {
      const message = failureMessage(provider, err);
      // Nothing half-done: the claim becomes FAILED with the reason, and a corrected retry claims it again.
      await db.shipment.update({ where: { id: row.id }, data: { state: "FAILED", error: message.slice(0, 2000) } });
      await recordEvent(db, { shop, returnLinkId: link.id, source: provider, kind: "label", result: "ERROR", detail: message });
      ctx.log.warn("label.provider_failed", { shop, provider, returnGid: ret.id, err });
      throw err;
    }
    link = (await db.returnLink.findFirst({ where: { id: link.id, shop } })) ?? link;
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
