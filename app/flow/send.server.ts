import { isRetryable } from "../http/errors.server";
import type { ShopContext } from "../returns/shop-context.server";
import { receiveFlowTrigger } from "../shopify/graphql/flow-trigger-receive.server";

// Sends one stored Flow trigger event with flowTriggerReceive, once: the row moves PENDING -> SENDING -> SENT, and a
// SENT row is never sent again (a job run twice, the sweep finding it). A run that died between Shopify's answer and
// SENT sends it again: flowTriggerReceive has no idempotency key, so that narrow window is at least once.

export type FlowSendOutcome = "sent" | "already-sent" | "gone" | "refused";

export async function sendFlowEvent(ctx: ShopContext, eventId: string): Promise<FlowSendOutcome> {
  const { db, shop } = ctx;
  const row = await db.flowTriggerEvent.findFirst({ where: { id: eventId, shop } });
  if (!row) return "gone";
  if (row.state === "SENT") return "already-sent";
  await db.flowTriggerEvent.update({ where: { id: row.id }, data: { state: "SENDING", attempts: { increment: 1 } } });
  try {
    await receiveFlowTrigger(await ctx.admin(), { handle: row.handle, payload: JSON.parse(row.payload) as Record<string, unknown> });
  } catch (err) {
    if (isRetryable(err)) throw err;
    // Refused for good (a payload Flow does not take, a trigger not deployed): kept with the reason, not resent.
    const message = err instanceof Error ? err.message : String(err);
    await db.flowTriggerEvent.update({ where: { id: row.id }, data: { state: "FAILED", error: message.slice(0, 1000) } });
    ctx.log.warn("flow.trigger_refused", { shop, handle: row.handle, eventKey: row.eventKey, err });
    return "refused";
  }
  await db.flowTriggerEvent.update({ where: { id: row.id }, data: { state: "SENT", error: null, sentAt: new Date() } });
  return "sent";
}

/** Events stored but not sent a while later (their job was never queued, or its process died): their ids, to send again. */
export async function flowEventsToResend(db: ShopContext["db"], olderThan: Date, limit = 200): Promise<Array<{ id: string; shop: string }>> {
  return db.flowTriggerEvent.findMany({ where: { state: { in: ["PENDING", "SENDING"] }, updatedAt: { lt: olderThan } }, select: { id: true, shop: true }, orderBy: { updatedAt: "asc" }, take: limit });
}
