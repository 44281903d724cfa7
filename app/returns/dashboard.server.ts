import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { refreshAnalytics } from "../analytics/refresh.server";
import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { listRejectedWebhooks, setupState, type RejectedWebhook, type SetupState } from "./dashboard-banners.server";
import { decodeCursor, encodeCursor, type Cursor } from "./dashboard-cursor";
import { RETURN_STATUSES, SORT_FIELDS, type ReturnStatus, type SortDir, type SortField } from "./dashboard-options";
import { factCandidates, factFilterWhere, hasFactFilter, parseReportFilters, reportFilterWhere, type ReportFilters } from "./dashboard-filters.server";

// Read model of the dashboard: every linked return of one shop, filtered, searched and sorted on the server,
// walked with keyset cursors (never OFFSET), plus the counts and the rejected webhooks shown above the table.

export { RETURN_STATUSES, SORT_FIELDS, type ReturnStatus, type SortDir, type SortField };
// The bulk "retry sync" / "push tracking" request and the panels above the table have modules of their own.
export { MAX_BULK_LINKS, requestLinkSync, type LinkSyncAction, type LinkSyncRequest } from "./request-link-sync.server";
export { listRejectedWebhooks, setupState, type RejectedWebhook, type SetupState } from "./dashboard-banners.server";
export type ProviderFilter = ProviderId | "NONE";

export interface DashboardQuery extends ReportFilters {
  status: ReturnStatus | null;
  provider: ProviderFilter | null;
  hasError: boolean;
  /** Links whose provider reference is missing or to be checked (e.g. "needs a REVER link"). */
  needsLink: boolean;
  q: string;
  sort: SortField;
  dir: SortDir;
  /** Opaque cursors from a previous page: `after` walks forward, `before` walks back. */
  after: string | null;
  before: string | null;
  take: number;
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 250;

function oneOf<T extends string>(values: readonly T[], raw: string | null | undefined): T | null {
  return raw && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** Lenient: unknown or malformed parameters fall back to the defaults instead of failing the page. */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const take = Number(params.get("take"));
  return {
    status: oneOf(RETURN_STATUSES, params.get("status")),
    provider: oneOf<ProviderFilter>([...PROVIDER_IDS, "NONE"], params.get("provider")),
    hasError: ["1", "true", "on"].includes(params.get("hasError") ?? ""),
    needsLink: ["1", "true", "on"].includes(params.get("needsLink") ?? ""),
    q: (params.get("q") ?? "").trim().slice(0, 100),
    sort: oneOf(SORT_FIELDS, params.get("sort")) ?? "created",
    dir: params.get("dir") === "asc" ? "asc" : "desc",
    after: params.get("after") || null,
    before: params.get("after") ? null : params.get("before") || null,
    take: Number.isInteger(take) && take > 0 ? Math.min(take, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
    ...parseReportFilters(params),
  };
}

// "created" is the id: Prisma's cuid() ids grow with creation time, and (shop, status, id) / (shop, provider, id)
// already index them, so the default view needs no extra index.
type SortColumn = "id" | "normalizedName" | "orderName" | "status" | "lastSyncedAt" | "lastErrorAt";
interface SortSpec {
  column: SortColumn;
  nullable: boolean;
  date: boolean;
}
const SORT_COLUMN: Record<SortField, SortSpec> = {
  created: { column: "id", nullable: false, date: false },
  return: { column: "normalizedName", nullable: false, date: false },
  order: { column: "orderName", nullable: false, date: false },
  status: { column: "status", nullable: false, date: false },
  lastSync: { column: "lastSyncedAt", nullable: true, date: true },
  lastError: { column: "lastErrorAt", nullable: true, date: true },
};

function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

function prefix(db: Db, value: string): Prisma.StringFilter<"ReturnLink"> {
  // SQLite: a range on the BINARY index (its LIKE is case-insensitive and cannot use one). PostgreSQL: LIKE 'x%'.
  return isPostgres(db) ? { startsWith: value } : { gte: value, lt: `${value}\uffff` };
}

function searchVariants(raw: string): string[] {
  const bare = raw.trim().replace(/^#/, "");
  return [...new Set([bare, bare.toUpperCase()])].filter(Boolean);
}

/** Return name ("#64231-R1", "64231-r1"), order name ("#64231", "64231") or tracking number, by prefix. */
export function searchWhere(db: Db, raw: string): Prisma.ReturnLinkWhereInput | null {
  const variants = searchVariants(raw);
  if (!variants.length) return null;
  return {
    OR: variants.flatMap((v): Prisma.ReturnLinkWhereInput[] => [{ normalizedName: prefix(db, v) }, { orderName: prefix(db, `#${v}`) }, { trackingNumber: prefix(db, v) }]),
  };
}

const SEARCH_CANDIDATES = 2000;
const KEY_SELECT = { id: true, status: true, provider: true, referenceState: true, lastErrorAt: true, normalizedName: true, orderName: true, lastSyncedAt: true } satisfies Prisma.ReturnLinkSelect;

/** A provider is chosen but its reference is missing (PENDING) or was not recognised (CHECK). */
const NEEDS_LINK = ["PENDING", "CHECK"];
type Key = Prisma.ReturnLinkGetPayload<{ select: typeof KEY_SELECT }>;

/**
 * A selective search is answered from its three indexes (each a plain range scan) and ordered here, so the
 * planner is never tempted to walk the whole shop in display order testing every row. Null when too many rows
 * match: the search is then not selective, and the ordered walk in SQL finds a page quickly.
 */
async function searchCandidates(db: Db, shop: string, raw: string): Promise<Key[] | null> {
  const found = new Map<string, Key>();
  for (const v of searchVariants(raw)) {
    for (const where of [{ normalizedName: prefix(db, v) }, { orderName: prefix(db, `#${v}`) }, { trackingNumber: prefix(db, v) }]) {
      const rows = await db.returnLink.findMany({ where: { shop, ...where }, select: KEY_SELECT, take: SEARCH_CANDIDATES + 1 });
      for (const r of rows) found.set(r.id, r);
      if (found.size > SEARCH_CANDIDATES) return null;
    }
  }
  return [...found.values()];
}

function filterWhere(db: Db, shop: string, q: DashboardQuery, withSearch: boolean): Prisma.ReturnLinkWhereInput {
  const and: Prisma.ReturnLinkWhereInput[] = [{ shop }];
  if (q.status) and.push({ status: q.status });
  if (q.provider) and.push({ provider: q.provider === "NONE" ? null : q.provider });
  if (q.hasError) and.push({ lastErrorAt: { not: null } });
  if (q.needsLink) and.push({ referenceState: { in: NEEDS_LINK }, provider: { not: null } });
  const search = withSearch ? searchWhere(db, q.q) : null;
  if (search) and.push(search);
  and.push(...reportFilterWhere(q), ...factFilterWhere(q));
  return and.length === 1 ? and[0] : { AND: and };
}

function keyMatches(k: Key, q: DashboardQuery): boolean {
  if (q.status && k.status !== q.status) return false;
  if (q.provider && k.provider !== (q.provider === "NONE" ? null : q.provider)) return false;
  if (q.needsLink && (k.provider === null || !NEEDS_LINK.includes(k.referenceState))) return false;
  return !q.hasError || k.lastErrorAt !== null;
}

function keyValue(k: Pick<Key, SortColumn>, column: SortColumn): string | null {
  const v = k[column];
  return v instanceof Date ? v.toISOString() : (v ?? null);
}

/** The page order (value dir NULLS LAST, id dir) as a comparator, for candidates sorted in memory. */
function compareInPageOrder(a: { v: string | null; id: string }, b: { v: string | null; id: string }, dir: SortDir): number {
  if (a.v !== b.v) {
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    return (a.v < b.v ? -1 : 1) * (dir === "asc" ? 1 : -1);
  }
  return a.id === b.id ? 0 : (a.id < b.id ? -1 : 1) * (dir === "asc" ? 1 : -1);
}

// Order: (value dir, id dir) with NULL values last in both directions and on both engines. Prisma would emulate
// NULLS LAST with a CASE expression that no index can serve, so a nullable column is walked as two index-ordered
// segments: the rows that have a value, then the rows without one (ordered by id).
interface Segment {
  /** null: the rows whose sort value is NULL; value: the others; all: a column that is never NULL. */
  part: "value" | "null" | "all";
  where: Prisma.ReturnLinkWhereInput;
  orderBy: Prisma.ReturnLinkOrderByWithRelationInput[];
}

function flip(dir: SortDir): SortDir {
  return dir === "asc" ? "desc" : "asc";
}

/** The segments in walking order: forward follows the page order, backward walks it in reverse. */
function segments({ column, nullable }: SortSpec, dir: SortDir, backward: boolean): Segment[] {
  const d = backward ? flip(dir) : dir;
  const byValue = column === "id" ? [{ id: d }] : [{ [column]: d }, { id: d }];
  if (!nullable) return [{ part: "all", where: {}, orderBy: byValue }];
  const value: Segment = { part: "value", where: { [column]: { not: null } }, orderBy: byValue };
  const none: Segment = { part: "null", where: { [column]: null }, orderBy: [{ id: d }] };
  return backward ? [none, value] : [value, none];
}

/** Rows strictly past the cursor inside the cursor's own segment, in walking direction `d`. */
function pastCursor({ column, date }: SortSpec, seg: Segment, d: SortDir, c: Cursor): Prisma.ReturnLinkWhereInput {
  const cmp = d === "desc" ? "lt" : "gt";
  const idPast = { id: { [cmp]: c.id } };
  if (column === "id" || seg.part === "null") return idPast;
  const v = date ? new Date(c.v!) : c.v!;
  return { OR: [{ [column]: { [cmp]: v } }, { AND: [{ [column]: v }, idPast] }] };
}

const ROW_SELECT = {
  id: true,
  returnName: true,
  normalizedName: true,
  orderName: true,
  customerName: true,
  provider: true,
  status: true,
  trackingNumber: true,
  trackingUrl: true,
  providerStatus: true,
  providerStatusReported: true,
  referenceState: true,
  lastSyncedAt: true,
  lastSyncChange: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
} satisfies Prisma.ReturnLinkSelect;

type Row = Prisma.ReturnLinkGetPayload<{ select: typeof ROW_SELECT }>;

export interface DashboardRow {
  id: string;
  returnName: string;
  orderName: string;
  customerName: string | null;
  provider: ProviderId | null;
  status: string;
  trackingNumber: string | null;
  trackingUrl: string | null;
  providerStatus: string | null;
  providerStatusReported: boolean | null;
  /** PENDING: the provider's reference is still to be linked; CHECK: the provider did not recognise it. */
  referenceState: string;
  lastSyncedAt: string | null;
  lastSyncChange: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface DashboardPage {
  rows: DashboardRow[];
  /** Cursor for the next page (null on the last one). */
  nextCursor: string | null;
  /** Cursor for the previous page (null on the first one). */
  previousCursor: string | null;
}

function toRow(r: Row): DashboardRow {
  return {
    id: r.id,
    returnName: r.returnName,
    orderName: r.orderName,
    customerName: r.customerName,
    provider: r.provider as ProviderId | null,
    status: r.status,
    trackingNumber: r.trackingNumber,
    trackingUrl: r.trackingUrl,
    providerStatus: r.providerStatus,
    providerStatusReported: r.providerStatusReported,
    referenceState: r.provider ? r.referenceState : "PENDING",
    lastSyncedAt: r.lastSyncedAt?.toISOString() ?? null,
    lastSyncChange: r.lastSyncChange,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt?.toISOString() ?? null,
  };
}

function cursorOf(r: Pick<Key, SortColumn>, column: SortColumn): string {
  return encodeCursor({ v: column === "id" ? null : keyValue(r, column), id: r.id });
}

/** One page of the table. A cursor that does not decode is ignored (first page) rather than an error. */
export async function listDashboardPage(db: Db, shop: string, q: DashboardQuery): Promise<DashboardPage> {
  const spec = SORT_COLUMN[q.sort];
  const decoded = decodeCursor(q.after ?? q.before);
  // A cursor without a value for a column that always has one came from another sort: start over.
  const cursor = decoded && (spec.column === "id" || decoded.v !== null || spec.nullable) ? decoded : null;
  const backward = !q.after && !!cursor;
  const candidates = await candidatesFor(db, shop, q);
  const { rows, more } = candidates
    ? await pageFromCandidates(db, shop, candidates, q, spec, cursor, backward)
    : await pageFromSql(db, filterWhere(db, shop, q, !!q.q), q, spec, cursor, backward);
  if (!rows.length) return { rows: [], nextCursor: null, previousCursor: null };
  return {
    rows: rows.map(toRow),
    nextCursor: backward || more ? cursorOf(rows[rows.length - 1], spec.column) : null,
    previousCursor: (!!q.after && !!cursor) || (backward && more) ? cursorOf(rows[0], spec.column) : null,
  };
}

/**
 * Links a selective search or analytics filter picks out (null: none is selective, walk in SQL). The candidates
 * are read again with the range and stage conditions, which look at other tables (pickups) too.
 */
async function candidatesFor(db: Db, shop: string, q: DashboardQuery): Promise<Key[] | null> {
  const searched = q.q ? await searchCandidates(db, shop, q.q) : null;
  const factIds = hasFactFilter(q) ? await factCandidates(db, shop, q) : null;
  if (!searched && !factIds) return null;
  let ids = factIds ?? searched!.map((k) => k.id);
  if (factIds && searched) {
    const inSearch = new Set(searched.map((k) => k.id));
    ids = factIds.filter((id) => inSearch.has(id));
  }
  const report = reportFilterWhere(q);
  const search = factIds && !searched && q.q ? searchWhere(db, q.q) : null;
  if (!report.length && !search && searched && !factIds) return searched;
  const keys: Key[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    keys.push(...(await db.returnLink.findMany({ where: { AND: [{ shop, id: { in: ids.slice(i, i + 500) } }, ...report, ...(search ? [search] : [])] }, select: KEY_SELECT })));
  }
  return keys;
}

interface PageRows {
  /** In display order. */
  rows: Row[];
  /** The walk did not reach the end in its direction. */
  more: boolean;
}

/** Walks the index-ordered segments in SQL. */
async function pageFromSql(db: Db, base: Prisma.ReturnLinkWhereInput, q: DashboardQuery, spec: SortSpec, cursor: Cursor | null, backward: boolean): Promise<PageRows> {
  const walk = segments(spec, q.dir, backward);
  const d = backward ? flip(q.dir) : q.dir;
  // A cursor sits in one segment: the segments before it in walking order are already behind us.
  const from = cursor ? walk.findIndex((seg) => seg.part === "all" || (seg.part === "null") === (cursor.v === null)) : 0;
  const found: Row[] = [];
  for (let i = from; i < walk.length && found.length <= q.take; i++) {
    const seg = walk[i];
    const parts = [base, seg.where, ...(cursor && i === from ? [pastCursor(spec, seg, d, cursor)] : [])].filter((w) => Object.keys(w).length);
    const rows = await db.returnLink.findMany({ where: { AND: parts }, orderBy: seg.orderBy, take: q.take + 1 - found.length, select: ROW_SELECT });
    found.push(...rows);
  }
  const page = found.slice(0, q.take);
  if (backward) page.reverse();
  return { rows: page, more: found.length > q.take };
}

/** The same page from a few thousand search candidates sorted in memory, then read by id. */
async function pageFromCandidates(db: Db, shop: string, candidates: Key[], q: DashboardQuery, spec: SortSpec, cursor: Cursor | null, backward: boolean): Promise<PageRows> {
  const keyed = candidates.filter((k) => keyMatches(k, q)).map((k) => ({ v: spec.column === "id" ? null : keyValue(k, spec.column), id: k.id }));
  keyed.sort((a, b) => compareInPageOrder(a, b, q.dir));
  let ids: string[];
  let more: boolean;
  if (!cursor) {
    ids = keyed.slice(0, q.take).map((k) => k.id);
    more = keyed.length > q.take;
  } else {
    const c = { v: spec.column === "id" ? null : cursor.v, id: cursor.id };
    const side = keyed.filter((k) => (backward ? compareInPageOrder(k, c, q.dir) < 0 : compareInPageOrder(k, c, q.dir) > 0));
    ids = (backward ? side.slice(-q.take) : side.slice(0, q.take)).map((k) => k.id);
    more = side.length > q.take;
  }
  const byId = new Map((await db.returnLink.findMany({ where: { shop, id: { in: ids } }, select: ROW_SELECT })).map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)).filter((r): r is Row => !!r), more };
}

export type StatusCounts = Record<ReturnStatus, number> & { all: number; withErrors: number; needsLink: number };

/** Counts per Shopify status for the whole shop, how many links carry an error and how many need a link (index-only). */
export async function countByStatus(db: Db, shop: string): Promise<StatusCounts> {
  const [groups, withErrors, needsLink] = await Promise.all([
    db.returnLink.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    db.returnLink.count({ where: { shop, lastErrorAt: { not: null } } }),
    db.returnLink.count({ where: { shop, referenceState: { in: NEEDS_LINK }, provider: { not: null } } }),
  ]);
  const counts = { REQUESTED: 0, OPEN: 0, CLOSED: 0, DECLINED: 0, CANCELED: 0, all: 0, withErrors, needsLink } as StatusCounts;
  for (const g of groups) {
    const n = g._count._all;
    counts.all += n;
    if ((RETURN_STATUSES as readonly string[]).includes(g.status)) counts[g.status as ReturnStatus] += n;
  }
  return counts;
}

export interface Dashboard {
  page: DashboardPage;
  /** What the applied analytics filters are called (a failure reason's latest message). */
  filterLabels: { failure: string | null };
  counts: StatusCounts;
  rejectedWebhooks: { rows: RejectedWebhook[]; total: number };
  setup: SetupState;
  query: DashboardQuery;
  /** Server time the page was read at: relative times ("5 minutes ago") render the same on server and client. */
  now: string;
}

export async function loadDashboard(db: Db, shop: string, query: DashboardQuery): Promise<Dashboard> {
  // The analytics filters read the analytics facts: bring them up to date first (a few changed returns at most).
  if (hasFactFilter(query)) await refreshAnalytics(db, shop);
  const [page, counts, rejectedWebhooks, setup, failure] = await Promise.all([
    listDashboardPage(db, shop, query),
    countByStatus(db, shop),
    listRejectedWebhooks(db, shop),
    setupState(db, shop),
    query.failure ? db.returnFailure.findFirst({ where: { shop, reasonKey: query.failure }, orderBy: { lastAt: "desc" }, select: { message: true } }) : null,
  ]);
  return { page, counts, rejectedWebhooks, setup, query, filterLabels: { failure: failure?.message ?? null }, now: new Date().toISOString() };
}
