import { inflateSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { pdfIsWellFormed } from "../../test/fixtures/platform-fixtures";
import { labelPdf, labelPng, labelZpl, sniffFileType } from "./label-files";
import { seededRng } from "./rng";
import { endpointsCalled, startSimServer, type SimServer } from "./sim-server";

// The simulator skeleton: budget, faults, limits and label documents behave as the tests rely on.

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(clock?: () => number) {
  server = await startSimServer({
    name: "test",
    basePath: "/api",
    clock,
    bodyLimitBytes: 64,
    authenticate: (req) => (req.headers["x-key"] === "ok" ? null : { status: 401, json: { error: "no" } }),
    errorBody: (status, message) => ({ status, message }),
    routes: [
      { method: "POST", path: "/echo", handler: (req) => ({ status: 200, json: { got: req.body } }) },
      { method: "GET", path: "/items/:id", handler: (req) => ({ status: 200, json: { id: req.params.id } }) },
      { method: "GET", path: "/public", public: true, handler: () => ({ status: 200, text: "hello" }) },
    ],
  });
  return server;
}

const get = (s: SimServer, path: string, key = "ok") => fetch(`${s.url}${path}`, { headers: { "x-key": key } });

describe("simulator server", () => {
  it("routes with parameters, checks credentials and leaves public routes open", async () => {
    const s = await start();
    expect(await (await get(s, "/items/a%20b")).json()).toEqual({ id: "a b" });
    expect((await get(s, "/items/1", "bad")).status).toBe(401);
    expect((await fetch(`${s.url}/public`)).status).toBe(200);
    expect((await get(s, "/nothing")).status).toBe(404);
    expect((await fetch(`${s.url}/echo`, { method: "GET", headers: { "x-key": "ok" } })).status).toBe(405);
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.answeredWith}`)).toEqual([
      "GET /api/items/a%20b 200",
      "GET /api/items/1 401",
      "GET /api/public 200",
      "GET /api/nothing 404",
      "GET /api/echo 405",
    ]);
  });

  it("refuses bodies over the size limit and bodies that are not JSON", async () => {
    const s = await start();
    const big = await fetch(`${s.url}/echo`, { method: "POST", headers: { "x-key": "ok" }, body: JSON.stringify({ x: "y".repeat(100) }) });
    expect(big.status).toBe(413);
    const bad = await fetch(`${s.url}/echo`, { method: "POST", headers: { "x-key": "ok" }, body: "{nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ status: 400, message: "Request body is not valid JSON" });
  });

  it("answers 429 with Retry-After when the budget is spent, and serves again once time has passed", async () => {
    let now = 1_000_000;
    const s = await start(() => now);
    s.setRateLimit(2);
    expect((await get(s, "/items/1")).status).toBe(200);
    expect((await get(s, "/items/2")).status).toBe(200);
    const limited = await get(s, "/items/3");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    now += 600;
    expect((await get(s, "/items/4")).status).toBe(200);
    s.setRateLimit(null);
    for (let i = 0; i < 5; i++) expect((await get(s, "/items/x")).status).toBe(200);
  });

  it("injects the same faults for the same seed and other faults for another seed", async () => {
    const s = await start();
    const run = async (seed: number) => {
      s.setFaults({ rate5xx: 0.3, rate429: 0.2, rateMalformed: 0.2, seed });
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await get(s, "/items/1");
        const text = await r.text();
        out.push(r.status === 200 ? (text.endsWith('{"') ? "malformed" : "ok") : String(r.status));
      }
      return out.join(",");
    };
    const a = await run(7);
    expect(await run(7)).toBe(a);
    expect(await run(8)).not.toBe(a);
    expect(a).toMatch(/503/);
    expect(a).toMatch(/429/);
    expect(a).toMatch(/malformed/);
    s.setFaults({});
    expect((await get(s, "/items/1")).status).toBe(200);
  });

  it("limits faults to matching requests and to a number of times", async () => {
    const s = await start();
    s.setFaults({ rate5xx: 1, times: 1, only: { method: "POST" } });
    expect((await get(s, "/items/1")).status).toBe(200);
    const post = () => fetch(`${s.url}/echo`, { method: "POST", headers: { "x-key": "ok" }, body: "{}" });
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(200);
    expect(s.faults.counts["5xx"]).toBe(1);
  });

  it("hangs on a timeout fault until the client gives up, and close() ends the hung request", async () => {
    const s = await start();
    s.setFaults({ rateTimeout: 1, phase: "before" });
    const err = await fetch(`${s.url}/items/1`, { headers: { "x-key": "ok" }, signal: AbortSignal.timeout(50) }).catch((e) => e);
    expect(err.name).toBe("TimeoutError");
    expect(s.requests[0].answeredWith).toBe("timeout");
  });
});

describe("request log and route kinds", () => {
  async function startKinds(assumedEndpoints?: boolean) {
    server = await startSimServer({
      name: "kinds",
      basePath: "/api",
      assumedEndpoints,
      authenticate: () => null,
      errorBody: (status, message) => ({ status, message }),
      refuseMediaType: (contentType) => ({ status: 415, json: { got: contentType ?? null } }),
      routes: [
        { method: "POST", path: "/things/:id", handler: (req) => ({ status: 200, json: { id: req.params.id } }) },
        { method: "GET", path: "/search", kind: "assumed", handler: () => ({ status: 200, json: [] }) },
        { method: "GET", path: "/files/:f", kind: "label-file", public: true, handler: () => ({ status: 200, text: "file" }) },
      ],
    });
    return server;
  }

  it("records the route pattern, where it comes from and whether it is documented, and lists each endpoint once", async () => {
    const s = await startKinds();
    const json = { "content-type": "application/json" };
    await fetch(`${s.url}/things/1`, { method: "POST", headers: json, body: "{}" });
    await fetch(`${s.url}/things/2`, { method: "POST", headers: json, body: "{}" });
    await fetch(`${s.url}/search`);
    await fetch(`${s.url}/files/a.pdf`);
    await fetch(`${s.url}/nowhere`);
    expect(s.requests.map((r) => [r.route, r.kind, r.documented])).toEqual([
      ["/api/things/:id", "documented", true],
      ["/api/things/:id", "documented", true],
      ["/api/search", "assumed", false],
      ["/api/files/:f", "label-file", true],
      [null, "unrouted", false],
    ]);
    expect(endpointsCalled(s.requests).map((e) => `${e.method} ${e.route ?? "-"} ${e.documented}`)).toEqual([
      "POST /api/things/:id true",
      "GET /api/search false",
      "GET /api/files/:f true",
      "GET - false",
    ]);
  });

  it("answers an assumed route like an unknown one when assumed endpoints are off", async () => {
    const s = await startKinds(false);
    const res = await fetch(`${s.url}/search`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 404, message: "No route for GET /api/search" });
    expect(s.requests[0]).toMatchObject({ route: "/api/search", kind: "assumed", answeredWith: 404 });
  });

  it("hands a body without Content-Type application/json to the refusal hook, parameters allowed", async () => {
    const s = await startKinds();
    const post = (headers: Record<string, string>) => fetch(`${s.url}/things/1`, { method: "POST", headers, body: "{}" });
    expect((await post({ "content-type": "application/json; charset=utf-8" })).status).toBe(200);
    const plain = await post({ "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({ got: "text/plain" });
  });
});

describe("label documents", () => {
  it("writes a PDF whose cross-reference table is correct, with text escaped", () => {
    const pdf = labelPdf(["Tracking: 1Z (test) \\ back"]);
    expect(pdfIsWellFormed(pdf)).toBe(true);
    expect(Buffer.from(pdf).toString("latin1")).toContain("(Tracking: 1Z \\(test\\) \\\\ back) Tj");
    expect(sniffFileType(pdf)).toBe("pdf");
  });

  it("writes a PNG with valid chunks and the declared size", () => {
    const png = Buffer.from(labelPng("1Z999", 16, 8));
    expect(sniffFileType(png)).toBe("png");
    expect(png.readUInt32BE(16)).toBe(16);
    expect(png.readUInt32BE(20)).toBe(8);
    const idatLen = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString("latin1")).toBe("IDAT");
    expect(inflateSync(png.subarray(41, 41 + idatLen)).length).toBe((16 + 1) * 8);
  });

  it("writes ZPL that starts and ends a label and carries the tracking number", () => {
    const zpl = labelZpl("1Z^999", ["Hello"]);
    expect(zpl.startsWith("^XA")).toBe(true);
    expect(zpl.trim().endsWith("^XZ")).toBe(true);
    expect(zpl).toContain("^FD1Z 999^FS");
  });

  it("draws the same numbers from the same seed", () => {
    const a = seededRng(3);
    const b = seededRng(3);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
