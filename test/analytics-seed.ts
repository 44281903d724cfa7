import { randomBytes } from "node:crypto";
import type { Db } from "../app/db.server";

// Returns with a known history, written straight into the app's tables, for the analytics and the dashboard's
// analytics filters: each scenario says when the return arrived, what happened after and when, so a test can
// compute what the page must show without the code under test.

export interface Scenario {
  name: string;
  /** When the request reached the app (ReturnLink.createdAt). */
  at: Date;
  provider: "IFRETURNS" | "REVER" | null;
  status: "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
  providerStatus?: string | null;
  /** Minutes after `at`. */
  labelAfter?: number;
  carrier?: string;
  pickup?: boolean;
  /** Provider status events: [status, minutes after `at`]. */
  statuses?: Array<[string, number]>;
  /** Error entries: [message, minutes after `at`]. */
  errors?: Array<[string, number]>;
  /** Why the link waits now (ReturnLink.lastError), [message, minutes after `at`]. */
  lastError?: [string, number];
}

const MIN = 60_000;

export interface SeededScenario extends Scenario {
  id: string;
}

let seq = 0;

/** An id shaped like Prisma's cuid() at that time (the dashboard's "newest first" and date range rely on it). */
export function cuidAt(at: Date): string {
  return `c${at.getTime().toString(36).padStart(8, "0")}${(seq % 1_679_616).toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;
}

export async function seedScenarios(db: Db, shop: string, scenarios: Scenario[]): Promise<SeededScenario[]> {
  const out: SeededScenario[] = [];
  for (const s of scenarios) {
    const n = 5000 + seq++;
    const link = await db.returnLink.create({
      data: {
        id: cuidAt(s.at),
        shop,
        returnGid: `gid://shopify/Return/${n}`,
        returnName: `#${n}-R1`,
        normalizedName: `${n}-R1`,
        orderGid: `gid://shopify/Order/${n}`,
        orderName: `#${n}`,
        status: s.status,
        provider: s.provider,
        providerStatus: s.providerStatus ?? null,
        lastError: s.lastError?.[0] ?? null,
        lastErrorAt: s.lastError ? new Date(s.at.getTime() + s.lastError[1] * MIN) : null,
        createdAt: s.at,
      },
    });
    const ev = (data: { source: string; kind: string; status?: string | null; detail?: string | null; result?: string; occurredAt: Date }) =>
      db.trackingEvent.create({ data: { shop, returnLinkId: link.id, status: null, detail: null, result: "OK", ...data } });
    await ev({ source: "SHOPIFY", kind: "status", status: "REQUESTED", detail: "returns/request", occurredAt: s.at });
    if (s.labelAfter !== undefined) {
      const labelAt = new Date(s.at.getTime() + s.labelAfter * MIN);
      await db.shipment.create({
        data: { shop, returnLinkId: link.id, provider: s.provider ?? "IFRETURNS", idempotencyKey: `k-${link.id}`, state: "ATTACHED", carrier: s.carrier ?? null, trackingNumber: `TRK${n}`, createdAt: labelAt },
      });
      await ev({ source: s.provider ?? "APP", kind: "label", status: "LABEL_CREATED", detail: "Label created", occurredAt: labelAt });
      await ev({ source: "APP", kind: "label", status: "LABEL_CREATED", detail: "Label attached", occurredAt: new Date(labelAt.getTime() + 1000) });
    }
    if (s.pickup) await db.pickup.create({ data: { shop, returnLinkId: link.id, provider: s.provider ?? "REVER", idempotencyKey: `p-${link.id}`, state: "SCHEDULED" } });
    for (const [status, after] of s.statuses ?? []) await ev({ source: s.provider ?? "REVER", kind: "status", status, detail: status, occurredAt: new Date(s.at.getTime() + after * MIN) });
    for (const [message, after] of s.errors ?? []) await ev({ source: "RECONCILE", kind: "sync", result: "ERROR", detail: message, occurredAt: new Date(s.at.getTime() + after * MIN) });
    out.push({ ...s, id: link.id });
  }
  return out;
}
