import type { Db } from "../db.server";
import { AUTOMATION_SOURCE, type AutomationSource } from "./automation-source.server";
import { readFacts, type LinkFacts } from "./facts.server";
import { sqlParams } from "./raw-sql.server";
import { addDays, weekStart } from "./days";
import { add, mergeSerialized, serialize, type Histogram } from "./histogram";

// Keeps the analytics read model in step with the app's tables: the links changed (or given timeline entries)
// since the shop's watermark get their facts recomputed, then every day they belong to is rolled up again from
// the facts. Idempotent: running it twice, or two at once, leaves the same rows. The job runs it every minute;
// the analytics page and the dashboard's analytics filters run it too, so what they show is never behind.

/** Changes written this long before the watermark are read again: a transaction still open when we last looked. */
const SKEW_MS = 5_000;
export const DEFAULT_BATCH = 500;
const EVENTS_PER_LINK = 8;

export interface RefreshOptions {
  /** Links per call; the rest waits for the next call (`more`). */
  maxLinks?: number;
  now?: Date;
  automation?: AutomationSource | null;
}

export interface RefreshResult {
  processed: number;
  days: number;
  /** More changes are waiting than this call took. */
  more: boolean;
}

const running = new Map<string, Promise<RefreshResult>>();

/** One refresh per shop at a time in this process; a caller arriving meanwhile shares the running one. */
export function refreshAnalytics(db: Db, shop: string, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const current = running.get(shop);
  if (current) return current;
  const p = refreshOnce(db, shop, opts).finally(() => running.delete(shop));
  running.set(shop, p);
  return p;
}

async function refreshOnce(db: Db, shop: string, opts: RefreshOptions): Promise<RefreshResult> {
  const max = opts.maxLinks ?? DEFAULT_BATCH;
  const startedAt = opts.now ?? new Date();
  const automation = opts.automation === undefined ? AUTOMATION_SOURCE : opts.automation;
  const state = await db.analyticsState.findUnique({ where: { shop } });

  // First build (or after the read model was deleted): walk the shop's links by id. What changes meanwhile is
  // picked up afterwards by the incremental pass, whose watermark is when the walk began.
  if (!state || state.backfillCursor !== null) {
    const cursor = state?.backfillCursor ?? "";
    const page = await db.returnLink.findMany({ where: { shop, id: { gt: cursor } }, orderBy: { id: "asc" }, take: max, select: { id: true } });
    const done = page.length < max;
    // Facts only while walking; each day is rolled up once, when the walk is over.
    await writeFacts(db, await readFactsInChunks(db, shop, page.map((l) => l.id), automation));
    let days = 0;
    if (done) {
      const all = await db.returnFact.findMany({ where: { shop }, distinct: ["day"], select: { day: true } });
      for (const { day } of all) await rollUpDay(db, shop, day, false);
      for (const monday of new Set(all.map((d) => weekStart(d.day)))) await rollUpWeek(db, shop, monday);
      days = all.length;
    }
    const watermark = state?.watermark ?? new Date(startedAt.getTime() - SKEW_MS);
    const backfillCursor = done ? null : page[page.length - 1].id;
    await db.analyticsState.upsert({ where: { shop }, create: { shop, watermark, refreshedAt: startedAt, backfillCursor }, update: { refreshedAt: startedAt, backfillCursor } });
    return { processed: page.length, days, more: true };
  }

  // Rows a transaction still held open when we last read may carry an earlier time than the watermark: look
  // back SKEW_MS behind a watermark that was the time of that read (saved equal to refreshedAt). A watermark
  // where a batch was cut lies well before its read, so everything older than it is in, and is not read again.
  const cut = state.watermark.getTime() !== state.refreshedAt.getTime();
  const since = new Date(state.watermark.getTime() - (cut ? 0 : SKEW_MS));
  // A return writes several timeline entries at a time: read enough of them to reach about `max` returns.
  const maxEvents = max * EVENTS_PER_LINK;
  const [links, events] = await Promise.all([
    db.returnLink.findMany({ where: { shop, updatedAt: { gte: since } }, orderBy: { updatedAt: "asc" }, take: max + 1, select: { id: true, updatedAt: true } }),
    db.trackingEvent.findMany({ where: { shop, createdAt: { gte: since } }, orderBy: { createdAt: "asc" }, take: maxEvents + 1, select: { returnLinkId: true, createdAt: true } }),
  ]);
  // A source cut short moves the watermark only as far as what was read from it; the rows of the cut's own
  // millisecond are read again next time (all of them when they alone fill a batch).
  let watermark = startedAt.getTime();
  if (links.length > max) watermark = Math.min(watermark, links[max].updatedAt.getTime());
  if (events.length > maxEvents) watermark = Math.min(watermark, events[maxEvents].createdAt.getTime());
  const ids = new Set([...links.slice(0, max).map((l) => l.id), ...events.slice(0, maxEvents).map((e) => e.returnLinkId)]);
  if (watermark === since.getTime()) {
    const at = new Date(watermark);
    const [l, e] = await Promise.all([
      db.returnLink.findMany({ where: { shop, updatedAt: at }, select: { id: true } }),
      db.trackingEvent.findMany({ where: { shop, createdAt: at }, select: { returnLinkId: true } }),
    ]);
    for (const r of l) ids.add(r.id);
    for (const r of e) ids.add(r.returnLinkId);
    watermark += 1;
  }
  const more = watermark < startedAt.getTime();
  if (!ids.size) {
    // Nothing new: the watermark only moves when it is well behind, so a quiet page load writes nothing.
    if (startedAt.getTime() - state.watermark.getTime() > 60_000) await saveState(db, shop, new Date(watermark), startedAt);
    return { processed: 0, days: 0, more: false };
  }
  const days = await apply(db, shop, [...ids], automation);
  await saveState(db, shop, new Date(watermark), startedAt);
  return { processed: ids.size, days, more };
}

/** Facts of these links written, then their days rolled up again. Returns how many days. */
async function apply(db: Db, shop: string, ids: string[], automation: AutomationSource | null): Promise<number> {
  if (!ids.length) return 0;
  const facts = await readFactsInChunks(db, shop, ids, automation);
  await writeFacts(db, facts);
  const days = [...new Set(facts.map((f) => f.day))];
  for (const day of days) await rollUpDay(db, shop, day, false);
  for (const monday of new Set(days.map(weekStart))) await rollUpWeek(db, shop, monday);
  return days.length;
}

async function saveState(db: Db, shop: string, watermark: Date, refreshedAt: Date): Promise<void> {
  await db.analyticsState.update({ where: { shop }, data: { watermark, refreshedAt } });
}

const CHUNK = 200;

async function readFactsInChunks(db: Db, shop: string, ids: string[], automation: AutomationSource | null): Promise<LinkFacts[]> {
  const out: LinkFacts[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const facts = await readFacts(db, shop, chunk);
    if (automation) {
      const handled = await automation.handledWithoutClick(db, shop, chunk);
      for (const f of facts) f.automated = handled.get(f.linkId) ?? null;
    }
    out.push(...facts);
  }
  return out;
}

async function writeFacts(db: Db, facts: LinkFacts[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < facts.length; i += CHUNK) {
    const chunk = facts.slice(i, i + CHUNK);
    const ids = chunk.map((f) => f.linkId);
    const failures = chunk.flatMap((f) => f.failures.map((r) => ({ f, r })));
    // Replaced whole, in one transaction, with plain multi-row INSERTs: typed createMany costs several times more
    // per row, and a first build writes every return of the shop.
    const params = sqlParams(db);
    const factRows = chunk.map((f) => params.row([f.linkId, f.shop, f.day, f.provider, f.stage, f.carrier, f.method, f.labelSeconds, f.scanSeconds, f.arrivalSeconds, f.automated, now])).join(", ");
    const reasons = sqlParams(db);
    const reasonRows = failures.map(({ f, r }) => reasons.row([f.linkId, r.key, f.shop, f.day, f.provider, r.message, r.lastAt])).join(", ");
    await db.$transaction([
      db.returnFailure.deleteMany({ where: { linkId: { in: ids } } }),
      db.returnFact.deleteMany({ where: { linkId: { in: ids } } }),
      db.$executeRawUnsafe(
        `INSERT INTO "ReturnFact" ("linkId", "shop", "day", "provider", "stage", "carrier", "method", "labelSeconds", "scanSeconds", "arrivalSeconds", "automated", "updatedAt") VALUES ${factRows}`,
        ...params.values,
      ),
      ...(failures.length ? [db.$executeRawUnsafe(`INSERT INTO "ReturnFailure" ("linkId", "reasonKey", "shop", "day", "provider", "message", "lastAt") VALUES ${reasonRows}`, ...reasons.values)] : []),
    ]);
  }
}

interface Cell {
  provider: string;
  dimension: "stage" | "segment" | "failure";
  value: string;
  returns: number;
  automated: number;
  automationKnown: number;
  label: Histogram;
  scan: Histogram;
  arrival: Histogram;
  sample: string | null;
  sampleAt: number;
}

/** Rebuilds the shop's roll-up rows of one day from that day's facts (and its week's, unless told not to). */
export async function rollUpDay(db: Db, shop: string, day: string, week = true): Promise<void> {
  const facts = await db.returnFact.findMany({ where: { shop, day } });
  const failures = [];
  for (let i = 0; i < facts.length; i += 1000) failures.push(...(await db.returnFailure.findMany({ where: { linkId: { in: facts.slice(i, i + 1000).map((f) => f.linkId) } } })));
  const cells = new Map<string, Cell>();
  const cell = (provider: string | null, dimension: Cell["dimension"], value: string): Cell => {
    const p = provider ?? "";
    const k = `${p}\u0000${dimension}\u0000${value}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { provider: p, dimension, value, returns: 0, automated: 0, automationKnown: 0, label: [], scan: [], arrival: [], sample: null, sampleAt: 0 }));
    return c;
  };
  for (const f of facts) {
    const stage = cell(f.provider, "stage", f.stage);
    stage.returns++;
    if (f.automated !== null) {
      stage.automationKnown++;
      if (f.automated) stage.automated++;
    }
    const seg = cell(f.provider, "segment", `${f.carrier ?? ""}|${f.method ?? ""}`);
    seg.returns++;
    add(seg.label, f.labelSeconds);
    add(seg.scan, f.scanSeconds);
    add(seg.arrival, f.arrivalSeconds);
  }
  for (const r of failures) {
    const c = cell(r.provider, "failure", r.reasonKey);
    c.returns++;
    if (r.lastAt.getTime() >= c.sampleAt) {
      c.sample = r.message;
      c.sampleAt = r.lastAt.getTime();
    }
  }
  await replaceRows(db, shop, day, cells);
  if (week) await rollUpWeek(db, shop, weekStart(day));
}

/** The roll-up's row key for the week starting on `monday` (day rows are YYYY-MM-DD, week rows W + the Monday). */
export const weekKey = (monday: string) => `W${monday}`;

async function replaceRows(db: Db, shop: string, day: string, cells: Map<string, Cell>): Promise<void> {
  const rows = [...cells.values()].map((c) => ({
    shop,
    day,
    provider: c.provider,
    dimension: c.dimension,
    value: c.value,
    returns: c.returns,
    automated: c.automated,
    automationKnown: c.automationKnown,
    labelHist: serialize(c.label),
    scanHist: serialize(c.scan),
    arrivalHist: serialize(c.arrival),
    sample: c.sample,
  }));
  await db.$transaction([db.analyticsDay.deleteMany({ where: { shop, day } }), ...(rows.length ? [db.analyticsDay.createMany({ data: rows })] : [])]);
}

/**
 * The week's row of each cell is the sum of its seven days: a long range reads whole weeks and only the days at
 * its ends, so the page reads a few hundred rows for a quarter instead of thousands.
 */
async function rollUpWeek(db: Db, shop: string, monday: string): Promise<void> {
  const days = await db.analyticsDay.findMany({ where: { shop, day: { gte: monday, lte: addDays(monday, 6) } }, orderBy: { day: "asc" } });
  const cells = new Map<string, Cell>();
  for (const r of days) {
    const k = `${r.provider}\u0000${r.dimension}\u0000${r.value}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { provider: r.provider, dimension: r.dimension as Cell["dimension"], value: r.value, returns: 0, automated: 0, automationKnown: 0, label: [], scan: [], arrival: [], sample: null, sampleAt: 0 }));
    c.returns += r.returns;
    c.automated += r.automated;
    c.automationKnown += r.automationKnown;
    mergeSerialized(c.label, r.labelHist);
    mergeSerialized(c.scan, r.scanHist);
    mergeSerialized(c.arrival, r.arrivalHist);
    if (r.sample) c.sample = r.sample;
  }
  await replaceRows(db, shop, weekKey(monday), cells);
}

/** Every change of the shop, in batches (the job's backfill, and tests). */
export async function refreshAll(db: Db, shop: string, opts: RefreshOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await refreshAnalytics(db, shop, opts);
    total += r.processed;
    if (!r.more) return total;
  }
}
