import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop, type SeedOrderSpec } from "../../sandbox/shopify/seed";
import { signWebhook } from "../../sandbox/shopify/webhooks";
import { TEST_SECRET } from "../../sandbox/shopify/test-helpers";
import { startAppHarness, type AppHarness, type RouteAction } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { emptyRule } from "../automation/rule-types";
import { saveAutomationRules } from "../automation/rules.server";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import { createLabel } from "../returns/create-label.server";
import { requestLinkSync } from "../returns/dashboard.server";
import { linkReturn } from "../returns/manual-link.server";
import { schedulePickup } from "../returns/schedule-pickup.server";
import { action as flowActionRoute } from "../routes/flow.actions.create-return-label";
import { FLOW_TRIGGERS, type FlowTriggerName } from "./triggers";

// Issue 16's Flow "done when": each trigger fires exactly once per event, with a payload Flow takes for its declared
// fields (the simulator checks it against the TOML); the action makes one label even when Flow resends it.

const PERSON = {
  customer: { firstName: "Jordi", lastName: "Puig", email: "jordi@example.com" },
  email: "jordi@example.com",
  shippingAddress: { firstName: "Jordi", lastName: "Puig", address1: "Carrer de Mallorca 210", city: "Barcelona", provinceCode: "B", zip: "08008", countryCode: "ES", phone: "+34600333444" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50" }],
};

describe.each(testEngines())("Shopify Flow on %s", (kind) => {
  let h: AppHarness;
  const received = (t: FlowTriggerName) => h.shopify.flow.received.filter((r) => r.handle === FLOW_TRIGGERS[t].handle);

  async function order(spec: Partial<SeedOrderSpec> = {}) {
    const [o] = await seedShop(h.merchant, { orders: [{ ...PERSON, returns: [{ status: "OPEN" }], ...spec }] });
    return o;
  }
  async function reverReturn() {
    const o = await order();
    const name = o.returns[0].name.replace(/^#/, "");
    h.rever.createProcess({ processId: `proc_${name}`, orderNumber: o.name.replace(/^#/, "") });
    await h.settle();
    await linkReturn(h.rt.shop(h.shop), { returnGid: o.returns[0].id, provider: "REVER", reverProcessId: `proc_${name}` });
    return { o, processId: `proc_${name}` };
  }
  async function sync(returnGid: string) {
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid } });
    await enqueueFollowUps(h.rt.jobs, h.shop, (await requestLinkSync(h.t.db, h.shop, [link.id])).followUps);
    await h.settle();
  }

  beforeAll(async () => {
    h = await startAppHarness({ kind, providers: ["IFRETURNS", "REVER"], routes: { "/flow/actions/create-return-label": flowActionRoute as unknown as RouteAction } });
  }, 60_000);
  afterAll(async () => h?.close());

  it("label created: once per label, however often the label is asked for", async () => {
    const o = await order();
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    const ctx = h.rt.shop(h.shop);
    await createLabel(ctx, { returnGid: o.returns[0].id, provider: "IFRETURNS" });
    await createLabel(ctx, { returnGid: o.returns[0].id, provider: "IFRETURNS" });
    await h.settle();
    const mine = received("label-created").filter((r) => r.payload["Return ID"] === o.returns[0].id);
    expect(mine).toHaveLength(1);
    expect(mine[0].payload).toMatchObject({ order_id: Number(o.id.split("/").pop()), "Return name": o.returns[0].name, Provider: "iF returns", "Tracking number": expect.stringMatching(/\S/) });
  });

  it("pickup booked: once per booking, not again for the same windows", async () => {
    const { o } = await reverReturn();
    const ctx = h.rt.shop(h.shop);
    await createLabel(ctx, { returnGid: o.returns[0].id });
    const windows = [{ date: "2030-01-15", startHour: 8, endHour: 12 }];
    await schedulePickup(ctx, { returnGid: o.returns[0].id, windows });
    await schedulePickup(ctx, { returnGid: o.returns[0].id, windows });
    await h.settle();
    const mine = received("pickup-booked").filter((r) => r.payload["Return ID"] === o.returns[0].id);
    expect(mine).toHaveLength(1);
    expect(mine[0].payload).toMatchObject({ Provider: "REVER", "Pickup windows": expect.stringContaining("08-12") });
  });

  it("parcel in transit and arrived: once each, whoever reports it and however often", async () => {
    const { o, processId } = await reverReturn();
    await createLabel(h.rt.shop(h.shop), { returnGid: o.returns[0].id });
    h.rever.advanceTracking(processId, "IN_TRANSIT");
    await sync(o.returns[0].id);
    await sync(o.returns[0].id);
    h.rever.advanceTracking(processId, "IN_WAREHOUSE");
    await sync(o.returns[0].id);
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid: o.returns[0].id } });
    await enqueueFollowUps(h.rt.jobs, h.shop, [{ kind: "automation", linkId: link.id, event: "arrived", source: "MERCHANT" }]);
    await h.settle();
    expect(received("parcel-in-transit").filter((r) => r.payload["Return ID"] === o.returns[0].id)).toHaveLength(1);
    const arrived = received("parcel-arrived").filter((r) => r.payload["Return ID"] === o.returns[0].id);
    expect(arrived).toHaveLength(1);
    expect(arrived[0].payload["Arrival source"]).toBe("REVER");
  });

  it("sync failed: once when a rule cannot finish, not again when its webhook is replayed", async () => {
    const saved = await saveAutomationRules(h.rt.shop(h.shop), [{ ...emptyRule(0), name: "Label everything", createLabel: true, provider: "IFRETURNS" }]);
    expect(saved.ok).toBe(true);
    // No shipping address: the label cannot be made (where would the carrier collect it?).
    const [o] = await seedShop(h.merchant, { orders: [{ ...PERSON, shippingAddress: undefined, returns: [{ status: "OPEN" }] }] });
    await h.settle();
    const approve = h.shopify.webhooks.delivered.find((w) => w.topic === "returns/approve" && w.body.includes(o.returns[0].id))!;
    await fetch(approve.url, { method: "POST", body: approve.body, headers: { ...approve.headers, "x-shopify-event-id": `${approve.eventId}-replay`, "x-shopify-hmac-sha256": signWebhook(approve.body, TEST_SECRET) } });
    await h.settle();
    const failed = received("sync-failed").filter((r) => r.payload["Return ID"] === o.returns[0].id);
    expect(failed).toHaveLength(1);
    expect(failed[0].payload["Error message"]).toMatch(/street address/);
    await saveAutomationRules(h.rt.shop(h.shop), []);
  });

  it("every trigger event the app stored was taken by Flow (its payload matched the trigger's declared fields)", async () => {
    const events = await h.t.db.flowTriggerEvent.findMany({ where: { shop: h.shop } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.state !== "SENT").map((e) => `${e.handle}: ${e.error}`)).toEqual([]);
    expect(h.shopify.flow.received.length).toBe(events.length);
  });

  it("the action checks the signature and the size first, and makes one label however Flow resends the run", async () => {
    const url = `${h.appUrl}/flow/actions/create-return-label`;
    const body = JSON.stringify({ shop_id: "1", shopify_domain: h.shop, action_run_id: "forged", handle: "create-return-label", properties: { order_id: "1" } });
    expect((await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "x-shopify-hmac-sha256": signWebhook(body, "not-the-secret") } })).status).toBe(401);
    const huge = "x".repeat(600 * 1024);
    expect((await fetch(url, { method: "POST", body: huge, headers: { "content-type": "application/json", "x-shopify-hmac-sha256": signWebhook(huge, TEST_SECRET) } })).status).toBe(413);

    const o = await order();
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    const labelsBefore = h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_labels")).length;
    const properties = { order_id: o.id.split("/").pop()!, return_id: o.returns[0].id };
    const first = await h.shopify.flow.runAction("create-return-label", properties, { actionRunId: "run-42", duplicate: true });
    expect(first.map((a) => a.status)).toEqual([200, 200]);
    await h.settle();
    const later = await h.shopify.flow.runAction("create-return-label", properties, { actionRunId: "run-42" });
    expect(later.map((a) => a.status)).toEqual([200]);
    await h.settle();
    expect(h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_labels")).length - labelsBefore).toBe(1);
    expect(await h.t.db.flowActionRun.findMany({ where: { shop: h.shop, actionRunId: "run-42" } })).toMatchObject([{ state: "DONE", returnGid: o.returns[0].id }]);
    const link = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid: o.returns[0].id } });
    expect(await h.t.db.shipment.count({ where: { shop: h.shop, returnLinkId: link.id } })).toBe(1);
    expect(await h.t.db.trackingEvent.count({ where: { returnLinkId: link.id, kind: "flow" } })).toBe(1);
  });
});
