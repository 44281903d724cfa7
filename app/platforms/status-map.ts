import type { NormalisedStatus } from "./types";

// THE one table relating iF TransportationStatus, REVER lkss and REVER logistics_summary.status to our
// NormalisedStatus, in both directions. docs/status-map.md explains it; a test keeps the two in step.

export const IF_TRANSPORTATION_STATUSES = [
  "REQUESTED",
  "PICK_UP_IN_PROGRESS",
  "PICK_UP_COMPLETED",
  "SHIPPING_IN_PROGRESS",
  "SHIPPING_COMPLETED",
  "PICK_UP_FAILED",
  "PICK_UP_CANCELLED",
  "SHIPPING_FAILED",
  "SHIPPING_CANCELLED",
] as const;
export type IfTransportationStatus = (typeof IF_TRANSPORTATION_STATUSES)[number];

export const REVER_LKSS = ["NO_SHIPPING_STATUS", "CREATED", "COLLECTED", "IN_WAREHOUSE", "ERROR", "CANCELED"] as const;
export type ReverLkss = (typeof REVER_LKSS)[number];

// Assumption: the docs show only STATUS_UNSPECIFIED for logistics_summary.status; the other values are
// assumed to follow the lkss words (plus IN_TRANSIT). Reading also accepts a "STATUS_" prefix and synonyms.
export const REVER_SUMMARY_STATUSES = ["STATUS_UNSPECIFIED", "CREATED", "COLLECTED", "IN_TRANSIT", "IN_WAREHOUSE", "ERROR", "CANCELED"] as const;
export type ReverSummaryStatus = (typeof REVER_SUMMARY_STATUSES)[number];

interface Row {
  status: NormalisedStatus;
  /** What we send to iF (null: iF has no such state, nothing is pushed). */
  ifStatus: IfTransportationStatus | null;
  /** What we send to REVER as lkss. */
  lkss: ReverLkss;
  /** The summary status the REVER simulator reports for this state (assumed enum). */
  reverSummary: ReverSummaryStatus;
  meaning: string;
}

export const STATUS_TABLE: readonly Row[] = [
  { status: "NONE", ifStatus: null, lkss: "NO_SHIPPING_STATUS", reverSummary: "STATUS_UNSPECIFIED", meaning: "No shipment yet" },
  { status: "LABEL_CREATED", ifStatus: "REQUESTED", lkss: "CREATED", reverSummary: "CREATED", meaning: "Label / logistic order created, parcel not moving yet" },
  { status: "PICKUP_IN_PROGRESS", ifStatus: "PICK_UP_IN_PROGRESS", lkss: "CREATED", reverSummary: "CREATED", meaning: "Carrier is on the way to collect" },
  { status: "PICKED_UP", ifStatus: "PICK_UP_COMPLETED", lkss: "COLLECTED", reverSummary: "COLLECTED", meaning: "Carrier has the parcel (collected or dropped off)" },
  { status: "IN_TRANSIT", ifStatus: "SHIPPING_IN_PROGRESS", lkss: "COLLECTED", reverSummary: "IN_TRANSIT", meaning: "Travelling to the warehouse" },
  { status: "IN_WAREHOUSE", ifStatus: "SHIPPING_COMPLETED", lkss: "IN_WAREHOUSE", reverSummary: "IN_WAREHOUSE", meaning: "Delivered to the warehouse" },
  { status: "PICKUP_FAILED", ifStatus: "PICK_UP_FAILED", lkss: "ERROR", reverSummary: "ERROR", meaning: "Collection failed" },
  { status: "PICKUP_CANCELED", ifStatus: "PICK_UP_CANCELLED", lkss: "CANCELED", reverSummary: "CANCELED", meaning: "Collection cancelled" },
  { status: "FAILED", ifStatus: "SHIPPING_FAILED", lkss: "ERROR", reverSummary: "ERROR", meaning: "Shipment failed (lost, returned to sender...)" },
  { status: "CANCELED", ifStatus: "SHIPPING_CANCELLED", lkss: "CANCELED", reverSummary: "CANCELED", meaning: "Shipment cancelled" },
];

const byStatus = new Map(STATUS_TABLE.map((r) => [r.status, r]));

/** For each vendor value read back, the normalised status (the first row naming it wins for lkss). */
const FROM_IF = new Map<string, NormalisedStatus>(STATUS_TABLE.filter((r) => r.ifStatus).map((r) => [r.ifStatus!, r.status]));
const FROM_LKSS = new Map<string, NormalisedStatus>([
  ["NO_SHIPPING_STATUS", "NONE"],
  ["CREATED", "LABEL_CREATED"],
  ["COLLECTED", "PICKED_UP"],
  ["IN_WAREHOUSE", "IN_WAREHOUSE"],
  ["ERROR", "FAILED"],
  ["CANCELED", "CANCELED"],
]);
const FROM_SUMMARY = new Map<string, NormalisedStatus>([
  ["UNSPECIFIED", "NONE"],
  ["STATUS_UNSPECIFIED", "NONE"],
  ["NO_SHIPPING_STATUS", "NONE"],
  ["CREATED", "LABEL_CREATED"],
  ["LABEL_CREATED", "LABEL_CREATED"],
  ["PICKUP_SCHEDULED", "PICKUP_IN_PROGRESS"],
  ["COLLECTED", "PICKED_UP"],
  ["PICKED_UP", "PICKED_UP"],
  ["IN_TRANSIT", "IN_TRANSIT"],
  ["DELIVERED", "IN_WAREHOUSE"],
  ["IN_WAREHOUSE", "IN_WAREHOUSE"],
  ["ERROR", "FAILED"],
  ["FAILED", "FAILED"],
  ["CANCELED", "CANCELED"],
  ["CANCELLED", "CANCELED"],
]);

export function toIfStatus(status: NormalisedStatus): IfTransportationStatus | null {
  return byStatus.get(status)!.ifStatus;
}

export function fromIfStatus(value: string): NormalisedStatus | null {
  return FROM_IF.get(value.trim().toUpperCase()) ?? null;
}

export function toReverLkss(status: NormalisedStatus): ReverLkss {
  return byStatus.get(status)!.lkss;
}

export function fromReverLkss(value: string): NormalisedStatus | null {
  return FROM_LKSS.get(value.trim().toUpperCase()) ?? null;
}

export function toReverSummaryStatus(status: NormalisedStatus): ReverSummaryStatus {
  return byStatus.get(status)!.reverSummary;
}

/** Lenient: "STATUS_IN_WAREHOUSE", "in_warehouse" and "IN_WAREHOUSE" all read the same; unknown gives null. */
export function fromReverSummaryStatus(value: string | null | undefined): NormalisedStatus | null {
  if (!value) return "NONE";
  const v = value.trim().toUpperCase();
  return FROM_SUMMARY.get(v) ?? FROM_SUMMARY.get(v.replace(/^STATUS_/, "")) ?? null;
}

// THE order of statuses: every push and every read-back moves a link only forward along it (docs/status-map.md).
// The pickup stage (on its way to be collected, failed or cancelled collection) is one step: a failed or
// cancelled pickup can be booked again, and a booked one can fail, without moving back.
const RANK: Readonly<Record<NormalisedStatus, number>> = {
  NONE: 0,
  LABEL_CREATED: 1,
  PICKUP_IN_PROGRESS: 2,
  PICKUP_FAILED: 2,
  PICKUP_CANCELED: 2,
  PICKED_UP: 3,
  IN_TRANSIT: 4,
  IN_WAREHOUSE: 5,
  FAILED: 6,
  CANCELED: 6,
};

/** How far along a return's journey a status is (equal ranks are one stage). */
export function statusRank(status: NormalisedStatus): number {
  return RANK[status];
}

/** No further movement is expected: arrived, failed or cancelled in transit (a failed or cancelled pickup can be rebooked). */
export function isTerminalStatus(status: NormalisedStatus): boolean {
  return status === "IN_WAREHOUSE" || status === "FAILED" || status === "CANCELED";
}

export function isNormalisedStatus(value: unknown): value is NormalisedStatus {
  return typeof value === "string" && value in RANK;
}

/**
 * May a link (or the provider) at `from` be moved to `to`? Never from a terminal status, never back to an earlier
 * stage, sideways only within the pickup stage; an unknown or absent `from` takes anything.
 */
export function isForward(from: string | null | undefined, to: NormalisedStatus): boolean {
  if (!isNormalisedStatus(from)) return true;
  if (from === to || isTerminalStatus(from)) return false;
  return RANK[to] >= RANK[from];
}

/** Before the carrier has the parcel, a cancelled return cancels the pickup; after, the shipment. */
export function cancelStatusFor(current: string | null | undefined): NormalisedStatus {
  return isNormalisedStatus(current) && RANK[current] >= RANK.PICKED_UP ? "CANCELED" : "PICKUP_CANCELED";
}
