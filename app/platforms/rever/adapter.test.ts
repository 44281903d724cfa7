import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labelPng } from "../../../sandbox/lib";
import { startReverSimulator, type ReverSimulator } from "../../../sandbox/rever";
import {
  AuthenticationError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitedError,
  ResponseShapeError,
  TimeoutError,
  UnavailableError,
  OutcomeUnknownError, UnimplementedError,
  ValidationError,
} from "../../http/errors.server";
import { createLogger, type ScopedLogger } from "../../logger.server";
import { customerAddress, pdfIsWellFormed, refFor, warehouseAddress } from "../../../test/fixtures/platform-fixtures";
import { testHttp, testLogger, testLogSink } from "../../../test/runtime";
import type { TransportOptions } from "../connection";
import { toReverLkss } from "../status-map";
import { NORMALISED_STATUSES, type CreateLabelInput } from "../types";
import { ASSUMED_CAPABILITIES } from "../assumed-capabilities";
import { ReverPlatform, pickupRangeFor } from "./adapter.server";
import { classifyRever } from "./client.server";

// Contract tests: every REVER call against the simulator over real HTTP, including gRPC codes 3 and 12.

let sim: ReverSimulator;
let sleeps: number[];

/** The transport the adapter calls through: backoff waits are recorded in `sleeps` and end at once. */
function transport(over: Partial<Omit<TransportOptions, "http">> = {}, log: ScopedLogger = testLogger()): TransportOptions {
  const clock = { now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) };
  return { http: testHttp({ clock, log }), log, timeoutMs: 250, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 }, ...over };
}

function platform(over: Partial<ConstructorParameters<typeof ReverPlatform>[0]> = {}) {
  return new ReverPlatform({
    provider: "REVER",
    baseUrl: sim.url,
    apiKey: sim.credential,
    ecommerceId: "returns-bridge-demo",
    logisticsProvider: "SendCloud",
    defaultCarrierService: "UPS",
    warehouseAddress,
    // The default simulator profile models decision 0004's assumptions: these tests read what it fills in.
    assumed: new Set(ASSUMED_CAPABILITIES.REVER),
    transport: transport(),
    ...over,
  });
}

const ref = (order = 64231) => refFor(order, { reverProcessId: `proc_${order}` });

function labelInput(order = 64231, over: Partial<CreateLabelInput> = {}): CreateLabelInput {
  return {
    idempotencyKey: `proc_${order}-label`,
    ref: ref(order),
    origin: customerAddress,
    destination: warehouseAddress,
    parcels: [{ weightGrams: 700 }, { weightGrams: 550 }],
    labelFormat: "PDF",
    ...over,
  };
}

beforeEach(async () => {
  sleeps = [];
  sim = await startReverSimulator();
  sim.createProcess({ processId: "proc_64231", orderNumber: "64231" });
});
afterEach(async () => sim.close());

const puts = () => sim.requests.filter((r) => r.method === "PUT");

describe("logistic orders (labels)", () => {
  it("creates a logistic order with the documented fields and returns its label", async () => {
    const label = await platform({ ecommerceGroup: undefined }).createLabel(labelInput());
    const sent = puts()[0];
    expect(sent.path).toBe("/v1/processes/proc_64231/logistics/");
    expect(sent.headers["x-rever-api-key"]).toBe("[present]");
    expect(sent.body).toMatchObject({
      process_id: "proc_64231",
      ecommerce_id: "returns-bridge-demo",
      provider: "SendCloud",
      carrier: "UPS",
      return_type: "DROP_OFF_POINT",
      order_number: "64231",
      ecommerce_order_id: "65231",
      weight_in_grams: 1250,
      customer: { email: "customer@example.com", first_name: "Juan", last_name: "Perez" },
      customer_address: { first_name: "Juan", last_name: "Perez", address_line_1: "Calle de Fortunata y Jacinta 12", postcode: "28020", country_code: "ES", country: "Spain", state_province_code: "M" },
      ecommerce_warehouse_address: { company: "Returns Bridge SL", address_line_2: "Nave 7", city: "Getafe" },
    });
    expect(sent.body).not.toHaveProperty("settings");
    expect(sent.body).not.toHaveProperty("pickup_ranges");

    expect(label).toMatchObject({ providerShipmentId: "proc_64231", carrier: "UPS", labelFormat: "PDF" });
    expect(label.trackingNumber).toMatch(/^UPS\d{12}$/);
    const file = await platform().downloadLabel(label.labelUrl!);
    expect(file.format).toBe("PDF");
    expect(pdfIsWellFormed(file.bytes)).toBe(true);
    expect(Buffer.from(file.bytes).toString("latin1")).toContain(`Tracking: ${label.trackingNumber}`);
  });

  it("counts a label download from REVER's own origin against the connection's request budget", async () => {
    const label = await platform().createLabel(labelInput());
    let acquired = 0;
    const limiter = { acquire: async () => void acquired++, onRateLimited: () => {} };
    await platform({ transport: transport({ limiter }) }).downloadLabel(label.labelUrl!);
    expect(acquired).toBe(1);
  });

  it("sends pickup ranges for a home pick-up and refuses one without windows", async () => {
    await platform().createLabel(labelInput(64231, { returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 9, endHour: 12 }, { startHour: 16, endHour: 20 }] }));
    expect(puts()[0].body).toMatchObject({ return_type: "HOME_PICK_UP", pickup_ranges: ["RANGE_8_TO_12", "RANGE_16_TO_20"] });

    sim.createProcess({ processId: "proc_2", orderNumber: "2" });
    const err = await platform().createLabel(labelInput(2, { returnMethod: "HOME_PICK_UP" })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields).toHaveProperty("pickupWindows");
    expect(puts()).toHaveLength(1);
  });

  it("sends the e-commerce group when the connection has one", async () => {
    await sim.close();
    sim = await startReverSimulator({ ecommerceIds: ["returns-bridge-demo", "brand-b"], ecommerceGroups: { "group-1": ["returns-bridge-demo", "brand-b"] } });
    sim.createProcess({ processId: "proc_64231", orderNumber: "64231" });
    await platform({ ecommerceGroup: "group-1" }).createLabel(labelInput());
    expect(puts()[0].body).toMatchObject({ ecommerce_id: "returns-bridge-demo", ecommerce_group: "group-1" });
  });

  it("returns the existing logistic order instead of creating a second one", async () => {
    const first = await platform().createLabel(labelInput());
    const second = await platform().createLabel(labelInput());
    expect(second).toEqual(first);
    expect(sim.state.createCount).toBe(1);
  });

  it.each([
    ["a 5xx after the work was done", { rate5xx: 1, phase: "after" as const }],
    ["a timeout after the work was done", { rateTimeout: 1, phase: "after" as const }],
    ["a malformed answer", { rateMalformed: 1 }],
  ])("makes exactly one logistic order when the create is answered with %s", async (_n, fault) => {
    sim.setFaults({ ...fault, times: 1, only: { method: "PUT" } });
    const label = await platform().createLabel(labelInput());
    expect(sim.state.createCount).toBe(1);
    expect(puts()).toHaveLength(1);
    expect(label.trackingNumber).toBe(sim.process("proc_64231")!.logisticOrders[0].trackingId);
  });

  it("turns gRPC code 3 into an actionable invalid-argument error, without retrying", async () => {
    const err = await platform({ defaultCarrierService: "FEDEX" }).createLabel(labelInput()).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.code).toBe(3);
    expect(err.message).toContain("carrier FEDEX is not available for provider SendCloud");
    expect(err.message).toContain("Settings");
    expect(puts()).toHaveLength(1);

    const method = await platform({ logisticsProvider: "Packlink", defaultCarrierService: "GLS" }).createLabel(labelInput(64231, { returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 8, endHour: 12 }] })).catch((e) => e);
    expect(method).toBeInstanceOf(InvalidArgumentError);
    expect(method.message).toContain("return method HOME_PICK_UP");
  });

  it("classifies code 3 by the body even when the HTTP status says 5xx", async () => {
    await sim.close();
    sim = await startReverSimulator({ httpStatusForCode: { 3: 500 } });
    sim.createProcess({ processId: "proc_64231", orderNumber: "64231" });
    const err = await platform({ defaultCarrierService: "FEDEX" }).createLabel(labelInput()).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.status).toBe(500);
    expect(puts()).toHaveLength(1);
    expect(classifyRever()(503, { code: 12, message: "x" }, { text: "", redact: (t) => t })).toBeInstanceOf(UnimplementedError);
    expect(classifyRever()(503, { code: 14, message: "x" }, { text: "", redact: (t) => t })).toBeUndefined();
  });

  it("turns gRPC code 12 (provider OPS) into an unimplemented error saying nothing was done", async () => {
    const err = await platform({ logisticsProvider: "OPS" }).createLabel(labelInput()).catch((e) => e);
    expect(err).toBeInstanceOf(UnimplementedError);
    expect(err.code).toBe(12);
    expect(err.message).toMatch(/provider OPS did nothing/);
    expect(err.retryable).toBe(false);
    expect(sim.state.createCount).toBe(0);
  });

  it("needs the return to be linked to a process", async () => {
    const err = await platform().createLabel(labelInput(64231, { ref: refFor(64231) })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields).toHaveProperty("reverProcessId");
    expect(sim.requests).toHaveLength(0);
  });
});

describe("tracking", () => {
  it("reads no tracking before a logistic order, then follows the parcel to the warehouse", async () => {
    expect(await platform().getTracking(ref())).toBeNull();
    expect(await platform().findLabel(ref())).toBeNull();
    const label = await platform().createLabel(labelInput());
    expect(await platform().getTracking(ref())).toMatchObject({ status: "LABEL_CREATED", trackingNumber: label.trackingNumber, labelUrl: label.labelUrl, returnMethod: "DROP_OFF_POINT", vendorStatus: "CREATED", pickupsScheduled: "0" });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      sim.advanceTracking("proc_64231");
      seen.push((await platform().getTracking(ref()))!.status);
    }
    expect(seen).toEqual(["PICKED_UP", "IN_TRANSIT", "IN_WAREHOUSE"]);
  });

  it("pushes every normalised status as its lkss", async () => {
    for (const s of NORMALISED_STATUSES) await platform().pushStatus(ref(), s);
    expect(sim.process("proc_64231")!.lkssHistory).toEqual(NORMALISED_STATUSES.map(toReverLkss));
    await platform().pushTracking(ref(), { trackingNumber: "1Z", status: "IN_WAREHOUSE" });
    expect(sim.process("proc_64231")!.lkss).toBe("IN_WAREHOUSE");
  });

  it("answers 404 for a process REVER does not know", async () => {
    const err = await platform().pushStatus(ref(99), "IN_TRANSIT").catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("proc_99");
  });
});

describe("pickups", () => {
  const pickup = { address: customerAddress, windows: [{ startHour: 8, endHour: 12 }], customer: { email: "customer@example.com", firstName: "Juan", lastName: "Perez" } };

  it("refuses a pickup before a logistic order exists, and so does REVER", async () => {
    const err = await platform().schedulePickup(ref(), pickup).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("logistic order before a pickup");
    expect(sim.requests.filter((r) => r.path.endsWith("/pickup"))).toHaveLength(0);

    const direct = await platform()
      .client.createPickup("proc_64231", { carrier: "UPS", provider: "SendCloud", ecommerce_id: "returns-bridge-demo", customer: {}, pickup_address: { address_line_1: "x", city: "y", postcode: "1", country_code: "ES", first_name: "A" }, pickup_ranges: ["RANGE_8_TO_12"] })
      .catch((e) => e);
    expect(direct).toBeInstanceOf(ValidationError);
    expect(direct.code).toBe(9);
    expect(direct.message).toContain("must be created prior requesting a pickup");
  });

  it("schedules a pickup with the documented fields once the logistic order exists", async () => {
    await platform().createLabel(labelInput());
    const result = await platform().schedulePickup(ref(), { ...pickup, windows: [{ startHour: 12, endHour: 16 }, { startHour: 13, endHour: 15 }] });
    expect(result).toMatchObject({ pickupId: expect.stringMatching(/^pk_/), carrier: "UPS", provider: "SendCloud" });
    const sent = sim.requests.find((r) => r.path.endsWith("/pickup"))!.body;
    expect(sent).toMatchObject({ process_id: "proc_64231", ecommerce_id: "returns-bridge-demo", pickup_ranges: ["RANGE_12_TO_16"], customer: { first_name: "Juan" }, pickup_address: { postcode: "28020" } });
    expect((await platform().getTracking(ref()))!.pickupsScheduled).toBe("1");
  });

  it("makes exactly one pickup when the answer is lost, and says the outcome is unknown instead of guessing", async () => {
    await platform().createLabel(labelInput());
    sim.setFaults({ rate5xx: 1, phase: "after", times: 1, only: { pathIncludes: "/pickup" } });
    const err = await platform().schedulePickup(ref(), pickup).catch((e) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.message).toMatch(/may or may not have been carried out/);
    expect(sim.state.pickupCount).toBe(1);
  });

  it("books again after a 429 (REVER did not act) and after a refused connection, once", async () => {
    await platform().createLabel(labelInput());
    sim.setFaults({ rate429: 1, times: 1, only: { pathIncludes: "/pickup" } });
    const result = await platform().schedulePickup(ref(), pickup);
    expect(result.pickupId).toBeTruthy();
    expect(sim.state.pickupCount).toBe(1);
  });

  it("turns code 12 for OPS pickups into an unimplemented error", async () => {
    await platform().createLabel(labelInput());
    const err = await platform({ logisticsProvider: "OPS" }).schedulePickup(ref(), pickup).catch((e) => e);
    expect(err).toBeInstanceOf(UnimplementedError);
    expect(sim.state.pickupCount).toBe(0);
  });

  it("maps windows onto REVER's three ranges and refuses the rest", () => {
    expect(pickupRangeFor({ startHour: 8, endHour: 12 })).toBe("RANGE_8_TO_12");
    expect(pickupRangeFor({ startHour: 17, endHour: 19 })).toBe("RANGE_16_TO_20");
    expect(() => pickupRangeFor({ startHour: 10, endHour: 14 })).toThrow(/08-12, 12-16 or 16-20/);
    expect(() => pickupRangeFor({ startHour: 6, endHour: 8 })).toThrow(ValidationError);
  });
});

describe("manual labels", () => {
  it("uploads a PNG label with its tracking and serves it back", async () => {
    const png = labelPng("1Z999");
    const label = await platform().uploadManualLabel(ref(), { file: png, extension: "png", carrier: "UPS", trackingNumber: "1Z999", trackingUrl: "https://ups.example/1Z999", from: customerAddress });
    expect(label).toMatchObject({ trackingNumber: "1Z999", labelFormat: "PNG" });
    const sent = sim.requests.find((r) => r.method === "POST" && r.path.endsWith("/logistics/"))!.body as { label: string; label_extension: string; order: Record<string, unknown> };
    expect(Buffer.from(sent.label, "base64")).toEqual(Buffer.from(png));
    expect(sent.label_extension).toBe("png");
    expect(sent.order).toMatchObject({ process_id: "proc_64231", provider: "SendCloud", tracking_id: "1Z999", to: { city: "Getafe" }, from: { city: "Madrid" } });
    const file = await platform().downloadLabel(label.labelUrl!);
    expect(Buffer.from(file.bytes)).toEqual(Buffer.from(png));
    expect(file.format).toBe("PNG");
    // A second upload of the same tracking is the same order; another tracking is a conflict.
    await platform().uploadManualLabel(ref(), { file: png, extension: "png", trackingNumber: "1Z999" });
    await expect(platform().uploadManualLabel(ref(), { file: png, extension: "png", trackingNumber: "OTHER" })).rejects.toBeInstanceOf(ConflictError);
    expect(sim.state.createCount).toBe(1);
  });

  it("refuses a file whose content is not the declared pdf, png or jpg", async () => {
    const zpl = new Uint8Array(Buffer.from("^XA^FDx^FS^XZ"));
    const err = await platform().uploadManualLabel(ref(), { file: zpl, extension: "pdf" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("ZPL");
    expect(sim.requests).toHaveLength(0);
  });
});

describe("assumed endpoints", () => {
  it("finds processes by order number and imports a return once", async () => {
    sim.createProcess({ processId: "proc_other", orderNumber: "1" });
    expect(await platform().findProcesses(refFor(64231))).toEqual([expect.objectContaining({ processId: "proc_64231", orderNumber: "64231" })]);
    const input = { customer: { email: "customer@example.com", firstName: "Juan" }, items: [{ sku: "SKU-1", quantity: 1 }] };
    const a = await platform().importReturn(refFor(700), input);
    const b = await platform().importReturn(refFor(700), input);
    expect(b).toEqual(a);
    expect(sim.process(a.processId)).toMatchObject({ orderNumber: "700", returnName: "700-R1", ecommerceOrderId: "1700" });
  });
});

describe("errors and connection", () => {
  it("tests the connection and reports a wrong key as an authentication error", async () => {
    await expect(platform().testConnection()).resolves.toBeUndefined();
    const err = await platform({ apiKey: "rever-wrong-key-123456" }).testConnection().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.code).toBe(16);
  });

  it("refuses an e-commerce the key does not serve", async () => {
    const err = await platform({ ecommerceId: "someone-else" }).createLabel(labelInput()).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toContain("someone-else");
  });

  it("retries after a 429 and succeeds", async () => {
    sim.setFaults({ rate429: 1, times: 1 });
    await platform().getTracking(ref());
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(sim.requests.map((r) => r.answeredWith)).toEqual([429, 200]);
  });

  it("gives up on a spent budget with a rate-limit error", async () => {
    sim.setRateLimit(1);
    await platform().getTracking(ref());
    await expect(platform().getTracking(ref())).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("gives up after every attempt answered 5xx", async () => {
    sim.setFaults({ rate5xx: 1 });
    await expect(platform().getTracking(ref())).rejects.toBeInstanceOf(UnavailableError);
    expect(sim.requests).toHaveLength(3);
  });

  it("reports timeouts and malformed answers", async () => {
    sim.setFaults({ rateTimeout: 1, phase: "before" });
    await expect(platform({ transport: transport({ timeoutMs: 80, retry: { maxAttempts: 1 } }) }).getTracking(ref())).rejects.toBeInstanceOf(TimeoutError);
    sim.setFaults({ rateMalformed: 1 });
    await expect(platform().getTracking(ref())).rejects.toBeInstanceOf(ResponseShapeError);
  });

  it("throws a clear error for what REVER does not offer", async () => {
    expect(platform().capabilities.dropOffPoints).toBe(false);
    await expect(platform().findDropOffPoints()).rejects.toThrow(/REVER does not support drop-off point search/);
  });

  it("never writes the API key to a log line, an error message or an error's JSON", async () => {
    const lines: string[] = [];
    // Every line the adapter and its HTTP client write, at debug level (still scanned by the run's secret check).
    const scan = testLogSink();
    const log = createLogger({ sink: (l) => (scan(l), lines.push(l)), level: "debug" });
    const wrong = "rever-wrong-key-never-logged-42";
    const err = await platform({ apiKey: wrong, transport: transport({}, log) }).getTracking(ref()).catch((e) => e);
    expect(err.body).toContain("[REDACTED]");
    sim.setFaults({ rate5xx: 1, times: 2 });
    await platform({ transport: transport({}, log) }).getTracking(ref());
    const everything = [...lines, err.message, JSON.stringify(err), String(err.body), String(err.stack)].join("\n");
    expect(lines.some((l) => l.includes("http.retry"))).toBe(true);
    for (const secret of [wrong, sim.credential]) expect(everything).not.toContain(secret);
  });
});
