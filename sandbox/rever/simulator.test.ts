import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labelPdf } from "../lib";
import { startReverSimulator, type ReverSimulator } from "./simulator";

// The simulator accepts every field the REVER docs show, and answers the documented refusals.

// The document's own examples, vendored by scripts/vendor-reference.ts (test/fixtures/README.md).
const REFERENCE = path.resolve(import.meta.dirname, "../../test/fixtures/providers/rever-examples.json");

/** The docs' curl examples with their "string" placeholders replaced by plausible values. */
function docExamples(): Array<{ method: string; path: string; body?: Record<string, unknown> }> {
  const { examples } = JSON.parse(readFileSync(REFERENCE, "utf8")) as { examples: Array<{ method: string; path: string; body?: Record<string, unknown> }> };
  const values: Record<string, string> = {
    process_id: "proc_1",
    ecommerce_id: "returns-bridge-demo",
    ecommerce_group: "group-1",
    provider: "SendCloud",
    carrier: "UPS",
    country_code: "ES",
    email: "someone@example.com",
    label: Buffer.from(labelPdf(["doc example"])).toString("base64"),
    label_extension: "pdf",
    tracking_url: "https://tracking.example/1",
  };
  const fill = (v: unknown, key?: string): unknown => {
    if (v === "string") return values[key ?? ""] ?? `${key}-value`;
    if (Array.isArray(v)) return v.map((x) => fill(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, k)]));
    return v;
  };
  return examples.map((e) => ({ method: e.method, path: e.path.replace("{process_id}", "proc_1"), body: e.body ? (fill(e.body) as Record<string, unknown>) : undefined }));
}

let sim: ReverSimulator;
beforeEach(async () => {
  sim = await startReverSimulator({ ecommerceGroups: { "group-1": ["returns-bridge-demo"] } });
  sim.createProcess({ processId: "proc_1", orderNumber: "64231" });
});
afterEach(async () => sim.close());

function call(method: string, p: string, body?: unknown, key = sim.credential) {
  return fetch(`${sim.url}/${p}`, { method, headers: { "x-rever-api-key": key, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe("REVER simulator", () => {
  it("accepts every documented field of every documented request", async () => {
    const ex = docExamples();
    expect(ex.map((e) => `${e.method} ${e.path}`)).toEqual([
      "POST v1/processes/proc_1/shipping_status",
      "GET v1/processes/proc_1/label",
      "GET v1/processes/proc_1/logistics",
      "POST v1/processes/proc_1/pickup",
      "POST v1/processes/proc_1/logistics/",
      "PUT v1/processes/proc_1/logistics/",
    ]);
    const byKey = Object.fromEntries(ex.map((e) => [`${e.method} ${e.path}`, e]));
    // The examples' enum zero values (NO_RETURN_METHOD, NO_RANGE) are accepted as they are: only "string" placeholders are filled.
    for (const key of ["PUT v1/processes/proc_1/logistics/", "GET v1/processes/proc_1/label", "GET v1/processes/proc_1/logistics", "POST v1/processes/proc_1/pickup", "POST v1/processes/proc_1/shipping_status"]) {
      const e = byKey[key];
      const res = await call(e.method, e.path, e.body);
      expect(res.status, `${key}: ${await res.clone().text()}`).toBe(200);
    }
    const manual = byKey["POST v1/processes/proc_1/logistics/"];
    expect((await call(manual.method, manual.path, manual.body)).status).toBe(200);
    expect(sim.state.createCount).toBe(2);
    expect(sim.state.pickupCount).toBe(1);
    expect(sim.process("proc_1")!.lkssHistory).toEqual(["CREATED", "NO_SHIPPING_STATUS", "CREATED"]);
  });

  it("answers in gRPC style: 3 for unsupported combinations, 12 for OPS, 9 for a pickup without order, 5 and 16", async () => {
    const base = { ecommerce_id: "returns-bridge-demo", carrier: "UPS", provider: "SendCloud", return_type: "IN_STORE", weight_in_grams: 1, customer_address: { address_line_1: "a", city: "b", postcode: "1", country_code: "ES" }, ecommerce_warehouse_address: { address_line_1: "a", city: "b", postcode: "1", country_code: "ES" } };
    const three = await call("PUT", "v1/processes/proc_1/logistics/", base);
    expect(three.status).toBe(400);
    expect(await three.json()).toMatchObject({ code: 3, message: expect.stringContaining("IN_STORE") });
    const twelve = await call("PUT", "v1/processes/proc_1/logistics/", { ...base, provider: "OPS" });
    expect(twelve.status).toBe(501);
    expect((await twelve.json()).code).toBe(12);
    const nine = await call("POST", "v1/processes/proc_1/pickup", { ecommerce_id: "returns-bridge-demo", carrier: "UPS", provider: "SendCloud", pickup_ranges: ["RANGE_8_TO_12"] });
    expect((await nine.json()).code).toBe(9);
    expect((await (await call("GET", "v1/processes/nope/logistics")).json()).code).toBe(5);
    const unauth = await call("GET", "v1/processes/proc_1/logistics", undefined, "bad");
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).code).toBe(16);
    expect(sim.state.createCount).toBe(0);
  });

  it("refuses an unknown enum value as InvalidArgument before it looks the process up", async () => {
    const lkss = await call("POST", "v1/processes/nope/shipping_status", { lkss: "LOST" });
    expect(lkss.status).toBe(400);
    expect(await lkss.json()).toEqual({ code: 3, message: 'proto: invalid value for enum field lkss: "LOST"', details: [] });
    const type = await call("PUT", "v1/processes/nope/logistics/", { weight_in_grams: "heavy" });
    expect((await type.json()).code).toBe(3);
    const known = await call("POST", "v1/processes/nope/shipping_status", { lkss: "CREATED" });
    expect(known.status).toBe(404);
    expect((await known.json()).code).toBe(5);
  });

  it("refuses a body that is not application/json with InvalidArgument, as the gateway answers what it cannot decode", async () => {
    const res = await fetch(`${sim.url}/v1/processes/proc_1/shipping_status`, { method: "POST", headers: { "x-rever-api-key": sim.credential, "content-type": "text/plain" }, body: '{"lkss":"CREATED"}' });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe(3);
    expect(sim.process("proc_1")!.lkssHistory).toEqual([]);
  });

  it("discards unknown fields, reads JSON names, and lets the path's process id win over the body's", async () => {
    const res = await call("POST", "v1/processes/proc_1/shipping_status", { lkss: "COLLECTED", processId: "proc_2", colour: "red" });
    expect(res.status).toBe(200);
    expect(sim.process("proc_1")!.lkssHistory).toEqual(["COLLECTED"]);
    expect(sim.requests.at(-1)).toMatchObject({ route: "/v1/processes/:processId/shipping_status", documented: true, unknownFields: ["colour"] });
  });

  it("refuses a label extension other than pdf, png and jpg, and stores the label bytes it is given", async () => {
    const ext = await call("POST", "v1/processes/proc_1/logistics/", { label: "QUJD", label_extension: "gif", order: {} });
    expect((await ext.json()).message).toContain('only "pdf", "png" and "jpg" are allowed');
    const base64 = await call("POST", "v1/processes/proc_1/logistics/", { label: "not base64!", label_extension: "pdf" });
    expect((await base64.json()).code).toBe(3);
    const saved = await call("POST", "v1/processes/proc_1/logistics/", { label: Buffer.from("any bytes").toString("base64url"), label_extension: "pdf", order: { tracking_id: "PQ1" } });
    expect(saved.status).toBe(200);
    const { url } = await (await call("GET", "v1/processes/proc_1/label")).json();
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).toString()).toBe("any bytes");
  });

  it("serves the assumed endpoints only while they are switched on, and marks them in the request log", async () => {
    expect((await call("GET", "v1/processes?ecommerce_id=returns-bridge-demo&order_number=64231")).status).toBe(200);
    expect(sim.requests.at(-1)).toMatchObject({ route: "/v1/processes", kind: "assumed", documented: false });
    const off = await startReverSimulator({ assumedEndpoints: false });
    try {
      const res = await fetch(`${off.url}/v1/returns/import`, { method: "POST", headers: { "x-rever-api-key": off.credential, "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 5 });
      expect(off.requests[0]).toMatchObject({ route: "/v1/returns/import", kind: "assumed", documented: false, answeredWith: 404 });
    } finally {
      await off.close();
    }
  });
});
