import { addDays, dayOf, startOfDay, weeksCovering } from "../../app/analytics/days";
import { reasonOfMessage } from "../../app/analytics/failure-reasons.server";
import type { AnalyticsQuery } from "../../app/analytics/query";
import { stageOf } from "../../app/analytics/stages";
import type { Db } from "../../app/db.server";

// The alternative the roll-up was measured against (docs/decisions/0015-analytics.md): the same figures read at
// request time from the app's tables with indexed queries (per-return subqueries on the timeline's
// (returnLinkId, occurredAt) index), medians and percentiles exact. SQLite SQL: the benchmark's engine.

interface Row {
  id: string;
  provider: string | null;
  status: string;
  providerStatus: string | null;
  createdAt: string;
  labelAt: string | null;
  scanAt: string | null;
  arrivalAt: string | null;
  carrier: string | null;
  pickup: number;
}

export interface LiveAnalytics {
  total: number;
  byStage: Record<string, number>;
  weeks: Array<{ start: string; total: number }>;
  medians: Record<string, { label: number | null; scan: number | null; arrival: number | null; n: number }>;
  failures: Array<{ key: string; returns: number }>;
}

function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1];
}

export async function liveAnalytics(db: Db, shop: string, q: AnalyticsQuery): Promise<LiveAnalytics> {
  const from = startOfDay(q.from)!.toISOString().replace("Z", "+00:00");
  const to = startOfDay(addDays(q.to, 1))!.toISOString().replace("Z", "+00:00");
  const provider = q.provider ? `AND l.provider = '${q.provider}'` : "";
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT l.id, l.provider, l.status, l.providerStatus, l.createdAt,
       (SELECT min(e.occurredAt) FROM TrackingEvent e WHERE e.returnLinkId = l.id AND e.kind IN ('label', 'tracking') AND e.result = 'OK') AS labelAt,
       (SELECT min(e.occurredAt) FROM TrackingEvent e WHERE e.returnLinkId = l.id AND e.kind = 'status' AND e.source IN ('IFRETURNS', 'REVER') AND e.status IN ('PICKED_UP', 'IN_TRANSIT', 'IN_WAREHOUSE')) AS scanAt,
       (SELECT min(e.occurredAt) FROM TrackingEvent e WHERE e.returnLinkId = l.id AND e.kind = 'status' AND e.source IN ('IFRETURNS', 'REVER') AND e.status = 'IN_WAREHOUSE') AS arrivalAt,
       (SELECT s.carrier FROM Shipment s WHERE s.shop = l.shop AND s.returnLinkId = l.id AND s.source = 'APP' AND s.state NOT IN ('FAILED', 'CLAIMED') ORDER BY s.createdAt DESC LIMIT 1) AS carrier,
       EXISTS (SELECT 1 FROM Pickup p WHERE p.returnLinkId = l.id AND p.state = 'SCHEDULED') AS pickup
     FROM ReturnLink l WHERE l.shop = ? AND l.createdAt >= ? AND l.createdAt < ? ${provider}`,
    shop,
    from,
    to,
  );
  const errors = await db.$queryRawUnsafe<Array<{ linkId: string; detail: string | null }>>(
    `SELECT e.returnLinkId AS linkId, e.detail FROM TrackingEvent e JOIN ReturnLink l ON l.id = e.returnLinkId
     WHERE l.shop = ? AND l.createdAt >= ? AND l.createdAt < ? ${provider} AND e.result = 'ERROR'`,
    shop,
    from,
    to,
  );
  const weeks = weeksCovering(q.from, q.to).map((start) => ({ start, total: 0 }));
  const byStage: Record<string, number> = {};
  const groups = new Map<string, { label: number[]; scan: number[]; arrival: number[]; n: number }>();
  const into = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { label: [], scan: [], arrival: [], n: 0 }));
    return g;
  };
  const secs = (a: string | null, b: string | null) => (a && b ? Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000) : null);
  for (const r of rows) {
    const stage = stageOf(r.status, r.providerStatus, !!r.pickup && r.providerStatus === "LABEL_CREATED");
    byStage[stage] = (byStage[stage] ?? 0) + 1;
    const day = dayOf(new Date(r.createdAt));
    weeks[Math.floor((Date.parse(day) - Date.parse(weeks[0].start)) / (7 * 86_400_000))].total++;
    const label = secs(r.createdAt, r.labelAt);
    const scan = r.scanAt && r.labelAt && r.scanAt >= r.labelAt ? secs(r.labelAt, r.scanAt) : null;
    const arrival = r.arrivalAt && r.labelAt && r.arrivalAt >= r.labelAt ? secs(r.labelAt, r.arrivalAt) : null;
    const method = r.pickup ? "PICKUP" : r.labelAt ? "DROP_OFF" : null;
    for (const k of ["ALL", `p:${r.provider ?? "NONE"}`, ...(r.carrier ? [`c:${r.carrier.toUpperCase()}`] : []), ...(method ? [`m:${method}`] : [])]) {
      const g = into(k);
      g.n++;
      if (label !== null) g.label.push(label);
      if (scan !== null) g.scan.push(scan);
      if (arrival !== null) g.arrival.push(arrival);
    }
  }
  const medians = Object.fromEntries([...groups].map(([k, g]) => [k, { label: quantile(g.label, 0.5), scan: quantile(g.scan, 0.5), arrival: quantile(g.arrival, 0.5), n: g.n }]));
  const reasons = new Map<string, Set<string>>();
  for (const e of errors) {
    const key = reasonOfMessage(e.detail ?? "").key;
    let s = reasons.get(key);
    if (!s) reasons.set(key, (s = new Set()));
    s.add(e.linkId);
  }
  const failures = [...reasons].map(([key, s]) => ({ key, returns: s.size })).sort((a, b) => b.returns - a.returns).slice(0, 5);
  return { total: rows.length, byStage, weeks, medians, failures };
}
