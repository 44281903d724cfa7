import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { beyondExample, JAVASCRIPT_URL, PRIVATE_URL, type ProfileOptions } from "../lib";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "./simulator";

// The iF simulator under each profile: the documented minimum answers no more than the document's examples,
// every profile keeps the document's own strictness, and the hostile one hands out hostile label URLs.

const REFERENCE = path.resolve(import.meta.dirname, "../../test/fixtures/providers/ifreturns-examples.json");
type Example = { method: string; path: string; body?: Record<string, unknown>; response: unknown };
const examples = (JSON.parse(readFileSync(REFERENCE, "utf8")) as { examples: Example[] }).examples;
const example = (method: string, p: string) => examples.find((e) => e.method === method && e.path.startsWith(p))!;

let sim: IfReturnsSimulator;
afterEach(async () => sim?.close());

async function start(opts: ProfileOptions = {}) {
  sim = await startIfReturnsSimulator({ shops: ["marchelacolombine"], merchantShortCode: "maco", ...opts });
  sim.registerReturn({ merchantReturnName: "64231-R1", shopCode: "marchelacolombine" });
  return sim;
}

function call(method: string, p: string, body?: unknown, contentType = "application/json") {
  return fetch(`${sim.url}/${p}`, { method, headers: { authorization: `Bearer ${sim.credential}`, "content-type": contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
}

const minimalLabel = {
  clientShipmentId: "MIN1",
  carrierServiceCode: "IF-UPS-EXPRESS-SAVER",
  labelFormat: "PDF",
  origin: { fullName: "A", email: "not an email", phone: 34600000000 },
  destination: { fullName: "B", email: "b", phone: "2", address: { line1: "x", countryCode: "es", floor: 3 } },
  parcels: [{ description: "no weight" }],
};

describe("iF simulator, documented minimum", () => {
  it("answers every documented request with the document's example or less", async () => {
    await start({ profile: "documented-minimum" });
    for (const [method, p] of [
      ["POST", "shipping_labels"],
      ["GET", "shipping_labels"],
      ["PUT", "shipping_labels"],
      ["POST", "shipping_trackings"],
      ["POST", "pudos"],
    ]) {
      const e = example(method, p);
      const res = await call(e.method, e.path, e.body);
      expect(res.status, `${method} ${p}`).toBe(200);
      expect(beyondExample(await res.json(), e.response), `${method} ${p}`).toEqual([]);
    }
  });

  it("shows empty label items after a create and none on a read, even once a PUT registered labels", async () => {
    await start({ profile: "documented-minimum" });
    const created = await (await call("POST", "shipping_labels", { ...minimalLabel, shipmentType: "RETURN", clientShipmentName: "64231-R1" })).json();
    expect(created.shippingLabels).toEqual([{}]);
    const put = example("PUT", "shipping_labels");
    expect((await call("PUT", "shipping_labels", put.body)).status).toBe(200);
    const read = await (await call("GET", "shipping_labels?client_shipment_id=MIN1")).json();
    expect(read).toMatchObject([{ clientShipmentId: "MIN1", shippingLabels: [] }]);
    expect(sim.findReturn("R1-64231")!.shipments.at(-1)!.shippingLabels[0].carrierTrackingCode).toBe("PARC0001");
  });

  it("answers [] for an unknown shipment and errors with only a string code, or no body at all", async () => {
    await start({ profile: "documented-minimum" });
    const unknown = await call("GET", "shipping_labels?client_shipment_id=NOPE");
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual([]);
    const missing = await call("PUT", "shipping_labels", { shipmentId: "9-R1", shipmentIdType: "MERCHANT_RETURN_NAME", shippingLabels: [] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ statusCode: "404" });
    await sim.close();
    await start({ profile: "documented-minimum", errorBodies: "none" });
    const bare = await call("POST", "shipping_labels", {});
    expect(bare.status).toBe(400);
    expect(await bare.text()).toBe("");
  });
});

describe("iF simulator, every profile", () => {
  it.each(["default", "documented-minimum", "hostile"] as const)("%s: refuses a body that is not application/json with 415", async (profile) => {
    await start({ profile });
    const res = await call("POST", "pudos", { address: "x" }, "text/plain");
    expect(res.status).toBe(415);
    expect(sim.requests.at(-1)!.answeredWith).toBe(415);
  });

  it("default: accepts what the document leaves open (Address contents, parcel fields, email format, PUDO limit) and refuses what it requires", async () => {
    await start();
    expect((await call("POST", "shipping_labels", minimalLabel)).status).toBe(200);
    expect((await call("POST", "pudos", { address: "x", limit: 500 })).status).toBe(200);
    const missing = await call("POST", "shipping_labels", { ...minimalLabel, origin: { email: "a", phone: "1" } });
    expect(missing.status).toBe(400);
    expect((await missing.json()).description).toBe("origin.fullName: is required");
    expect(sim.requests.find((r) => r.path.endsWith("/shipping_labels"))!.unknownFields).toBeUndefined();
  });
});

describe("iF simulator, hostile", () => {
  it("hands out hostile label and tracking URLs in created labels, and reads them back", async () => {
    await start({ hostile: ["private-url", "javascript-tracking-url"] });
    const created = await (await call("POST", "shipping_labels", minimalLabel)).json();
    expect(created.shippingLabels[0]).toMatchObject({ url: PRIVATE_URL, carrierTrackingUrl: JAVASCRIPT_URL });
    const read = await (await call("GET", "shipping_labels?client_shipment_id=MIN1")).json();
    expect(read[0].shippingLabels[0].url).toBe(PRIVATE_URL);
    expect(sim.hostile.emitted).toEqual([PRIVATE_URL, JAVASCRIPT_URL]);
  });

  it("serves an SVG with a script where the label should be", async () => {
    await start({ hostile: ["svg-label"] });
    const { url } = (await (await call("POST", "shipping_labels", minimalLabel)).json()).shippingLabels[0];
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toContain("<script>");
  });

  it("switches every behaviour on in the hostile profile, each label URL pointing somewhere hostile", async () => {
    await start({ profile: "hostile", hostileAnswerEvery: 1000 });
    const created = await (await call("POST", "shipping_labels", { ...minimalLabel, parcels: [{}, {}, {}] })).json();
    for (const item of created.shippingLabels) {
      expect(sim.hostile.emitted).toContain(item.url);
      expect(item.carrierTrackingUrl).toBe(JAVASCRIPT_URL);
    }
    expect(new Set(created.shippingLabels.map((i: { url: string }) => i.url)).size).toBe(3);
  });
});
