import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../../app/runtime/runtime.server";
import { ingestWebhook, type IngestDeps } from "../../app/webhooks/ingest.server";
import type { Topic } from "../../app/webhooks/topics.server";
import { createTestDb, type TestDb } from "../db";
import { createTestRuntime } from "../runtime";

// A webhook is acted on for the shop its signed header names; a payload that names another shop is recorded and
// never processed (compliance topics carry shop_domain, app/uninstalled myshopify_domain).

const secret = "webhook-security-secret";
const shop = "victim-shop.myshopify.com";
let seq = 0;

function hook(topic: Topic, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
    "x-shopify-shop-domain": shop,
    "x-shopify-topic": topic,
    "x-shopify-event-id": `sec-${++seq}`,
  };
  return { topic, rawBody: Buffer.from(body), headers: { get: (n: string) => headers[n.toLowerCase()] ?? null } };
}

describe("a webhook whose payload names another shop than its header", () => {
  let t: TestDb;
  let rt: Runtime;
  let deps: IngestDeps;
  beforeAll(async () => {
    t = await createTestDb();
    rt = await createTestRuntime(t);
    deps = { jobs: rt.jobs, log: rt.log, secret, maxBytes: 512 * 1024 };
  });
  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  it.each<[Topic, Record<string, unknown>]>([
    ["shop/redact", { shop_id: 1, shop_domain: "other-shop.myshopify.com" }],
    ["customers/redact", { shop_id: 1, shop_domain: "other-shop.myshopify.com", customer: { id: 1, email: "a@example.com" }, orders_to_redact: [] }],
    ["app/uninstalled", { id: 1, myshopify_domain: "other-shop.myshopify.com" }],
  ])("%s is recorded as rejected, with no job to process it", async (topic, payload) => {
    const result = await ingestWebhook(deps, hook(topic, payload));
    expect(result).toMatchObject({ status: 200, outcome: "rejected" });
    const row = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: result.deliveryId } });
    expect(row).toMatchObject({ state: "REJECTED", shop, reason: `The payload's shop (other-shop.myshopify.com) is not the X-Shopify-Shop-Domain (${shop})` });
    expect(await rt.jobs.pendingCount()).toBe(0);
  });

  it("the same payload naming the header's shop is stored for processing", async () => {
    const result = await ingestWebhook(deps, hook("shop/redact", { shop_id: 1, shop_domain: shop.toUpperCase() }));
    expect(result).toMatchObject({ outcome: "stored" });
  });
});
