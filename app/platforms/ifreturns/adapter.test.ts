import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../../sandbox/ifreturns";
import {
  AuthenticationError,
  NotFoundError,
  RateLimitedError,
  ResponseShapeError,
  TimeoutError,
  UnavailableError,
  UnimplementedError,
  ValidationError,
} from "../../http/errors.server";
import { createLogger, type ScopedLogger } from "../../logger.server";
import { customerAddress, pdfIsWellFormed, refFor, warehouseAddress } from "../../../test/fixtures/platform-fixtures";
import { testHttp, testLogger, testLogSink } from "../../../test/runtime";
import type { TransportOptions } from "../connection";
import { IF_TRANSPORTATION_STATUSES, fromIfStatus } from "../status-map";
import { NORMALISED_STATUSES, type CreateLabelInput } from "../types";
import { ASSUMED_CAPABILITIES } from "../assumed-capabilities";
import { IfReturnsPlatform } from "./adapter.server";

// Contract tests: every iF call against the simulator over real HTTP, including each error path. Most run with
// every assumed capability on against the default profile (which fills the document's gaps with the same
// assumptions); "documented calls only" runs with none against the documented minimum.

let sim: IfReturnsSimulator;
let sleeps: number[];

/** The transport the adapter calls through: backoff waits are recorded in `sleeps` and end at once. */
function transport(over: Partial<Omit<TransportOptions, "http">> = {}, log: ScopedLogger = testLogger()): TransportOptions {
  const clock = { now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) };
  return { http: testHttp({ clock, log }), log, timeoutMs: 250, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 }, ...over };
}

function platform(over: Partial<ConstructorParameters<typeof IfReturnsPlatform>[0]> = {}) {
  return new IfReturnsPlatform({
    provider: "IFRETURNS",
    baseUrl: sim.url,
    token: sim.credential,
    shopCode: "returnsbridgedemo",
    defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
    // The default simulator profile models decision 0004's assumptions: these tests read what it fills in.
    assumed: new Set(ASSUMED_CAPABILITIES.IFRETURNS),
    transport: transport(),
    ...over,
  });
}

function labelInput(order: number, over: Partial<CreateLabelInput> = {}): CreateLabelInput {
  return {
    idempotencyKey: `rb-${order}-R1-label`,
    ref: refFor(order),
    origin: customerAddress,
    destination: warehouseAddress,
    parcels: [{ weightGrams: 1200, lengthCm: 30, widthCm: 20, heightCm: 10, description: "Shoes" }],
    labelFormat: "PDF",
    ...over,
  };
}

beforeEach(async () => {
  sleeps = [];
  sim = await startIfReturnsSimulator();
});
afterEach(async () => sim.close());

describe("creating labels", () => {
  it("sends the documented body, always with labelFormat, and returns a normalised label", async () => {
    sim.registerReturn({ merchantReturnName: "64231-R1" });
    const label = await platform().createLabel(labelInput(64231, { customsInfo: [{ description: "Shoes", hsCode: "6403", quantity: 1, weightKg: 1.2, unitPrice: 80, currencyCode: "EUR", originCountryCode: "ES" }] }));

    const sent = sim.requests.find((r) => r.method === "POST" && r.path.endsWith("/shipping_labels"))!.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      shopCode: "returnsbridgedemo",
      shipmentType: "RETURN",
      clientShipmentId: "rb-64231-R1-label",
      clientShipmentName: "64231-R1",
      carrierServiceCode: "IF-UPS-EXPRESS-SAVER",
      labelFormat: "PDF",
      origin: { fullName: "Juan Perez", email: "customer@example.com", phone: "+34666666666", address: { countryCode: "ES", postalCode: "28020" } },
      parcels: [{ clientParcelId: "rb-64231-R1-label-P1", weight: 1200, length: 30, width: 20, height: 10 }],
      customsInfo: [{ hsCode: "6403", originCountryCode: "ES", weight: 1.2 }],
    });
    expect(label).toMatchObject({ providerShipmentId: "rb-64231-R1-label", carrier: "ups", carrierService: "IF-UPS-EXPRESS-SAVER", labelFormat: "PDF" });
    expect(label.trackingNumber).toMatch(/^UPS\d{12}$/);
    expect(label.trackingUrl).toContain(label.trackingNumber);

    const file = await platform().downloadLabel(label.labelUrl!);
    expect(file.format).toBe("PDF");
    expect(file.contentType).toBe("application/pdf");
    expect(pdfIsWellFormed(file.bytes)).toBe(true);
    expect(Buffer.from(file.bytes).toString("latin1")).toContain(`Tracking: ${label.trackingNumber}`);
    // The label became the return's transport: iF now knows it under its return name.
    expect(sim.findReturn("R1-64231")!.shipments.at(-1)!.clientShipmentId).toBe("rb-64231-R1-label");
  });

  it("returns ZPL text when asked, and reports the carrier's fallback format when ZPL is not offered", async () => {
    const zpl = await platform().createLabel(labelInput(1, { labelFormat: "ZPL" }));
    expect(zpl.labelFormat).toBe("ZPL");
    const file = await platform().downloadLabel(zpl.labelUrl!);
    expect(file.format).toBe("ZPL");
    expect(Buffer.from(file.bytes).toString()).toContain(`^FD${zpl.trackingNumber}^FS`);

    const seur = await platform().createLabel(labelInput(2, { labelFormat: "ZPL", carrierService: "IF-SEUR-HOME2SHOP" }));
    expect(seur.labelFormat).toBe("PDF");
  });

  it("reports every parcel's tracking code beyond the first as additional tracking codes", async () => {
    const label = await platform().createLabel(labelInput(3, { parcels: [{ weightGrams: 500 }, { weightGrams: 700 }, { weightGrams: 900 }] }));
    expect(label.additionalTrackingCodes).toHaveLength(2);
    expect(label.additionalTrackingCodes).not.toContain(label.trackingNumber);
  });

  it("returns the existing label when the key was already used, without a second create", async () => {
    const first = await platform().createLabel(labelInput(4));
    const second = await platform().createLabel(labelInput(4));
    expect(second).toEqual(first);
    expect(sim.state.createCount).toBe(1);
  });

  it.each([
    ["a 5xx after the work was done", { rate5xx: 1, phase: "after" as const }],
    ["a timeout after the work was done", { rateTimeout: 1, phase: "after" as const }],
    ["a malformed answer", { rateMalformed: 1 }],
  ])("makes exactly one label when the create is answered with %s", async (_name, fault) => {
    sim.setFaults({ ...fault, times: 1, only: { method: "POST", pathIncludes: "/shipping_labels" } });
    const label = await platform().createLabel(labelInput(5));
    expect(sim.state.createCount).toBe(1);
    expect(sim.shipmentsByClientId("rb-5-R1-label")).toHaveLength(1);
    expect(label.trackingNumber).toBe(sim.shipmentsByClientId("rb-5-R1-label")[0].trackingNumber);
  });

  it("retries a create that failed before doing anything and makes one label", async () => {
    sim.setFaults({ rate5xx: 1, phase: "before", times: 1, only: { method: "POST" } });
    await platform().createLabel(labelInput(6));
    expect(sim.state.createCount).toBe(1);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("refuses to send a label without the fields iF requires, naming the field", async () => {
    const err = await platform()
      .createLabel(labelInput(7, { origin: { ...customerAddress, email: undefined } }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields).toHaveProperty("origin.email");
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(0);

    const png = await platform().createLabel(labelInput(7, { labelFormat: "PNG" })).catch((e) => e);
    expect(png).toBeInstanceOf(ValidationError);
    expect(png.fields).toHaveProperty("labelFormat");
  });

  it("refuses a carrier service outside the shop's configured list", async () => {
    const err = await platform({ carrierServices: ["IF-SEUR-HOME2SHOP"] }).createLabel(labelInput(8)).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("IF-UPS-EXPRESS-SAVER");
  });
});

describe("reading labels", () => {
  it("finds a label by its idempotency key and reads unknown keys as no label", async () => {
    const made = await platform().createLabel(labelInput(10));
    expect(await platform().findLabel(refFor(10), "rb-10-R1-label")).toEqual(made);
    expect(await platform().findLabel(refFor(10), "nope")).toBeNull();
    expect(await platform().getTracking(refFor(10), "rb-10-R1-label")).toMatchObject({ status: "LABEL_CREATED", trackingNumber: made.trackingNumber, vendorStatus: null });
    expect(await platform().getTracking(refFor(10))).toBeNull();
  });
});

describe("pushing tracking and statuses", () => {
  it("attaches a label by merchant return name and registers its tracking by iF return name", async () => {
    sim.registerReturn({ merchantReturnName: "64232-R1" });
    await platform().pushTracking(refFor(64232, { ifReturnName: "R1-64232" }), {
      carrier: "UPS",
      trackingNumber: "1Z4E61W19106005862",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z4E61W19106005862",
      labelUrl: "https://cdn.shopify.example/label.pdf",
      labelFormat: "PDF",
      status: "IN_TRANSIT",
      description: "Package assigned to the driver",
      occurredAt: new Date("2026-11-20T10:00:00Z"),
    });
    const shipment = sim.findReturn("R1-64232")!.shipments.at(-1)!;
    expect(shipment.shippingLabels[0]).toMatchObject({ carrierTrackingCode: "1Z4E61W19106005862", format: "PDF", url: "https://cdn.shopify.example/label.pdf" });
    expect(shipment.trackingStatus).toBe("SHIPPING_IN_PROGRESS");
    expect(shipment.trackingHistory[0]).toMatchObject({ carrierName: "UPS", trackingDate: "2026-11-20T10:00:00Z", trackingStatusDescription: "Package assigned to the driver" });
  });

  it("updates a label by each documented id type", async () => {
    const ret = sim.registerReturn({ merchantReturnName: "64233-R1" });
    const client = platform().client;
    const ids = [
      ["RETURN_NAME", "R1-64233"],
      ["CLIENT_REFERENCE", ret.shipments[0].clientReference!],
      ["MERCHANT_RETURN_NAME", "64233-R1"],
    ] as const;
    for (const [type, id] of ids) {
      await client.updateShippingLabel({
        shipmentId: id,
        shipmentIdType: type,
        shippingLabels: [{ carrierTrackingCode: `T-${type}`, carrierTrackingUrl: `https://carrier.example/${type}`, format: "PNG", url: `https://files.example/${type}.png` }],
      });
      expect(ret.shipments[0].shippingLabels[0].carrierTrackingCode).toBe(`T-${type}`);
    }
  });

  it("registers every status that has an iF equivalent, in order", async () => {
    sim.registerReturn({ merchantReturnName: "64234-R1" });
    const ref = refFor(64234, { ifReturnName: "R1-64234" });
    for (const s of NORMALISED_STATUSES) await platform().pushStatus(ref, s, `now ${s}`);
    const history = sim.findReturn("R1-64234")!.shipments[0].trackingHistory.map((e) => e.trackingStatus);
    expect([...history].sort()).toEqual([...IF_TRANSPORTATION_STATUSES].sort());
    expect(history.map((h) => fromIfStatus(h))).toEqual(NORMALISED_STATUSES.filter((s) => s !== "NONE"));
  });

  it("says what is missing when nothing can be pushed", async () => {
    const err = await platform().pushTracking(refFor(9), { trackingNumber: "X1" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("return name");
    await expect(platform().pushStatus(refFor(9), "IN_TRANSIT")).rejects.toThrow(/return name/);
  });

  it("answers 404 for a return iF does not know", async () => {
    const err = await platform().pushStatus(refFor(9, { ifReturnName: "R1-9" }), "IN_TRANSIT").catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("R1-9");
    expect(err.status).toBe(404);
  });
});

describe("drop-off points", () => {
  it("lists points around an address, nearest first, with their carrier and type", async () => {
    const points = await platform({ carrierServices: ["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"] }).findDropOffPoints({
      address: "C. Juan de Mena 8",
      city: "Madrid",
      postalCode: "28010",
      countryCode: "ES",
      rangeKm: 5,
      limit: 3,
    });
    expect(points.length).toBe(6);
    expect(new Set(points.map((p) => p.carrierCode))).toEqual(new Set(["ups", "seur"]));
    expect(points.every((p) => p.distanceKm! <= 5)).toBe(true);
    expect(points.map((p) => p.distanceKm)).toEqual([...points.map((p) => p.distanceKm)].sort((a, b) => a! - b!));
    expect(points[0]).toMatchObject({ name: expect.any(String), id: expect.any(String), postalCode: "28010", openingHours: expect.any(String) });
  });

  it("searches by coordinates and filters by location type", async () => {
    const lockers = await platform().findDropOffPoints({ latitude: 40.32, longitude: -3.43, rangeKm: 20, locationType: "LOCKER_POINT" });
    expect(lockers.length).toBeGreaterThan(0);
    expect(lockers.every((p) => p.locationType === "LOCKER_POINT")).toBe(true);
    const sent = sim.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent).toMatchObject({ latitude: 40.32, longitude: -3.43, range: 20, locationType: "LOCKER_POINT", carrierServices: [{ code: "IF-UPS-EXPRESS-SAVER" }] });
  });

  it("refuses a range outside 1..20 km before calling iF", async () => {
    for (const rangeKm of [0, 21]) {
      const err = await platform().findDropOffPoints({ address: "x", rangeKm }).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.fields).toHaveProperty("rangeKm");
    }
    expect(sim.requests).toHaveLength(0);
  });
});

describe("errors", () => {
  it("answers 400 from iF as a validation error carrying iF's reason and field", async () => {
    const err = await platform({ defaultCarrierService: "IF-NOT-A-SERVICE" }).createLabel(labelInput(20)).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("carrierServiceCode");
    expect(err.message).toContain("IF-NOT-A-SERVICE");
    expect(err.retryable).toBe(false);
  });

  it("answers a wrong token with an authentication error and does not retry", async () => {
    const err = await platform({ token: "eyJ.wrong-token-value.xyz" }).testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.status).toBe(401);
    expect(sim.requests).toHaveLength(1);
  });

  it("refuses a shop code the token does not serve, and demands one when the token serves several", async () => {
    const err = await platform({ shopCode: "someoneelse" }).testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toContain("someoneelse");

    await sim.close();
    sim = await startIfReturnsSimulator({ shops: ["marchelacolombine", "returnsbridgedemo"] });
    const noShop = await platform({ shopCode: null }).testConnection().catch((e) => e);
    expect(noShop).toBeInstanceOf(ValidationError);
    expect(noShop.message).toContain("shopCode is mandatory");
    await expect(platform().testConnection()).resolves.toBeUndefined();
  });

  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    sim.setFaults({ rate429: 1, times: 1, retryAfterSeconds: 2 });
    await platform().testConnection();
    expect(sim.requests.map((r) => r.answeredWith)).toEqual([429, 404]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it("backs off anyway after a 429 without Retry-After", async () => {
    sim.setFaults({ rate429: 1, times: 2, retryAfterSeconds: null });
    await platform().testConnection();
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it("gives up with a rate-limit error when the simulator's budget stays exhausted", async () => {
    sim.setRateLimit(1);
    await platform().testConnection();
    const err = await platform().testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(1000);
  });

  it("gives up after the configured attempts when every answer is a 5xx", async () => {
    sim.setFaults({ rate5xx: 1 });
    const err = await platform().findLabel(refFor(1), "k").catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.status).toBe(503);
    expect(sim.requests).toHaveLength(3);
  });

  it("times out a hanging call and reports it", async () => {
    sim.setFaults({ rateTimeout: 1, phase: "before" });
    const err = await platform({ transport: transport({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }) }).testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(sim.requests).toHaveLength(2);
  });

  it("reports a malformed answer as a response-shape error", async () => {
    sim.setFaults({ rateMalformed: 1 });
    const err = await platform().findDropOffPoints({ address: "Calle Mayor 1" }).catch((e) => e);
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect(err.message).toContain("not JSON");
  });

  it("throws a clear error for what iF does not offer", async () => {
    const p = platform();
    expect(p.capabilities.pickups).toBe(false);
    await expect(p.schedulePickup()).rejects.toBeInstanceOf(UnimplementedError);
    await expect(p.uploadManualLabel()).rejects.toThrow(/does not support uploading label files/);
  });
});

describe("secrets", () => {
  it("never writes the token to a log line, an error message or an error's JSON", async () => {
    const lines: string[] = [];
    // Every line the adapter and its HTTP client write, at debug level (still scanned by the run's secret check).
    const scan = testLogSink();
    const log = createLogger({ sink: (l) => (scan(l), lines.push(l)), level: "debug" });
    const wrong = "eyJhbGciOiJIUzI1NiJ9.bad-token-never-logged.c2lnbmF0dXJl";
    const err = await platform({ token: wrong, transport: transport({}, log) }).testConnection().catch((e) => e);
    // The simulator echoes the token it refused: the client must have scrubbed it.
    expect(err.body).toContain("[REDACTED]");
    sim.setFaults({ rate5xx: 1, times: 2 });
    await platform({ transport: transport({}, log) }).testConnection();
    const everything = [...lines, err.message, JSON.stringify(err), String(err.body), String(err.stack)].join("\n");
    expect(lines.some((l) => l.includes("http.retry"))).toBe(true);
    for (const secret of [wrong, sim.credential]) expect(everything).not.toContain(secret);
  });
});
