import { z } from "zod";
import type { Runtime } from "../runtime/runtime.server";
import { PROCESS_WEBHOOK } from "../webhooks/topics.server";
import { defineJob } from "./define-job.server";

// Where the queue lives in another store (pg-boss), a delivery can be committed while its job send is lost (crash
// between the two). This sweep (scheduled on PostgreSQL only) re-sends the job of a delivery still waiting with no
// live job; a delivery whose job is waiting for its retry keeps that one (a second would run beside it).

export async function sweepWaitingDeliveries(rt: Runtime, olderThanMs = 60_000, limit = 500): Promise<number> {
  const waiting = await rt.db.webhookDelivery.findMany({
    where: { state: "RECEIVED", receivedAt: { lt: new Date(rt.clock.now() - olderThanMs) } },
    select: { id: true, shop: true },
    orderBy: { receivedAt: "asc" },
    take: limit,
  });
  const live = await rt.jobs.liveKeys(PROCESS_WEBHOOK, waiting.map((d) => d.id));
  let sent = 0;
  for (const d of waiting) if (!live.has(d.id) && (await rt.jobs.send(PROCESS_WEBHOOK, { deliveryId: d.id }, { shop: d.shop }))) sent++;
  return sent;
}

export const SWEEP_WEBHOOKS_JOB = defineJob({
  name: "webhook.sweep",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler(_payload, { rt }) {
    await sweepWaitingDeliveries(rt);
  },
});
