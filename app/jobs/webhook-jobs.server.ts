import { z } from "zod";
import { db } from "../db.server";
import { log } from "../logger.server";
import { exportCustomerData, redactCustomer, redactShop, uninstallShop, updateScopes } from "../privacy/compliance.server";
import { applyReturnEvent, type FollowUp } from "../returns/apply-return-event.server";
import { handleAttachedDeliverable } from "../returns/attach-deliverable.server";
import { pushStatusToProvider } from "../returns/push-status.server";
import { pushTrackingToProvider } from "../returns/push-tracking.server";
import { resolveReference } from "../returns/resolve-reference.server";
import { createShopContext } from "../returns/shop-context.server";
import { defineJob, type JobErrorInfo } from "./define-job.server";
import { jobQueue } from "./runtime.server";
import { PROCESS_WEBHOOK_JOB } from "../webhooks/ingest.server";

// A stored webhook delivery becomes the mapping and the follow-up provider calls, each in its own job.

const NORMALISED = z.enum(["NONE", "LABEL_CREATED", "PICKUP_IN_PROGRESS", "PICKED_UP", "IN_TRANSIT", "IN_WAREHOUSE", "PICKUP_FAILED", "PICKUP_CANCELED", "FAILED", "CANCELED"]);

export async function enqueueFollowUps(shop: string, followUps: FollowUp[]): Promise<void> {
  const queue = jobQueue();
  for (const f of followUps) {
    if (f.kind === "resolve-reference") await queue.send(RESOLVE_REFERENCE_JOB.name, { shop, linkId: f.linkId }, { shop });
    else if (f.kind === "push-status") await queue.send(PUSH_STATUS_JOB.name, { shop, linkId: f.linkId, status: f.status, reason: f.reason, eventId: f.eventId }, { shop });
    else await queue.send(PUSH_TRACKING_JOB.name, { shop, linkId: f.linkId, shipmentId: f.shipmentId }, { shop });
  }
}

async function recordLinkFailure(shop: string, linkId: string, error: JobErrorInfo) {
  const prisma = await db();
  await prisma.returnLink.updateMany({ where: { id: linkId, shop }, data: { lastError: error.message, lastErrorAt: new Date() } });
}

export const PROCESS_WEBHOOK = defineJob({
  name: PROCESS_WEBHOOK_JOB,
  schema: z.object({ deliveryId: z.string().min(1) }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => p.deliveryId,
  async handler({ deliveryId }) {
    const prisma = await db();
    const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId } });
    if (!delivery || delivery.state === "PROCESSED" || delivery.state === "REJECTED" || delivery.state === "IGNORED") return;
    const { shop, topic } = delivery;
    const payload = JSON.parse(delivery.payload) as Record<string, unknown>;
    const ctx = createShopContext(prisma, shop);
    let state = "PROCESSED";
    let reason: string | null = null;

    if (topic.startsWith("returns/")) {
      const res = await applyReturnEvent(ctx, { topic, returnGid: delivery.resourceGid!, eventId: delivery.eventId, eventAt: delivery.triggeredAt, payload });
      if (res.outcome === "stale") {
        state = "IGNORED";
        reason = "Older than the last event applied to this return";
      }
      await enqueueFollowUps(shop, res.followUps);
    } else if (topic === "reverse_deliveries/attach_deliverable") {
      const res = await handleAttachedDeliverable(ctx, { reverseDeliveryGid: delivery.resourceGid!, eventId: delivery.eventId, eventAt: delivery.triggeredAt, payload });
      if (res.outcome === "echo") {
        state = "IGNORED";
        reason = "Our own label or tracking coming back";
      }
      await enqueueFollowUps(shop, res.followUps);
    } else if (topic === "app/uninstalled") {
      await uninstallShop(prisma, shop);
      await jobQueue().cancelShop(shop);
    } else if (topic === "app/scopes_update") {
      await updateScopes(prisma, shop, (payload.current as string[]) ?? []);
    } else if (topic === "customers/redact") {
      await redactCustomer(prisma, shop, (payload.customer ?? {}) as never, payload.orders_to_redact as never);
    } else if (topic === "customers/data_request") {
      await exportCustomerData(prisma, shop, (payload.customer ?? {}) as never, payload.orders_requested as never);
    } else if (topic === "shop/redact") {
      await jobQueue().cancelShop(shop);
      await redactShop(prisma, shop);
      return; // the delivery row itself is gone with the shop's data
    }
    await prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { state, reason, processedAt: new Date() } });
  },
  async onDead({ deliveryId }, error) {
    const prisma = await db();
    const d = await prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { state: "FAILED", reason: error.message.slice(0, 1000), processedAt: new Date() } });
    if (d.resourceGid) {
      await prisma.returnLink.updateMany({ where: { shop: d.shop, returnGid: d.resourceGid }, data: { lastError: `${d.topic}: ${error.message}`, lastErrorAt: new Date() } });
    }
    log.warn("webhook.failed", { deliveryId, topic: d.topic, shop: d.shop, reason: error.message });
  },
});

const linkPayload = z.object({ shop: z.string(), linkId: z.string() });

export const RESOLVE_REFERENCE_JOB = defineJob({
  name: "link.resolve-reference",
  schema: linkPayload,
  retry: { maxAttempts: 6, backoffSeconds: 10 },
  singletonKey: (p) => p.linkId,
  async handler({ shop, linkId }) {
    await resolveReference(createShopContext(await db(), shop), linkId);
  },
  onDead: ({ shop, linkId }, error) => recordLinkFailure(shop, linkId, error),
});

export const PUSH_STATUS_JOB = defineJob({
  name: "provider.push-status",
  schema: linkPayload.extend({ status: NORMALISED, reason: z.string(), eventId: z.string() }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => `${p.linkId}:${p.eventId}:${p.status}`,
  async handler(p) {
    await pushStatusToProvider(createShopContext(await db(), p.shop), p);
  },
  onDead: ({ shop, linkId }, error) => recordLinkFailure(shop, linkId, error),
});

export const PUSH_TRACKING_JOB = defineJob({
  name: "provider.push-tracking",
  schema: linkPayload.extend({ shipmentId: z.string() }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => `${p.linkId}:${p.shipmentId}`,
  async handler(p) {
    await pushTrackingToProvider(createShopContext(await db(), p.shop), p);
  },
  onDead: ({ shop, linkId }, error) => recordLinkFailure(shop, linkId, error),
});

export const webhookJobs = [PROCESS_WEBHOOK, RESOLVE_REFERENCE_JOB, PUSH_STATUS_JOB, PUSH_TRACKING_JOB];
