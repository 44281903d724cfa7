import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "./simulator";

// The simulator follows the iF docs: their own curl examples pass, and what the docs forbid is refused.

// The document's own examples, vendored by scripts/vendor-reference.ts (test/fixtures/README.md).
const REFERENCE = path.resolve(import.meta.dirname, "../../test/fixtures/providers/ifreturns-examples.json");

/** Each documented curl example: method, path under the server, JSON body. */
function docExamples(): Array<{ method: string; path: string; body?: unknown }> {
  return (JSON.parse(readFileSync(REFERENCE, "utf8")) as { examples: Array<{ method: string; path: string; body?: unknown }> }).examples;
}

let sim: IfReturnsSimulator;
beforeEach(async () => {
  sim = await startIfReturnsSimulator({ shops: ["marchelacolombine", "returnsbridgedemo"], merchantShortCode: "maco" });
});
afterEach(async () => sim.close());

function call(method: string, p: string, body?: unknown, token = sim.credential) {
  return fetch(`${sim.url}/${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("iF returns simulator", () => {
  it("accepts every request example of the docs, in the documented order", async () => {
    const examples = docExamples();
    expect(examples.map((e) => `${e.method} ${e.path.split("?")[0]}`)).toEqual([
      "POST shipping_trackings",
      "POST shipping_labels",
      "GET shipping_labels",
      "PUT shipping_labels",
      "POST pudos",
    ]);
    sim.registerReturn({ merchantReturnName: "64231-R1", shopCode: "marchelacolombine" });
    // The GET example reads SHP123, which the create example makes: run the create first.
    const order = [1, 2, 0, 3, 4];
    for (const i of order) {
      const e = examples[i];
      const res = await call(e.method, e.path, e.body);
      expect(res.status, `${e.method} ${e.path}: ${await res.clone().text()}`).toBe(200);
    }
    const ret = sim.findReturn("R1-64231")!;
    expect(ret.shipments[0].clientReference).toBe("P1R1maco64231");
    expect(ret.shipments[0].trackingStatus).toBe("SHIPPING_IN_PROGRESS");
    expect(ret.shipments[0].shippingLabels[0].carrierTrackingCode).toBe("PARC0001");
  });

  it("names the missing field in its error body", async () => {
    const res = await call("POST", "shipping_labels", { shopCode: "marchelacolombine", clientShipmentId: "A", carrierServiceCode: "IF-UPS-EXPRESS-SAVER" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.statusCode).toBe("400");
    expect(body.description).toMatch(/^labelFormat: is required/);
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["labelFormat", "origin", "destination"]));
  });

  it("accepts fields the docs do not describe, lists them in the request log, and refuses values outside enums and documented ranges", async () => {
    const unknown = await call("POST", "pudos", { shopCode: "marchelacolombine", address: "x", radius: 5, origin: { lat: 1 } });
    expect(unknown.status).toBe(200);
    expect(sim.requests.at(-1)).toMatchObject({ route: "/integration/v1/pudos", kind: "documented", documented: true, unknownFields: ["radius", "origin"] });
    const range = await call("POST", "pudos", { shopCode: "marchelacolombine", address: "x", range: 25 });
    expect((await range.json()).description).toMatch(/^range: must be between 1 and 20 km/);
    const where = await call("POST", "pudos", { shopCode: "marchelacolombine", latitude: 40.4 });
    expect((await where.json()).description).toContain("either the address or the geolocation");
    const status = await call("POST", "shipping_trackings", { shopCode: "marchelacolombine", shipmentId: "R1-1", shipmentIdType: "RETURN_NAME", trackingStatus: "LOST" });
    expect((await status.json()).description).toMatch(/^trackingStatus/);
    const idType = await call("POST", "shipping_trackings", { shopCode: "marchelacolombine", shipmentId: "R1-1", shipmentIdType: "CLIENT_REFERENCE", trackingStatus: "REQUESTED" });
    expect((await idType.json()).description).toMatch(/^shipmentIdType: must be RETURN_NAME/);
  });

  it("answers 401 for a missing or wrong token and 404 for an unknown shipment", async () => {
    expect((await call("GET", "shipping_labels?client_shipment_id=SHP123&shopCode=marchelacolombine", undefined, "nope")).status).toBe(401);
    const res = await fetch(`${sim.url}/pudos`, { method: "POST" });
    expect(res.status).toBe(401);
    const missing = await call("PUT", "shipping_labels", {
      shopCode: "marchelacolombine",
      shipmentId: "99999-R1",
      shipmentIdType: "MERCHANT_RETURN_NAME",
      shippingLabels: [{ carrierTrackingCode: "A", carrierTrackingUrl: "https://x", format: "PDF", url: "https://y" }],
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).description).toContain("99999-R1");
  });

  it("keeps duplicate creates with the same clientShipmentId, as a non-idempotent API would", async () => {
    const body = {
      shopCode: "returnsbridgedemo",
      clientShipmentId: "DUP",
      carrierServiceCode: "IF-UPS-EXPRESS-SAVER",
      labelFormat: "PDF",
      origin: { fullName: "A", email: "a@example.com", phone: "1", address: { line1: "x", city: "y", postalCode: "1", countryCode: "ES" } },
      destination: { fullName: "B", email: "b@example.com", phone: "2", address: { line1: "x", city: "y", postalCode: "1", countryCode: "ES" } },
    };
    await call("POST", "shipping_labels", body);
    await call("POST", "shipping_labels", body);
    expect(sim.state.createCount).toBe(2);
    const listed = await (await call("GET", "shipping_labels?client_shipment_id=DUP&shopCode=returnsbridgedemo")).json();
    expect(listed).toHaveLength(2);
    expect(typeof listed[0].carrierExternalCode).toBe("number");
  });
});
