import type { ReturnLink, Shipment } from "@prisma/client";
import type { PickupWindow } from "../platforms/types";
import { isUniqueViolation } from "../returns/claim-once.server";
import type { ShopContext } from "../returns/shop-context.server";
import { FLOW_TRIGGERS, flowPayload, type FlowSubject, type FlowTriggerName } from "./triggers";

// A Flow trigger event is stored once per event (its key names what happened: the same key twice is the same event)
// and sent by the `flow.trigger` job. The row is the outbox: a send that never got queued is found by the sweep.
// Never throws: a Flow problem must not fail the label, pickup or sync that caused it.

export interface FlowEvent {
  trigger: FlowTriggerName;
  subject: FlowSubject & { linkId: string | null };
  /** What makes this event itself (e.g. the shipment id): with the trigger, unique per shop. */
  key: string;
  extra?: Partial<Record<string, string | null>>;
}

export async function emitFlowEvent(ctx: ShopContext, event: FlowEvent): Promise<void> {
  const { db, shop } = ctx;
  try {
    const row = await db.flowTriggerEvent.create({
      data: {
        shop,
        eventKey: `${event.trigger}:${event.key}`,
        handle: FLOW_TRIGGERS[event.trigger].handle,
        returnLinkId: event.subject.linkId,
        payload: JSON.stringify(flowPayload(event.trigger, event.subject, event.extra)),
      },
    });
    await ctx.rt.jobs.send("flow.trigger", { shop, eventId: row.id }, { shop });
  } catch (err) {
    if (isUniqueViolation(err)) return;
    ctx.log.warn("flow.event_not_stored", { shop, trigger: event.trigger, key: event.key, err });
  }
}

/** A label on the Shopify return: "Return label created", and "Return pickup booked" when it came with a home pickup. */
export async function emitLabelEvents(ctx: ShopContext, link: ReturnLink, row: Shipment, providerName: string, pickupWindows: PickupWindow[] | null): Promise<void> {
  const subject = { linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid };
  await emitFlowEvent(ctx, { trigger: "label-created", subject, key: row.id, extra: { Provider: providerName, Carrier: row.carrier, "Tracking number": row.trackingNumber } });
  if (pickupWindows) {
    const windows = pickupWindows.map((w) => `${w.startHour}-${w.endHour}`).join(", ");
    await emitFlowEvent(ctx, { trigger: "pickup-booked", subject, key: `label:${row.id}`, extra: { Provider: providerName, "Pickup windows": windows } });
  }
}
