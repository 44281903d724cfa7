import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, WAREHOUSE, type AppHarness } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { markReceived, retryAutomation, listNeedsAttention } from "./attention.server";
import { emptyRule } from "./rule-types";
import { saveAutomationRules } from "./rules.server";

// Processing on arrival: never before the parcel was seen arriving, once (returnProcess is not idempotent: a lost
// answer is checked, never resent blindly), with dispositions and the refund the rule asks for and the amounts on
// the timeline; and a rule that fails leaves the return needing attention until a retry, which makes one label.

const VARIANT = "gid://shopify/ProductVariant/48500000000777";
const ORDER = {
  customer: { firstName: "Marie", lastName: "Dubois", email: "marie@example.com" },
  email: "marie@example.com",
  shippingAddress: { firstName: "Marie", lastName: "Dubois", address1: "12 Rue de Rivoli", city: "Paris", zip: "75004", countryCode: "FR", phone: "+33612345678" },
  lineItems: [{ title: "Denim jacket", quantity: 2, price: "79.00", variantId: VARIANT }],
  returns: [{ status: "OPEN" as const, lines: [{ line: 0, quantity: 1 }] }],
};

describe.each(testEngines())("processing on arrival on %s", (kind) => {
  let h: AppHarness;
  let location: string;

  const link = (returnGid: string) => h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid } });
  const processCalls = () => h.shopify.calls.filter((c) => c.operationName === "ReturnProcess" && c.status === 200).length;
  async function openReturn() {
    const [o] = await seedShop(h.merchant, { orders: [ORDER] });
    await h.settle();
    return { o, returnGid: o.returns[0].id, rli: h.shopify.store.returns.get(o.returns[0].id)!.lineItemIds[0] };
  }

  beforeAll(async () => {
    h = await startAppHarness({ kind });
    location = [...h.shopify.store.locations.keys()][1];
    const saved = await saveAutomationRules(h.rt.shop(h.shop), [{ ...emptyRule(0), name: "France: process on arrival", countries: ["FR"], createLabel: false, processOnArrival: true, refundOnArrival: true, restockLocationId: location }]);
    expect(saved.ok).toBe(true);
  }, 60_000);
  afterAll(async () => h?.close());

  it("does nothing to a return whose parcel was not seen arriving", async () => {
    const { returnGid, rli } = await openReturn();
    expect(h.shopify.store.returnLineItems.get(rli)!.processedQuantity).toBe(0);
    expect(await h.t.db.automationRun.findMany({ where: { returnLinkId: (await link(returnGid)).id } })).toEqual([]);
  });

  it("processes once when the parcel is marked received: restocked at the rule's location, refunded, amounts on the timeline", async () => {
    const { o, returnGid, rli } = await openReturn();
    const before = processCalls();
    const l = await link(returnGid);
    await markReceived(h.rt.shop(h.shop), l.id);
    await h.settle();
    await markReceived(h.rt.shop(h.shop), l.id);
    await h.settle();
    expect(processCalls() - before).toBe(1);
    expect(h.shopify.store.returnLineItems.get(rli)!.processedQuantity).toBe(1);
    const rfoLine = [...h.shopify.store.rfoLineItems.values()].find((x) => x.returnLineItemId === rli)!;
    expect(rfoLine.dispositions.map((d) => [d.type, d.quantity, d.locationId])).toEqual([["RESTOCKED", 1, location]]);
    const order = h.shopify.store.orders.get(o.id)!;
    const refunds = order.transactionIds.map((id) => h.shopify.store.transactions.get(id)!).filter((t) => t.kind === "REFUND");
    expect(refunds.map((t) => t.amountCents)).toEqual([7900]);
    const done = await h.t.db.trackingEvent.findFirst({ where: { returnLinkId: l.id, kind: "automation", status: "PROCESS", result: "OK", detail: { contains: "processed:" } } });
    expect(done?.detail).toBe(`Rule "France: process on arrival": Return ${o.returns[0].name} processed: 1 item (1 restocked, 0 not restocked); refunded 79.00 EUR (79.00 EUR on manual)`);
  });

  it("after a lost answer, finds the return processed and does not send returnProcess again", async () => {
    const { o, returnGid, rli } = await openReturn();
    h.shopify.failNext(1, 502, { afterExecuting: true, operation: "ReturnProcess" });
    await markReceived(h.rt.shop(h.shop), (await link(returnGid)).id);
    await h.settle();
    expect(h.shopify.store.returnLineItems.get(rli)!.processedQuantity).toBe(1);
    const refunds = h.shopify.store.orders.get(o.id)!.transactionIds.map((id) => h.shopify.store.transactions.get(id)!).filter((t) => t.kind === "REFUND");
    expect(refunds).toHaveLength(1);
    expect(h.shopify.calls.filter((c) => c.operationName === "ReturnProcess").map((c) => c.status)).toContain(502);
    expect(await h.t.db.automationRun.findFirst({ where: { returnLinkId: (await link(returnGid)).id, stage: "PROCESS" } })).toMatchObject({ state: "DONE" });
  });

  it("processes on the warehouse's dispose webhook (the items were disposed there: no disposition added)", async () => {
    const { returnGid, rli } = await openReturn();
    const rfoLine = [...h.shopify.store.rfoLineItems.values()].find((x) => x.returnLineItemId === rli)!;
    await h.merchant.request(`mutation($d: [ReverseFulfillmentOrderDisposeInput!]!) { reverseFulfillmentOrderDispose(dispositionInputs: $d) { userErrors { code } } }`, {
      d: [{ reverseFulfillmentOrderLineItemId: rfoLine.id, quantity: 1, dispositionType: "NOT_RESTOCKED" }],
    });
    await h.settle();
    expect(h.shopify.store.returnLineItems.get(rli)!.processedQuantity).toBe(1);
    expect(rfoLine.dispositions.map((d) => d.type)).toEqual(["NOT_RESTOCKED"]);
    const arrival = await h.t.db.automationRun.findFirst({ where: { returnLinkId: (await link(returnGid)).id, stage: "ARRIVAL" } });
    expect(arrival).toMatchObject({ state: "DONE", detail: "SHOPIFY" });
  });

  it("leaves a return needing attention with the reason when a rule fails, and a retry makes exactly one label", async () => {
    await saveAutomationRules(h.rt.shop(h.shop), [{ ...emptyRule(0), name: "Label France", countries: ["FR"], createLabel: true, provider: "IFRETURNS" }]);
    await h.t.db.providerConnection.updateMany({ where: { shop: h.shop, provider: "IFRETURNS" }, data: { warehouseAddress: null } });
    const { returnGid } = await openReturn();
    const l = await link(returnGid);
    const attention = await listNeedsAttention(h.t.db, h.shop);
    expect(attention.rows.find((r) => r.linkId === l.id)).toMatchObject({ stage: "LABEL", ruleName: "Label France", error: expect.stringMatching(/warehouse address/) });
    expect((await link(returnGid)).lastError).toMatch(/Automation \(Label France\): .*warehouse address/);

    await h.t.db.providerConnection.updateMany({ where: { shop: h.shop, provider: "IFRETURNS" }, data: { warehouseAddress: JSON.stringify(WAREHOUSE) } });
    h.ifreturns.registerReturn({ merchantReturnName: l.normalizedName, shopCode: "returnsbridgedemo" });
    expect(await retryAutomation(h.rt.shop(h.shop), [l.id])).toBe(1);
    await h.settle();
    expect(await retryAutomation(h.rt.shop(h.shop), [l.id])).toBe(0);
    await h.settle();
    expect(await h.t.db.automationRun.findFirst({ where: { returnLinkId: l.id, stage: "LABEL" } })).toMatchObject({ state: "DONE" });
    expect(await h.t.db.shipment.count({ where: { returnLinkId: l.id } })).toBe(1);
    expect((await listNeedsAttention(h.t.db, h.shop)).rows.find((r) => r.linkId === l.id)).toBeUndefined();
  });
});
