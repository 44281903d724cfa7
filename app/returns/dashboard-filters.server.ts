import type { Prisma } from "@prisma/client";
import { startOfDay } from "../analytics/days";
import { isStage, OPEN_STAGE_PROVIDER_STATUSES, type Stage } from "../analytics/stages";
import type { Db } from "../db.server";

// The dashboard filters the analytics page links to: the day the return was received (from/to), its stage, and
// what the analytics read model knows per return (carrier, return method, failure reason). Stage and dates are
// read from the link itself; carrier, method and failure from ReturnFact / ReturnFailure (app/analytics).

export type MethodFilter = "DROP_OFF" | "PICKUP";

export interface ReportFilters {
  /** First and last day received, inclusive (YYYY-MM-DD, UTC). */
  from: string | null;
  to: string | null;
  stage: Stage | null;
  carrier: string | null;
  method: MethodFilter | null;
  /** A failure reason key (app/analytics/failure-reasons.server.ts). */
  failure: string | null;
}

const DAY_MS = 86_400_000;
const TOKEN = /^[\w.:-]{1,64}$/;

export function parseReportFilters(params: URLSearchParams): ReportFilters {
  const day = (k: string) => (startOfDay(params.get(k) ?? "") ? params.get(k) : null);
  const token = (k: string) => (TOKEN.test(params.get(k) ?? "") ? params.get(k) : null);
  const method = params.get("method");
  return {
    from: day("from"),
    to: day("to"),
    stage: isStage(params.get("stage")) ? (params.get("stage") as Stage) : null,
    carrier: token("carrier")?.toUpperCase() ?? null,
    method: method === "DROP_OFF" || method === "PICKUP" ? method : null,
    failure: token("failure"),
  };
}

export function hasFactFilter(q: ReportFilters): boolean {
  return !!(q.carrier || q.method || q.failure);
}

/** The received-at range as [start, end) instants. */
function range(q: ReportFilters): { gte?: Date; lt?: Date } | null {
  if (!q.from && !q.to) return null;
  return { ...(q.from ? { gte: startOfDay(q.from)! } : {}), ...(q.to ? { lt: new Date(startOfDay(q.to)!.getTime() + DAY_MS) } : {}) };
}

/** Prisma's cuid() starts with the creation time in base 36 after a "c": ids of a time range lie in an id range. */
const idAt = (ms: number) => `c${Math.max(0, Math.floor(ms)).toString(36).padStart(8, "0")}`;

/** Conditions on the link's own columns (created within the range, at this stage). */
export function reportFilterWhere(q: ReportFilters): Prisma.ReturnLinkWhereInput[] {
  const out: Prisma.ReturnLinkWhereInput[] = [];
  const r = range(q);
  if (r) {
    out.push({ createdAt: r });
    // The same range on the id (a day's slack each side) lets the "newest first" walk start inside the range
    // instead of stepping over every newer link; createdAt above stays the exact test.
    out.push({ id: { ...(r.gte ? { gte: idAt(r.gte.getTime() - DAY_MS) } : {}), ...(r.lt ? { lt: idAt(r.lt.getTime() + DAY_MS) } : {}) } });
  }
  if (q.stage) out.push(stageWhere(q.stage));
  return out;
}

const BOOKED = { some: { state: "SCHEDULED" } };

/** The links at a stage (app/analytics/stages.ts): Shopify's status, the provider's, and a booked pickup. */
function stageWhere(stage: Stage): Prisma.ReturnLinkWhereInput {
  const statuses = (OPEN_STAGE_PROVIDER_STATUSES as Record<string, ReadonlyArray<string | null>>)[stage];
  if (!statuses) return { status: stage };
  if (stage === "LABEL_CREATED") return { status: "OPEN", providerStatus: "LABEL_CREATED", pickups: { none: { state: "SCHEDULED" } } };
  if (stage === "PICKUP_BOOKED") return { status: "OPEN", OR: [{ providerStatus: { in: [...statuses] as string[] } }, { providerStatus: "LABEL_CREATED", pickups: BOOKED }] };
  const named = statuses.filter((s): s is string => s !== null);
  return { status: "OPEN", OR: [...(named.length ? [{ providerStatus: { in: named } }] : []), ...(statuses.includes(null) ? [{ providerStatus: null }] : [])] };
}

/** Conditions on the analytics facts, for the ordered walk in SQL (when the filter matches many links). */
export function factFilterWhere(q: ReportFilters): Prisma.ReturnLinkWhereInput[] {
  const out: Prisma.ReturnLinkWhereInput[] = [];
  if (q.carrier || q.method) out.push({ fact: { is: { ...(q.carrier ? { carrier: q.carrier } : {}), ...(q.method ? { method: q.method } : {}) } } });
  if (q.failure) out.push({ failures: { some: { reasonKey: q.failure } } });
  return out;
}

const FACT_CANDIDATES = 2000;

/**
 * The links the fact filters select, read from their indexes (shop, carrier|method|reason, day): null when more
 * than a few thousand match, and the walk in SQL, which then finds a page quickly, is used instead.
 */
export async function factCandidates(db: Db, shop: string, q: ReportFilters): Promise<string[] | null> {
  const day = q.from || q.to ? { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } : undefined;
  let ids: Set<string> | null = null;
  const keep = (rows: Array<{ linkId: string }>) => {
    const next = new Set(rows.map((r) => r.linkId));
    ids = ids ? new Set([...ids].filter((id) => next.has(id))) : next;
  };
  if (q.failure) {
    const rows = await db.returnFailure.findMany({ where: { shop, reasonKey: q.failure, ...(day ? { day } : {}) }, select: { linkId: true }, take: FACT_CANDIDATES + 1 });
    if (rows.length > FACT_CANDIDATES) return null;
    keep(rows);
  }
  if (q.carrier || q.method) {
    const rows = await db.returnFact.findMany({
      where: { shop, ...(q.carrier ? { carrier: q.carrier } : {}), ...(q.method ? { method: q.method } : {}), ...(day ? { day } : {}) },
      select: { linkId: true },
      take: FACT_CANDIDATES + 1,
    });
    if (rows.length > FACT_CANDIDATES) return null;
    keep(rows);
  }
  return ids ? [...(ids as Set<string>)] : null;
}
