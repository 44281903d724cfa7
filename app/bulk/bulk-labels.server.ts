import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { ConflictError, isRetryable } from "../http/errors.server";
import { createLabel, LABEL_MAY_EXIST } from "../returns/create-label.server";
import { searchWhere, type DashboardQuery } from "../returns/dashboard.server";
import type { ShopContext } from "../returns/shop-context.server";
import { recordEvent } from "../returns/timeline.server";

// Labels for many returns at once, from the dashboard: one BulkRun keyed by its selection (pressing twice finds the
// same run), one item per return, one job per item through the same idempotent label use-case as a click. Pacing is
// the use-case's own: every provider call waits for its connection's requestsPerSecond budget, every Shopify call
// for the shop's bucket, whichever job makes it.

export const MAX_BULK_LABELS = 1000;

export type BulkSelection = { ids: string[] } | { filter: Pick<DashboardQuery, "status" | "provider" | "hasError" | "q"> };

export interface BulkRunView {
  id: string;
  total: number;
  done: number;
  failed: number;
  pending: number;
  finished: boolean;
  items: Array<{ linkId: string; returnName: string; state: string; detail: string | null }>;
}

function filterWhere(db: Db, shop: string, f: Extract<BulkSelection, { filter: unknown }>["filter"]): Prisma.ReturnLinkWhereInput {
  const and: Prisma.ReturnLinkWhereInput[] = [{ shop }];
  if (f.status) and.push({ status: f.status });
  if (f.provider) and.push({ provider: f.provider === "NONE" ? null : f.provider });
  if (f.hasError) and.push({ lastErrorAt: { not: null } });
  const search = f.q ? searchWhere(db, f.q) : null;
  if (search) and.push(search);
  return { AND: and };
}

/** The shop's links the selection names (another shop's ids are dropped), at most MAX_BULK_LABELS. */
export async function selectedLinkIds(db: Db, shop: string, selection: BulkSelection): Promise<string[]> {
  const where = "ids" in selection ? { shop, id: { in: [...new Set(selection.ids)].slice(0, MAX_BULK_LABELS) } } : filterWhere(db, shop, selection.filter);
  const rows = await db.returnLink.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: MAX_BULK_LABELS });
  return rows.map((r) => r.id);
}

export function selectionKey(linkIds: string[]): string {
  return createHash("sha256").update([...linkIds].sort().join(",")).digest("hex").slice(0, 40);
}

/** Starts the run (or finds the one already started for this selection, sending its failed items again). */
export async function startBulkLabels(ctx: ShopContext, selection: BulkSelection): Promise<{ runId: string; started: boolean; total: number }> {
  const { db, shop } = ctx;
  const ids = await selectedLinkIds(db, shop, selection);
  if (!ids.length) return { runId: "", started: false, total: 0 };
  const key = selectionKey(ids);
  const existing = await db.bulkRun.findUnique({ where: { shop_selectionKey: { shop, selectionKey: key } } });
  if (existing) {
    const again = await db.bulkRunItem.findMany({ where: { bulkRunId: existing.id, state: "FAILED" }, select: { id: true } });
    for (const item of again) {
      // Only the run that moves it back to PENDING sends its job: two presses at once send one.
      const moved = await db.bulkRunItem.updateMany({ where: { id: item.id, state: "FAILED" }, data: { state: "PENDING", detail: null } });
      if (moved.count) await ctx.rt.jobs.send("bulk.label", { shop, itemId: item.id }, { shop });
    }
    return { runId: existing.id, started: false, total: existing.total };
  }
  try {
    // The run, its items and their jobs commit together: a crash leaves all of it or none.
    const runId = await db.$transaction(
      async (tx) => {
        const run = await tx.bulkRun.create({ data: { shop, selectionKey: key, total: ids.length } });
        await tx.bulkRunItem.createMany({ data: ids.map((returnLinkId) => ({ shop, bulkRunId: run.id, returnLinkId })) });
        const items = await tx.bulkRunItem.findMany({ where: { bulkRunId: run.id }, select: { id: true } });
        for (const item of items) await ctx.rt.jobs.sendInTx(tx, "bulk.label", { shop, itemId: item.id }, { shop });
        return run.id;
      },
      { timeout: 60_000 },
    );
    ctx.log.info("bulk.labels_started", { shop, runId, total: ids.length });
    return { runId, started: true, total: ids.length };
  } catch (err) {
    // The other press created it first.
    const found = await db.bulkRun.findUnique({ where: { shop_selectionKey: { shop, selectionKey: key } } });
    if (found) return { runId: found.id, started: false, total: found.total };
    throw err;
  }
}

/** One item: the label use-case for its return. A label already made counts as done (the use-case finds it). */
export async function runBulkItem(ctx: ShopContext, itemId: string): Promise<void> {
  const { db, shop } = ctx;
  const item = await db.bulkRunItem.findFirst({ where: { id: itemId, shop } });
  if (!item || item.state !== "PENDING") return;
  const link = await db.returnLink.findFirst({ where: { id: item.returnLinkId, shop } });
  if (!link) {
    await db.bulkRunItem.update({ where: { id: item.id }, data: { state: "FAILED", detail: "This return is no longer in the app" } });
    return;
  }
  try {
    const label = await createLabel(ctx, { returnGid: link.returnGid, approvedBy: { source: "MERCHANT", phrase: "from a bulk label run" } });
    // The row shows the tracking number (a word-free value: the page is in the merchant's language).
    await db.bulkRunItem.update({ where: { id: item.id }, data: { state: "DONE", detail: label.trackingNumber, shipmentId: label.shipmentId } });
    const what = `${label.reused ? "label already made" : "label created"}${label.trackingNumber ? ` (${label.trackingNumber})` : ""}`;
    await recordEvent(db, { shop, returnLinkId: link.id, source: "MERCHANT", kind: "label", status: "LABEL_CREATED", detail: `Bulk labels from the dashboard: ${what}`, dedupeKey: `bulk:${item.bulkRunId}:${link.id}` });
  } catch (err) {
    if (isRetryable(err)) throw err;
    if (err instanceof ConflictError && (err.code === "IN_PROGRESS" || err.code === LABEL_MAY_EXIST)) throw new Error(err.message);
    const message = err instanceof Error ? err.message : String(err);
    await db.bulkRunItem.update({ where: { id: item.id }, data: { state: "FAILED", detail: message.slice(0, 500) } });
  }
}

/** The job gave up on an item (attempts exhausted): failed with the last reason. */
export async function bulkItemGaveUp(db: Db, shop: string, itemId: string, message: string): Promise<void> {
  await db.bulkRunItem.updateMany({ where: { id: itemId, shop, state: "PENDING" }, data: { state: "FAILED", detail: message.slice(0, 500) } });
}

/** Progress for the page: counts and every item's result (return name, state, reason). */
export async function bulkRunView(db: Db, shop: string, runId: string): Promise<BulkRunView | null> {
  const run = await db.bulkRun.findFirst({ where: { id: runId, shop } });
  if (!run) return null;
  const items = await db.bulkRunItem.findMany({ where: { bulkRunId: run.id }, orderBy: { id: "asc" } });
  const names = new Map((await db.returnLink.findMany({ where: { shop, id: { in: items.map((i) => i.returnLinkId) } }, select: { id: true, returnName: true } })).map((l) => [l.id, l.returnName]));
  const count = (s: string) => items.filter((i) => i.state === s).length;
  const done = count("DONE");
  const failed = count("FAILED");
  return {
    id: run.id,
    total: run.total,
    done,
    failed,
    pending: run.total - done - failed,
    finished: done + failed >= run.total,
    items: items.map((i) => ({ linkId: i.returnLinkId, returnName: names.get(i.returnLinkId) ?? i.returnLinkId, state: i.state, detail: i.detail })),
  };
}

/** How long a finished run stays on the dashboard with its results. */
export const RECENT_RUN_MS = 30 * 60_000;

/** The shop's newest run while it is going or recently started, for the dashboard to show its progress and results. */
export async function recentBulkRunId(db: Db, shop: string, now = new Date()): Promise<string | null> {
  const run = await db.bulkRun.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { id: true, createdAt: true } });
  if (!run) return null;
  if (now.getTime() - run.createdAt.getTime() < RECENT_RUN_MS) return run.id;
  return (await db.bulkRunItem.count({ where: { bulkRunId: run.id, state: "PENDING" } })) ? run.id : null;
}
