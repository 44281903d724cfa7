import type { Loose } from "./loose";
import type { ShopStore } from "./store";
import { NotSimulatedError, simWording, type SimOrder, type SimReturn, type SimTransaction, type UserError } from "./store-model";
import { money } from "./resolver-kit";

// returnProcess beyond confirming quantities (https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/returnProcess):
// the items' dispositions, exchange lines and the refund against the order's transactions, and the refund Shopify
// suggests for returned lines (Return.suggestedFinancialOutcome). The input fields are documented; the refusals'
// codes and texts are not, so their messages start with [sim] (decision record 0005).

type DispositionInput = { reverseFulfillmentOrderLineItemId: string; quantity: number; dispositionType: string; locationId?: string | null };
type ProcessLine = { id: string; quantity: number; dispositions?: DispositionInput[] | null };
type RefundLine = { transactionAmount: { amount: string; currencyCode: string }; parentId: string };

/** What is left to refund of a paid (SALE or CAPTURE) transaction. */
export function refundableCents(store: ShopStore, tx: SimTransaction): number {
  if (tx.status !== "SUCCESS" || (tx.kind !== "SALE" && tx.kind !== "CAPTURE")) return 0;
  const refunded = [...store.transactions.values()].filter((r) => r.parentId === tx.id && r.kind === "REFUND" && r.status === "SUCCESS").reduce((s, r) => s + r.amountCents, 0);
  return tx.amountCents - refunded;
}

export function orderRefundedCents(store: ShopStore, order: SimOrder): number {
  return order.transactionIds.map((id) => store.transactions.get(id)!).filter((t) => t.kind === "REFUND" && t.status === "SUCCESS").reduce((s, t) => s + t.amountCents, 0);
}

function paidTransactions(store: ShopStore, order: SimOrder): SimTransaction[] {
  return order.transactionIds.map((id) => store.transactions.get(id)!).filter((t) => refundableCents(store, t) > 0);
}

const at = (...path: Array<string | number>) => ["input", ...path.map(String)];

/** Refusals of the dispositions, exchange lines and refund of a returnProcess input (lines themselves are checked by the caller). */
export function validateProcessExtras(store: ShopStore, r: SimReturn, input: Record<string, Loose>): UserError[] {
  const errs: UserError[] = [];
  const lines: ProcessLine[] = input.returnLineItems ?? [];
  const disposing = new Map<string, number>();
  lines.forEach((l, i) => {
    (l.dispositions ?? []).forEach((d, j) => {
      const field = (f: string) => at("returnLineItems", i, "dispositions", j, f);
      store.expectType(d.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
      if (d.locationId) store.expectType(d.locationId, "Location");
      const li = store.rfoLineItems.get(d.reverseFulfillmentOrderLineItemId);
      const rfo = li ? store.rfos.get(li.rfoId) : undefined;
      if (!li || !rfo || rfo.returnId !== r.id || li.returnLineItemId !== l.id) {
        errs.push({ field: field("reverseFulfillmentOrderLineItemId"), message: simWording("Reverse fulfillment order line item does not belong to this return line item."), code: "NOT_FOUND" });
        return;
      }
      if (rfo.status !== "OPEN") errs.push({ field: field("reverseFulfillmentOrderLineItemId"), message: simWording("Reverse fulfillment order is not open."), code: "INVALID_STATE" });
      const line = store.lineItems.get(store.fulfillmentLineItems.get(li.fulfillmentLineItemId)!.lineItemId)!;
      // Captured texts (reverseFulfillmentOrderDispose); the location rule is documented on ReverseFulfillmentOrderDisposeInput.
      if (d.dispositionType === "RESTOCKED" && !line.variantId) errs.push({ field: field("dispositionType"), message: "RESTOCKED is an invalid disposition type for a custom line item.", code: "INVALID" });
      if (d.dispositionType === "RESTOCKED" && !d.locationId) errs.push({ field: field("locationId"), message: simWording("A location is required to restock items."), code: "BLANK" });
      if (d.locationId && !store.locations.has(d.locationId)) errs.push({ field: field("locationId"), message: "Location not found.", code: "NOT_FOUND" });
      const left = li.totalQuantity - li.dispositions.reduce((s, x) => s + x.quantity, 0) - (disposing.get(li.id) ?? 0);
      if (d.quantity < 1 || d.quantity > left) errs.push({ field: field("quantity"), message: simWording("Quantity exceeds the quantity left to dispose."), code: "INVALID" });
      disposing.set(li.id, (disposing.get(li.id) ?? 0) + d.quantity);
    });
  });
  // The simulator creates no exchange lines (returnRequest/returnCreate take none here): no id can belong to this return.
  (input.exchangeLineItems ?? []).forEach((_x: unknown, i: number) => errs.push({ field: at("exchangeLineItems", i, "id"), message: simWording("Exchange line item does not exist."), code: "NOT_FOUND" }));
  const refund = input.financialTransfer?.issueRefund;
  if (refund) {
    const order = store.orders.get(r.orderId)!;
    const asked = new Map<string, number>();
    (refund.orderTransactions as RefundLine[]).forEach((t, i) => {
      store.expectType(t.parentId, "OrderTransaction");
      const tx = store.transactions.get(t.parentId);
      const cents = Math.round(Number(t.transactionAmount.amount) * 100);
      const field = (f: string) => at("financialTransfer", "issueRefund", "orderTransactions", i, f);
      if (!tx || tx.orderId !== order.id || refundableCents(store, tx) === 0 && !asked.has(tx.id)) {
        errs.push({ field: field("parentId"), message: simWording("Transaction is not a paid transaction of this order."), code: "INVALID" });
        return;
      }
      if (t.transactionAmount.currencyCode !== tx.currency) errs.push({ field: field("transactionAmount"), message: simWording("Currency does not match the transaction's."), code: "INVALID" });
      if (!(cents > 0)) errs.push({ field: field("transactionAmount"), message: simWording("Amount must be greater than 0."), code: "INVALID" });
      asked.set(tx.id, (asked.get(tx.id) ?? 0) + cents);
      if (!refund.allowOverRefunding && asked.get(tx.id)! > refundableCents(store, tx)) errs.push({ field: field("transactionAmount"), message: simWording("Amount exceeds what is left to refund."), code: "INVALID" });
    });
  }
  return errs;
}

/** Applies a validated input: quantities processed, dispositions recorded, refunds made. */
export function applyProcessExtras(store: ShopStore, r: SimReturn, input: Record<string, Loose>): void {
  for (const l of (input.returnLineItems ?? []) as ProcessLine[]) {
    store.returnLineItems.get(l.id)!.processedQuantity += Number(l.quantity);
    for (const d of l.dispositions ?? []) {
      store.rfoLineItems.get(d.reverseFulfillmentOrderLineItemId)!.dispositions.push({ id: store.newId("ReverseFulfillmentOrderDisposition"), type: d.dispositionType, quantity: Number(d.quantity), locationId: d.locationId ?? null, createdAt: store.stamp() });
    }
  }
  const order = store.orders.get(r.orderId)!;
  for (const t of (input.financialTransfer?.issueRefund?.orderTransactions ?? []) as RefundLine[]) {
    const parent = store.transactions.get(t.parentId)!;
    const tx: SimTransaction = { id: store.newId("OrderTransaction"), orderId: order.id, kind: "REFUND", status: "SUCCESS", gateway: parent.gateway, amountCents: Math.round(Number(t.transactionAmount.amount) * 100), currency: parent.currency, parentId: parent.id, processedAt: store.stamp() };
    store.transactions.set(tx.id, tx);
    order.transactionIds.push(tx.id);
  }
}

/**
 * Return.suggestedFinancialOutcome: the lines' price and tax for the quantities asked, capped at what the order
 * still has to refund, suggested against its paid transactions in order. Shopify's own computation (discounts,
 * duties, shipping) is not documented; the simulator's orders have none of them.
 */
export function suggestedOutcome(store: ShopStore, r: SimReturn, lines: Array<{ id: string; quantity: number }>, exchangeLines: unknown[]) {
  if (exchangeLines.length) throw new NotSimulatedError("Return.suggestedFinancialOutcome(exchangeLineItems)");
  const order = store.orders.get(r.orderId)!;
  let cents = 0;
  for (const l of lines) {
    const rli = store.returnLineItems.get(l.id);
    if (!rli || rli.returnId !== r.id || l.quantity < 1 || l.quantity > rli.quantity) throw new NotSimulatedError("Return.suggestedFinancialOutcome for lines or quantities not of this return");
    const li = store.lineItems.get(store.fulfillmentLineItems.get(rli.fulfillmentLineItemId)!.lineItemId)!;
    const taxPerUnit = li.quantity ? li.taxLines.reduce((s, t) => s + t.cents, 0) / li.quantity : 0;
    cents += Math.round((li.priceCents + taxPerUnit) * l.quantity);
  }
  const paid = paidTransactions(store, order);
  cents = Math.min(cents, paid.reduce((s, t) => s + refundableCents(store, t), 0));
  if (cents <= 0) return { financialTransfer: null };
  const suggestedTransactions = [];
  let left = cents;
  for (const tx of paid) {
    const take = Math.min(left, refundableCents(store, tx));
    if (take <= 0) break;
    suggestedTransactions.push({ kind: "SUGGESTED_REFUND", gateway: tx.gateway, amountSet: money(take, tx.currency), parentTransaction: tx });
    left -= take;
  }
  return { financialTransfer: { __typename: "RefundReturnOutcome", amount: money(cents, order.currency), suggestedTransactions, suggestedRefundMethods: [] } };
}
