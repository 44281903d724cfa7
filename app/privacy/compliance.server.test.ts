import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { handleTopic } from "../webhooks/topic-handlers.server";
import type { Topic } from "../webhooks/topics.server";
import { exportCustomerData, redactCustomer, updateScopes } from "./compliance.server";

const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";

/** A delivery of `topic` as the webhook job hands it to the topic's handler (the app/ and shop/ topics name no resource). */
function delivery(topic: Topic, n: number) {
  return { id: `d${n}`, topic, eventId: `ev${n}`, resourceGid: null, triggeredAt: null };
}

/** The shop's jobs' states, read from the job layer (a row on SQLite, a pg-boss job on PostgreSQL). */
async function jobStates(rt: Runtime, ids: string[]) {
  return Promise.all(ids.map(async (id) => (await rt.jobs.getJob("link.sync", id))?.state));
}

async function seed(t: TestDb, rt: Runtime, shop: string, n: number, email: string) {
  const link = await t.db.returnLink.create({
    data: {
      shop,
      returnGid: `gid://shopify/Return/${n}`,
      returnName: `#${n}-R1`,
      normalizedName: `${n}-R1`,
      orderGid: `gid://shopify/Order/${n}`,
      orderName: `#${n}`,
      customerName: "Lucía Fernández",
      customerEmail: email,
      status: "OPEN",
      provider: "IFRETURNS",
    },
  });
  await t.db.shipment.create({
    data: { shop, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: `k${n}`, originAddress: JSON.stringify({ name: "Lucía Fernández", line1: "Calle 1" }), trackingNumber: `T${n}` },
  });
  await t.db.pickup.create({ data: { shop, returnLinkId: link.id, provider: "REVER", idempotencyKey: `p${n}`, address: JSON.stringify({ name: "Lucía" }) } });
  await t.db.trackingEvent.create({ data: { shop, returnLinkId: link.id, source: "APP", kind: "label", occurredAt: new Date() } });
  await t.db.webhookDelivery.create({ data: { shop, eventId: `e${n}`, topic: "returns/request", resourceGid: `gid://shopify/Return/${n}`, payload: JSON.stringify({ email }) } });
  await t.db.session.create({ data: { id: `offline_${shop}_${n}`, shop, state: "x", accessToken: "shpat_x", scope: "read_orders" } });
  // A job of the shop waiting to start (this runtime sends jobs but does not run them).
  const jobId = await rt.jobs.send("link.sync", { shop, linkId: link.id });
  if (!jobId) throw new Error("link.sync was not enqueued");
  return { link, jobId };
}

describe.each(testEngines())("compliance topics on %s", (kind) => {
  let t: TestDb;
  let rt: Runtime;
  const jobs: Record<string, string[]> = { [A]: [], [B]: [] };
  beforeAll(async () => {
    t = await createTestDb(kind);
    rt = await createTestRuntime(t);
    for (const [shop, n, email] of [[A, 1, "lucia@example.com"], [A, 2, "other@example.com"], [B, 3, "lucia@example.com"]] as const) {
      jobs[shop].push((await seed(t, rt, shop, n, email)).jobId);
    }
  });
  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  it("customers/data_request exports that customer's returns, shipments and pickups of that shop only", async () => {
    const { exportId, data } = await exportCustomerData(rt.shop(A), { id: 77, email: "lucia@example.com" }, [1]);
    expect(data.returns.map((r) => r.returnName)).toEqual(["#1-R1"]);
    expect(data.returns[0].shipments[0].originAddress).toMatchObject({ line1: "Calle 1" });
    expect(data.returns[0].pickups[0].address).toMatchObject({ name: "Lucía" });
    const stored = await t.db.dataRequestExport.findUniqueOrThrow({ where: { id: exportId } });
    expect(stored.shop).toBe(A);
  });

  it("customers/redact removes names, emails, addresses and payloads of that customer in every table, and nothing else", async () => {
    const res = await redactCustomer(rt.shop(A), { id: 77, email: "lucia@example.com" }, [1]);
    expect(res).toMatchObject({ links: 1, shipments: 1, pickups: 1, payloads: 1 });
    const link = await t.db.returnLink.findFirstOrThrow({ where: { shop: A, orderGid: "gid://shopify/Order/1" }, include: { shipments: true, pickups: true } });
    expect(link).toMatchObject({ customerName: null, customerEmail: null });
    expect(link.shipments[0].originAddress).toBeNull();
    expect(link.shipments[0].trackingNumber).toBe("T1");
    expect(link.pickups[0].address).toBeNull();
    expect((await t.db.webhookDelivery.findFirstOrThrow({ where: { shop: A, eventId: "e1" } })).payload).toBe("{}");
    expect(await t.db.dataRequestExport.count({ where: { shop: A } })).toBe(0);
    // Another customer of the same shop and the same customer at another shop are untouched.
    expect((await t.db.returnLink.findFirstOrThrow({ where: { shop: A, orderGid: "gid://shopify/Order/2" } })).customerEmail).toBe("other@example.com");
    expect((await t.db.returnLink.findFirstOrThrow({ where: { shop: B } })).customerEmail).toBe("lucia@example.com");
  });

  it("app/uninstalled deletes the shop's sessions and cancels its pending jobs", async () => {
    expect(await t.db.session.count({ where: { shop: B } })).toBe(1);
    expect(await jobStates(rt, jobs[B])).toEqual(["PENDING"]);
    const res = await handleTopic(rt.shop(B), delivery("app/uninstalled", 1), {});
    expect(res.state).toBe("PROCESSED");
    expect(await t.db.session.count({ where: { shop: B } })).toBe(0);
    expect(await jobStates(rt, jobs[B])).toEqual(["CANCELLED"]);
    expect(await t.db.returnLink.count({ where: { shop: B } })).toBe(1);
    // Another shop's sessions and jobs are untouched.
    expect(await t.db.session.count({ where: { shop: A } })).toBe(2);
    expect(await jobStates(rt, jobs[A])).toEqual(["PENDING", "PENDING"]);
  });

  it("app/scopes_update stores the granted scopes on the shop's sessions", async () => {
    await updateScopes(rt.shop(A), ["read_orders", "read_returns", "write_returns"]);
    const sessions = await t.db.session.findMany({ where: { shop: A } });
    expect(sessions.every((s) => s.scope === "read_orders,read_returns,write_returns")).toBe(true);
  });

  it("shop/redact deletes everything of the shop, cancels its jobs, and touches nothing of another", async () => {
    const res = await handleTopic(rt.shop(A), delivery("shop/redact", 2), { shop_domain: A });
    expect(res).toMatchObject({ state: "PROCESSED", deliveryGone: true });
    for (const model of ["returnLink", "shipment", "pickup", "trackingEvent", "webhookDelivery", "session", "dataRequestExport"] as const) {
      expect(await (t.db[model] as unknown as { count(a: unknown): Promise<number> }).count({ where: { shop: A } }), model).toBe(0);
    }
    expect(await jobStates(rt, jobs[A])).toEqual(["CANCELLED", "CANCELLED"]);
    expect(await t.db.returnLink.count({ where: { shop: B } })).toBe(1);
    expect(await t.db.shipment.count({ where: { shop: B } })).toBe(1);
  });
});
