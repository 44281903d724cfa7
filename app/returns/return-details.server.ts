import { z } from "zod";
import type { Db } from "../db.server";
import { AppError, ValidationError } from "../http/errors.server";
import { redactText, type Secrets } from "../http/redact.server";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import { parseAssumedCapabilities } from "../platforms/assumed-capabilities";
import { capabilitiesFor } from "../platforms/descriptors";
import { referenceOf, type ReferenceSource } from "../platforms/reference";
import { PROVIDER_IDS, type DropOffPoint, type LabelFormat, type PickupWindow, type PlatformCapabilities, type ProviderId } from "../platforms/types";
import { approveReturn } from "./approve-return.server";
import { createLabel } from "./create-label.server";
import { requestLinkSync } from "./dashboard.server";
import { chooseDropOffPoint, findDropOffPointsForReturn } from "./find-drop-off-points.server";
import { linkReturn, unlinkReturn } from "./manual-link.server";
import { schedulePickup } from "./schedule-pickup.server";
import type { ShopContext } from "./shop-context.server";

// Read model of the return page (the Shopify side, the provider side, labels, pickups, drop-off point and the
// timeline) and the one place where the page's buttons reach the same use-cases as the order-page extension.

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

// ---- The page's actions: the same use-cases as the order-page extension ----

export const RETURN_INTENTS = ["retry-sync", "push-tracking", "approve", "create-label", "schedule-pickup", "find-drop-off-points", "choose-drop-off-point", "link", "unlink"] as const;
export type ReturnIntent = (typeof RETURN_INTENTS)[number];

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const provider = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]);
const hour = z.coerce.number().int().min(0).max(24);

const intentInput = {
  "create-label": z.object({
    provider: provider.optional().or(z.literal("").transform(() => undefined)),
    carrierService: optionalText,
    labelFormat: z.enum(["PDF", "ZPL", "PNG", "JPG"]).optional().or(z.literal("").transform(() => undefined)),
    weightGrams: z
      .union([z.literal(""), z.coerce.number().int().min(1).max(70_000)])
      .optional()
      .transform((v) => (v === "" || v === undefined ? undefined : v)),
    // What Shopify did not share of the customer's address, as the merchant types it (origin.email, origin.phone...).
    "origin.name": optionalText,
    "origin.email": z.union([z.literal(""), z.string().trim().email("is not an email address")]).optional().transform((v) => v || undefined),
    "origin.phone": optionalText,
    "origin.line1": optionalText,
    "origin.city": optionalText,
    "origin.postalCode": optionalText,
    "origin.countryCode": z.union([z.literal(""), z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "must be a two-letter country code such as ES")]).optional().transform((v) => v || undefined),
  }),
  "schedule-pickup": z
    .object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), startHour: hour, endHour: hour })
    .refine((w) => w.endHour > w.startHour, { path: ["endHour"], message: "must be after the start" }),
  "find-drop-off-points": z.object({ rangeKm: z.union([z.literal(""), z.coerce.number().min(1).max(20)]).optional().transform((v) => (v === "" ? undefined : v)) }),
  "choose-drop-off-point": z.object({ point: z.string().min(2) }),
  link: z.object({ provider, reference: z.string().trim().min(1).max(500) }),
} as const;

/** The customer's address fields the return page asks for when Shopify did not share them. */
export const ORIGIN_FIELDS = ["name", "email", "phone", "line1", "city", "postalCode", "countryCode"] as const;

export type ReturnActionResult =
  | { intent: ReturnIntent; ok: true; detail?: string | null; tracking?: string | null; points?: DropOffPoint[]; labelState?: string }
  | { intent: ReturnIntent | null; ok: false; error: HumanError };

function invalid(fields: Record<string, string>): ValidationError {
  return new ValidationError(`Check ${Object.keys(fields).join(", ")}`, { service: "app", fields });
}

function parse<T extends z.ZodTypeAny>(schema: T, form: FormData): z.infer<T> {
  const result = schema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join(".") || "form"] ??= issue.message;
  throw invalid(fields);
}

/** Runs one button of the return page for a link of this shop; failures come back as human errors. */
export async function runReturnAction(ctx: ShopContext, linkId: string, form: FormData): Promise<ReturnActionResult> {
  const raw = form.get("intent");
  const intent = (RETURN_INTENTS as readonly string[]).includes(String(raw)) ? (raw as ReturnIntent) : null;
  try {
    if (!intent) throw invalid({ intent: "unknown action" });
    const link = await ctx.db.returnLink.findFirst({ where: { id: linkId, shop: ctx.shop }, select: { id: true, returnGid: true } });
    if (!link) throw new ValidationError("This return is not in this shop", { service: "app" });
    const returnGid = link.returnGid;
    switch (intent) {
      case "retry-sync":
      case "push-tracking":
        await enqueueFollowUps(ctx.rt.jobs, ctx.shop, (await requestLinkSync(ctx.db, ctx.shop, [link.id], intent === "retry-sync" ? "sync" : "push-tracking")).followUps);
        return { intent, ok: true };
      case "approve":
        await approveReturn(ctx, { returnGid });
        return { intent, ok: true };
      case "create-label": {
        const input = parse(intentInput["create-label"], form);
        const result = await createLabel(ctx, {
          returnGid,
          provider: input.provider,
          carrierService: input.carrierService,
          labelFormat: input.labelFormat as LabelFormat | undefined,
          ...(input.weightGrams ? { parcels: [{ weightGrams: input.weightGrams }] } : {}),
          originFill: Object.fromEntries(ORIGIN_FIELDS.flatMap((f) => (input[`origin.${f}`] ? [[f, input[`origin.${f}`]]] : []))),
        });
        return { intent, ok: true, tracking: result.trackingNumber, detail: result.notice, labelState: result.state };
      }
      case "schedule-pickup": {
        const w = parse(intentInput["schedule-pickup"], form);
        await schedulePickup(ctx, { returnGid, windows: [{ date: w.date, startHour: w.startHour, endHour: w.endHour }] });
        return { intent, ok: true };
      }
      case "find-drop-off-points": {
        const input = parse(intentInput["find-drop-off-points"], form);
        const found = await findDropOffPointsForReturn(ctx, { returnGid, rangeKm: input.rangeKm, limit: 10 });
        return { intent, ok: true, points: found.points, detail: found.searchedNear };
      }
      case "choose-drop-off-point": {
        const { point } = parse(intentInput["choose-drop-off-point"], form);
        let parsed: DropOffPoint | null;
        try {
          parsed = point === "none" ? null : (JSON.parse(point) as DropOffPoint);
        } catch {
          throw invalid({ point: "not a drop-off point" });
        }
        await chooseDropOffPoint(ctx, { returnGid, point: parsed });
        return { intent, ok: true };
      }
      case "link": {
        const input = parse(intentInput.link, form);
        await linkReturn(ctx, { returnGid, provider: input.provider, reference: input.reference });
        return { intent, ok: true };
      }
      case "unlink":
        await unlinkReturn(ctx, { returnGid });
        return { intent, ok: true };
    }
  } catch (err) {
    if (!(err instanceof AppError)) ctx.log.error("return_page.action_crashed", { shop: ctx.shop, linkId, intent, err });
    return { intent, ok: false, error: humanError(err, ctx.log.secrets) };
  }
}
