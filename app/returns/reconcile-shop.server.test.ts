import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, WAREHOUSE, type AppHarness } from "../../test/app-harness";
import { PROFILES } from "../../test/order-page-harness";
import { listDashboardPage, parseDashboardQuery } from "./dashboard.server";
import { reconcileShop } from "./reconcile-shop.server";

// Issue 7: both sides converge. Provider -> Shopify (REVER tracking appears), echo suppression, a lost webhook
// repaired, auto-close on warehouse arrival, and a second pass that changes nothing. Against both simulator
// profiles: with the documented minimum (and the merchant's defaults) REVER reports no status, so nothing closes.

const order = (n: number) => ({
  customer: { firstName: "Ana", lastName: "Santos", email: `ana${n}@example.com` },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-${n}` }],
  returns: [{ status: "OPEN" as const }],
});

const mutationsSent = (h: AppHarness) => h.shopify.calls.filter((c) => c.operationName && /Create|Update|Close|Approve|staged/i.test(c.operationName)).length;

describe.each(PROFILES)("reconciliation against the %s simulators", (profile) => {
  const minimum = profile === "documented-minimum";
  let h: AppHarness;
  let returnId: string;
  let processId: string;

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["IFRETURNS", "REVER"], profile });
    const [o] = await seedShop(h.merchant, { orders: [order(1)] });
    returnId = o.returns[0].id;
    await h.settle();
    // The merchant links this return to its REVER process (as on the return page).
    processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    await h.t.db.returnLink.update({ where: { shop_returnGid: { shop: h.shop, returnGid: returnId } }, data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" } });
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { closeOnWarehouse: true } });
  }, 60_000);
  afterAll(async () => h?.close());

  it("attaches tracking that appeared at REVER to the Shopify return, and records it on the timeline", async () => {
    // The customer booked the return in REVER's portal: a logistic order exists there, not made by this app.
    const rever = await h.rt.shop(h.shop).platform("REVER");
    const made = await rever.createLabel({
      idempotencyKey: "portal",
      ref: { normalizedName: "x", orderName: "#1", reverProcessId: processId },
      origin: { name: "Ana Santos", line1: "Rua Augusta 100", city: "Lisboa", postalCode: "1100-053", countryCode: "PT", email: "ana1@example.com", phone: "+351912345678" },
      destination: WAREHOUSE,
      parcels: [{ weightGrams: 800 }],
      carrierService: "UPS",
      labelFormat: "PDF",
    });
    expect(made.trackingNumber).toBeTruthy();

    const report = await reconcileShop(h.rt.shop(h.shop));
    expect(report).toMatchObject({ links: 1, changed: 1, errors: 0 });
    expect(report.mutations).toBeGreaterThan(0);

    const ret = await fetchReturnForSync(h.merchant, returnId);
    const delivery = ret!.reverseFulfillmentOrders.nodes[0].reverseDeliveries.nodes[0];
    expect(delivery.deliverable?.tracking?.number).toBe(made.trackingNumber);
    expect(delivery.deliverable?.label?.publicFileUrl).toBeTruthy();
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop }, include: { events: true } });
    expect(link.trackingNumber).toBe(made.trackingNumber);
    expect(link.lastSyncChange).toMatch(/attached to Shopify/);
    expect(link.events.some((e) => e.source === "REVER" && e.kind === "tracking")).toBe(true);
  });

  it("recognises the attach_deliverable webhook of its own write and pushes nothing back", async () => {
    const before = h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).length;
    await h.settle();
    const echo = await h.t.db.webhookDelivery.findFirstOrThrow({ where: { topic: "reverse_deliveries/attach_deliverable" } });
    expect(echo.state).toBe("IGNORED");
    expect(h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).length).toBe(before);
  });

  it("sends zero mutations on a second pass with nothing changed", async () => {
    const before = mutationsSent(h);
    const report = await reconcileShop(h.rt.shop(h.shop));
    expect(report).toMatchObject({ links: 1, changed: 0, mutations: 0, errors: 0 });
    expect(mutationsSent(h)).toBe(before);
  });

  it("marks every link it read as synced, and clears a link's old error once a pass reads it without one", async () => {
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } });
    await h.t.db.returnLink.update({ where: { id: link.id }, data: { lastSyncedAt: null } });
    const passAt = new Date("2026-11-25T12:00:00Z");
    await reconcileShop(h.rt.shop(h.shop), { now: passAt });
    expect((await h.t.db.returnLink.findUniqueOrThrow({ where: { id: link.id } })).lastSyncedAt).toEqual(passAt);

    await h.t.db.returnLink.update({ where: { id: link.id }, data: { lastError: "REVER did not answer", lastErrorAt: new Date() } });
    await reconcileShop(h.rt.shop(h.shop));
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ lastError: null, lastErrorAt: null });
  });

  it.runIf(minimum)("does not close the Shopify return on a status REVER does not report, and says REVER reports none", async () => {
    h.rever.advanceTracking(processId, "IN_WAREHOUSE");
    await reconcileShop(h.rt.shop(h.shop));
    expect((await fetchReturnForSync(h.merchant, returnId))!.status).toBe("OPEN");
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } });
    expect(link).toMatchObject({ status: "OPEN", providerStatus: "LABEL_CREATED", providerStatusReported: false });
  });

  it.runIf(!minimum)("closes the Shopify return when REVER reports the parcel in the warehouse, without echoing it back", async () => {
    h.rever.advanceTracking(processId, "IN_WAREHOUSE");
    await reconcileShop(h.rt.shop(h.shop));
    expect((await fetchReturnForSync(h.merchant, returnId))!.status).toBe("CLOSED");
    const pushesBefore = h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).length;
    await h.settle();
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } });
    expect(link).toMatchObject({ status: "CLOSED", providerStatus: "IN_WAREHOUSE" });
    expect(h.rever.requests.filter((r) => r.path.endsWith("/shipping_status")).length).toBe(pushesBefore);
  });

  it("repairs a lost webhook: a cancellation Shopify never delivered is found and pushed to the provider", async () => {
    const [o] = await seedShop(h.merchant, { orders: [{ ...order(2), returns: [{ status: "REQUESTED" as const }] }] });
    await h.settle();
    const pid = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId: pid, orderNumber: o.name.replace("#", "") });
    await h.t.db.returnLink.update({ where: { shop_returnGid: { shop: h.shop, returnGid: o.returns[0].id } }, data: { provider: "REVER", reverProcessId: pid, ifReturnName: null, referenceState: "KNOWN" } });

    h.loseWebhooks = true;
    await h.merchant.request(`#graphql
      mutation ReturnCancel($id: ID!) { returnCancel(id: $id) { return { id status } userErrors { field message } } }`, { id: o.returns[0].id });
    await h.shopify.webhooks.flush();
    h.loseWebhooks = false;
    expect((await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: o.returns[0].id } })).status).toBe("REQUESTED");

    const report = await reconcileShop(h.rt.shop(h.shop));
    expect(report.changed).toBeGreaterThanOrEqual(1);
    await enqueueFollowUps(h.rt.jobs, h.shop, report.followUps);
    await h.settle();
    expect((await h.t.db.returnLink.findFirstOrThrow({ where: { returnGid: o.returns[0].id } })).status).toBe("CANCELED");
    const pushed = h.rever.requests.filter((r) => r.path === `/v1/processes/${pid}/shipping_status`);
    expect(pushed.map((r) => (r.body as { lkss: string }).lkss)).toEqual(["CANCELED"]);
  });

  it.runIf(minimum)("leaves a REVER return without its process waiting for the merchant's link, without searching", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(3)] });
    await h.settle();
    const where = { shop_returnGid: { shop: h.shop, returnGid: o.returns[0].id } };
    await h.t.db.returnLink.update({ where, data: { provider: "REVER", reverProcessId: null, ifReturnName: null, referenceState: "PENDING" } });
    h.rever.createProcess({ orderNumber: o.name.replace("#", "") });

    const report = await reconcileShop(h.rt.shop(h.shop));
    expect(report.errors).toBe(0);
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where })).toMatchObject({ reverProcessId: null, referenceState: "PENDING" });
    expect(h.rever.requests.some((r) => r.kind === "assumed")).toBe(false);
    const needing = await listDashboardPage(h.t.db, h.shop, parseDashboardQuery(new URLSearchParams("needsLink=1&provider=REVER")));
    expect(needing.rows.map((r) => r.returnName)).toContain(o.returns[0].name);
  });

  it.runIf(!minimum)("keeps looking for a REVER process that did not exist when the return arrived, saying why until it is found", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(3)] });
    await h.settle();
    const where = { shop_returnGid: { shop: h.shop, returnGid: o.returns[0].id } };
    await h.t.db.returnLink.update({ where, data: { provider: "REVER", reverProcessId: null, ifReturnName: null, referenceState: "PENDING" } });

    await reconcileShop(h.rt.shop(h.shop));
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where })).toMatchObject({ reverProcessId: null, lastError: expect.stringMatching(/No REVER process found/) });

    const pid = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId: pid, orderNumber: o.name.replace("#", "") });
    await reconcileShop(h.rt.shop(h.shop));
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where })).toMatchObject({ reverProcessId: pid, referenceState: "KNOWN", lastError: null, lastSyncChange: expect.stringMatching(/found by reconciliation/) });
  });
});
