import { describe, expect, it } from "vitest";
import { testEngines } from "../../test/db";
import { testLogger } from "../../test/runtime";
import { runtimePerSuite } from "../../test/runtime-per-suite";
import { PROCESS_WEBHOOK_JOB, SCRUBBED_PAYLOAD } from "../jobs/webhook-jobs.server";
import { APP_JOBS, APP_SCHEDULES } from "../jobs/registry.server";
import { RETENTION_JOB } from "../jobs/retention-job.server";
import { applyRetention } from "./retention.server";

// What the app forgets: compliance payloads once handled, handled deliveries after WEBHOOK_RETENTION_DAYS, the
// label file URLs of returns that ended after LABEL_URL_RETENTION_DAYS.

const SHOP = "privacy.myshopify.com";
const DAY = 24 * 60 * 60 * 1000;

describe.each(testEngines())("retention and scrubbing on %s", (kind) => {
  // The documented defaults: 30 days for deliveries, 90 for label URLs.
  const suite = runtimePerSuite(kind);

  async function delivery(eventId: string, topic: string, state: string, ageDays: number, payload: unknown = { id: 1 }) {
    return suite.t.db.webhookDelivery.create({ data: { shop: SHOP, eventId, topic, state, payload: JSON.stringify(payload), receivedAt: new Date(Date.now() - ageDays * DAY) } });
  }

  async function returnWithLabel(n: number, status: string, ageDays: number) {
    const link = await suite.t.db.returnLink.create({
      data: { shop: SHOP, returnGid: `gid://shopify/Return/${n}`, returnName: `#${n}-R1`, normalizedName: `${n}-R1`, orderGid: `gid://shopify/Order/${n}`, orderName: `#${n}`, status },
    });
    const shipment = await suite.t.db.shipment.create({ data: { shop: SHOP, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: `k${n}`, state: "ATTACHED", labelUrl: `https://files.example/${n}.pdf` } });
    // updatedAt is set by Prisma on every write: backdate it by hand.
    const sql = kind === "sqlite" ? `UPDATE "ReturnLink" SET "updatedAt" = ? WHERE "id" = ?` : `UPDATE "ReturnLink" SET "updatedAt" = $1 WHERE "id" = $2`;
    await suite.t.db.$executeRawUnsafe(sql, new Date(Date.now() - ageDays * DAY), link.id);
    return shipment.id;
  }

  it("scrubs a customers/redact and a customers/data_request payload once handled, keeping the row's facts", async () => {
    const customer = { id: 191167, email: "lucia@example.com", phone: "+34600111222" };
    const redact = await delivery("c1", "customers/redact", "RECEIVED", 0, { shop_id: 1, shop_domain: SHOP, customer, orders_to_redact: [1] });
    const request = await delivery("c2", "customers/data_request", "RECEIVED", 0, { shop_id: 1, shop_domain: SHOP, customer, orders_requested: [1] });
    const ordinary = await delivery("c3", "returns/request", "PROCESSED", 0, { admin_graphql_api_id: "gid://shopify/Return/1", email: "kept-until-retention@example.com" });
    for (const d of [redact, request]) {
      await PROCESS_WEBHOOK_JOB.handler({ deliveryId: d.id }, { id: "j", name: PROCESS_WEBHOOK_JOB.name, attempt: 1, maxAttempts: 1, shop: SHOP, rt: suite.rt, log: testLogger() });
    }
    const rows = await suite.t.db.webhookDelivery.findMany({ where: { id: { in: [redact.id, request.id, ordinary.id] } } });
    const byEvent = Object.fromEntries(rows.map((r) => [r.eventId, r]));
    for (const e of ["c1", "c2"]) {
      expect(byEvent[e]).toMatchObject({ state: "PROCESSED", payload: SCRUBBED_PAYLOAD, topic: expect.stringMatching(/^customers\//) });
      expect(byEvent[e].payload).not.toContain("lucia@example.com");
      expect(byEvent[e].payload).not.toContain("+34600111222");
    }
    expect(byEvent.c3.payload).toContain("kept-until-retention@example.com");
  });

  it("deletes handled deliveries past the retention, keeps recent ones and any still waiting", async () => {
    const old = await Promise.all(["PROCESSED", "IGNORED", "REJECTED", "FAILED"].map((s, i) => delivery(`old${i}`, "returns/request", s, 31)));
    const waiting = await delivery("waiting", "returns/request", "RECEIVED", 45);
    const recent = await delivery("recent", "returns/request", "PROCESSED", 29);
    const result = await applyRetention(suite.t.db, suite.rt.env, Date.now());
    expect(result.deliveriesDeleted).toBe(old.length);
    const left = new Set((await suite.t.db.webhookDelivery.findMany({ select: { id: true } })).map((r) => r.id));
    for (const d of old) expect(left.has(d.id)).toBe(false);
    expect(left.has(waiting.id) && left.has(recent.id)).toBe(true);
  });

  it("forgets the label URLs of returns that ended long enough ago, and only theirs", async () => {
    const closedLong = await returnWithLabel(10, "CLOSED", 91);
    const canceledLong = await returnWithLabel(11, "CANCELED", 120);
    const closedRecently = await returnWithLabel(12, "CLOSED", 10);
    const openLong = await returnWithLabel(13, "OPEN", 200);
    const result = await applyRetention(suite.t.db, suite.rt.env, Date.now());
    expect(result.labelUrlsForgotten).toBe(2);
    const urls = Object.fromEntries((await suite.t.db.shipment.findMany({ select: { id: true, labelUrl: true } })).map((s) => [s.id, s.labelUrl]));
    expect([urls[closedLong], urls[canceledLong]]).toEqual([null, null]);
    expect(urls[closedRecently]).toMatch(/^https:/);
    expect(urls[openLong]).toMatch(/^https:/);
  });

  it("runs every hour in the process that runs jobs, with the documented defaults", () => {
    expect(APP_JOBS).toContain(RETENTION_JOB);
    expect(APP_SCHEDULES).toContainEqual({ job: RETENTION_JOB.name, everyMinutes: 60 });
    expect(suite.rt.env).toMatchObject({ WEBHOOK_RETENTION_DAYS: 30, LABEL_URL_RETENTION_DAYS: 90 });
  });
});
