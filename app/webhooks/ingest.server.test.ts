import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { ingestWebhook, PROCESS_WEBHOOK_JOB, type IngestDeps } from "./ingest.server";
import type { Topic } from "./topics.server";

const secret = "ingest-test-secret";
const shop = "ingest-shop.myshopify.com";
let seq = 0;

function sign(body: string, key = secret) {
  return createHmac("sha256", key).update(body).digest("base64");
}

function hook(topic: Topic, payload: unknown, over: Record<string, string | null> = {}, raw?: string) {
  const body = raw ?? JSON.stringify(payload);
  const headers: Record<string, string | null> = {
    "x-shopify-hmac-sha256": sign(body),
    "x-shopify-shop-domain": shop,
    "x-shopify-topic": topic,
    "x-shopify-event-id": `evt-${++seq}`,
    "x-shopify-webhook-id": `wh-${seq}`,
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-api-version": "2026-07",
    ...over,
  };
  return { topic, rawBody: Buffer.from(body), headers: { get: (n: string) => headers[n.toLowerCase()] ?? null } };
}

describe.each(testEngines())("webhook ingest on %s", (kind) => {
  let t: TestDb;
  let deps: IngestDeps;
  beforeAll(async () => {
    t = await createTestDb(kind);
    deps = { db: t.db, secret, maxBytes: 64 * 1024 };
  });
  afterAll(async () => t?.cleanup());

  const returnPayload = { id: 1, admin_graphql_api_id: "gid://shopify/Return/1", status: "requested", name: "#1001-R1" };

  it("stores a verified delivery with its processing job and acknowledges it", async () => {
    const res = await ingestWebhook(deps, hook("returns/request", returnPayload));
    expect(res).toMatchObject({ status: 200, outcome: "stored" });
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: res.deliveryId } });
    expect(d).toMatchObject({ shop, topic: "returns/request", resourceGid: "gid://shopify/Return/1", state: "RECEIVED" });
    const job = await t.db.job.findFirstOrThrow({ where: { singletonKey: `webhook:${d.id}` } });
    expect(job).toMatchObject({ name: PROCESS_WEBHOOK_JOB, state: "PENDING", shop });
  });

  it("acknowledges a duplicate event id without storing or enqueuing it again", async () => {
    const first = hook("returns/approve", returnPayload, { "x-shopify-event-id": "same-event" });
    const again = hook("returns/approve", returnPayload, { "x-shopify-event-id": "same-event" });
    expect((await ingestWebhook(deps, first)).outcome).toBe("stored");
    expect(await ingestWebhook(deps, again)).toMatchObject({ status: 200, outcome: "duplicate" });
    expect(await t.db.webhookDelivery.count({ where: { eventId: "same-event" } })).toBe(1);
  });

  it("refuses a forged signature with 401 and stores nothing", async () => {
    const before = await t.db.webhookDelivery.count();
    const res = await ingestWebhook(deps, hook("returns/request", returnPayload, { "x-shopify-hmac-sha256": sign("{}", "wrong") }));
    expect(res.status).toBe(401);
    expect(await ingestWebhook(deps, hook("returns/request", returnPayload, { "x-shopify-hmac-sha256": null }))).toMatchObject({ status: 401 });
    expect(await t.db.webhookDelivery.count()).toBe(before);
  });

  it("answers 400 with a reason for a body that is not JSON, and stores nothing", async () => {
    const before = await t.db.webhookDelivery.count();
    const res = await ingestWebhook(deps, hook("returns/request", null, {}, "{not json"));
    expect(res).toMatchObject({ status: 400, body: "Body is not valid JSON" });
    expect(await t.db.webhookDelivery.count()).toBe(before);
  });

  it("answers 413 for a body above the limit", async () => {
    const res = await ingestWebhook(deps, hook("returns/request", { ...returnPayload, pad: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
  });

  it("records valid JSON without an admin_graphql_api_id as rejected with its reason, acknowledged and never queued", async () => {
    const res = await ingestWebhook(deps, hook("returns/cancel", { id: 5, status: "canceled" }));
    expect(res).toMatchObject({ status: 200, outcome: "rejected" });
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: res.deliveryId } });
    expect(d.state).toBe("REJECTED");
    expect(d.reason).toMatch(/admin_graphql_api_id/);
    expect(await t.db.job.count({ where: { singletonKey: `webhook:${d.id}` } })).toBe(0);
  });

  it("refuses a topic header that does not match the endpoint", async () => {
    const res = await ingestWebhook(deps, hook("returns/close", returnPayload, { "x-shopify-topic": "returns/request" }));
    expect(res.status).toBe(400);
  });
});
