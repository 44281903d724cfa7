import fs from "node:fs";
import type { Loose } from "./loose";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdminClient, ShopifyBuckets } from "../../app/shopify/graphql-client.server";
import { systemClock } from "../../app/runtime/clock";
import { testHttp } from "../../test/runtime";
import { verifyShopifyHmac } from "../../app/webhooks/verify-hmac.server";
import { demoSeedSpec, seedShop } from "./seed";
import type { ShopifySimulator } from "./simulator";
import { TEST_SECRET, TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "./test-helpers";
import { parseWebhookPaths, signWebhook, verifyWebhookHmac } from "./webhooks";

let receiver: WebhookReceiver;
let sim: ShopifySimulator;

async function gql(query: string, variables: Record<string, unknown> = {}, token = TEST_MERCHANT_TOKEN) {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Loose> };
}

// The test's clients of the shop pace together in one bucket, as a runtime's do; each test starts a fresh one.
let buckets: ShopifyBuckets;
const client = () => createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp(), bucket: buckets.for(TEST_SHOP) });

async function seedOne(returns: Parameters<typeof seedShop>[1]["orders"][number]["returns"] = []) {
  const [order] = await seedShop(client(), {
    orders: [{ customer: { firstName: "Ana", lastName: "Ruiz", email: "ana@example.com" }, lineItems: [{ title: "Shirt", quantity: 3, price: "20.00" }, { title: "Socks", quantity: 2, price: "5.00" }], returns }],
  });
  return order;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  buckets = new ShopifyBuckets(systemClock);
  receiver.received.length = 0;
  receiver.answer = 200;
  sim = await startTestSimulator(receiver.url);
  return () => sim.close();
});

describe("Shopify simulator API", () => {
  it("refuses a request without the shop's access token with Shopify's 401 body", async () => {
    const r = await gql("{ orders(first: 1) { nodes { id } } }", {}, "wrong-token");
    expect(r.status).toBe(401);
    expect(r.body.errors).toMatch(/Invalid API key or access token/);
  });

  it("answers a document with an unknown field in Shopify's validation error shape, without data or cost", async () => {
    const r = await gql("query Probe { order(id: \"gid://shopify/Order/1\") { id colour } }");
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0]).toMatchObject({
      message: "Field 'colour' doesn't exist on type 'Order'",
      locations: [{ line: 1, column: 55 }],
      extensions: { code: "undefinedField", typeName: "Order", fieldName: "colour" },
    });
  });

  it("reports the calculated cost and the bucket with every answer", async () => {
    const r = await gql("{ locations(first: 10) { nodes { id name isActive } } }");
    expect(r.body.extensions.cost).toMatchObject({ requestedQueryCost: 6, throttleStatus: { maximumAvailable: 1000, restoreRate: 100 } });
    expect(r.body.extensions.cost.actualQueryCost).toBeLessThanOrEqual(6);
  });

  it("answers THROTTLED in Shopify's shape when the bucket cannot cover the requested cost", async () => {
    sim.setThrottle({ currentlyAvailable: 3, restoreRate: 1 });
    const r = await gql("{ locations(first: 10) { nodes { id } } }");
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(r.body.extensions.cost).toMatchObject({ requestedQueryCost: 6, actualQueryCost: null, throttleStatus: { currentlyAvailable: 3, restoreRate: 1 } });
  });

  it("refuses a single query over 1000 points before running it", async () => {
    const r = await gql("{ orders(first: 250) { nodes { returns(first: 250) { nodes { returnLineItems(first: 250) { nodes { id } } } } } } }");
    expect(r.body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(r.body.errors[0].message).toMatch(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)/);
  });

  it("gives a reverse fulfillment order only once a requested return is approved", async () => {
    const order = await seedOne([{ status: "REQUESTED" }]);
    const ret = order.returns[0];
    const read = `query R($id: ID!) { return(id: $id) { status reverseFulfillmentOrders(first: 5) { nodes { id status } } } }`;
    expect((await gql(read, { id: ret.id })).body.data.return).toEqual({ status: "REQUESTED", reverseFulfillmentOrders: { nodes: [] } });
    await gql(`mutation A($id: ID!) { returnApproveRequest(input: { id: $id }) { userErrors { code } } }`, { id: ret.id });
    const after = (await gql(read, { id: ret.id })).body.data.return;
    expect(after.status).toBe("OPEN");
    expect(after.reverseFulfillmentOrders.nodes).toEqual([{ id: expect.stringMatching(/^gid:\/\/shopify\/ReverseFulfillmentOrder\//), status: "OPEN" }]);
  });

  it("refuses an invalid transition with a userError and leaves the return as it was", async () => {
    const order = await seedOne([{ status: "DECLINED" }]);
    const r = await gql(`mutation C($id: ID!) { returnClose(id: $id) { return { id } userErrors { code field message } } }`, { id: order.returns[0].id });
    expect(r.body.data.returnClose.return).toBeNull();
    expect(r.body.data.returnClose.userErrors[0]).toMatchObject({ code: "INVALID_STATE", field: ["id"] });
    expect(sim.store.returns.get(order.returns[0].id)!.status).toBe("DECLINED");
  });

  it("seeds a dozen orders through the API with returns in every status", async () => {
    const orders = await seedShop(client(), demoSeedSpec());
    expect(orders).toHaveLength(12);
    const statuses = new Set(orders.flatMap((o) => o.returns.map((r) => sim.store.returns.get(r.id)!.status)));
    expect([...statuses].sort()).toEqual(["CANCELED", "CLOSED", "DECLINED", "OPEN", "REQUESTED"]);
    const listed = await gql(`{ orders(first: 20, query: "tag:returns-bridge-demo") { nodes { name returnStatus customer { displayName } shippingAddress { city countryCodeV2 } } } }`);
    expect(listed.body.data.orders.nodes).toHaveLength(12);
    expect(listed.body.data.orders.nodes[0]).toMatchObject({ customer: { displayName: "Lucía García" }, shippingAddress: { city: "Madrid", countryCodeV2: "ES" } });
    expect(sim.calls.every((c) => !c.throttled)).toBe(true);
  });

  it("accepts a staged upload by multipart POST and serves the file at its resource URL", async () => {
    const r = await gql(`mutation S($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`, {
      input: [{ resource: "RETURN_LABEL", filename: "label.pdf", mimeType: "application/pdf", httpMethod: "POST" }],
    });
    const target = r.body.data.stagedUploadsCreate.stagedTargets[0];
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    const bytes = Buffer.from("%PDF-1.4 sandbox label");
    form.append("file", new Blob([bytes], { type: "application/pdf" }), "label.pdf");
    expect((await fetch(target.url, { method: "POST", body: form })).status).toBe(201);
    const served = await fetch(target.resourceUrl);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
  });

  it("accepts a staged upload by signed PUT too", async () => {
    const r = await gql(`mutation S($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl } userErrors { message } } }`, {
      input: [{ resource: "RETURN_LABEL", filename: "label.png", mimeType: "image/png", httpMethod: "PUT" }],
    });
    const target = r.body.data.stagedUploadsCreate.stagedTargets[0];
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect((await fetch(target.url, { method: "PUT", body: bytes })).status).toBe(200);
    expect(Buffer.from(await (await fetch(target.resourceUrl)).arrayBuffer())).toEqual(bytes);
    expect((await fetch(target.url.replace(/x-sim-signature=\w+/, "x-sim-signature=00"), { method: "PUT", body: bytes })).status).toBe(403);
  });

  it("refuses an upload whose signature does not match the target", async () => {
    const form = new FormData();
    form.append("key", "tmp/forged/label.pdf");
    form.append("x-sim-signature", "0000");
    form.append("file", new Blob([Buffer.from("%PDF-")]), "label.pdf");
    expect((await fetch(`${sim.url}/staged-uploads`, { method: "POST", body: form })).status).toBe(403);
  });
});

describe("Shopify simulator webhooks", () => {
  it("reads topics and paths from shopify.app.toml", () => {
    const paths = parseWebhookPaths(fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8"));
    expect(paths["returns/request"]).toBe("/webhooks/returns/request");
    expect(paths["reverse_deliveries/attach_deliverable"]).toBe("/webhooks/reverse-deliveries/attach-deliverable");
    expect(paths["customers/redact"]).toBe("/webhooks/customers/redact");
  });

  it("signs every delivery with the app secret, and a tampered body fails the same check", async () => {
    await seedOne([{ status: "REQUESTED" }]);
    await sim.webhooks.flush();
    const w = receiver.received.find((x) => x.headers["x-shopify-topic"] === "returns/request")!;
    expect(w.path).toBe("/webhooks/returns/request");
    expect(w.headers).toMatchObject({
      "x-shopify-shop-domain": TEST_SHOP,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": expect.any(String),
      "x-shopify-event-id": expect.any(String),
      "x-shopify-triggered-at": expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const hmac = w.headers["x-shopify-hmac-sha256"] as string;
    expect(verifyWebhookHmac(w.rawBody, hmac, TEST_SECRET)).toBe(true);
    const tampered = Buffer.from(w.rawBody.toString("utf8").replace('"requested"', '"open"'));
    expect(verifyWebhookHmac(tampered, hmac, TEST_SECRET)).toBe(false);
    expect(verifyWebhookHmac(w.rawBody, hmac, "another-secret")).toBe(false);
    expect(signWebhook(w.rawBody, TEST_SECRET)).toBe(hmac);
    // The app's own check agrees on both.
    expect(verifyShopifyHmac(w.rawBody, hmac, TEST_SECRET)).toBe(true);
    expect(verifyShopifyHmac(tampered, hmac, TEST_SECRET)).toBe(false);
  });

  it("sends each state change to its topic with Shopify's documented payload shape", async () => {
    const c = client();
    const order = await seedOne([{ status: "REQUESTED", lines: [{ line: 0, quantity: 2 }] }, { status: "REQUESTED", lines: [{ line: 1, quantity: 1 }] }]);
    const [a, b] = order.returns;
    const run = (q: string, v: Record<string, unknown>) => c.request(q, v);
    await run(`mutation($id: ID!) { returnApproveRequest(input: { id: $id }) { userErrors { code } } }`, { id: a.id });
    await run(`mutation($id: ID!) { returnDeclineRequest(input: { id: $id, declineReason: FINAL_SALE }) { userErrors { code } } }`, { id: b.id });
    const rfo = sim.store.returns.get(a.id)!.rfoIds[0];
    await run(`mutation($id: ID!) { reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $id, reverseDeliveryLineItems: [], trackingInput: { number: "1Z999", url: "https://www.ups.com/track?tracknum=1Z999" }, labelInput: { fileUrl: "https://example.com/l.pdf" }, notifyCustomer: false) { userErrors { code } } }`, { id: rfo });
    const rli = sim.store.returns.get(a.id)!.lineItemIds[0];
    await run(`mutation($id: ID!, $l: [ReturnLineItemRemoveFromReturnInput!]) { removeFromReturn(returnId: $id, returnLineItems: $l) { userErrors { code } } }`, { id: a.id, l: [{ returnLineItemId: rli, quantity: 1 }] });
    await run(`mutation($id: ID!, $l: ID!) { returnProcess(input: { returnId: $id, returnLineItems: [{ id: $l, quantity: 1 }], notifyCustomer: false }) { userErrors { code } } }`, { id: a.id, l: rli });
    await run(`mutation($id: ID!) { returnClose(id: $id) { userErrors { code } } }`, { id: a.id });
    await run(`mutation($id: ID!) { returnReopen(id: $id) { userErrors { code } } }`, { id: a.id });
    const order2 = await seedOne([{ status: "OPEN" }]);
    await run(`mutation($id: ID!) { returnCancel(id: $id) { userErrors { code } } }`, { id: order2.returns[0].id });
    await sim.webhooks.flush();

    const byTopic = (t: string) => receiver.received.filter((w) => w.headers["x-shopify-topic"] === t).map((w) => w.json);
    const request = byTopic("returns/request")[0];
    expect(request).toMatchObject({ admin_graphql_api_id: a.id, status: "requested", name: a.name, order: { admin_graphql_api_id: order.id }, total_return_line_items: 1 });
    expect(request.return_line_items[0]).toMatchObject({ quantity: 2, fulfillment_line_item: { admin_graphql_api_id: order.fulfillmentLineItemIds[0] } });
    expect(byTopic("returns/approve")[0]).toMatchObject({ admin_graphql_api_id: a.id, status: "open", name: a.name, order: { admin_graphql_api_id: order.id } });
    const decline = byTopic("returns/decline")[0];
    expect(Object.keys(decline).sort()).toEqual(["admin_graphql_api_id", "decline", "id", "status"]);
    expect(decline).toMatchObject({ status: "declined", decline: { reason: "final_sale" } });
    for (const t of ["returns/close", "returns/reopen", "returns/cancel"]) {
      const p = byTopic(t)[0];
      expect(Object.keys(p).sort(), t).toEqual(["admin_graphql_api_id", "id", "order_id", "status"]);
    }
    expect(byTopic("returns/close")[0]).toMatchObject({ admin_graphql_api_id: a.id, status: "closed" });
    expect(byTopic("returns/reopen")[0]).toMatchObject({ admin_graphql_api_id: a.id, status: "open" });
    expect(byTopic("returns/cancel")[0]).toMatchObject({ admin_graphql_api_id: order2.returns[0].id, status: "canceled" });
    const update = byTopic("returns/update")[0];
    expect(Object.keys(update).sort()).toEqual(["admin_graphql_api_id", "restocking_fees", "return_line_items", "return_shipping_fees"]);
    expect(update.return_line_items.removals).toEqual([{ admin_graphql_api_id: rli, delta: 1 }]);
    expect(byTopic("returns/process")[0]).toMatchObject({ admin_graphql_api_id: a.id });
    expect(byTopic("reverse_deliveries/attach_deliverable")[0]).toMatchObject({
      return: { admin_graphql_api_id: a.id },
      shipping_deliverable: { tracking: { tracking_number: "1Z999", carrier_name: "UPS" }, label: { public_file_url: "https://example.com/l.pdf" } },
    });
  });

  it("retries a delivery the app answered with a 5xx until it gets a 2xx", async () => {
    receiver.answer = (_w, n) => (n <= 2 ? 503 : 200);
    await seedOne([{ status: "REQUESTED" }]);
    await sim.webhooks.flush();
    const attempts = sim.webhooks.delivered.filter((d) => d.topic === "returns/request");
    expect(attempts.map((d) => d.status)).toEqual([503, 503, 200]);
    expect(new Set(attempts.map((d) => d.webhookId)).size).toBe(1);
  });

  it("retries a delivery the app did not answer in time", async () => {
    receiver.answer = (_w, n) => (n === 1 ? "hang" : 200);
    await seedOne([{ status: "REQUESTED" }]);
    await sim.webhooks.flush();
    const attempts = sim.webhooks.delivered.filter((d) => d.topic === "returns/request");
    expect(attempts.map((d) => d.status)).toEqual([null, 200]);
  });

  it("can duplicate deliveries with the same webhook id, and deliver them out of order", async () => {
    sim.webhooks.setMode({ duplicate: true, reorder: true, seed: 7 });
    const order = await seedOne([{ status: "REQUESTED" }, { status: "REQUESTED" }, { status: "REQUESTED" }]);
    await sim.webhooks.flush();
    const got = receiver.received.filter((w) => w.headers["x-shopify-topic"] === "returns/request");
    expect(got).toHaveLength(6);
    const ids = got.map((w) => w.headers["x-shopify-webhook-id"]);
    expect(new Set(ids).size).toBe(3);
    const sentOrder = order.returns.map((r) => r.id);
    const firstSeen = [...new Set(got.map((w) => w.json.admin_graphql_api_id))];
    expect(firstSeen).not.toEqual(sentOrder);
    expect([...firstSeen].sort()).toEqual([...sentOrder].sort());
  });

  it("drops first attempts when told to, and the retry still delivers", async () => {
    sim.webhooks.setMode({ dropRate: 1, seed: 1 });
    await seedOne([{ status: "REQUESTED" }]);
    await sim.webhooks.flush();
    expect(sim.webhooks.delivered.filter((d) => d.topic === "returns/request").map((d) => d.status)).toEqual([null, 200]);
    expect(receiver.received.filter((w) => w.headers["x-shopify-topic"] === "returns/request")).toHaveLength(1);
  });
});
