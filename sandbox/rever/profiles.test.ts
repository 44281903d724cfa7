import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { beyondExample, JAVASCRIPT_URL, labelPdf, sniffFileType, type ProfileOptions } from "../lib";
import { startReverSimulator, type ReverSimulator } from "./simulator";

// The REVER simulator under each profile: the documented minimum answers no more than the document's examples,
// every profile decodes the body before it looks the process up, and the hostile one hands out hostile URLs.

const REFERENCE = path.resolve(import.meta.dirname, "../../test/fixtures/providers/rever-examples.json");
type Example = { method: string; path: string; response: unknown };
const examples = (JSON.parse(readFileSync(REFERENCE, "utf8")) as { examples: Example[] }).examples;
const response = (method: string, p: string) => examples.find((e) => e.method === method && e.path === p)!.response;
// The document collapses `shipments: [ … ]` and `pickup_range: { … }`; the vendored copy cannot hold them, so they are
// written here from the document's text, collapsed parts as the least they promise (empty).
const ORDER_EXAMPLE = { order: { carrier: "string", currency_code: "string", id: "string", price: 0, provider: "string", shipments: [] } };
const PICKUP_EXAMPLE = { pickup_order: { carrier: "string", id: "string", pickup_range: {}, provider: "string" } };
const SUMMARY_ENUMS = ["logistics_summary.status", "logistics_summary.return_method"];

let sim: ReverSimulator;
afterEach(async () => sim?.close());

async function start(opts: ProfileOptions = {}) {
  sim = await startReverSimulator(opts);
  sim.createProcess({ processId: "proc_1", orderNumber: "64231" });
  return sim;
}

function call(method: string, p: string, body?: unknown, contentType = "application/json") {
  return fetch(`${sim.url}/${p}`, { method, headers: { "x-rever-api-key": sim.credential, "content-type": contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
}
const order = { provider: "SendCloud", carrier: "UPS", return_type: "HOME_PICK_UP", pickup_ranges: ["RANGE_8_TO_12"] };
const summary = async () => (await (await call("GET", "v1/processes/proc_1/logistics")).json()) as { logistics_summary: Record<string, string> };

describe("REVER simulator, documented minimum", () => {
  it("answers every documented request with the document's example or less, whatever happens to the parcel", async () => {
    await start({ profile: "documented-minimum" });
    const before = await summary();
    expect(beyondExample(before, response("GET", "v1/processes/{process_id}/logistics"), SUMMARY_ENUMS)).toEqual([]);
    expect(beyondExample(await (await call("PUT", "v1/processes/proc_1/logistics/", order)).json(), ORDER_EXAMPLE)).toEqual([]);
    expect(beyondExample(await (await call("POST", "v1/processes/proc_1/pickup", order)).json(), PICKUP_EXAMPLE)).toEqual([]);
    expect(await (await call("POST", "v1/processes/proc_1/shipping_status", { lkss: "COLLECTED" })).json()).toEqual(response("POST", "v1/processes/{process_id}/shipping_status"));
    const manual = await call("POST", "v1/processes/proc_1/logistics/", { label: Buffer.from(labelPdf(["m"])).toString("base64"), label_extension: "pdf", order: { tracking_id: "PQ1" } });
    expect(beyondExample(await manual.json(), ORDER_EXAMPLE)).toEqual([]);
    sim.advanceTracking("proc_1", "IN_WAREHOUSE");
    const after = await summary();
    expect(beyondExample(after, response("GET", "v1/processes/{process_id}/logistics"), SUMMARY_ENUMS)).toEqual([]);
    expect(after.logistics_summary.pickups_scheduled).toBe(before.logistics_summary.pickups_scheduled);
    expect(sim.state.pickupCount).toBe(1);
  });

  it("answers the label endpoint with {url} for a URL that serves the real file", async () => {
    await start({ profile: "documented-minimum" });
    await call("PUT", "v1/processes/proc_1/logistics/", order);
    const label = await (await call("GET", "v1/processes/proc_1/label")).json();
    expect(beyondExample(label, response("GET", "v1/processes/{process_id}/label"))).toEqual([]);
    expect(sniffFileType(new Uint8Array(await (await fetch(label.url)).arrayBuffer()))).toBe("pdf");
  });

  it("errors with a string code only, or with no body, at the HTTP status a gateway gives the code", async () => {
    await start({ profile: "documented-minimum" });
    const ops = await call("PUT", "v1/processes/proc_1/logistics/", { ...order, provider: "OPS" });
    expect(ops.status).toBe(501);
    expect(await ops.json()).toEqual({ code: "UNIMPLEMENTED" });
    expect(await (await call("GET", "v1/processes/nope/logistics")).json()).toEqual({ code: "NOT_FOUND" });
    await sim.close();
    await start({ profile: "documented-minimum", errorBodies: "none" });
    const bare = await call("PUT", "v1/processes/proc_1/logistics/", { ...order, provider: "OPS" });
    expect(bare.status).toBe(501);
    expect(await bare.text()).toBe("");
  });

  it("has no process search and no returns import: both answer 404 like an unknown route", async () => {
    await start({ profile: "documented-minimum" });
    expect((await call("GET", "v1/processes?ecommerce_id=returns-bridge-demo&order_number=64231")).status).toBe(404);
    expect((await call("POST", "v1/returns/import", { ecommerce_id: "returns-bridge-demo" })).status).toBe(404);
    expect(sim.requests.map((r) => [r.kind, r.documented])).toEqual([
      ["assumed", false],
      ["assumed", false],
    ]);
  });
});

describe("REVER simulator, every profile", () => {
  it.each(["default", "documented-minimum", "hostile"] as const)("%s: decodes the body before looking the process up, and refuses a body that is not JSON", async (profile) => {
    await start({ profile, hostileAnswerEvery: 1000 });
    const badEnum = await call("PUT", "v1/processes/nope/logistics/", { ...order, return_type: "TELEPORT" });
    expect(badEnum.status).toBe(400);
    const plain = await call("POST", "v1/processes/proc_1/shipping_status", { lkss: "CREATED" }, "text/plain");
    expect(plain.status).toBe(400);
    const codes = profile === "documented-minimum" ? ["INVALID_ARGUMENT", "INVALID_ARGUMENT"] : [3, 3];
    expect([(await badEnum.json()).code, (await plain.json()).code]).toEqual(codes);
    expect((await call("PUT", "v1/processes/nope/logistics/", order)).status).toBe(404);
  });

  it("default: creates a logistic order from a provider and a carrier alone, and refuses one without them (the document says 'must specify')", async () => {
    await start();
    expect((await call("PUT", "v1/processes/proc_1/logistics/", { provider: "SendCloud", carrier: "UPS" })).status).toBe(200);
    expect((await summary()).logistics_summary).toMatchObject({ status: "CREATED", return_method: "RETURN_METHOD_UNSPECIFIED" });
    const none = await call("PUT", "v1/processes/proc_1/logistics/", { return_type: "DROP_OFF_POINT" });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: 3, message: "the provider and the carrier must be specified" });
    expect(sim.state.createCount).toBe(1);
  });

  it("default: refuses a home pick-up without pickup ranges, as documented", async () => {
    await start();
    const res = await call("PUT", "v1/processes/proc_1/logistics/", { ...order, pickup_ranges: [] });
    expect(await res.json()).toMatchObject({ code: 3, message: "pickup_ranges: required for return_type HOME_PICK_UP" });
  });
});

describe("REVER simulator, hostile", () => {
  it("hands out a hostile label URL and javascript: tracking URLs", async () => {
    await start({ hostile: ["metadata-url", "javascript-tracking-url"] });
    const created = await (await call("PUT", "v1/processes/proc_1/logistics/", order)).json();
    expect(created.order.shipments[0].tracking_url).toBe(JAVASCRIPT_URL);
    expect((await (await call("GET", "v1/processes/proc_1/label")).json()).url).toBe("http://169.254.169.254/latest/meta-data/");
    expect((await summary()).logistics_summary.tracking_url).toBe(JAVASCRIPT_URL);
    expect(sim.hostile.emitted).toEqual([JAVASCRIPT_URL, "http://169.254.169.254/latest/meta-data/"]);
  });

  it("serves an HTML page with a script behind the label URL", async () => {
    await start({ hostile: ["html-label"] });
    await call("PUT", "v1/processes/proc_1/logistics/", order);
    const { url } = await (await call("GET", "v1/processes/proc_1/label")).json();
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("<script>");
  });

  it("trickles every n-th API answer when asked for exactly that", async () => {
    await start({ hostile: ["trickle-answer"], hostileAnswerEvery: 2, hostileTuning: { trickleIntervalMs: 60_000 } });
    expect((await summary()).logistics_summary.status).toBe("STATUS_UNSPECIFIED");
    const slow = await call("GET", "v1/processes/proc_1/logistics");
    const reader = slow.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe("{");
    await reader.cancel();
  });
});
