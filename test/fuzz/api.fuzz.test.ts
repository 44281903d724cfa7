import { createHmac } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../db";
import { APP_URL, callRoute, EXTENSION_ORIGIN, fingerprint, legacy, startRig, type Rig, type RouteModule } from "../isolation/rig";
import { fuzzCases, hostileValue, malformedBody, mutateObject, rng, type Rng } from "./generators";

// At least 1,000 (250 on PostgreSQL: fuzzCases) generated malformed or hostile requests per extension API route, in process against the real
// route modules (authenticate.admin with real ID tokens, zod bodies, the use-cases, the simulators behind them):
// wrong types, missing fields, huge strings, invalid UTF-8, oversized bodies, forged, expired or missing tokens.
// Never a 500; a request refused as bad, unauthenticated, unknown or not allowed stores nothing; no claim is
// left half-done whatever the answer.

const routesDir = path.resolve(import.meta.dirname, "../../app/routes");
const MAX_BODY = 16 * 1024 * 1024;

interface Endpoint {
  file: string;
  method: "GET" | "POST";
  param: "returnId" | "orderId";
  action: string;
  /** A well-formed body the generator starts from (undefined: the route reads none). */
  baseline?: Record<string, unknown>;
}

const window = { date: "2026-12-01", startHour: 8, endHour: 12 };
const address = { name: "Lucía García", email: "lucia@example.com", phone: "+34600111222", line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" };
const ENDPOINTS: Endpoint[] = [
  { file: "api.orders.$orderId.returns.tsx", method: "GET", param: "orderId", action: "returns" },
  { file: "api.returns.$returnId.approve.tsx", method: "POST", param: "returnId", action: "approve", baseline: { notifyCustomer: false } },
  { file: "api.returns.$returnId.label.tsx", method: "POST", param: "returnId", action: "label", baseline: { provider: "IFRETURNS", carrierService: "IF-UPS-EXPRESS-SAVER", labelFormat: "PDF", parcels: [{ weightGrams: 1000, lengthCm: 30 }], notifyCustomer: false, origin: address } },
  { file: "api.returns.$returnId.label-file.tsx", method: "GET", param: "returnId", action: "label-file" },
  { file: "api.returns.$returnId.pickup.tsx", method: "POST", param: "returnId", action: "pickup", baseline: { windows: [window], address, carrier: "UPS" } },
  { file: "api.returns.$returnId.drop-off-points.tsx", method: "POST", param: "returnId", action: "drop-off-points", baseline: { postalCode: "28014", countryCode: "ES", rangeKm: 5, locationType: "ALL", limit: 5 } },
  { file: "api.returns.$returnId.drop-off-point.tsx", method: "POST", param: "returnId", action: "drop-off-point", baseline: { point: { id: "UPS-28014-001", name: "UPS Access Point Madrid 1", city: "Madrid", postalCode: "28014", distanceKm: 0.3, locationType: "STORE_POINT" } } },
  { file: "api.returns.$returnId.link.tsx", method: "POST", param: "returnId", action: "link", baseline: { provider: "IFRETURNS", ifReturnName: "R1-1001" } },
  { file: "api.returns.$returnId.unlink.tsx", method: "POST", param: "returnId", action: "unlink", baseline: {} },
];

/** Refused before anything is done: these answers must leave the database as it was. */
const REFUSED = new Set([400, 401, 403, 404, 405, 413]);
/** Every answer the API may give; 500 is not one of them. */
const ALLOWED = new Set([200, 204, 400, 401, 403, 404, 405, 409, 413, 422, 429, 502, 503, 504]);

function b64url(v: unknown): string {
  return Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
}

async function token(r: Rig, g: Rng): Promise<{ header: string | null; valid: boolean; query?: string }> {
  const shop = r.a.shop;
  const x = g.next();
  if (x < 0.7) return { header: `Bearer ${await r.token(shop)}`, valid: true };
  const choice = g.int(0, 9);
  const now = Math.floor(Date.now() / 1000);
  switch (choice) {
    case 0:
      return { header: null, valid: false };
    case 1:
      // Header values travel as bytes: non-ASCII arrives as latin1 text (what a server reads from the wire).
      return { header: `Bearer ${g.pick(["", "null", "undefined", "a.b.c", "x".repeat(g.int(1, 9000)), Buffer.from("💥.💥.💥").toString("latin1")])}`, valid: false };
    case 2:
      return { header: `Bearer ${await r.token(shop, {}, "not-the-app-secret-0123456789")}`, valid: false };
    case 3:
      return { header: `Bearer ${await r.token(shop, { exp: now - 3600, nbf: now - 7200, iat: now - 7200 })}`, valid: false };
    case 4:
      return { header: `Bearer ${await r.token(shop, { aud: "someone-elses-app" })}`, valid: false };
    case 5: {
      // alg "none": a token that claims to need no signature.
      const payload = { iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: r.rt.env.SHOPIFY_API_KEY, sub: "1", exp: now + 3600, nbf: now - 60, iat: now - 60, jti: "x", sid: "y" };
      return { header: `Bearer ${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`, valid: false };
    }
    case 6: {
      // Signed right, but for a shop name that is not a shop domain.
      const bad = g.pick(["evil.com", "../isolation-a.myshopify.com", "isolation-a.myshopify.com.evil.com"]);
      const payload = { iss: `https://${bad}/admin`, dest: `https://${bad}`, aud: r.rt.env.SHOPIFY_API_KEY, sub: "1", exp: now + 3600, nbf: now - 60, iat: now - 60, jti: "x", sid: "y" };
      const head = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(payload)}`;
      return { header: `Bearer ${head}.${createHmac("sha256", r.rt.env.SHOPIFY_API_SECRET).update(head).digest("base64url")}`, valid: false };
    }
    case 7:
      return { header: g.pick(["Basic dXNlcjpwYXNz", "bearer", "Bearer", "Token abc", `Bearer  ${await r.token(shop)}x`]), valid: false };
    case 8:
      // A real session token in the query: no longer accepted anywhere (tokens stay out of URLs).
      return { header: null, valid: false, query: await r.token(shop) };
    default:
      return { header: null, valid: false, query: g.pick(["", "garbage", "a.b.c"]) };
  }
}

interface Generated {
  method: string;
  id: string;
  query: string;
  headers: Record<string, string>;
  body?: BodyInit;
  bodyIsJsonOfBaseline: boolean;
}

let bigBody: string | undefined;

async function generate(r: Rig, g: Rng, e: Endpoint): Promise<Generated> {
  const t = await token(r, g);
  const headers: Record<string, string> = {};
  if (t.header !== null) headers.authorization = t.header;
  if (g.bool(0.8)) headers.origin = g.pick([EXTENSION_ORIGIN, EXTENSION_ORIGIN, "https://evil.example", "null"]);
  const method = g.bool(0.85) ? e.method : g.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
  const own = e.param === "orderId" ? [legacy(r.a.order.id)] : [legacy(r.a.openReturnGid), legacy(r.a.requestedReturnGid)];
  const foreign = e.param === "orderId" ? legacy(r.b.order.id) : legacy(r.b.openReturnGid);
  const id = g.bool(0.6) ? g.pick(own) : g.bool(0.3) ? foreign : String(g.pick(["", "0", "-1", "1e309", "9".repeat(400), "abc", "gid://shopify/Return/1", "../../admin", "%00", "💥", " ", "null", "__proto__", String(g.int(1, 2 ** 31))]));
  let query = t.query !== undefined ? `id_token=${encodeURIComponent(t.query)}` : "";
  if (e.action === "label-file" && g.bool(0.4)) query += `${query ? "&" : ""}shipmentId=${encodeURIComponent(String(g.pick([r.a.shipmentId, r.b.shipmentId, "", "x".repeat(500), "' OR 1=1 --"])))}&download=${g.pick(["1", "0", "yes"])}`;

  let body: BodyInit | undefined;
  let bodyIsJsonOfBaseline = false;
  if (method !== "GET" && method !== "HEAD") {
    const kind = g.int(0, 19);
    const base = e.baseline ?? {};
    if (kind <= 5) {
      body = JSON.stringify(mutateObject(g, base));
    } else if (kind <= 8) {
      body = JSON.stringify(base);
      bodyIsJsonOfBaseline = true;
    } else if (kind <= 10) {
      body = new Uint8Array(malformedBody(g));
    } else if (kind <= 12) {
      body = JSON.stringify(hostileValue(g)) ?? "";
    } else if (kind === 13) {
      // Huge strings in every field.
      body = JSON.stringify(Object.fromEntries(Object.keys(base).map((k) => [k, "x".repeat(g.int(1000, 200_000))])));
    } else if (kind === 14) {
      // Invalid UTF-8 inside otherwise valid JSON.
      body = new Uint8Array(Buffer.concat([Buffer.from('{"provider":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('","ifReturnName":"R1"}')]));
    } else if (kind === 15) {
      // Declares more than the limit.
      body = JSON.stringify(base);
      headers["content-length"] = String(MAX_BODY + g.int(1, 1e9));
    } else if (kind === 16 && g.bool(0.15)) {
      // Really sends more than the limit (rarely: 16 MB per case).
      bigBody ??= `{"pad":"${"x".repeat(MAX_BODY)}"}`;
      body = bigBody;
    } else if (kind === 17) {
      body = new URLSearchParams(Object.entries(base).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else {
      body = JSON.stringify(mutateObject(g, mutateObject(g, base)));
    }
    if (!headers["content-type"]) headers["content-type"] = g.pick(["application/json", "application/json", "text/plain", "multipart/form-data; boundary=x", ""]);
    if (!headers["content-type"]) delete headers["content-type"];
  }
  return { method, id, query, headers, body, bodyIsJsonOfBaseline };
}

async function claimsLeft(r: Rig): Promise<number> {
  return (await r.t.db.shipment.count({ where: { state: "CLAIMED" } })) + (await r.t.db.pickup.count({ where: { state: "CLAIMED" } }));
}

describe("every extension API route is fuzzed", () => {
  it("has a fuzz endpoint for each api.* route file", () => {
    const files = readdirSync(routesDir).filter((f) => f.startsWith("api.") && f.endsWith(".tsx"));
    expect(files.filter((f) => !ENDPOINTS.some((e) => e.file === f))).toEqual([]);
  });
});

describe.each(testEngines())("extension API under fuzzing on %s", (kind) => {
  const cases = fuzzCases(kind);
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig(kind, { providerTransport: { timeoutMs: 5000, retry: { maxAttempts: 2 } } });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it.each(ENDPOINTS.map((e) => [e.file, e] as const))(
    `%s answers ${cases.toLocaleString("en")} hostile requests without a 500, storing nothing from a refused one`,
    async (_file, e) => {
      const g = rng([...e.file].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) >>> 0);
      const route = (await import(/* @vite-ignore */ path.join(routesDir, e.file))) as RouteModule;
      const statuses = new Map<number, number>();
      for (let i = 0; i < cases; i++) {
        const c = await generate(rig, g, e);
        const before = await fingerprint(rig.t);
        const answer = await callRoute(rig.rt, route, { method: c.method, url: `${APP_URL}/api/x/${encodeURIComponent(c.id)}/${e.action}${c.query ? `?${c.query}` : ""}`, params: { [e.param]: c.id }, headers: c.headers, body: c.body });
        const where = `case ${i}: ${c.method} id=${c.id.slice(0, 40)} ${JSON.stringify(c.headers).slice(0, 200)} -> ${answer.status} ${JSON.stringify(answer.json)?.slice(0, 300)}`;
        if (answer.crashed) throw Object.assign(answer.crashed as Error, { message: `${(answer.crashed as Error).message} (${where})` });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status, where).not.toBe(500);
        expect(ALLOWED.has(answer.status), where).toBe(true);
        expect(Object.keys(Object.prototype), `the prototype of every object was changed: ${where}`).toEqual([]);
        if (REFUSED.has(answer.status)) expect(await fingerprint(rig.t), `refused, yet something was stored: ${where}`).toBe(before);
        expect(await claimsLeft(rig), `a claim was left half-done: ${where}`).toBe(0);
      }
      // The generator reaches past authentication and validation, so the suite cannot pass by refusing everything.
      expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
      expect((statuses.get(400) ?? 0) + (statuses.get(405) ?? 0)).toBeGreaterThan(0);
      expect(statuses.get(404) ?? 0).toBeGreaterThan(0);
      expect([...statuses.keys()].some((s) => s === 200 || s === 422 || s === 409)).toBe(true);
    },
    240_000,
  );
});
