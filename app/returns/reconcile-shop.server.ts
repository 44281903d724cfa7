import type { ReturnLink } from "@prisma/client";
import { RateLimitedError } from "../http/errors.server";
import { log } from "../logger.server";
import { fetchReturnStatuses, MAX_STATUS_IDS, type ReturnStatusRow } from "../shopify/graphql/return-statuses.server";
import type { FollowUp } from "./apply-return-event.server";
import type { ShopContext } from "./shop-context.server";
import { recordSyncError, syncLink } from "./sync-link.server";

// Scheduled reconciliation of one shop: walks open links in pages (cursor, never all rows in memory),
// reads Shopify in batches of statuses and each provider within its own budget, and changes only what differs.
// Shopify reads for the next page overlap the provider calls of the current one, so the pass runs at the
// speed of the slower limit rather than the sum of both.

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

async function mapLimit<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

export async function reconcileShop(ctx: ShopContext, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const pageSize = Math.min(opts.pageSize ?? MAX_STATUS_IDS, MAX_STATUS_IDS);
  const concurrency = opts.concurrency ?? 64;
  const report: ReconcileReport = { links: 0, changed: 0, mutations: 0, shopifyQueries: 0, providerCalls: 0, errors: 0, followUps: [], durationMs: 0 };
  const admin = await ctx.admin();

  let cursor: string | undefined;
  const loadPage = async (): Promise<{ links: ReturnLink[]; statuses: Promise<Array<ReturnStatusRow | null>> } | null> => {
    const links = await ctx.db.returnLink.findMany({
      where: { shop: ctx.shop, status: { in: OPEN_STATUSES } },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!links.length) return null;
    cursor = links[links.length - 1].id;
    report.shopifyQueries++;
    const statuses = fetchReturnStatuses(admin, links.map((l) => l.returnGid));
    statuses.catch(() => {}); // awaited below; avoids an unhandled rejection while the previous page runs
    return { links, statuses };
  };

  let page = await loadPage();
  while (page) {
    const current = page;
    const statuses = await current.statuses;
    const nextPage = current.links.length === pageSize ? loadPage() : Promise.resolve(null);
    await mapLimit(current.links, concurrency, async (link, i) => {
      report.links++;
      try {
        const r = await syncLink(ctx, link, statuses[i]?.status ?? null, now);
        report.mutations += r.mutations;
        report.providerCalls += r.providerCalls;
        report.followUps.push(...r.followUps);
        if (r.changes.length) report.changed++;
      } catch (err) {
        report.errors++;
        if (err instanceof RateLimitedError) log.warn("reconcile.rate_limited", { shop: ctx.shop, link: link.id });
        await recordSyncError(ctx, link, err);
      }
    });
    page = await nextPage;
  }
  report.durationMs = Date.now() - started;
  await ctx.db.shopSettings.upsert({ where: { shop: ctx.shop }, create: { shop: ctx.shop, lastReconciledAt: now }, update: { lastReconciledAt: now } });
  log.info("reconcile.done", { shop: ctx.shop, ...report, followUps: report.followUps.length });
  return report;
}
