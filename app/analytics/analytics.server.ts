import type { Db } from "../db.server";
import { parseAssumedCapabilities } from "../platforms/assumed-capabilities";
import { capabilitiesFor } from "../platforms/descriptors";
import type { ProviderId } from "../platforms/types";
import { AUTOMATION_SOURCE } from "./automation-source.server";
import { weeksCovering, addDays } from "./days";
import { countOf, mergeInto, parse, quantile, type Histogram } from "./histogram";
import { sqlParams } from "./raw-sql.server";
import { weekKey } from "./refresh.server";
import type { AnalyticsQuery } from "./query";
import { STAGES, type Stage } from "./stages";
import type { AnalyticsView, DurationRow, DurationStat, ProviderKey } from "./view";

// Read model of the analytics page: the daily roll-up rows of the range (and platform), summed into weeks,
// stages and platforms, with durations read from the merged histograms. A few thousand rows at most however
// many returns the shop has (docs/decisions/0015-analytics.md).

/** Which of the shop's connections report the parcel's progress: none documented does; REVER's summary statuses
 *  when the connection assumes them (decision 0004). */
function trackingReporters(connections: Array<{ provider: string; assumedCapabilities: string | null }>): Set<string> {
  const out = new Set<string>();
  for (const c of connections) {
    const provider = c.provider as ProviderId;
    if (capabilitiesFor(provider, parseAssumedCapabilities(provider, c.assumedCapabilities)).readsTrackingStatus) out.add(provider);
  }
  return out;
}

interface Acc {
  returns: number;
  providers: Set<string>;
  label: Histogram;
  scan: Histogram;
  arrival: Histogram;
}

const newAcc = (): Acc => ({ returns: 0, providers: new Set(), label: [], scan: [], arrival: [] });

interface RollUpRow {
  day: string;
  provider: string;
  dimension: string;
  value: string;
  returns: number | bigint;
  automated: number | bigint;
  automationKnown: number | bigint;
  labelHist: string | null;
  scanHist: string | null;
  arrivalHist: string | null;
  sample: string | null;
}

/** The roll-up rows of the range: whole weeks from their week rows, the days at either end from their day rows. */
async function readRange(db: Db, shop: string, query: AnalyticsQuery): Promise<RollUpRow[]> {
  const keys: string[] = [];
  for (const monday of weeksCovering(query.from, query.to)) {
    const sunday = addDays(monday, 6);
    if (monday >= query.from && sunday <= query.to) keys.push(weekKey(monday));
    else for (let d = monday; d <= sunday; d = addDays(d, 1)) if (d >= query.from && d <= query.to) keys.push(d);
  }
  // Plain SQL: a quarter is a few hundred rows, and Prisma's typed rows cost more than the query itself.
  const q = sqlParams(db);
  const where = `"shop" = ${q.p(shop)} AND "day" IN (${keys.map((k) => q.p(k)).join(", ")})${query.provider ? ` AND "provider" = ${q.p(query.provider)}` : ""}`;
  return db.$queryRawUnsafe<RollUpRow[]>(
    `SELECT "day", "provider", "dimension", "value", "returns", "automated", "automationKnown", "labelHist", "scanHist", "arrivalHist", "sample" FROM "AnalyticsDay" WHERE ${where}`,
    ...q.values,
  );
}

function stat(h: Histogram, reported: boolean): DurationStat {
  const n = countOf(h);
  return { n, median: n ? quantile(h, 0.5) : null, p90: n ? quantile(h, 0.9) : null, reported };
}

function row(key: string, a: Acc, reporters: Set<string>): DurationRow {
  const tracked = [...a.providers].some((p) => reporters.has(p));
  return { key, returns: a.returns, label: stat(a.label, true), scan: stat(a.scan, tracked), arrival: stat(a.arrival, tracked) };
}

const providerKey = (p: string): ProviderKey => (p === "" ? "NONE" : (p as ProviderKey));

export async function loadAnalytics(db: Db, shop: string, query: AnalyticsQuery): Promise<AnalyticsView> {
  const [rows, anyLink, connections, state] = await Promise.all([
    readRange(db, shop, query),
    db.returnLink.findFirst({ where: { shop }, select: { id: true } }),
    db.providerConnection.findMany({ where: { shop }, select: { provider: true, assumedCapabilities: true }, orderBy: { provider: "asc" } }),
    db.analyticsState.findUnique({ where: { shop } }),
  ]);

  const weeks = weeksCovering(query.from, query.to).map((start) => ({
    start,
    from: start < query.from ? query.from : start,
    to: addDays(start, 6) > query.to ? query.to : addDays(start, 6),
    total: 0,
    byStage: {} as Partial<Record<Stage, number>>,
    byProvider: {} as Partial<Record<ProviderKey, number>>,
  }));
  // A week row's day is W + its Monday.
  const weekOf = (day: string) => weeks[Math.floor((Date.parse(day.startsWith("W") ? day.slice(1) : day) - Date.parse(weeks[0].start)) / (7 * 86_400_000))];
  const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const byProvider: Record<ProviderKey, number> = { IFRETURNS: 0, REVER: 0, NONE: 0 };
  const overall = newAcc();
  const reporters = trackingReporters(connections);
  const perProvider = new Map<string, Acc>();
  const perCarrier = new Map<string, Acc>();
  const perMethod = new Map<string, Acc>();
  const failures = new Map<string, { returns: number; message: string; day: string }>();
  let total = 0;
  let automated = 0;
  let automationKnown = 0;

  const into = (m: Map<string, Acc>, k: string) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = newAcc()));
    return a;
  };

  for (const raw of rows) {
    const r = { ...raw, returns: Number(raw.returns), automated: Number(raw.automated), automationKnown: Number(raw.automationKnown) };
    if (r.dimension === "stage") {
      const w = weekOf(r.day);
      const stage = r.value as Stage;
      const p = providerKey(r.provider);
      total += r.returns;
      byStage[stage] = (byStage[stage] ?? 0) + r.returns;
      byProvider[p] += r.returns;
      w.total += r.returns;
      w.byStage[stage] = (w.byStage[stage] ?? 0) + r.returns;
      w.byProvider[p] = (w.byProvider[p] ?? 0) + r.returns;
      automated += r.automated;
      automationKnown += r.automationKnown;
    } else if (r.dimension === "segment") {
      const [carrier, method] = r.value.split("|");
      const h = { label: parse(r.labelHist), scan: parse(r.scanHist), arrival: parse(r.arrivalHist) };
      const targets = [overall, into(perProvider, r.provider), ...(carrier ? [into(perCarrier, carrier)] : []), ...(method ? [into(perMethod, method)] : [])];
      for (const a of targets) {
        a.returns += r.returns;
        a.providers.add(r.provider);
        mergeInto(a.label, h.label);
        mergeInto(a.scan, h.scan);
        mergeInto(a.arrival, h.arrival);
      }
    } else if (r.dimension === "failure") {
      const f = failures.get(r.value);
      if (!f) failures.set(r.value, { returns: r.returns, message: r.sample ?? r.value, day: r.day });
      else {
        f.returns += r.returns;
        if (r.day >= f.day && r.sample) Object.assign(f, { message: r.sample, day: r.day });
      }
    }
  }

  const sortedRows = (m: Map<string, Acc>, order?: readonly string[]) =>
    [...m.entries()]
      .filter(([, a]) => a.returns > 0)
      .sort(([ka, a], [kb, b]) => (order ? order.indexOf(ka) - order.indexOf(kb) : b.returns - a.returns || (ka < kb ? -1 : 1)))
      .map(([k, a]) => row(k, a, reporters));
  const failureRows = [...failures.entries()]
    .map(([key, f]) => ({ key, message: f.message, returns: f.returns }))
    .sort((a, b) => b.returns - a.returns || (a.key < b.key ? -1 : 1));
  const TOP = 5;

  return {
    query,
    hasReturns: !!anyLink,
    connected: connections.map((c) => c.provider as ProviderId),
    total,
    byStage,
    byProvider,
    weeks,
    durations: {
      overall: row("ALL", overall, reporters),
      byProvider: sortedRows(new Map([...perProvider].map(([k, a]) => [providerKey(k), a])), ["IFRETURNS", "REVER", "NONE"]),
      byCarrier: sortedRows(perCarrier),
      byMethod: sortedRows(perMethod, ["DROP_OFF", "PICKUP"]),
    },
    failures: { rows: failureRows.slice(0, TOP), others: failureRows.slice(TOP).reduce((n, f) => n + f.returns, 0) },
    automation: { available: AUTOMATION_SOURCE !== null, handled: automated, known: automationKnown },
    freshness: { refreshedAt: state?.refreshedAt.toISOString() ?? null, catchingUp: !state || state.backfillCursor !== null },
  };
}
