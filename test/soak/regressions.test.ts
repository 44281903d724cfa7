import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../app/env.server";
import { setSleep } from "../../app/http/client.server";
import { loadPlatform } from "../../app/platforms/registry.server";
import { createLabel } from "../../app/returns/create-label.server";
import { createShopContext } from "../../app/returns/shop-context.server";
import { syncLink } from "../../app/returns/sync-link.server";
import { seedShop } from "../../sandbox/shopify/seed";
import { operationNameOf, startFaultProxy, type FaultProxy } from "../../bench/lib/soak-fault-proxy";
import { startAppHarness, WAREHOUSE, type AppHarness } from "../app-harness";

// Bugs the soak found, each pinned by a deterministic test on the real use-cases and simulators.

const order = (n: number) => ({
  customer: { firstName: "Ana", lastName: "Santos", email: `ana${n}@example.com` },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Calle Mayor 1", city: "Madrid", zip: "28013", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-REG-${n}` }],
  returns: [{ status: "OPEN" as const }],
});

describe("soak regressions", () => {
  let h: AppHarness;
  let proxy: FaultProxy;
  let restoreSleep: ReturnType<typeof setSleep>;

  beforeAll(async () => {
    restoreSleep = setSleep(async () => {});
    h = await startAppHarness({ providers: ["IFRETURNS", "REVER"] });
    // The app reaches Shopify through a proxy that can lose the answer of one chosen operation.
    proxy = await startFaultProxy({ target: h.shopify.url, afterShare: 1, match: ({ body }) => operationNameOf(body) === "ReverseDeliveryCreateWithShipping" });
    process.env.SHOPIFY_ADMIN_API_ORIGIN = proxy.url;
    resetEnvCache();
  }, 60_000);
  afterAll(async () => {
    setSleep(restoreSleep);
    await proxy?.close();
    await h?.close();
  });

  it("a reconciliation pass holding an older snapshot of a link never moves its provider status backwards", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(1)] });
    const returnGid = o.returns[0].id;
    await h.settle();
    const processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    const stale = await h.t.db.returnLink.update({
      where: { shop_returnGid: { shop: h.shop, returnGid } },
      data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" },
    });
    // REVER made the label (its status reads CREATED); the pass below loaded the link before that.
    const rever = await loadPlatform(h.t.db, h.shop, "REVER");
    await rever.createLabel({
      idempotencyKey: "portal",
      ref: { normalizedName: stale.normalizedName, orderName: stale.orderName, reverProcessId: processId },
      origin: { name: "Ana Santos", line1: "Calle Mayor 1", city: "Madrid", postalCode: "28013", countryCode: "ES", email: "ana1@example.com", phone: "+34600111222" },
      destination: WAREHOUSE,
      parcels: [{ weightGrams: 800 }],
      carrierService: "UPS",
      labelFormat: "PDF",
    });
    // Meanwhile a newer pass saw the parcel in the warehouse, closed the return and recorded it.
    await h.t.db.returnLink.update({ where: { id: stale.id }, data: { providerStatus: "IN_WAREHOUSE", status: "CLOSED" } });

    await syncLink(createShopContext(h.t.db, h.shop), stale, "OPEN");

    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: stale.id } });
    expect(link.providerStatus).toBe("IN_WAREHOUSE");
  });

  it("a reconciliation pass leaves a label that a request is making right now to that request", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(3)] });
    const returnGid = o.returns[0].id;
    await h.settle();
    const processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    const link = await h.t.db.returnLink.update({
      where: { shop_returnGid: { shop: h.shop, returnGid } },
      data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" },
    });
    // A label request claimed its row and its provider call has made the logistic order; it has not attached yet.
    await h.t.db.shipment.create({ data: { shop: h.shop, returnLinkId: link.id, provider: "REVER", idempotencyKey: "rb-claimed", state: "CLAIMED", source: "APP" } });
    const rever = await loadPlatform(h.t.db, h.shop, "REVER");
    await rever.createLabel({
      idempotencyKey: "rb-claimed",
      ref: { normalizedName: link.normalizedName, orderName: link.orderName, reverProcessId: processId },
      origin: { name: "Ana Santos", line1: "Calle Mayor 1", city: "Madrid", postalCode: "28013", countryCode: "ES", email: "ana3@example.com", phone: "+34600111222" },
      destination: WAREHOUSE,
      parcels: [{ weightGrams: 800 }],
      carrierService: "UPS",
      labelFormat: "PDF",
    });

    await syncLink(createShopContext(h.t.db, h.shop), link, "OPEN");

    const rows = await h.t.db.shipment.findMany({ where: { returnLinkId: link.id } });
    expect(rows.map((r) => r.state)).toEqual(["CLAIMED"]);
    const ret = h.shopify.store.returns.get(returnGid)!;
    expect(ret.rfoIds.flatMap((id) => h.shopify.store.rfos.get(id)!.deliveryIds)).toHaveLength(0);
  });

  it("a label whose Shopify attach answer was lost is attached once and answered as a success", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(2)] });
    const returnGid = o.returns[0].id;
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    proxy.setFaults({ rate5xx: 1, times: 1 });

    const result = await createLabel(createShopContext(h.t.db, h.shop), { returnGid, provider: "IFRETURNS" });

    expect(proxy.faults.counts["5xx"]).toBe(1);
    expect(proxy.afterExecuting).toBe(1);
    expect(result).toMatchObject({ state: "ATTACHED", attachedToShopify: true });
    const ret = h.shopify.store.returns.get(returnGid)!;
    const deliveries = ret.rfoIds.flatMap((id) => h.shopify.store.rfos.get(id)!.deliveryIds);
    expect(deliveries).toHaveLength(1);
    expect(result.reverseDeliveryId).toBe(deliveries[0]);
  });
});
