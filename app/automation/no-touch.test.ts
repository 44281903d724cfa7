import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { signWebhook } from "../../sandbox/shopify/webhooks";
import { TEST_SECRET } from "../../sandbox/shopify/test-helpers";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { emptyRule } from "./rule-types";
import { saveAutomationRules } from "./rules.server";

// Issue 16's first "done when": a return goes from returns/request to a label in the customer's notification without
// a click. The rule approves it, the label is created once and attached, the timeline names the rule; replaying
// every webhook twice (as redelivered, and as new events) changes nothing.

const ORDER = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com" },
  email: "lucia@example.com",
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Linen shirt", quantity: 2, price: "39.90", sku: "RB-1" }],
  tags: ["vip"],
  returns: [{ status: "REQUESTED" as const, lines: [{ line: 0, quantity: 1 }], reasonHandle: "too-tight" }],
};

describe.each(testEngines())("a return with no click on %s", (kind) => {
  let h: AppHarness;
  let returnId: string;

  async function state() {
    const db = h.t.db;
    const shop = h.shop;
    return {
      labelPosts: h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_labels")).length,
      approvals: h.shopify.calls.filter((c) => c.operationName === "ReturnApproveRequest").length,
      reverseDeliveries: h.shopify.store.reverseDeliveries.size,
      notifications: h.shopify.store.notifications.length,
      shipments: await db.shipment.count({ where: { shop } }),
      runs: (await db.automationRun.findMany({ where: { shop }, orderBy: { stage: "asc" } })).map((r) => `${r.stage}:${r.state}:${r.ruleName}`),
      automationEvents: await db.trackingEvent.count({ where: { shop, kind: "automation" } }),
      flowEvents: await db.flowTriggerEvent.count({ where: { shop } }),
      flowReceived: h.shopify.flow.received.length,
    };
  }

  beforeAll(async () => {
    h = await startAppHarness({ kind });
    h.shopify.webhooks.setMode({ duplicate: true, reorder: true, delayMs: 10, seed: 16 });
    const ctx = h.rt.shop(h.shop);
    const saved = await saveAutomationRules(ctx, [
      { ...emptyRule(0), name: "France only", countries: ["FR"], autoApprove: true },
      { ...emptyRule(1), name: "Spain, too tight: approve and label", countries: ["ES"], reasonHandles: ["too-tight"], maxOrderTotal: "200", orderTags: ["vip"], autoApprove: true, createLabel: true, notifyCustomer: true },
    ]);
    expect(saved.ok).toBe(true);
    const [order] = await seedShop(h.merchant, { orders: [ORDER] });
    returnId = order.returns[0].id;
    h.ifreturns.registerReturn({ merchantReturnName: order.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle(40_000);
  }, 90_000);
  afterAll(async () => h?.close());

  it("approves the requested return, makes one label, attaches it and lets Shopify email it to the customer", async () => {
    expect(h.shopify.store.returns.get(returnId)!.status).toBe("OPEN");
    const s = await state();
    expect(s).toMatchObject({ labelPosts: 1, approvals: 1, reverseDeliveries: 1, shipments: 1 });
    const [delivery] = [...h.shopify.store.reverseDeliveries.values()];
    expect(delivery.label?.publicFileUrl).toBeTruthy();
    expect(delivery.tracking?.number).toBeTruthy();
    expect(h.shopify.store.notifications).toEqual([expect.objectContaining({ kind: "reverse_delivery", to: "lucia@example.com", reverseDeliveryId: delivery.id, labelUrl: delivery.label!.publicFileUrl })]);
    expect(s.runs).toEqual(["APPROVE:DONE:Spain, too tight: approve and label", "LABEL:DONE:Spain, too tight: approve and label"]);
  });

  it("says on the timeline which rule matched, why the first did not, and what it did", async () => {
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid: returnId } });
    const details = (await h.t.db.trackingEvent.findMany({ where: { returnLinkId: link.id, kind: "automation" }, orderBy: { createdAt: "asc" } })).map((e) => e.detail);
    expect(details).toContain('Rule "Spain, too tight: approve and label" matched (before it: "France only": country ES is not FR) (requested)');
    expect(details).toContain('Rule "Spain, too tight: approve and label": approved (customer notified)');
    // The approval's own status entry is the rule's, not the merchant's.
    const approval = await h.t.db.trackingEvent.findFirstOrThrow({ where: { returnLinkId: link.id, kind: "status", status: "OPEN", detail: { startsWith: "Return approved" } } });
    expect(approval).toMatchObject({ source: "APP", detail: 'Return approved by automation rule "Spain, too tight: approve and label" (customer notified)' });
    expect(details.some((d) => /^Rule "Spain, too tight: approve and label": label created at iF returns \(.+, drop-off\), attached to Shopify, customer notified$/.test(d ?? ""))).toBe(true);
  });

  it("tells Shopify Flow once that the label was created, with the order and the return", async () => {
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid: returnId } });
    const received = h.shopify.flow.received.filter((r) => r.handle === "return-label-created");
    expect(received).toHaveLength(1);
    expect(received[0].payload).toMatchObject({ order_id: Number(link.orderGid.split("/").pop()), "Return ID": returnId, "Return name": link.returnName, Provider: "iF returns" });
  });

  it("changes nothing when every webhook is replayed twice: redelivered, and as a new event", async () => {
    const before = await state();
    const seen = new Set<string>();
    const originals = h.shopify.webhooks.delivered.filter((w) => !seen.has(w.eventId) && seen.add(w.eventId));
    expect(originals.map((w) => w.topic)).toEqual(expect.arrayContaining(["returns/request", "returns/approve", "reverse_deliveries/attach_deliverable"]));
    for (const w of originals) {
      for (const eventId of [w.eventId, randomUUID()]) {
        const res = await fetch(w.url, { method: "POST", body: w.body, headers: { ...w.headers, "x-shopify-event-id": eventId, "x-shopify-hmac-sha256": signWebhook(w.body, TEST_SECRET) } });
        expect(res.status).toBe(200);
      }
    }
    await h.settle(40_000);
    expect(await state()).toEqual(before);
  });
});
