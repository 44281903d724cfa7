import { z } from "zod";
import type { Db } from "../db.server";
import { isRetryable } from "../http/errors.server";
import { pushTrackingToProvider } from "../returns/push-tracking.server";
import { reconcileShop } from "../returns/reconcile-shop.server";
import { recordSyncError, syncLink } from "../returns/sync-link.server";
import { fetchReturnStatuses } from "../shopify/graphql/return-statuses.server";
import { leaseStateOf, processOwner } from "../returns/reconcile-lease.server";
import { defineJob } from "./define-job.server";
import { enqueueFollowUps } from "./follow-ups.server";

// Reconciliation: a one-minute tick finds the shops whose interval (ShopSettings.reconcileIntervalMinutes) has
// passed, or whose last pass died mid-way, and sends each one `shop.reconcile`; the singleton key keeps one pass
// per shop waiting at a time, and the shop's lease one running (app/returns/reconcile-lease.server.ts).

export const RECONCILE_SHOP_JOB = defineJob({
  name: "shop.reconcile",
  schema: z.object({ shop: z.string().min(1) }),
  retry: { maxAttempts: 3, backoffSeconds: 30 },
  // The default 15-minute run timeout: a longer pass is not run twice, since a second one finds the lease held.
  singletonKey: (p) => p.shop,
  async handler({ shop }, job) {
    const { rt } = job;
    const report = await reconcileShop(rt.shop(shop), { owner: processOwner(job.id), leaseMs: rt.env.RECONCILE_LEASE_SECONDS * 1000 });
    await enqueueFollowUps(rt.jobs, shop, report.followUps);
  },
});

/** Shops due for a pass at `now`: installed (an offline session) and connected (Shopify has not refused their
 *  refresh token), no pass running, and past their interval or left with a pass that died before it finished. */
export async function shopsDueForReconcile(prisma: Db, now = new Date()): Promise<string[]> {
  const installed = await prisma.session.findMany({ where: { isOnline: false }, select: { shop: true }, distinct: ["shop"] });
  const settings = await prisma.shopSettings.findMany({ where: { shop: { in: installed.map((s) => s.shop) } } });
  const byShop = new Map(settings.map((s) => [s.shop, s]));
  return installed
    .map((s) => s.shop)
    .filter((shop) => {
      const s = byShop.get(shop);
      if (s?.disconnectedAt) return false;
      const lease = leaseStateOf(s ?? null, now);
      if (lease.kind !== "free") return lease.kind === "abandoned";
      if (!s?.lastReconciledAt) return true;
      return s.lastReconciledAt.getTime() + s.reconcileIntervalMinutes * 60_000 <= now.getTime();
    });
}

export const RECONCILE_TICK_JOB = defineJob({
  name: "reconcile.tick",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler(_payload, { rt }) {
    for (const shop of await shopsDueForReconcile(rt.db, new Date(rt.clock.now()))) await rt.jobs.send(RECONCILE_SHOP_JOB.name, { shop }, { shop });
  },
});

/** The dashboard's "retry sync" on one link: the same comparison a reconciliation pass makes. */
export const SYNC_LINK_JOB = defineJob({
  name: "link.sync",
  schema: z.object({ shop: z.string().min(1), linkId: z.string().min(1) }),
  retry: { maxAttempts: 4, backoffSeconds: 10 },
  singletonKey: (p) => p.linkId,
  async handler({ shop, linkId }, { rt }) {
    const ctx = rt.shop(shop);
    const link = await ctx.db.returnLink.findFirst({ where: { id: linkId, shop } });
    if (!link) return;
    try {
      const [status] = await fetchReturnStatuses(await ctx.admin(), [link.returnGid]);
      const result = await syncLink(ctx, link, status?.status ?? null);
      await enqueueFollowUps(rt.jobs, shop, result.followUps);
    } catch (err) {
      await recordSyncError(ctx, link, err);
      if (isRetryable(err)) throw err;
    }
  },
});

/** The dashboard's "push tracking": send the link's latest tracking to its provider again. */
export const PUSH_LINK_TRACKING_JOB = defineJob({
  name: "link.push-tracking",
  schema: z.object({ shop: z.string().min(1), linkId: z.string().min(1) }),
  retry: { maxAttempts: 6, backoffSeconds: 10 },
  singletonKey: (p) => p.linkId,
  async handler({ shop, linkId }, { rt }) {
    const ctx = rt.shop(shop);
    const shipment = await ctx.db.shipment.findFirst({ where: { shop, returnLinkId: linkId, trackingNumber: { not: null } }, orderBy: { updatedAt: "desc" } });
    if (shipment) await pushTrackingToProvider(ctx, { linkId, shipmentId: shipment.id, force: true });
  },
});
