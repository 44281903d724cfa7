import type { z } from "zod";
import { exportCustomerData, redactCustomer, redactShop, uninstallShop, updateScopes } from "../privacy/compliance.server";
import { hasEnabledRules } from "../automation/rules.server";
import { disposedReturnLink } from "../automation/arrival-links.server";
import { applyReturnEvent } from "../returns/apply-return-event.server";
import { handleAttachedDeliverable } from "../returns/attach-deliverable.server";
import type { FollowUp } from "../returns/follow-ups";
import type { ShopContext } from "../returns/shop-context.server";
import { TOPICS, type Topic } from "./topics.server";

// What each subscribed topic does once its delivery is stored: one typed handler per topic (a topic without a
// handler fails the compile), each getting the payload its schema parsed.

export interface StoredDelivery {
  id: string;
  topic: Topic;
  eventId: string;
  resourceGid: string | null;
  triggeredAt: Date | null;
}

export interface TopicOutcome {
  /** IGNORED: nothing to do (stale, or our own write coming back), with the reason. */
  state: "PROCESSED" | "IGNORED";
  reason?: string;
  followUps: FollowUp[];
  /** The delivery row itself went with the shop's data (shop/redact): nothing left to mark. */
  deliveryGone?: boolean;
}

type Handler<T extends Topic> = (ctx: ShopContext, delivery: StoredDelivery, payload: z.infer<(typeof TOPICS)[T]["schema"]>) => Promise<TopicOutcome>;

const processed = (followUps: FollowUp[] = []): TopicOutcome => ({ state: "PROCESSED", followUps });

async function returnEvent(ctx: ShopContext, delivery: StoredDelivery, payload: Record<string, unknown>): Promise<TopicOutcome> {
  const res = await applyReturnEvent(ctx, { topic: delivery.topic, returnGid: delivery.resourceGid!, eventId: delivery.eventId, eventAt: delivery.triggeredAt, payload });
  return res.outcome === "stale" ? { state: "IGNORED", reason: "Older than the last event applied to this return", followUps: res.followUps } : processed(res.followUps);
}

/** A return requested or approved may make an automation rule true: its job evaluates the shop's rules. */
function withAutomation<T extends "returns/request" | "returns/approve">(event: "requested" | "approved"): Handler<T> {
  return async (ctx, delivery, payload) => {
    const outcome = await returnEvent(ctx, delivery, payload);
    if (outcome.state !== "PROCESSED" || !(await hasEnabledRules(ctx.db, ctx.shop))) return outcome;
    const link = await ctx.db.returnLink.findUnique({ where: { shop_returnGid: { shop: ctx.shop, returnGid: delivery.resourceGid! } }, select: { id: true } });
    return link ? { ...outcome, followUps: [...outcome.followUps, { kind: "automation", linkId: link.id, event }] } : outcome;
  };
}

export const TOPIC_HANDLERS: { [T in Topic]: Handler<T> } = {
  "returns/request": withAutomation<"returns/request">("requested"),
  "returns/approve": withAutomation<"returns/approve">("approved"),
  "returns/decline": returnEvent,
  "returns/cancel": returnEvent,
  "returns/close": returnEvent,
  "returns/reopen": returnEvent,
  "returns/update": returnEvent,
  "returns/process": returnEvent,
  async "reverse_deliveries/attach_deliverable"(ctx, delivery, payload) {
    const res = await handleAttachedDeliverable(ctx, { reverseDeliveryGid: delivery.resourceGid!, eventId: delivery.eventId, eventAt: delivery.triggeredAt, payload });
    return res.outcome === "echo" ? { state: "IGNORED", reason: "Our own label or tracking coming back", followUps: res.followUps } : processed(res.followUps);
  },
  async "reverse_fulfillment_orders/dispose"(ctx, delivery) {
    const linkId = await disposedReturnLink(ctx, delivery.resourceGid!);
    if (!linkId) return { state: "IGNORED", reason: "No return of this shop has that reverse fulfillment order", followUps: [] };
    return processed([{ kind: "automation", linkId, event: "arrived", source: "SHOPIFY" }]);
  },
  async "app/uninstalled"(ctx) {
    await uninstallShop(ctx);
    await ctx.rt.jobs.cancelShop(ctx.shop);
    return processed();
  },
  async "app/scopes_update"(ctx, _delivery, payload) {
    await updateScopes(ctx, payload.current);
    return processed();
  },
  async "customers/redact"(ctx, _delivery, payload) {
    await redactCustomer(ctx, payload.customer, payload.orders_to_redact);
    return processed();
  },
  async "customers/data_request"(ctx, _delivery, payload) {
    await exportCustomerData(ctx, payload.customer, payload.orders_requested);
    return processed();
  },
  async "shop/redact"(ctx) {
    await ctx.rt.jobs.cancelShop(ctx.shop);
    await redactShop(ctx);
    return { ...processed(), deliveryGone: true };
  },
};

/** Runs the topic's handler on a stored payload, parsed again with the topic's schema. */
export function handleTopic(ctx: ShopContext, delivery: StoredDelivery, rawPayload: unknown): Promise<TopicOutcome> {
  const handler = TOPIC_HANDLERS[delivery.topic] as Handler<Topic>;
  return handler(ctx, delivery, TOPICS[delivery.topic].schema.parse(rawPayload) as never);
}
