import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { webhookRawHandler } from "./raw-handler.server";

const secret = "raw-handler-secret";
let t: TestDb;
let rt: Runtime;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestDb();
  rt = await createTestRuntime(t, { env: { SHOPIFY_API_SECRET: secret } });
  const handle = webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret, maxBytes: 4096 });
  server = createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(404).end("not a webhook");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rt?.close();
  await t.cleanup();
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
      "x-shopify-shop-domain": "raw.myshopify.com",
      "x-shopify-event-id": `e-${Math.random()}`,
      ...headers,
    },
  });
}

describe("webhook endpoint over HTTP", () => {
  it("acknowledges a signed delivery with 200 and stores it", async () => {
    const res = await post("/webhooks/returns/request", JSON.stringify({ admin_graphql_api_id: "gid://shopify/Return/7" }));
    expect(res.status).toBe(200);
    expect(await t.db.webhookDelivery.count({ where: { shop: "raw.myshopify.com", resourceGid: "gid://shopify/Return/7" } })).toBe(1);
  });

  it("answers 401 to a body tampered after signing", async () => {
    const body = JSON.stringify({ admin_graphql_api_id: "gid://shopify/Return/8" });
    const sig = createHmac("sha256", secret).update(body).digest("base64");
    const res = await post("/webhooks/returns/request", body.replace("8", "9"), { "x-shopify-hmac-sha256": sig });
    expect(res.status).toBe(401);
  });

  it("answers 413 to an oversized body and 405 to a GET", async () => {
    expect((await post("/webhooks/returns/request", JSON.stringify({ pad: "x".repeat(5000) }))).status).toBe(413);
    expect((await fetch(`${base}/webhooks/returns/request`)).status).toBe(405);
  });

  it("leaves unknown paths to the next handler", async () => {
    expect((await post("/webhooks/unknown/topic", "{}")).status).toBe(404);
  });
});
