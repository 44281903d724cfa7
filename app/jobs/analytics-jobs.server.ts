import { z } from "zod";
import { refreshAnalytics } from "../analytics/refresh.server";
import { defineJob } from "./define-job.server";

// Keeps each shop's analytics roll-up current (app/analytics/refresh.server.ts): a one-minute tick sends every
// installed shop one refresh; a refresh works through at most a few thousand changed returns, then sends itself
// again for the rest (a first build of a large shop), so no run holds the queue for long.

const BATCHES_PER_RUN = 10;

export const ANALYTICS_REFRESH_JOB = defineJob({
  name: "analytics.refresh",
  schema: z.object({ shop: z.string().min(1) }),
  retry: { maxAttempts: 3, backoffSeconds: 30 },
  singletonKey: (p) => p.shop,
  async handler({ shop }, { rt }) {
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const r = await refreshAnalytics(rt.db, shop);
      if (!r.more) return;
    }
    await rt.jobs.send(ANALYTICS_REFRESH_JOB.name, { shop }, { shop });
  },
});

export const ANALYTICS_TICK_JOB = defineJob({
  name: "analytics.tick",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler(_payload, { rt }) {
    const installed = await rt.db.session.findMany({ where: { isOnline: false }, select: { shop: true }, distinct: ["shop"] });
    for (const { shop } of installed) await rt.jobs.send(ANALYTICS_REFRESH_JOB.name, { shop }, { shop });
  },
});
