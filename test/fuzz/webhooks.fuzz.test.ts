import { createHmac } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOPICS, type Topic } from "../../app/webhooks/topics.server";
import type { Runtime } from "../../app/runtime/runtime.server";
import { webhookRawHandler } from "../../app/webhooks/raw-handler.server";
import { createTestDb, type TestDb } from "../db";
import { createTestRuntime } from "../runtime";
import { fuzzCases, hostileValue, malformedBody, mutateObject, rng, type Rng } from "./generators";

// At least 1,000 generated malformed or hostile requests per webhook endpoint, over HTTP, against the real
// ingest path (the raw handler, the only way webhooks come in): never a 500, and nothing stored from a request
// that was refused.

const SECRET = "fuzz-webhook-secret";
const MAX = 64 * 1024;

let t: TestDb;
let rt: Runtime;
let server: Server;
let port: number;

beforeAll(async () => {
  t = await createTestDb();
  rt = await createTestRuntime(t, { env: { SHOPIFY_API_SECRET: SECRET } });
  const handle = webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret: SECRET, maxBytes: MAX });
  server = createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rt?.close();
  await t.cleanup();
});

function send(path: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (err) => ((err as NodeJS.ErrnoException).code === "ECONNRESET" || (err as NodeJS.ErrnoException).code === "EPIPE" ? resolve(413) : reject(err)));
    req.end(body);
  });
}

function baseline(topic: Topic): Record<string, unknown> {
  if (TOPICS[topic].kind === "return") return { id: 1, admin_graphql_api_id: "gid://shopify/Return/1", status: "requested", order_id: 2 };
  if (TOPICS[topic].kind === "reverse_delivery") return { id: 1, admin_graphql_api_id: "gid://shopify/ReverseDelivery/1", return: { admin_graphql_api_id: "gid://shopify/Return/1" } };
  if (topic === "app/scopes_update") return { id: 1, current: ["read_orders"], previous: [] };
  return { shop_id: 1, shop_domain: "fuzz.myshopify.com", customer: { id: 1, email: "a@example.com" }, orders_to_redact: [1] };
}

type Case = { body: Buffer; headers: Record<string, string>; signed: boolean };

function generate(r: Rng, topic: Topic, i: number): Case {
  const kind = r.int(0, 9);
  let body: Buffer;
  if (kind <= 3) body = Buffer.from(JSON.stringify(mutateObject(r, baseline(topic))) ?? "null");
  else if (kind === 4) body = malformedBody(r);
  else if (kind === 5) body = Buffer.from(JSON.stringify({ ...baseline(topic), pad: "x".repeat(r.int(MAX, MAX * 2)) }));
  else if (kind === 6) body = Buffer.from(JSON.stringify(hostileValue(r)) ?? "0");
  else body = Buffer.from(JSON.stringify(mutateObject(r, baseline(topic))) ?? "{}");
  const signedRight = r.bool(0.7);
  const headers: Record<string, string> = {
    "content-type": r.pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
    "x-shopify-topic": r.bool(0.9) ? topic : r.pick(Object.keys(TOPICS)),
    "x-shopify-shop-domain": r.bool(0.85) ? "fuzz.myshopify.com" : r.pick(["", "evil.com", "a".repeat(300), "FUZZ.myshopify.com", "../x.myshopify.com"]),
    "x-shopify-hmac-sha256": signedRight
      ? createHmac("sha256", SECRET).update(body).digest("base64")
      : r.pick(["", "AAAA", createHmac("sha256", "wrong").update(body).digest("base64"), "not base64 !!!"]),
    "x-shopify-triggered-at": r.bool(0.8) ? new Date(Date.now() - r.int(0, 1e9)).toISOString() : r.pick(["yesterday", "", "9999-99-99"]),
  };
  if (r.bool(0.9)) headers["x-shopify-event-id"] = r.bool(0.95) ? `fuzz-${topic}-${i}-${r.int(0, 1e9)}` : "e".repeat(r.int(256, 1000));
  if (!signedRight) delete headers[r.bool(0.2) ? "x-shopify-hmac-sha256" : "x-nothing"];
  return { body, headers, signed: signedRight };
}

// SQLite, the default database (createTestDb).
const cases = fuzzCases("sqlite");

describe("webhook endpoints under fuzzing", () => {
  it.each(Object.entries(TOPICS).map(([topic, def]) => [topic, def.path] as const))(
    `%s answers ${cases.toLocaleString("en")} hostile requests without a 500, storing only acknowledged deliveries`,
    async (topic, path) => {
      const r = rng(topic.length * 7919 + path.length);
      const statuses = new Map<number, number>();
      for (let i = 0; i < cases; i++) {
        const c = generate(r, topic as Topic, i);
        const before = await t.db.webhookDelivery.count();
        const status = await send(path, c.body, c.headers);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status, `case ${i}`).not.toBe(500);
        expect([200, 400, 401, 413]).toContain(status);
        const after = await t.db.webhookDelivery.count();
        if (status !== 200) expect(after, `refused case ${i} stored something`).toBe(before);
        if (!c.signed) expect(status).not.toBe(200);
      }
      // The generator reaches every outcome, so the suite cannot pass by refusing everything.
      expect([...statuses.keys()].sort()).toEqual([200, 400, 401, 413]);
      const rejected = await t.db.webhookDelivery.count({ where: { topic, state: "REJECTED" } });
      const jobs = await t.db.job.count({ where: { payload: { contains: "deliveryId" } } });
      expect(jobs).toBeGreaterThan(0);
      if (TOPICS[topic as Topic].kind === "return") expect(rejected).toBeGreaterThan(0);
    },
    120_000,
  );
});
