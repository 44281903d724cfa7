import type { Db } from "../db.server";
import { AppError, ValidationError } from "../http/errors.server";
import { redactText, type Secrets } from "../http/redact.server";
import { parseAssumedCapabilities } from "../platforms/assumed-capabilities";
import { capabilitiesFor } from "../platforms/descriptors";
import { referenceOf, type ReferenceSource } from "../platforms/reference";
import { PROVIDER_IDS, type DropOffPoint, type PickupWindow, type PlatformCapabilities, type ProviderId } from "../platforms/types";

// Read model of the return page (the Shopify side, the provider side, labels, pickups, drop-off point and the
// timeline) and the errors it shows; its buttons are app/routes/app.returns.$id/actions.server.ts.

export const TIMELINE_LIMIT = 200;

export interface ShipmentView {
  id: string;
  provider: ProviderId;
  state: string;
  source: string;
  carrier: string | null;
  carrierService: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  hasLabelFile: boolean;
  attachedToShopify: boolean;
  error: string | null;
  createdAt: string;
}

export interface PickupView {
  id: string;
  provider: ProviderId;
  state: string;
  carrier: string | null;
  providerPickupId: string | null;
  windows: PickupWindow[];
  error: string | null;
  createdAt: string;
}

export interface TimelineItem {
  id: string;
  source: string;
  kind: string;
  status: string | null;
  detail: string | null;
  result: string;
  occurredAt: string;
}

export interface ConnectionSummary {
  provider: ProviderId;
  defaultLabelFormat: string;
  defaultCarrierService: string | null;
  carrierServices: string[];
  defaultWeightGrams: number | null;
  capabilities: Pick<PlatformCapabilities, "labels" | "pickups" | "dropOffPoints" | "labelFormats">;
}

export interface ReturnDetails {
  link: {
    id: string;
    returnGid: string;
    returnName: string;
    normalizedName: string;
    orderName: string;
    customerName: string | null;
    customerEmail: string | null;
    provider: ProviderId | null;
    ifReturnName: string | null;
    ifClientReference: string | null;
    reverProcessId: string | null;
    linkSource: string;
    referenceState: string;
    /** Where the provider reference came from (DERIVED: an assumed rule the merchant turned on). */
    referenceSource: ReferenceSource | null;
    /** The provider's reference whatever its kind, and whether the merchant must supply or check it. */
    reference: { value: string | null; state: "PENDING" | "KNOWN" | "CHECK" } | null;
    status: string;
    trackingNumber: string | null;
    trackingUrl: string | null;
    providerStatus: string | null;
    /** False: the provider's last read carried no status (REVER's STATUS_UNSPECIFIED, iF has none to read). */
    providerStatusReported: boolean | null;
    dropOffPoint: DropOffPoint | null;
    lastEventAt: string | null;
    lastSyncedAt: string | null;
    lastSyncChange: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
    createdAt: string;
  };
  shipments: ShipmentView[];
  pickups: PickupView[];
  /** Newest first, at most TIMELINE_LIMIT entries. */
  timeline: TimelineItem[];
  timelineTotal: number;
  connections: ConnectionSummary[];
  approveBeforeLabel: boolean;
  now: string;
}

function parseJson<T>(raw: string | null, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Null when the link does not exist in this shop (another shop's id is "not found", never shown). */
export async function loadReturnDetails(db: Db, shop: string, linkId: string): Promise<ReturnDetails | null> {
  const link = await db.returnLink.findFirst({ where: { id: linkId, shop } });
  if (!link) return null;
  const [shipments, pickups, timeline, timelineTotal, connections, settings] = await Promise.all([
    db.shipment.findMany({ where: { shop, returnLinkId: link.id }, orderBy: { createdAt: "desc" } }),
    db.pickup.findMany({ where: { shop, returnLinkId: link.id }, orderBy: { createdAt: "desc" } }),
    db.trackingEvent.findMany({ where: { returnLinkId: link.id, shop }, orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }], take: TIMELINE_LIMIT }),
    db.trackingEvent.count({ where: { returnLinkId: link.id, shop } }),
    db.providerConnection.findMany({
      where: { shop },
      orderBy: { provider: "asc" },
      select: { provider: true, defaultLabelFormat: true, defaultCarrierService: true, carrierServices: true, defaultParcel: true, assumedCapabilities: true },
    }),
    db.shopSettings.findUnique({ where: { shop }, select: { approveBeforeLabel: true } }),
  ]);
  return {
    link: {
      id: link.id,
      returnGid: link.returnGid,
      returnName: link.returnName,
      normalizedName: link.normalizedName,
      orderName: link.orderName,
      customerName: link.customerName,
      customerEmail: link.customerEmail,
      provider: link.provider as ProviderId | null,
      ifReturnName: link.ifReturnName,
      ifClientReference: link.ifClientReference,
      reverProcessId: link.reverProcessId,
      linkSource: link.linkSource,
      referenceState: link.referenceState,
      referenceSource: (referenceOf(link)?.source ?? null) as ReferenceSource | null,
      reference: (() => {
        const ref = referenceOf(link);
        return ref ? { value: ref.value, state: ref.state } : null;
      })(),
      status: link.status,
      trackingNumber: link.trackingNumber,
      trackingUrl: link.trackingUrl,
      providerStatus: link.providerStatus,
      providerStatusReported: link.providerStatusReported,
      dropOffPoint: parseJson<DropOffPoint | null>(link.dropOffPoint, null),
      lastEventAt: iso(link.lastEventAt),
      lastSyncedAt: iso(link.lastSyncedAt),
      lastSyncChange: link.lastSyncChange,
      lastError: link.lastError,
      lastErrorAt: iso(link.lastErrorAt),
      createdAt: link.createdAt.toISOString(),
    },
    shipments: shipments.map((s) => ({
      id: s.id,
      provider: s.provider as ProviderId,
      state: s.state,
      source: s.source,
      carrier: s.carrier,
      carrierService: s.carrierService,
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      labelFormat: s.labelFormat,
      hasLabelFile: s.source === "APP" && (s.state === "CREATED" || s.state === "ATTACHED") && !!s.labelUrl,
      attachedToShopify: !!s.shopifyLabelUrl || s.state === "ATTACHED",
      error: s.error,
      createdAt: s.createdAt.toISOString(),
    })),
    pickups: pickups.map((p) => ({
      id: p.id,
      provider: p.provider as ProviderId,
      state: p.state,
      carrier: p.carrier,
      providerPickupId: p.providerPickupId,
      windows: parseJson<PickupWindow[]>(p.ranges, []),
      error: p.error,
      createdAt: p.createdAt.toISOString(),
    })),
    timeline: timeline.map((e) => ({ id: e.id, source: e.source, kind: e.kind, status: e.status, detail: e.detail, result: e.result, occurredAt: e.occurredAt.toISOString() })),
    timelineTotal,
    connections: connections.filter((c) => (PROVIDER_IDS as readonly string[]).includes(c.provider)).map((c) => {
      const provider = c.provider as ProviderId;
      const caps = capabilitiesFor(provider, parseAssumedCapabilities(provider, c.assumedCapabilities));
      return {
        provider,
        defaultLabelFormat: c.defaultLabelFormat,
        defaultCarrierService: c.defaultCarrierService,
        carrierServices: parseJson<string[]>(c.carrierServices, []),
        defaultWeightGrams: parseJson<{ weightGrams?: number } | null>(c.defaultParcel, null)?.weightGrams ?? null,
        capabilities: { labels: caps.labels, pickups: caps.pickups, dropOffPoints: caps.dropOffPoints, labelFormats: caps.labelFormats },
      };
    }),
    approveBeforeLabel: settings?.approveBeforeLabel ?? false,
    now: new Date().toISOString(),
  };
}

// ---- Errors the merchant reads ----

export interface HumanError {
  /** AppError kind (authentication, validation, not_found, conflict, unimplemented, rate_limited, unavailable, timeout...) or "internal". */
  kind: string;
  /** The provider's or the use-case's own words (secrets redacted); null when nothing useful can be said. */
  message: string | null;
  retryable: boolean;
  service: string | null;
  code: string | null;
  fields: Record<string, string> | null;
}

/** What the page shows for a failure: the reason and whether retrying may help; never a stack trace. */
export function humanError(err: unknown, secrets: Secrets = []): HumanError {
  if (err instanceof AppError) {
    return {
      kind: err.kind,
      message: redactText(err.message, secrets),
      retryable: err.retryable,
      service: err.service ?? null,
      code: err.code === undefined || err.code === null ? null : String(err.code),
      fields: err instanceof ValidationError && err.fields ? err.fields : null,
    };
  }
  return { kind: "internal", message: null, retryable: true, service: null, code: null, fields: null };
}
