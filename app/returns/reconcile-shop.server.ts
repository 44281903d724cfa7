import type { ReturnLink, Shipment } from "@prisma/client";
import { RateLimitedError } from "../http/errors.server";
import { log } from "../logger.server";
import { fetchReturnStatuses, MAX_STATUS_IDS, type ReturnStatusRow } from "../shopify/graphql/return-statuses.server";
import type { FollowUp } from "./apply-return-event.server";
import type { ShopContext } from "./shop-context.server";
import { recordSyncError, syncLink } from "./sync-link.server";

// Scheduled reconciliation of one shop: walks open links in pages (cursor, never all rows in memory),
// reads Shopify in batches of statuses and each provider within its own budget, and changes only what differs.
// The walk has no page boundary: workers take links from a queue that is refilled one page ahead (links and
// their Shopify statuses), so a slow link never holds back the next page and the pass runs at the speed of
// the slower limit rather than the sum of both.

export interface ReconcileReport {
  links: number;
  changed: number;
  mutations: number;
  shopifyQueries: number;
  providerCalls: number;
  errors: number;
  followUps: FollowUp[];
  durationMs: number;
}

export interface ReconcileOptions {
  pageSize?: number;
  /** Links synced at once; each provider's limiter paces the actual calls. */
  concurrency?: number;
  now?: Date;
}

const OPEN_STATUSES = ["REQUESTED", "OPEN"];

export async function reconcileShop(ctx: ShopContext, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? MAX_STATUS_IDS, MAX_STATUS_IDS));
  const concurrency = opts.concurrency ?? 64;
  const report: ReconcileReport = { links: 0, changed: 0, mutations: 0, shopifyQueries: 0, providerCalls: 0, errors: 0, followUps: [], durationMs: 0 };
  const admin = await ctx.admin();

  // At most two pages are held: the one being worked and the next, read while the queue still holds a page.
  type Item = { link: ReturnLink; status: ReturnStatusRow | null; shipment: Shipment | null };
  const queue: Item[] = [];
  let cursor: string | undefined;
  let exhausted = false;
  let failure: unknown;
  let reading: Promise<void> | null = null;

  const readPage = async (): Promise<void> => {
    const links = await ctx.db.returnLink.findMany({
      where: { shop: ctx.shop, status: { in: OPEN_STATUSES } },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (links.length < pageSize) exhausted = true;
    if (!links.length) return;
    cursor = links[links.length - 1].id;
    report.shopifyQueries++;
    // Each link's own shipment, for the page in one query (the latest wins, as in syncLink).
    const shipments = new Map<string, Shipment>();
    const rows = await ctx.db.shipment.findMany({ where: { shop: ctx.shop, source: "APP", returnLinkId: { in: links.map((l) => l.id) } }, orderBy: { createdAt: "asc" } });
    for (const row of rows) shipments.set(row.returnLinkId, row);
    const statuses = await fetchReturnStatuses(admin, links.map((l) => l.returnGid));
    links.forEach((link, i) => queue.push({ link, status: statuses[i] ?? null, shipment: shipments.get(link.id) ?? null }));
  };
  /** Starts reading the next page unless one is being read; a failure ends the pass (reported once). */
  const readAhead = (): Promise<void> => {
    reading ??= readPage()
      .catch((err) => {
        failure ??= err;
        exhausted = true;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  const next = async (): Promise<Item | undefined> => {
    for (;;) {
      if (failure !== undefined) return undefined;
      if (queue.length <= pageSize && !exhausted) void readAhead();
      if (queue.length) return queue.shift();
      if (exhausted && !reading) return undefined;
      await readAhead();
    }
  };

  // Links with nothing new are marked synced together: one write per page instead of one per link.
  let untouched: string[] = [];
  const touch = async (): Promise<void> => {
    const ids = untouched;
    untouched = [];
    if (ids.length) await ctx.db.returnLink.updateMany({ where: { shop: ctx.shop, id: { in: ids } }, data: { lastSyncedAt: now } });
  };

  const worker = async () => {
    for (let item = await next(); item; item = await next()) {
      const { link, status, shipment } = item;
      report.links++;
      try {
        const r = await syncLink(ctx, link, status?.status ?? null, now, { shipment, batchTouch: true });
        if (r.touchDeferred) untouched.push(link.id);
        report.mutations += r.mutations;
        report.providerCalls += r.providerCalls;
        report.followUps.push(...r.followUps);
        if (r.changes.length) report.changed++;
      } catch (err) {
        report.errors++;
        if (err instanceof RateLimitedError) log.warn("reconcile.rate_limited", { shop: ctx.shop, link: link.id });
        await recordSyncError(ctx, link, err);
      }
      if (untouched.length >= pageSize) await touch();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  await touch();
  if (failure !== undefined) throw failure;
  report.durationMs = Date.now() - started;
  await ctx.db.shopSettings.upsert({ where: { shop: ctx.shop }, create: { shop: ctx.shop, lastReconciledAt: now }, update: { lastReconciledAt: now } });
  log.info("reconcile.done", { shop: ctx.shop, ...report, followUps: report.followUps.length });
  return report;
}
