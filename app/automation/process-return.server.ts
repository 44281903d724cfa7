import { ValidationError } from "../http/errors.server";
import type { ShopContext } from "../returns/shop-context.server";
import { fetchReturnForAutomation, fulfillmentLineOf, type AutomationReturnLine, type ReturnForAutomation } from "../shopify/graphql/return-for-automation.server";
import { processReturn, type ProcessedReturn, type ReturnProcessInput, type ReturnProcessLine } from "../shopify/graphql/return-process.server";
import { fetchSuggestedRefund } from "../shopify/graphql/return-suggested-refund.server";
import type { AutomationRuleView } from "./rule-types";

// A return whose parcel was seen arriving is processed with returnProcess: the unprocessed quantities confirmed, each
// item's disposition recorded (restocked at the rule's location, or not restocked), and, when the rule says so, the
// refund Shopify suggests against the order's transactions. returnProcess is not idempotent: the caller has claimed
// the stage, quantities already processed are never sent again, and a lost answer is checked before any retry.

export interface ProcessOutcome {
  /** What happened, for the timeline: quantities and amounts. */
  detail: string;
  processed: boolean;
}

function amount(value: string, currency: string): string {
  return `${Number(value).toFixed(2)} ${currency}`;
}

/** Dispositions for the line's quantity on the open reverse fulfillment order lines of the same item. */
function dispositionsFor(ret: ReturnForAutomation, line: AutomationReturnLine, quantity: number, locationId: string): ReturnProcessLine["dispositions"] {
  const out: NonNullable<ReturnProcessLine["dispositions"]> = [];
  const fulfillmentLine = fulfillmentLineOf(line);
  let left = quantity;
  for (const rfo of ret.reverseFulfillmentOrders.nodes.filter((r) => r.status === "OPEN")) {
    for (const li of rfo.lineItems.nodes) {
      if (left <= 0 || li.fulfillmentLineItem?.id !== fulfillmentLine?.id) continue;
      const free = li.totalQuantity - li.dispositions.reduce((s, d) => s + d.quantity, 0);
      const take = Math.min(free, left);
      if (take <= 0) continue;
      // Shopify refuses RESTOCKED for a custom line item (no variant): such items are recorded as not restocked.
      const restock = !!fulfillmentLine?.lineItem.variant;
      out.push({ reverseFulfillmentOrderLineItemId: li.id, quantity: take, dispositionType: restock ? "RESTOCKED" : "NOT_RESTOCKED", locationId: restock ? locationId : null });
      left -= take;
    }
  }
  return out;
}

export async function processArrivedReturn(ctx: ShopContext, returnGid: string, rule: AutomationRuleView): Promise<ProcessOutcome> {
  const admin = await ctx.admin();
  const ret = await fetchReturnForAutomation(admin, returnGid);
  if (!ret) throw new ValidationError("Shopify no longer has this return", { service: "shopify", code: "RETURN_GONE" });
  if (ret.exchangeLineItems.nodes.length) {
    throw new ValidationError(`Return ${ret.name} has exchange items: automation does not process exchanges; process it in Shopify`, { service: "app", code: "EXCHANGE_NOT_AUTOMATED" });
  }
  if (ret.status !== "OPEN") throw new ValidationError(`Return ${ret.name} is ${ret.status.toLowerCase()}: only an open return can be processed; process it in Shopify`, { service: "app", code: "RETURN_NOT_OPEN" });
  const todo = ret.returnLineItems.nodes.filter((l) => l.unprocessedQuantity > 0);
  if (!todo.length) return { processed: false, detail: `Return ${ret.name} was already processed: nothing sent again` };

  const lines: ReturnProcessLine[] = todo.map((l) => ({
    id: l.id,
    quantity: l.unprocessedQuantity,
    ...(rule.restockLocationId ? { dispositions: dispositionsFor(ret, l, l.unprocessedQuantity, rule.restockLocationId) } : {}),
  }));
  const input: ReturnProcessInput = { returnId: ret.id, returnLineItems: lines, notifyCustomer: rule.notifyCustomer };
  let refundText = "no refund (the rule leaves it to the merchant)";
  if (rule.refundOnArrival) {
    const transfer = await fetchSuggestedRefund(admin, { id: ret.id, lines: todo.map((l) => ({ id: l.id, quantity: l.unprocessedQuantity })) });
    if (transfer?.__typename === "InvoiceReturnOutcome") throw new ValidationError(`Shopify suggests invoicing the customer for return ${ret.name}, not a refund: process it in Shopify`, { service: "app", code: "INVOICE_NOT_AUTOMATED" });
    const txs = (transfer?.suggestedTransactions ?? []).filter((t) => t.parentTransaction);
    if (!txs.length) throw new ValidationError(`Shopify suggests no transaction to refund for return ${ret.name} (nothing paid to refund): process it in Shopify`, { service: "app", code: "NOTHING_TO_REFUND" });
    input.financialTransfer = {
      issueRefund: { orderTransactions: txs.map((t) => ({ transactionAmount: { amount: t.amountSet.shopMoney.amount, currencyCode: t.amountSet.shopMoney.currencyCode }, parentId: t.parentTransaction!.id })) },
    };
    const total = txs.reduce((s, t) => s + Number(t.amountSet.shopMoney.amount), 0);
    refundText = `refunded ${amount(String(total), txs[0].amountSet.shopMoney.currencyCode)} (${txs.map((t) => `${amount(t.amountSet.shopMoney.amount, t.amountSet.shopMoney.currencyCode)} on ${t.gateway ?? "the original payment"}`).join(", ")})`;
  }

  const before = new Map(ret.returnLineItems.nodes.map((l) => [l.id, l.processedQuantity]));
  // After a timeout or 5xx: processed meanwhile (every planned quantity now counted) means it went through.
  const alreadyProcessed = async (): Promise<ProcessedReturn | undefined> => {
    const now = await fetchReturnForAutomation(admin, ret.id);
    if (!now || !lines.every((l) => (now.returnLineItems.nodes.find((n) => n.id === l.id)?.processedQuantity ?? 0) >= (before.get(l.id) ?? 0) + l.quantity)) return undefined;
    return { id: now.id, status: now.status, returnLineItems: { nodes: now.returnLineItems.nodes.map((n) => ({ id: n.id, processedQuantity: n.processedQuantity, unprocessedQuantity: n.unprocessedQuantity })) } };
  };
  await processReturn(admin, input, alreadyProcessed);
  const items = lines.reduce((s, l) => s + l.quantity, 0);
  const restocked = lines.flatMap((l) => l.dispositions ?? []).filter((d) => d.dispositionType === "RESTOCKED").reduce((s, d) => s + d.quantity, 0);
  const disposition = rule.restockLocationId ? `${restocked} restocked, ${items - restocked} not restocked` : "no disposition recorded";
  return { processed: true, detail: `Return ${ret.name} processed: ${items} item${items === 1 ? "" : "s"} (${disposition}); ${refundText}` };
}
