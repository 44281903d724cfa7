import type { Db } from "../db.server";
import { FAILURE_STATUSES, reasonOfMessage, reasonOfStatus, type FailureReason } from "./failure-reasons.server";
import { dayOf } from "./days";
import { stageOf, type Stage } from "./stages";

// What the analytics know about one return, computed from what the app already stores: the link (Shopify's and
// the provider's status), its shipments (carrier), pickups (return method) and timeline (when the label was made,
// when the carrier first reported the parcel, when it reached the warehouse, what failed).

export type ReturnMethodFact = "DROP_OFF" | "PICKUP";

export interface LinkFacts {
  linkId: string;
  shop: string;
  day: string;
  provider: string | null;
  stage: Stage;
  carrier: string | null;
  method: ReturnMethodFact | null;
  labelSeconds: number | null;
  scanSeconds: number | null;
  arrivalSeconds: number | null;
  automated: boolean | null;
  failures: Array<FailureReason & { lastAt: Date }>;
}

export interface LinkRow {
  id: string;
  shop: string;
  provider: string | null;
  status: string;
  providerStatus: string | null;
  /** The reason the link waits now (a failure too, though not always on the timeline). */
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
}
export interface ShipmentRow {
  source: string;
  state: string;
  carrier: string | null;
  createdAt: Date;
}
export interface PickupRow {
  state: string;
}
export interface EventRow {
  source: string;
  kind: string;
  status: string | null;
  detail: string | null;
  result: string;
  occurredAt: Date;
}

const PROVIDER_SOURCES = new Set(["IFRETURNS", "REVER"]);
/** The carrier has the parcel: the first of these a provider reports is the first tracking event. */
const SCANNED = new Set(["PICKED_UP", "IN_TRANSIT", "IN_WAREHOUSE"]);
/** A pickup the provider confirmed (or the merchant confirmed as booked) makes the return a pickup. */
const BOOKED_PICKUP = new Set(["SCHEDULED"]);

const seconds = (from: Date | null, to: Date | null) => (from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);

function earliest(events: EventRow[], test: (e: EventRow) => boolean, notBefore?: Date | null): Date | null {
  let found: Date | null = null;
  for (const e of events) {
    if (!test(e) || (notBefore && e.occurredAt < notBefore)) continue;
    if (!found || e.occurredAt < found) found = e.occurredAt;
  }
  return found;
}

export function computeFacts(link: LinkRow, shipments: ShipmentRow[], pickups: PickupRow[], events: EventRow[], automated: boolean | null = null): LinkFacts {
  // The label: our own (created, or seen made elsewhere and attached) is the first label or tracking entry that went through.
  const labelAt = earliest(events, (e) => (e.kind === "label" || e.kind === "tracking") && e.result === "OK");
  const scanAt = earliest(events, (e) => e.kind === "status" && PROVIDER_SOURCES.has(e.source) && SCANNED.has(e.status ?? ""), labelAt);
  const arrivalAt = earliest(events, (e) => e.kind === "status" && PROVIDER_SOURCES.has(e.source) && e.status === "IN_WAREHOUSE", labelAt);
  const label = shipments
    .filter((s) => s.state !== "FAILED" && s.state !== "CLAIMED" && s.state !== "UNCONFIRMED")
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const pickedUp = pickups.some((p) => BOOKED_PICKUP.has(p.state));
  const method: ReturnMethodFact | null = pickedUp ? "PICKUP" : labelAt || label ? "DROP_OFF" : null;

  const failures = new Map<string, FailureReason & { lastAt: Date }>();
  const note = (r: FailureReason, at: Date) => {
    const seen = failures.get(r.key);
    if (!seen || seen.lastAt <= at) failures.set(r.key, { ...r, lastAt: at });
  };
  if (link.lastError) note(reasonOfMessage(link.lastError), link.lastErrorAt ?? link.createdAt);
  for (const e of events) {
    if (e.result === "ERROR") note(reasonOfMessage(e.detail?.trim() || `${e.kind} failed`), e.occurredAt);
    else if (e.kind === "status" && PROVIDER_SOURCES.has(e.source) && (FAILURE_STATUSES as readonly string[]).includes(e.status ?? "")) {
      note(reasonOfStatus(e.status as (typeof FAILURE_STATUSES)[number], e.detail), e.occurredAt);
    }
  }

  return {
    linkId: link.id,
    shop: link.shop,
    day: dayOf(link.createdAt),
    provider: link.provider,
    stage: stageOf(link.status, link.providerStatus, pickedUp),
    carrier: label?.carrier ? label.carrier.trim().toUpperCase() : null,
    method,
    labelSeconds: seconds(link.createdAt, labelAt),
    scanSeconds: seconds(labelAt, scanAt),
    arrivalSeconds: seconds(labelAt, arrivalAt),
    automated,
    failures: [...failures.values()],
  };
}

/** The timeline entries the facts read (never the sync and push successes, which can be many). */
const EVENT_WHERE = { OR: [{ kind: { in: ["status", "label", "tracking"] } }, { result: "ERROR" }] };

/** Facts of these links of the shop (links that no longer exist are left out). */
export async function readFacts(db: Db, shop: string, linkIds: string[]): Promise<LinkFacts[]> {
  if (!linkIds.length) return [];
  const [links, shipments, pickups, events] = await Promise.all([
    db.returnLink.findMany({ where: { shop, id: { in: linkIds } }, select: { id: true, shop: true, provider: true, status: true, providerStatus: true, lastError: true, lastErrorAt: true, createdAt: true } }),
    db.shipment.findMany({ where: { shop, returnLinkId: { in: linkIds } }, select: { returnLinkId: true, source: true, state: true, carrier: true, createdAt: true } }),
    db.pickup.findMany({ where: { shop, returnLinkId: { in: linkIds } }, select: { returnLinkId: true, state: true } }),
    db.trackingEvent.findMany({
      where: { shop, returnLinkId: { in: linkIds }, ...EVENT_WHERE },
      select: { returnLinkId: true, source: true, kind: true, status: true, detail: true, result: true, occurredAt: true },
    }),
  ]);
  const group = <T extends { returnLinkId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.returnLinkId);
      if (list) list.push(r);
      else m.set(r.returnLinkId, [r]);
    }
    return m;
  };
  const s = group(shipments);
  const p = group(pickups);
  const e = group(events);
  return links.map((l) => computeFacts(l, s.get(l.id) ?? [], p.get(l.id) ?? [], e.get(l.id) ?? []));
}
