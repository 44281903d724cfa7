import type { Loose } from "./loose";
import type { ShopStore } from "./store";
import { NotSimulatedError, legacyId, simWording, type ReturnStatus, type RfoStatus, type SimReturn, type SimReturnLineItem, type SimRfo, type SimRfoLineItem, type StoreResult, type UserError, type WebhookEvent } from "./store-model";
import { applyProcessExtras, validateProcessExtras } from "./return-process";
import { declinePayload, fullReturnPayload, removalsPayload, shortReturnPayload } from "./webhook-payloads";

// The returns state machine: which mutation may move a return from which status, what a repeat does, and the
// userErrors of each refusal. Each rule's source (docs, capture, assumption) is tabled in decision record 0005.

/** What a mutation repeated on a return already in its target status answers ("succeed" is Shopify's, per the issue report). */
export type RepeatPolicy = "refuse" | "succeed";

export type ReturnOutcome = StoreResult<SimReturn> & { events: WebhookEvent[] };

const refused = (userErrors: UserError[]): ReturnOutcome => ({ value: null, userErrors, events: [] });
const notFound = (field: string[]): UserError => ({ field, message: simWording("Return does not exist."), code: "NOT_FOUND" });
const invalidState = (field: string[], r: SimReturn): UserError => ({
  field,
  message: simWording(`Return is not in a valid state for this operation (status: ${r.status}).`),
  code: "INVALID_STATE",
});

function validateReturnLines(store: ShopStore, orderId: string, lines: Array<Record<string, Loose>>, fieldRoot: string[]): UserError[] {
  const errs: UserError[] = [];
  const wanted = new Map<string, number>();
  lines.forEach((l, i) => {
    const fli = store.fulfillmentLineItems.get(l.fulfillmentLineItemId);
    const f = fli ? store.fulfillments.get(fli.fulfillmentId) : undefined;
    if (!fli || !f || f.orderId !== orderId) {
      errs.push({ field: [...fieldRoot, String(i), "fulfillmentLineItemId"], message: simWording("Fulfillment line item does not exist."), code: "NOT_FOUND" });
      return;
    }
    const q = Number(l.quantity);
    if (!(q > 0)) {
      errs.push({ field: [...fieldRoot, String(i), "quantity"], message: simWording("Quantity must be greater than 0."), code: "GREATER_THAN" });
      return;
    }
    if (l.returnReasonDefinitionId) {
      store.expectType(l.returnReasonDefinitionId, "ReturnReasonDefinition");
      if (!store.reasonDefinitions.has(l.returnReasonDefinitionId)) {
        errs.push({ field: [...fieldRoot, String(i), "returnReasonDefinitionId"], message: simWording("Return reason definition does not exist."), code: "NOT_FOUND" });
      }
    }
    wanted.set(fli.id, (wanted.get(fli.id) ?? 0) + q);
    if (wanted.get(fli.id)! > store.returnableQuantity(fli.id)) {
      errs.push({ field: [...fieldRoot, String(i), "quantity"], message: simWording("Quantity is not available for return."), code: "INVALID" });
    }
  });
  if (!lines.length) errs.push({ field: fieldRoot, message: simWording("Return must have at least one line item."), code: "BLANK" });
  return errs;
}

function buildReturn(store: ShopStore, orderId: string, lines: Array<Record<string, Loose>>, status: ReturnStatus): SimReturn {
  const order = store.orders.get(orderId)!;
  const now = store.stamp();
  const r: SimReturn = {
    id: store.newId("Return"),
    orderId,
    name: `${order.name}-R${order.returnIds.length + 1}`,
    status,
    createdAt: now,
    requestApprovedAt: status === "OPEN" ? now : null,
    closedAt: null,
    decline: null,
    lineItemIds: [],
    rfoIds: [],
  };
  for (const l of lines) {
    const rli: SimReturnLineItem = {
      id: store.newId("ReturnLineItem"),
      returnId: r.id,
      fulfillmentLineItemId: l.fulfillmentLineItemId,
      quantity: Number(l.quantity),
      processedQuantity: 0,
      returnReason: l.returnReason ?? "UNKNOWN",
      returnReasonDefinitionId: l.returnReasonDefinitionId ?? null,
      returnReasonNote: l.returnReasonNote ?? "",
      customerNote: l.customerNote ?? null,
      restockingFeePercentage: l.restockingFee?.percentage ?? null,
    };
    store.returnLineItems.set(rli.id, rli);
    r.lineItemIds.push(rli.id);
  }
  store.returns.set(r.id, r);
  order.returnIds.push(r.id);
  if (status === "OPEN") openRfo(store, r);
  store.touch(orderId);
  return r;
}

/** A reverse fulfillment order exists only once the return is OPEN (captured). */
function openRfo(store: ShopStore, r: SimReturn): void {
  if (r.rfoIds.length) return setRfoStatus(store, r, "OPEN");
  const rfo: SimRfo = { id: store.newId("ReverseFulfillmentOrder"), returnId: r.id, orderId: r.orderId, status: "OPEN", lineItemIds: [], deliveryIds: [] };
  for (const id of r.lineItemIds) {
    const rli = store.returnLineItems.get(id)!;
    const li: SimRfoLineItem = { id: store.newId("ReverseFulfillmentOrderLineItem"), rfoId: rfo.id, returnLineItemId: rli.id, fulfillmentLineItemId: rli.fulfillmentLineItemId, totalQuantity: rli.quantity, dispositions: [] };
    store.rfoLineItems.set(li.id, li);
    rfo.lineItemIds.push(li.id);
  }
  store.rfos.set(rfo.id, rfo);
  r.rfoIds.push(rfo.id);
}

function setRfoStatus(store: ShopStore, r: SimReturn, status: RfoStatus): void {
  for (const id of r.rfoIds) store.rfos.get(id)!.status = status;
}

/** An order out of the app's reach (older than 60 days without read_all_orders): the docs do not say what a return mutation answers. */
function reachableOrder(store: ShopStore, orderId: unknown) {
  const reach = store.orderReach(String(orderId));
  if (reach === "outside-window") throw new NotSimulatedError("return mutations on an order older than 60 days without read_all_orders");
  return reach === "visible" ? store.orders.get(String(orderId))! : undefined;
}

export function returnRequest(store: ShopStore, input: Record<string, Loose>): ReturnOutcome {
  const order = reachableOrder(store, input.orderId);
  if (!order) return refused([{ field: ["input", "orderId"], message: simWording("Order does not exist."), code: "NOT_FOUND" }]);
  const errs = validateReturnLines(store, order.id, input.returnLineItems ?? [], ["input", "returnLineItems"]);
  if (errs.length) return refused(errs);
  const r = buildReturn(store, order.id, input.returnLineItems, "REQUESTED");
  return { value: r, userErrors: [], events: [{ topic: "returns/request", payload: fullReturnPayload(store, r) }] };
}

export function returnCreate(store: ShopStore, input: Record<string, Loose>): ReturnOutcome {
  const order = reachableOrder(store, input.orderId);
  if (!order) return refused([{ field: ["returnInput", "orderId"], message: simWording("Order does not exist."), code: "NOT_FOUND" }]);
  const errs = validateReturnLines(store, order.id, input.returnLineItems ?? [], ["returnInput", "returnLineItems"]);
  if (errs.length) return refused(errs);
  const r = buildReturn(store, order.id, input.returnLineItems, "OPEN");
  // A return created by staff is OPEN at once; Shopify announces it like an approval (assumed).
  return { value: r, userErrors: [], events: [{ topic: "returns/approve", payload: fullReturnPayload(store, r) }] };
}

function transition(
  store: ShopStore,
  id: string,
  field: string[],
  rule: { from: ReturnStatus[]; to?: ReturnStatus; refuse?: (r: SimReturn) => UserError | null },
  apply: (r: SimReturn) => WebhookEvent[],
): ReturnOutcome {
  const r = store.returns.get(id);
  if (!r) return refused([notFound(field)]);
  // A repeat changes nothing and announces nothing.
  if (rule.to && r.status === rule.to && store.repeatPolicy === "succeed") return { value: r, userErrors: [], events: [] };
  if (!rule.from.includes(r.status)) return refused([invalidState(field, r)]);
  const refusal = rule.refuse?.(r);
  if (refusal) return refused([refusal]);
  const events = apply(r);
  store.touch(r.orderId);
  return { value: r, userErrors: [], events };
}

export function returnApproveRequest(store: ShopStore, id: string): ReturnOutcome {
  return transition(store, id, ["input", "id"], { from: ["REQUESTED"] }, (r) => {
    r.status = "OPEN";
    r.requestApprovedAt = store.stamp();
    openRfo(store, r);
    return [{ topic: "returns/approve", payload: fullReturnPayload(store, r) }];
  });
}

export function returnDeclineRequest(store: ShopStore, input: Record<string, Loose>): ReturnOutcome {
  return transition(store, input.id, ["input", "id"], { from: ["REQUESTED"] }, (r) => {
    r.status = "DECLINED";
    r.decline = { reason: input.declineReason ?? "OTHER", note: input.declineNote ?? null };
    return [{ topic: "returns/decline", payload: declinePayload(r) }];
  });
}

/** Docs: "Canceling a return is only available before any work has been done on the return (such as an inspection or refund)." */
function workDone(store: ShopStore, r: SimReturn): boolean {
  const processed = r.lineItemIds.some((x) => (store.returnLineItems.get(x)?.processedQuantity ?? 0) > 0);
  const inspected = r.rfoIds.some((id) => store.rfos.get(id)!.lineItemIds.some((li) => store.rfoLineItems.get(li)!.dispositions.length > 0));
  return processed || inspected;
}

export function returnCancel(store: ShopStore, id: string): ReturnOutcome {
  const refuse = (r: SimReturn) => (workDone(store, r) ? { field: ["id"], message: simWording("Return has processed items and cannot be canceled."), code: "INVALID_STATE" } : null);
  return transition(store, id, ["id"], { from: ["REQUESTED", "OPEN"], to: "CANCELED", refuse }, (r) => {
    r.status = "CANCELED";
    setRfoStatus(store, r, "CANCELED");
    return [{ topic: "returns/cancel", payload: shortReturnPayload(r) }];
  });
}

export function returnClose(store: ShopStore, id: string): ReturnOutcome {
  return transition(store, id, ["id"], { from: ["OPEN"], to: "CLOSED" }, (r) => {
    r.status = "CLOSED";
    r.closedAt = store.stamp();
    setRfoStatus(store, r, "CLOSED");
    return [{ topic: "returns/close", payload: shortReturnPayload(r) }];
  });
}

export function returnReopen(store: ShopStore, id: string): ReturnOutcome {
  return transition(store, id, ["id"], { from: ["CLOSED"], to: "OPEN" }, (r) => {
    r.status = "OPEN";
    r.closedAt = null;
    setRfoStatus(store, r, "OPEN");
    return [{ topic: "returns/reopen", payload: shortReturnPayload(r) }];
  });
}

export function returnProcess(store: ShopStore, input: Record<string, Loose>): ReturnOutcome {
  const r = store.returns.get(input.returnId);
  const lines: Array<{ id: string; quantity: number }> = input.returnLineItems ?? [];
  if (r && r.status === "OPEN") {
    const errs: UserError[] = [];
    lines.forEach((l, i) => {
      const rli = store.returnLineItems.get(l.id);
      if (!rli || rli.returnId !== r.id) errs.push({ field: ["input", "returnLineItems", String(i), "id"], message: simWording("Return line item does not exist."), code: "NOT_FOUND" });
      else if (l.quantity > rli.quantity - rli.processedQuantity || l.quantity < 1) errs.push({ field: ["input", "returnLineItems", String(i), "quantity"], message: simWording("Quantity exceeds the unprocessed quantity."), code: "INVALID" });
    });
    if (!lines.length) errs.push({ field: ["input", "returnLineItems"], message: simWording("Return line items can't be blank."), code: "BLANK" });
    if (!errs.length) errs.push(...validateProcessExtras(store, r, input));
    if (errs.length) return refused(errs);
  }
  return transition(store, input.returnId, ["input", "returnId"], { from: ["OPEN"] }, (ret) => {
    applyProcessExtras(store, ret, input);
    return [{ topic: "returns/process", payload: { id: legacyId(ret.id), admin_graphql_api_id: ret.id } }];
  });
}

/** Only a return still being worked on can be edited: Shopify refuses removeFromReturn on a CLOSED return (issue report). */
const EDITABLE: ReturnStatus[] = ["REQUESTED", "OPEN"];

export function removeFromReturn(store: ShopStore, returnId: string, lines: Array<{ returnLineItemId: string; quantity: number }>, exchangeLines: unknown[] = []): ReturnOutcome {
  if (exchangeLines.length) throw new NotSimulatedError("removeFromReturn(exchangeLineItems)");
  const r = store.returns.get(returnId);
  if (!r) return refused([notFound(["returnId"])]);
  if (!EDITABLE.includes(r.status)) return refused([{ field: ["returnId"], message: simWording(`Return is not editable (status: ${r.status}).`), code: "NOT_EDITABLE" }]);
  const errs: UserError[] = [];
  lines.forEach((l, i) => {
    const rli = store.returnLineItems.get(l.returnLineItemId);
    if (!rli || rli.returnId !== r.id) errs.push({ field: ["returnLineItems", String(i), "returnLineItemId"], message: simWording("Return line item does not exist."), code: "NOT_FOUND" });
    else if (!(Number(l.quantity) > 0)) errs.push({ field: ["returnLineItems", String(i), "quantity"], message: simWording("Quantity must be greater than 0."), code: "GREATER_THAN" });
    else if (l.quantity > rli.quantity - rli.processedQuantity) errs.push({ field: ["returnLineItems", String(i), "quantity"], message: simWording("Quantity exceeds the removable quantity."), code: "INVALID" });
  });
  if (!lines.length) errs.push({ field: ["returnLineItems"], message: simWording("Return line items can't be blank."), code: "BLANK" });
  if (errs.length) return refused(errs);
  const removals: Array<{ admin_graphql_api_id: string; delta: number }> = [];
  for (const l of lines) {
    const rli = store.returnLineItems.get(l.returnLineItemId)!;
    rli.quantity -= Number(l.quantity);
    removals.push({ admin_graphql_api_id: rli.id, delta: Number(l.quantity) });
    for (const rfoId of r.rfoIds) {
      const rfo = store.rfos.get(rfoId)!;
      for (const liId of [...rfo.lineItemIds]) {
        const li = store.rfoLineItems.get(liId)!;
        if (li.returnLineItemId !== rli.id) continue;
        li.totalQuantity = rli.quantity;
        if (li.totalQuantity === 0) rfo.lineItemIds = rfo.lineItemIds.filter((x) => x !== liId);
      }
    }
    if (rli.quantity === 0) r.lineItemIds = r.lineItemIds.filter((x) => x !== rli.id);
  }
  const events: WebhookEvent[] = [{ topic: "returns/update", payload: removalsPayload(r, removals) }];
  // A return left without items closes itself (captured: status CLOSED, closedAt set).
  if (!r.lineItemIds.length) {
    r.status = "CLOSED";
    r.closedAt = store.stamp();
    setRfoStatus(store, r, "CLOSED");
    events.push({ topic: "returns/close", payload: shortReturnPayload(r) });
  }
  store.touch(r.orderId);
  return { value: r, userErrors: [], events };
}
