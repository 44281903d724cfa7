import { z } from "zod";
import { pushStatusToProvider } from "../returns/push-status.server";
import { pushTrackingToProvider } from "../returns/push-tracking.server";
import { resolveReference } from "../returns/resolve-reference.server";
import { NORMALISED_STATUSES, type NormalisedStatus } from "../platforms/types";
import type { Runtime } from "../runtime/runtime.server";
import { handleTopic } from "../webhooks/topic-handlers.server";
import { isTopic, PROCESS_WEBHOOK, TOPICS } from "../webhooks/topics.server";
import { defineJob, type JobErrorInfo } from "./define-job.server";
import { emitFlowEvent } from "../flow/emit.server";
import { enqueueFollowUps } from "./follow-ups.server";

// A stored webhook delivery becomes the mapping (its topic's handler), and the follow-up provider calls each
// run in a job of its own.

/** What a handled compliance delivery keeps of its payload: nothing. */
export const SCRUBBED_PAYLOAD = "{}";

async function recordLinkFailure(rt: Runtime, shop: string, linkId: string, error: JobErrorInfo, jobId: string) {
  await rt.db.returnLink.updateMany({ where: { id: linkId, shop }, data: { lastError: error.message, lastErrorAt: new Date() } });
  const link = await rt.db.returnLink.findFirst({ where: { id: linkId, shop } });
  if (link) await emitFlowEvent(rt.shop(shop), { trigger: "sync-failed", subject: { linkId, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid }, key: `job:${jobId}`, extra: { "Error message": error.message } });
}

export const PROCESS_WEBHOOK_JOB = defineJob({
  name: PROCESS_WEBHOOK,
  schema: z.object({ deliveryId: z.string().min(1) }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => p.deliveryId,
  async handler({ deliveryId }, { rt }) {
    const delivery = await rt.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
    if (!delivery || delivery.state !== "RECEIVED" && delivery.state !== "FAILED") return;
    if (!isTopic(delivery.topic)) return;
    const ctx = rt.shop(delivery.shop);
    const outcome = await handleTopic(ctx, { ...delivery, topic: delivery.topic }, JSON.parse(delivery.payload));
    await enqueueFollowUps(rt.jobs, delivery.shop, outcome.followUps);
    if (outcome.deliveryGone) return;
    // A compliance payload names the customer (email, phone): once handled, only the row's facts are kept.
    const scrub = TOPICS[delivery.topic].kind === "compliance" ? { payload: SCRUBBED_PAYLOAD } : {};
    await rt.db.webhookDelivery.update({ where: { id: deliveryId }, data: { state: outcome.state, reason: outcome.reason ?? null, processedAt: new Date(), ...scrub } });
  },
  async onDead({ deliveryId }, error, { rt }) {
    const d = await rt.db.webhookDelivery.update({ where: { id: deliveryId }, data: { state: "FAILED", reason: error.message.slice(0, 1000), processedAt: new Date() } });
    if (d.resourceGid) {
      await rt.db.returnLink.updateMany({ where: { shop: d.shop, returnGid: d.resourceGid }, data: { lastError: `${d.topic}: ${error.message}`, lastErrorAt: new Date() } });
      const link = await rt.db.returnLink.findUnique({ where: { shop_returnGid: { shop: d.shop, returnGid: d.resourceGid } } });
      if (link) await emitFlowEvent(rt.shop(d.shop), { trigger: "sync-failed", subject: { linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid }, key: `webhook:${d.id}`, extra: { "Error message": `${d.topic}: ${error.message}` } });
    }
    rt.log.warn("webhook.failed", { deliveryId, topic: d.topic, shop: d.shop, reason: error.message });
  },
});

const linkPayload = z.object({ shop: z.string(), linkId: z.string() });

export const RESOLVE_REFERENCE_JOB = defineJob({
  name: "link.resolve-reference",
  schema: linkPayload,
  retry: { maxAttempts: 6, backoffSeconds: 10 },
  singletonKey: (p) => p.linkId,
  async handler({ shop, linkId }, { rt }) {
    await resolveReference(rt.shop(shop), linkId);
  },
  onDead: ({ shop, linkId }, error, { rt, id }) => recordLinkFailure(rt, shop, linkId, error, id),
});

export const PUSH_STATUS_JOB = defineJob({
  name: "provider.push-status",
  schema: linkPayload.extend({ status: z.enum(NORMALISED_STATUSES as [NormalisedStatus, ...NormalisedStatus[]]), reason: z.string(), eventId: z.string() }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => `${p.linkId}:${p.eventId}:${p.status}`,
  async handler(p, { rt }) {
    await pushStatusToProvider(rt.shop(p.shop), p);
  },
  onDead: ({ shop, linkId }, error, { rt, id }) => recordLinkFailure(rt, shop, linkId, error, id),
});

export const PUSH_TRACKING_JOB = defineJob({
  name: "provider.push-tracking",
  schema: linkPayload.extend({ shipmentId: z.string() }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => `${p.linkId}:${p.shipmentId}`,
  async handler(p, { rt }) {
    await pushTrackingToProvider(rt.shop(p.shop), p);
  },
  onDead: ({ shop, linkId }, error, { rt, id }) => recordLinkFailure(rt, shop, linkId, error, id),
});
