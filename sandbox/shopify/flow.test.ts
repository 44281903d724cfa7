import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import type { Loose } from "./loose";
import { seedShop } from "./seed";
import type { ShopifySimulator } from "./simulator";
import { TEST_SECRET, TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "./test-helpers";
import { signWebhook } from "./webhooks";

// Shopify Flow in the simulator: flowTriggerReceive checks the payload against the fields the trigger's TOML declares
// (order_reference -> order_id, custom fields by key), and an action is POSTed to the app signed with the app's secret,
// resent on 5xx and not on other 4xx, as Flow's action endpoint docs say.

const TRIGGER = `[[extensions]]
name = "Parcel weighed"
type = "flow_trigger"
handle = "parcel-weighed"

[settings]

  [[settings.fields]]
  type = "order_reference"

  [[settings.fields]]
  type = "single_line_text_field"
  key = "Return ID"

  [[settings.fields]]
  type = "number_decimal"
  key = "Weight"
`;

const ACTION = `[[extensions]]
name = "Weigh parcel"
type = "flow_action"
handle = "weigh-parcel"
runtime_url = "https://app.example.com/flow/weigh"

[settings]

  [[settings.fields]]
  type = "order_reference"
  required = true

  [[settings.fields]]
  type = "single_line_text_field"
  key = "note"
  name = "Note"
`;

let sim: ShopifySimulator;
let receiver: WebhookReceiver;
let dir: string;
afterEach(async () => {
  await sim.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start() {
  dir = mkdtempSync(path.join(tmpdir(), "rb-flow-"));
  for (const [name, toml] of [["trigger", TRIGGER], ["action", ACTION]]) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "shopify.extension.toml"), toml);
  }
  receiver = await startWebhookReceiver();
  sim = await startTestSimulator(receiver.url, { flowExtensionsDir: dir, flowAction: { retryDelayMs: () => 5, answerTimeoutMs: 2000, maxAttempts: 3 } });
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  const [order] = await seedShop(client, { orders: [{ lineItems: [{ title: "Hat", quantity: 1, price: "10.00" }] }] });
  return Number(order.id.split("/").pop());
}

async function trigger(handle: string, payload: unknown) {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TEST_MERCHANT_TOKEN },
    body: JSON.stringify({ query: "mutation($h: String, $p: JSON) { flowTriggerReceive(handle: $h, payload: $p) { userErrors { field message } } }", variables: { h: handle, p: payload } }),
  });
  return ((await res.json()) as Loose).data.flowTriggerReceive.userErrors as Array<{ field: string[]; message: string }>;
}

describe("Shopify simulator: Flow", () => {
  it("accepts a trigger payload that has every declared field with a value of its type, and records it", async () => {
    const orderId = await start();
    expect(await trigger("parcel-weighed", { order_id: orderId, "Return ID": "gid://shopify/Return/1", Weight: 1.5 })).toEqual([]);
    expect(sim.flow.received).toEqual([{ handle: "parcel-weighed", payload: { order_id: orderId, "Return ID": "gid://shopify/Return/1", Weight: 1.5 }, at: expect.any(String) }]);
  });

  it("refuses a missing field, an undeclared one, a value of the wrong type, a GID for an order id and an unknown trigger", async () => {
    const orderId = await start();
    const fields = (errors: Array<{ field: string[] }>) => errors.map((e) => e.field.join("."));
    expect(fields(await trigger("parcel-weighed", { order_id: orderId, Weight: "heavy", Colour: "red" }))).toEqual(["payload.Return ID", "payload.Weight", "payload.Colour"]);
    expect(fields(await trigger("parcel-weighed", { order_id: `gid://shopify/Order/${orderId}`, "Return ID": "x", Weight: 1 }))).toEqual(["payload.order_id"]);
    expect(fields(await trigger("parcel-weighed", { order_id: 999999, "Return ID": "x", Weight: 1 }))).toEqual(["payload.order_id"]);
    expect(fields(await trigger("parcel-weighed", { order_id: orderId, "Return ID": "two\nlines", Weight: 1 }))).toEqual(["payload.Return ID"]);
    expect(fields(await trigger("nope", {}))).toEqual(["handle"]);
    expect(sim.flow.received).toEqual([]);
  });

  it("POSTs an action run to the app signed with the app's secret, resends it after a 5xx and stops on a 4xx", async () => {
    const orderId = await start();
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 503 : 200);
    const attempts = await sim.flow.runAction("weigh-parcel", { order_id: String(orderId), note: "fragile" }, { actionRunId: "run-1" });
    expect(attempts.map((a) => a.status)).toEqual([503, 200]);
    const [first, second] = receiver.received;
    expect(first.path).toBe("/flow/weigh");
    expect(first.json).toEqual({ shop_id: "1", shopify_domain: TEST_SHOP, action_run_id: "run-1", action_definition_id: "weigh-parcel", handle: "weigh-parcel", properties: { order_id: String(orderId), note: "fragile" } });
    expect(first.headers["x-shopify-hmac-sha256"]).toBe(signWebhook(first.rawBody, TEST_SECRET));
    expect(second.rawBody.equals(first.rawBody)).toBe(true);

    receiver.answer = 422;
    expect((await sim.flow.runAction("weigh-parcel", { order_id: String(orderId) })).map((a) => a.status)).toEqual([422]);
    await expect(sim.flow.runAction("weigh-parcel", { note: "no order" })).rejects.toThrow(/order_id is required/);
  });

  it("sends the same run twice at once when asked to (a resend crossing the first answer)", async () => {
    const orderId = await start();
    const attempts = await sim.flow.runAction("weigh-parcel", { order_id: String(orderId) }, { duplicate: true });
    expect(attempts).toHaveLength(2);
    expect(new Set(receiver.received.map((r) => r.json.action_run_id)).size).toBe(1);
  });
});
