import { randomUUID } from "node:crypto";
import type { ReturnLink, Shipment } from "@prisma/client";
import { RateLimitedError } from "../http/errors.server";
import { fetchReturnStatuses, MAX_STATUS_IDS, type ReturnStatusRow } from "../shopify/graphql/return-statuses.server";
import type { FollowUp } from "./follow-ups";
import { acquireLease, DEFAULT_LEASE_MS, type ReconcileLease } from "./reconcile-lease.server";
import type { ShopContext } from "./shop-context.server";
import { recordSyncError, syncLink } from "./sync-link.server";

// Scheduled reconciliation of one shop: walks open links in pages (cursor, never all rows in memory),
// reads Shopify in batches of statuses and each provider within its own budget, and changes only what differs.
// The walk has no page boundary: workers take links from a queue that is refilled one page ahead (links and
// their Shopify statuses), so a slow link never holds back the next page and the pass runs at the speed of
// the slower limit rather than the sum of both. One pass per shop runs at a time (reconcile-lease.server.ts);
// it records the last page it finished, so a pass whose process died is resumed from there.

export interface ReconcileReport {
  /** True when another live pass holds the shop: this one did nothing. */
  skipped: boolean;
  /** The pass continued a dead pass's walk after this link id. */
  resumedAfter: string | null;
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
  /** Who runs the pass (the job id); a fresh id by default. */
  owner?: string;
  /** How long the pass's lease lasts without renewal: how soon a dead pass is noticed. */
  leaseMs?: number;
}

const OPEN_STATUSES = ["REQUESTED", "OPEN"];

export async function reconcileShop(ctx: ShopContext, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? MAX_STATUS_IDS, MAX_STATUS_IDS));
  const concurrency = opts.concurrency ?? 64;
  const report: ReconcileReport = { skipped: false, resumedAfter: null, links: 0, changed: 0, mutations: 0, shopifyQueries: 0, providerCalls: 0, errors: 0, followUps: [], durationMs: 0 };
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const lease = await acquireLease(ctx.db, ctx.shop, opts.owner ?? randomUUID(), leaseMs);
  if (!lease) {
    ctx.log.info("reconcile.skipped", { shop: ctx.shop, reason: "another pass holds the shop" });
    return { ...report, skipped: true, durationMs: Date.now() - started };
  }
  report.resumedAfter = lease.resumeAfter;
  try {
    await walk(ctx, lease, report, { now, pageSize, concurrency, leaseMs });
  } catch (err) {
    await lease.release(null).catch((e) => ctx.log.error("reconcile.release_failed", { shop: ctx.shop, err: e }));
    throw err;
  }
  report.durationMs = Date.now() - started;
  await lease.release({ at: now });
  ctx.log.info("reconcile.done", { shop: ctx.shop, ...report, followUps: report.followUps.length });
  return report;
}

/** Walks the shop's open links after the lease's resume point; throws what ended it early. */
async function walk(
  ctx: ShopContext,
  lease: ReconcileLease,
  report: ReconcileReport,
  { now, pageSize, concurrency, leaseMs }: { now: Date; pageSize: number; concurrency: number; leaseMs: number },
): Promise<void> {
  const admin = await ctx.admin();

  // At most two pages are held: the one being worked and the next, read while the queue still holds a page.
  type Page = { lastId: string; remaining: number };
  type Item = { link: ReturnLink; status: ReturnStatusRow | null; shipment: Shipment | null; page: Page };
  const queue: Item[] = [];
  let cursor = lease.resumeAfter;
  let exhausted = false;
  let failure: unknown;
  let reading: Promise<void> | null = null;
  // Pages in reading order; `finishedUpTo` moves past a page once it and every page before it are done.
  const pages: Page[] = [];
  let finishedUpTo = lease.resumeAfter;
  let lost = false;

  const readPage = async (): Promise<void> => {
    const links = await ctx.db.returnLink.findMany({
      where: { shop: ctx.shop, status: { in: OPEN_STATUSES }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    if (links.length < pageSize) exhausted = true;
    if (!links.length) return;
    cursor = links[links.length - 1].id;
    const page: Page = { lastId: cursor, remaining: links.length };
    report.shopifyQueries++;
    // Each link's own shipment, for the page in one query (the latest wins, as in syncLink).
    const shipments = new Map<string, Shipment>();
    const rows = await ctx.db.shipment.findMany({ where: { shop: ctx.shop, source: "APP", returnLinkId: { in: links.map((l) => l.id) } }, orderBy: { createdAt: "asc" } });
    for (const row of rows) shipments.set(row.returnLinkId, row);
    const statuses = await fetchReturnStatuses(admin, links.map((l) => l.returnGid));
    pages.push(page);
    links.forEach((link, i) => queue.push({ link, status: statuses[i] ?? null, shipment: shipments.get(link.id) ?? null, page }));
  };
  const finished = (page: Page) => {
    page.remaining--;
    while (pages.length && pages[0].remaining === 0) finishedUpTo = pages.shift()!.lastId;
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
      if (failure !== undefined || lost) return undefined;
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
      const { link, status, shipment, page } = item;
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
        if (err instanceof RateLimitedError) ctx.log.warn("reconcile.rate_limited", { shop: ctx.shop, link: link.id });
        await recordSyncError(ctx, link, err);
      }
      finished(page);
      if (untouched.length >= pageSize) await touch();
    }
  };

  // The lease is renewed (with the progress) four times per lease: a pass that stops renewing is dead.
  const heartbeat = setInterval(() => {
    lease.renew(finishedUpTo).then(
      (held) => {
        if (held) return;
        lost = true;
        ctx.log.warn("reconcile.lease_lost", { shop: ctx.shop, owner: lease.owner });
      },
      (err) => ctx.log.warn("reconcile.lease_renew_failed", { shop: ctx.shop, err }),
    );
  }, Math.max(250, Math.floor(leaseMs / 4)));
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    await touch();
  } finally {
    clearInterval(heartbeat);
  }
  if (failure !== undefined) throw failure;
  // Another pass took over (this process stalled past its lease): it carries on from the recorded progress.
  if (lost) throw new Error("reconciliation lease lost to another pass");
}
