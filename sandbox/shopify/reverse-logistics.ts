import type { ShopStore } from "./store";
import { carrierFromUrl, simWording, type SimReverseDelivery, type SimRfoLineItem, type StoreResult, type UserError, type WebhookEvent } from "./store-model";
import { attachDeliverableEvent, disposeEvent } from "./webhook-payloads";

// Reverse deliveries and dispositions: what the captures show (messages, codes, fields), the documented
// empty-list rule of reverseDeliveryCreateWithShipping, and marked assumptions for the rest.

type TrackingInput = { number?: string | null; url?: string | null } | null | undefined;
type LabelInput = { fileUrl: string } | null | undefined;

export interface ReverseDeliveryCreateArgs {
  reverseFulfillmentOrderId: string;
  reverseDeliveryLineItems: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
  trackingInput?: TrackingInput;
  labelInput?: LabelInput;
  notifyCustomer?: boolean | null;
}

/** Documented: notifyCustomer (default true) emails the customer the delivery instructions when the order has an email. */
function notify(store: ShopStore, rd: SimReverseDelivery, notifyCustomer: boolean | null | undefined): void {
  const order = store.orders.get(store.rfos.get(rd.rfoId)!.orderId)!;
  if (notifyCustomer === false || !order.email) return;
  store.notifications.push({ kind: "reverse_delivery", orderId: order.id, to: order.email, reverseDeliveryId: rd.id, labelUrl: rd.label?.publicFileUrl ?? null, trackingNumber: rd.tracking?.number ?? null, at: store.stamp() });
}

function applyShipping(store: ShopStore, rd: SimReverseDelivery, tracking: TrackingInput, label: LabelInput): void {
  const now = store.stamp();
  if (tracking) {
    const url = tracking.url ?? null;
    rd.tracking = { number: tracking.number ?? null, url, carrierName: carrierFromUrl(url) };
  }
  if (label?.fileUrl) rd.label = { publicFileUrl: label.fileUrl, createdAt: rd.label?.createdAt ?? now, updatedAt: now };
}

export function reverseDeliveryCreate(store: ShopStore, args: ReverseDeliveryCreateArgs): StoreResult<SimReverseDelivery> & { events: WebhookEvent[] } {
  store.expectType(args.reverseFulfillmentOrderId, "ReverseFulfillmentOrder");
  for (const l of args.reverseDeliveryLineItems) store.expectType(l.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
  const rfo = store.rfos.get(args.reverseFulfillmentOrderId);
  if (!rfo) return { value: null, userErrors: [{ field: ["reverseFulfillmentOrderId"], message: "Reverse fulfillment order was not found.", code: "NOT_FOUND" }], events: [] };
  if (rfo.status !== "OPEN") {
    return { value: null, userErrors: [{ field: ["reverseFulfillmentOrderId"], message: simWording("Reverse fulfillment order is not open."), code: "INVALID_STATE" }], events: [] };
  }
  const delivered = (liId: string) =>
    rfo.deliveryIds.reduce((s, d) => s + store.reverseDeliveries.get(d)!.lineItems.filter((x) => x.rfoLineItemId === liId).reduce((a, x) => a + x.quantity, 0), 0);
  // Documented: an empty list means one line per reverse fulfillment order line item, with its total quantity.
  const requested = args.reverseDeliveryLineItems.length
    ? args.reverseDeliveryLineItems.map((l) => ({ rfoLineItemId: l.reverseFulfillmentOrderLineItemId, quantity: Number(l.quantity) }))
    : rfo.lineItemIds.map((id) => ({ rfoLineItemId: id, quantity: store.rfoLineItems.get(id)!.totalQuantity }));
  const errs: UserError[] = [];
  const running = new Map<string, number>();
  requested.forEach((l, i) => {
    const li = store.rfoLineItems.get(l.rfoLineItemId);
    if (!li || li.rfoId !== rfo.id) {
      errs.push({ field: ["reverseDeliveryLineItems", String(i), "reverseFulfillmentOrderLineItemId"], message: "must exist", code: null });
      return;
    }
    running.set(li.id, (running.get(li.id) ?? 0) + l.quantity);
    if (running.get(li.id)! > li.totalQuantity - delivered(li.id)) {
      errs.push({ field: ["reverseDeliveryLineItems", String(i), "quantity"], message: "cannot deliver more items than are returned", code: null });
    }
  });
  if (!requested.length) errs.push({ field: ["reverseDeliveryLineItems"], message: "cannot deliver more items than are returned", code: null });
  if (errs.length) return { value: null, userErrors: errs, events: [] };
  const rd: SimReverseDelivery = {
    id: store.newId("ReverseDelivery"),
    rfoId: rfo.id,
    lineItems: requested.map((l) => ({ id: store.newId("ReverseDeliveryLineItem"), rfoLineItemId: l.rfoLineItemId, quantity: l.quantity })),
    tracking: null,
    label: null,
  };
  applyShipping(store, rd, args.trackingInput, args.labelInput);
  store.reverseDeliveries.set(rd.id, rd);
  rfo.deliveryIds.push(rd.id);
  notify(store, rd, args.notifyCustomer);
  store.touch(rfo.orderId);
  return { value: rd, userErrors: [], events: rd.tracking || rd.label ? [attachDeliverableEvent(store, rd)] : [] };
}

export function reverseDeliveryShippingUpdate(
  store: ShopStore,
  args: { reverseDeliveryId: string; trackingInput?: TrackingInput; labelInput?: LabelInput; notifyCustomer?: boolean | null },
): StoreResult<SimReverseDelivery> & { events: WebhookEvent[] } {
  store.expectType(args.reverseDeliveryId, "ReverseDelivery");
  const rd = store.reverseDeliveries.get(args.reverseDeliveryId);
  if (!rd) return { value: null, userErrors: [{ field: ["reverseDeliveryId"], message: "Reverse delivery was not found.", code: "NOT_FOUND" }], events: [] };
  applyShipping(store, rd, args.trackingInput, args.labelInput);
  notify(store, rd, args.notifyCustomer);
  store.touch(store.rfos.get(rd.rfoId)!.orderId);
  return { value: rd, userErrors: [], events: [attachDeliverableEvent(store, rd)] };
}

export interface DisposeInput {
  reverseFulfillmentOrderLineItemId: string;
  quantity: number;
  dispositionType: string;
  locationId?: string | null;
}

export function reverseFulfillmentOrderDispose(store: ShopStore, inputs: DisposeInput[]): StoreResult<SimRfoLineItem[]> & { events?: WebhookEvent[] } {
  for (const i of inputs) {
    store.expectType(i.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
    if (i.locationId) store.expectType(i.locationId, "Location");
  }
  if (!inputs.length) return { value: null, userErrors: [{ field: ["dispositionInputs"], message: simWording("Disposition inputs can't be blank."), code: "BLANK" }] };
  const items = inputs.map((i) => store.rfoLineItems.get(i.reverseFulfillmentOrderLineItemId));
  const rfoIds = new Set(items.map((li) => li?.rfoId ?? null));
  if (rfoIds.size !== 1 || rfoIds.has(null)) {
    return { value: null, userErrors: [{ field: ["dispositionInputs"], message: "Cannot dispose items from more than one reverse fulfillment order.", code: "INVALID" }] };
  }
  const rfo = store.rfos.get(items[0]!.rfoId)!;
  if (rfo.status !== "OPEN") {
    return { value: null, userErrors: [{ field: ["dispositionInputs"], message: simWording("Reverse fulfillment order is not open."), code: "INVALID_STATE" }] };
  }
  const errs: UserError[] = [];
  inputs.forEach((input, i) => {
    const li = items[i]!;
    const line = store.lineItems.get(store.fulfillmentLineItems.get(li.fulfillmentLineItemId)!.lineItemId)!;
    if (input.dispositionType === "RESTOCKED" && !line.variantId) {
      errs.push({ field: ["dispositionInputs", String(i), "dispositionType"], message: "RESTOCKED is an invalid disposition type for a custom line item.", code: "INVALID" });
    }
    if (input.locationId && !store.locations.has(input.locationId)) {
      errs.push({ field: ["dispositionInputs", String(i), "locationId"], message: "Location not found.", code: "NOT_FOUND" });
    }
    const disposed = li.dispositions.reduce((s, d) => s + d.quantity, 0);
    if (input.quantity > li.totalQuantity - disposed || input.quantity < 1) {
      errs.push({ field: ["dispositionInputs", String(i), "quantity"], message: simWording("Quantity exceeds the quantity left to dispose."), code: "INVALID" });
    }
  });
  if (errs.length) return { value: null, userErrors: errs };
  const touched: SimRfoLineItem[] = [];
  const disposed: Parameters<typeof disposeEvent>[1] = [];
  inputs.forEach((input, i) => {
    const li = items[i]!;
    const disposition = { id: store.newId("ReverseFulfillmentOrderDisposition"), type: input.dispositionType, quantity: Number(input.quantity), locationId: input.locationId ?? null, createdAt: store.stamp() };
    li.dispositions.push(disposition);
    disposed.push({ line: li, disposition });
    if (!touched.includes(li)) touched.push(li);
  });
  return { value: touched, userErrors: [], events: [disposeEvent(rfo, disposed)] };
}
