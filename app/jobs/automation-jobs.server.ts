import { z } from "zod";
import { automationGaveUp, runAutomation } from "../automation/run-automation.server";
import { bulkItemGaveUp, runBulkItem } from "../bulk/bulk-labels.server";
import { runFlowAction } from "../flow/action.server";
import { flowEventsToResend, sendFlowEvent } from "../flow/send.server";
import { defineJob } from "./define-job.server";
import { enqueueFollowUps } from "./follow-ups.server";

// Issue 16's jobs: automation rules on a return's events, Shopify Flow triggers and actions, bulk labels. Each is
// idempotent by its own row (stage run, trigger event, action run, bulk item), so a redelivery or a retry after a
// crash does nothing twice.

const event = z.enum(["requested", "approved", "arrived"]);

export const AUTOMATION_JOB = defineJob({
  name: "automation.run",
  schema: z.object({ shop: z.string().min(1), linkId: z.string().min(1), event, source: z.enum(["REVER", "SHOPIFY", "MERCHANT"]).optional(), retry: z.boolean().optional() }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => `${p.linkId}:${p.event}${p.retry ? ":retry" : ""}`,
  async handler(p, { rt, id }) {
    const ctx = rt.shop(p.shop);
    const out = await runAutomation(ctx, { linkId: p.linkId, event: p.event, source: p.source, retry: p.retry, owner: `job:${id}` });
    await enqueueFollowUps(rt.jobs, p.shop, out.followUps);
  },
  onDead: (p, error, { rt }) => automationGaveUp(rt.shop(p.shop), p, error.message),
});

export const FLOW_TRIGGER_JOB = defineJob({
  name: "flow.trigger",
  schema: z.object({ shop: z.string().min(1), eventId: z.string().min(1) }),
  retry: { maxAttempts: 6, backoffSeconds: 10 },
  singletonKey: (p) => p.eventId,
  async handler(p, { rt }) {
    await sendFlowEvent(rt.shop(p.shop), p.eventId);
  },
  async onDead(p, error, { rt }) {
    await rt.db.flowTriggerEvent.updateMany({ where: { id: p.eventId, shop: p.shop, state: { not: "SENT" } }, data: { state: "FAILED", error: error.message.slice(0, 1000) } });
  },
});

export const FLOW_SWEEP_JOB = defineJob({
  name: "flow.sweep",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler(_p, { rt }) {
    for (const e of await flowEventsToResend(rt.db, new Date(rt.clock.now() - 2 * 60_000))) await rt.jobs.send(FLOW_TRIGGER_JOB.name, { shop: e.shop, eventId: e.id }, { shop: e.shop });
  },
});

export const FLOW_ACTION_JOB = defineJob({
  name: "flow.action",
  schema: z.object({ shop: z.string().min(1), runId: z.string().min(1) }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => p.runId,
  async handler(p, { rt }) {
    await runFlowAction(rt.shop(p.shop), p.runId);
  },
  async onDead(p, error, { rt }) {
    await rt.db.flowActionRun.updateMany({ where: { id: p.runId, shop: p.shop, state: "RECEIVED" }, data: { state: "FAILED", detail: error.message.slice(0, 1000) } });
  },
});

export const BULK_LABEL_JOB = defineJob({
  name: "bulk.label",
  schema: z.object({ shop: z.string().min(1), itemId: z.string().min(1) }),
  retry: { maxAttempts: 8, backoffSeconds: 5 },
  singletonKey: (p) => p.itemId,
  async handler(p, { rt }) {
    await runBulkItem(rt.shop(p.shop), p.itemId);
  },
  onDead: (p, error, { rt }) => bulkItemGaveUp(rt.db, p.shop, p.itemId, error.message),
});
