import { z } from "zod";
import { db } from "../db.server";
import { reconcileShop } from "../returns/reconcile-shop.server";
import { createShopContext } from "../returns/shop-context.server";
import { defineJob } from "./define-job.server";
import { jobQueue } from "./runtime.server";
import { enqueueFollowUps } from "./webhook-jobs.server";

// Reconciliation: a one-minute tick finds the shops whose interval (ShopSettings.reconcileIntervalMinutes) has
// passed and sends each one `shop.reconcile`; the singleton key keeps one pass per shop waiting at a time.

export const RECONCILE_SHOP_JOB = defineJob({
  name: "shop.reconcile",
  schema: z.object({ shop: z.string().min(1) }),
  retry: { maxAttempts: 3, backoffSeconds: 30 },
  timeoutSeconds: 60 * 60,
  singletonKey: (p) => p.shop,
  async handler({ shop }) {
    const ctx = createShopContext(await db(), shop);
    const report = await reconcileShop(ctx);
    await enqueueFollowUps(shop, report.followUps);
  },
});

/** Shops due for a pass at `now`: installed (an offline session) and past their interval. */
export async function shopsDueForReconcile(now = new Date()): Promise<string[]> {
  const prisma = await db();
  const installed = await prisma.session.findMany({ where: { isOnline: false }, select: { shop: true }, distinct: ["shop"] });
  const settings = await prisma.shopSettings.findMany({ where: { shop: { in: installed.map((s) => s.shop) } } });
  const byShop = new Map(settings.map((s) => [s.shop, s]));
  return installed
    .map((s) => s.shop)
    .filter((shop) => {
      const s = byShop.get(shop);
      if (!s?.lastReconciledAt) return true;
      return s.lastReconciledAt.getTime() + s.reconcileIntervalMinutes * 60_000 <= now.getTime();
    });
}

export const RECONCILE_TICK_JOB = defineJob({
  name: "reconcile.tick",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler() {
    for (const shop of await shopsDueForReconcile()) await jobQueue().send(RECONCILE_SHOP_JOB.name, { shop }, { shop });
  },
});

export const reconcileJobs = [RECONCILE_SHOP_JOB, RECONCILE_TICK_JOB];
