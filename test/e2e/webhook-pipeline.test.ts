import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveReturnRequest } from "../../app/shopify/graphql/return-approve-request.server";
import { closeReturn } from "../../app/shopify/graphql/return-close.server";
import { fetchReturnForSync } from "../../app/shopify/graphql/return-for-sync.server";
import { createReverseDeliveryWithShipping } from "../../app/shopify/graphql/reverse-delivery-create-with-shipping.server";
import { seedShop } from "../../sandbox/shopify/seed";
import { TEST_SECRET } from "../../sandbox/shopify/test-helpers";
import { startAppHarness, type AppHarness } from "../app-harness";
import { testEngines } from "../db";

// Issue 5's end-to-end: the Shopify simulator sends signed webhooks to the running app over HTTP, with
// duplicates, reordering and delay; the app ends with one link and each provider call made exactly once.

const ORDER = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com" },
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Linen shirt", quantity: 2, price: "39.90", sku: "RB-1" }],
  returns: [{ status: "REQUESTED" as const, lines: [{ line: 0, quantity: 1 }] }],
};

describe.each(testEngines())("webhook pipeline on %s", (kind) => {
  let h: AppHarness;
  let returnId: string;
  let merchantReturnName: string;

  beforeAll(async () => {
    h = await startAppHarness({ kind });
    h.shopify.webhooks.setMode({ duplicate: true, reorder: true, delayMs: 15, seed: 11 });
  }, 60_000);
  afterAll(async () => h?.close());

  it("maps a requested then approved return once, whatever order the duplicated webhooks arrive in", async () => {
    const [order] = await seedShop(h.merchant, { orders: [ORDER] });
    returnId = order.returns[0].id;
    merchantReturnName = order.returns[0].name.replace(/^#/, "");
    h.ifreturns.registerReturn({ merchantReturnName, shopCode: "returnsbridgedemo" });
    await approveReturnRequest(h.merchant, { returnId, notifyCustomer: false });
    await h.settle();

    const links = await h.t.db.returnLink.findMany({ where: { shop: h.shop } });
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ returnGid: returnId, status: "OPEN", provider: "IFRETURNS", normalizedName: merchantReturnName, ifReturnName: `R1-${merchantReturnName.split("-")[0]}`, customerName: "Lucía García", customerEmail: "lucia@example.com" });
    const deliveries = await h.t.db.webhookDelivery.findMany({ where: { shop: h.shop } });
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(deliveries.length);
    expect(h.shopify.webhooks.delivered.length).toBeGreaterThan(deliveries.length); // duplicates were sent
  });

  it("pushes a label attached by another app to iF returns exactly once", async () => {
    const snap = await fetchReturnForSync(h.merchant, returnId);
    await createReverseDeliveryWithShipping(h.merchant, {
      reverseFulfillmentOrderId: snap!.reverseFulfillmentOrders.nodes[0].id,
      tracking: { number: "1ZOTHERAPP0001", url: "https://www.ups.com/track?tracknum=1ZOTHERAPP0001" },
      labelFileUrl: "https://cdn.example.com/labels/other-app.pdf",
      notifyCustomer: false,
    });
    await h.settle();

    const puts = h.ifreturns.requests.filter((r) => r.method === "PUT" && r.path.endsWith("/shipping_labels"));
    expect(puts).toHaveLength(1);
    expect(puts[0].body).toMatchObject({ shipmentId: merchantReturnName, shipmentIdType: "MERCHANT_RETURN_NAME", shippingLabels: [{ carrierTrackingCode: "1ZOTHERAPP0001", format: "PDF" }] });
    const trackings = h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_trackings"));
    expect(trackings).toHaveLength(1);
    expect(trackings[0].body).toMatchObject({ shipmentIdType: "RETURN_NAME", trackingNumber: "1ZOTHERAPP0001" });
    expect(h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_labels"))).toHaveLength(0);
    const shipments = await h.t.db.shipment.findMany({ where: { shop: h.shop } });
    expect(shipments).toMatchObject([{ source: "EXTERNAL", trackingNumber: "1ZOTHERAPP0001", labelFormat: "PDF" }]);
  });

  it("closes the link and tells iF returns the parcel is in the warehouse, once", async () => {
    await closeReturn(h.merchant, returnId);
    await h.settle();
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } });
    expect(link.status).toBe("CLOSED");
    expect(link.providerStatus).toBe("IN_WAREHOUSE");
    const completed = h.ifreturns.requests.filter((r) => r.path.endsWith("/shipping_trackings") && (r.body as { trackingStatus?: string }).trackingStatus === "SHIPPING_COMPLETED");
    expect(completed).toHaveLength(1);
    expect(await h.t.db.returnLink.count({ where: { shop: h.shop } })).toBe(1);
  });

  it("ignores an event that arrives a day late and older than the last one applied", async () => {
    const request = h.shopify.webhooks.delivered.find((w) => w.topic === "returns/request")!;
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const res = await fetch(`${h.appUrl}/webhooks/returns/request`, {
      method: "POST",
      body: request.body,
      headers: { ...request.headers, "x-shopify-event-id": "late-event-1", "x-shopify-triggered-at": dayAgo, "x-shopify-hmac-sha256": createHmac("sha256", TEST_SECRET).update(request.body).digest("base64") },
    });
    expect(res.status).toBe(200);
    await h.settle();
    const late = await h.t.db.webhookDelivery.findFirstOrThrow({ where: { eventId: "late-event-1" } });
    expect(late.state).toBe("IGNORED");
    expect((await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } })).status).toBe("CLOSED");
  });
});
