import { afterEach, describe, expect, it } from "vitest";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import { endpointsCalled } from "../../sandbox/lib";
import { startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { customerAddress, refFor, warehouseAddress } from "../../test/fixtures/platform-fixtures";
import { testHttp } from "../../test/runtime";
import { AuthenticationError, InvalidArgumentError, NotFoundError, UnimplementedError, ValidationError } from "../http/errors.server";
import type { AssumedCapability } from "./assumed-capabilities";
import { IfReturnsPlatform } from "./ifreturns/adapter.server";
import { ReverPlatform } from "./rever/adapter.server";
import type { CreateLabelInput } from "./types";

// The adapters with the merchant's defaults (no assumed capability) against the documented-minimum simulators:
// only documented endpoints are called, and nothing the documents do not promise is read as a success.

const sims: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const transport = () => ({ http: testHttp(), timeoutMs: 2_000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });

async function ifSim(opts: Parameters<typeof startIfReturnsSimulator>[0] = { profile: "documented-minimum" }): Promise<IfReturnsSimulator> {
  const sim = await startIfReturnsSimulator(opts);
  sims.push(sim);
  return sim;
}
async function reverSim(opts: Parameters<typeof startReverSimulator>[0] = { profile: "documented-minimum" }): Promise<ReverSimulator> {
  const sim = await startReverSimulator(opts);
  sims.push(sim);
  return sim;
}

const ifPlatform = (sim: IfReturnsSimulator, assumed: AssumedCapability[] = []) =>
  new IfReturnsPlatform({ provider: "IFRETURNS", baseUrl: sim.url, token: sim.credential, shopCode: "returnsbridgedemo", defaultCarrierService: "IF-UPS-EXPRESS-SAVER", assumed: new Set(assumed), transport: transport() });
const reverPlatform = (sim: ReverSimulator, assumed: AssumedCapability[] = []) =>
  new ReverPlatform({ provider: "REVER", baseUrl: sim.url, apiKey: sim.credential, ecommerceId: "returns-bridge-demo", logisticsProvider: "SendCloud", defaultCarrierService: "UPS", warehouseAddress, assumed: new Set(assumed), transport: transport() });

const labelInput = (order: number, over: Partial<CreateLabelInput> = {}): CreateLabelInput => ({
  idempotencyKey: `rb-${order}-label`,
  ref: refFor(order, { reverProcessId: `proc_${order}` }),
  origin: customerAddress,
  destination: warehouseAddress,
  parcels: [{ weightGrams: 900 }],
  labelFormat: "PDF",
  ...over,
});

const onlyDocumented = (sim: { requests: Parameters<typeof endpointsCalled>[0] }) => endpointsCalled(sim.requests).filter((e) => !e.documented);

describe("iF returns with documented calls only", () => {
  it("reports a label requested without file or tracking when iF's answer carries an empty label item", async () => {
    const sim = await ifSim();
    const label = await ifPlatform(sim).createLabel(labelInput(1));
    expect(label).toEqual({ providerShipmentId: "rb-1-label", carrier: "ups", carrierService: "IF-UPS-EXPRESS-SAVER" });
    // The read answers the same shipment with an empty list: still no file, and the create is not repeated.
    expect(await ifPlatform(sim).findLabel(refFor(1), "rb-1-label")).toEqual(label);
    expect(sim.state.createCount).toBe(1);
    expect(onlyDocumented(sim)).toEqual([]);
  });

  it("does not read the label items of an answer that has them until the merchant turns that on", async () => {
    const sim = await ifSim({ profile: "default" });
    const off = await ifPlatform(sim).createLabel(labelInput(2));
    expect(off.trackingNumber).toBeUndefined();
    expect(off.labelUrl).toBeUndefined();
    const on = await ifPlatform(sim, ["labelItemFields"]).findLabel(refFor(2), "rb-2-label");
    expect(on?.trackingNumber).toBe(sim.shipmentsByClientId("rb-2-label")[0].trackingNumber);
    expect(on?.labelUrl).toBeTruthy();
  });

  it("takes iF's return name from an answer that names it, and reads its status as not reported", async () => {
    const sim = await ifSim({ profile: "default" });
    sim.registerReturn({ merchantReturnName: "3-R1", returnName: "R7-3" });
    const label = await ifPlatform(sim).createLabel(labelInput(3, { clientShipmentName: "3-R1" }));
    expect(label.providerReference).toBe("R7-3");
    const tracking = await ifPlatform(sim).getTracking(refFor(3), "rb-3-label");
    expect(tracking).toMatchObject({ status: "LABEL_CREATED", statusReported: false, providerReference: "R7-3" });
  });

  it("refuses drop-off points whose fields iF does not document, without calling iF", async () => {
    const sim = await ifSim();
    const err = await ifPlatform(sim).findDropOffPoints({ address: "Calle Mayor 1", city: "Madrid" }).catch((e) => e);
    expect(err).toBeInstanceOf(UnimplementedError);
    expect(err.code).toBe("ASSUMPTION_OFF");
    expect(sim.requests).toHaveLength(0);
    expect(ifPlatform(sim).capabilities.dropOffPoints).toBe(false);
    expect(ifPlatform(sim, ["pudoPointFields"]).capabilities.dropOffPoints).toBe(true);
  });

  it("registers a status only when the caller gives one, and attaches a label by the merchant's return name", async () => {
    const sim = await ifSim();
    sim.registerReturn({ merchantReturnName: "4-R1", returnName: "R1-4" });
    const ref = refFor(4, { ifReturnName: "R1-4" });
    const full = { trackingNumber: "1Z999", trackingUrl: "https://ups.example/1Z999", labelUrl: "https://files.example/l.pdf", labelFormat: "PDF" as const };
    expect(await ifPlatform(sim).pushTracking(ref, full)).toBe(true);
    expect(sim.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["PUT /integration/v1/shipping_labels"]);
    await ifPlatform(sim).pushTracking(ref, { ...full, status: "PICKED_UP" });
    expect(sim.findReturn("R1-4")!.shipments.at(-1)!.trackingStatus).toBe("PICK_UP_COMPLETED");
    const err = await ifPlatform(sim).pushTracking(ref, { trackingNumber: "1Z999" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
  });
});

describe("REVER with documented calls only", () => {
  it("neither searches nor imports processes, and says how to link by hand", async () => {
    const sim = await reverSim();
    const p = reverPlatform(sim);
    expect(p.capabilities).toMatchObject({ findProcess: false, importReturns: false, readsTrackingStatus: false });
    await expect(p.findProcesses(refFor(5))).rejects.toMatchObject({ code: "ASSUMPTION_OFF", message: expect.stringMatching(/link the process by hand/) });
    await expect(p.importReturn(refFor(5), { customer: { email: "a@example.com" }, items: [{ quantity: 1 }] })).rejects.toBeInstanceOf(UnimplementedError);
    expect(sim.requests).toHaveLength(0);
  });

  it("refuses an import with no returned items clearly, before calling REVER", async () => {
    const sim = await reverSim({ profile: "default" });
    const err = await reverPlatform(sim, ["processSearch", "returnsImport"]).importReturn(refFor(6), { customer: { email: "a@example.com" }, items: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/at least one returned item/);
    expect(sim.requests).toHaveLength(0);
  });

  it("reads STATUS_UNSPECIFIED as 'REVER does not report a status', never as a status", async () => {
    const sim = await reverSim();
    sim.createProcess({ processId: "proc_7", orderNumber: "7" });
    const label = await reverPlatform(sim).createLabel(labelInput(7));
    expect(label.trackingNumber).toBeTruthy();
    sim.advanceTracking("proc_7", "IN_WAREHOUSE");
    for (const assumed of [[], ["summaryStatuses"]] as AssumedCapability[][]) {
      expect(await reverPlatform(sim, assumed).getTracking(refFor(7, { reverProcessId: "proc_7" }))).toMatchObject({ status: "LABEL_CREATED", statusReported: false, vendorStatus: "STATUS_UNSPECIFIED" });
    }
    expect(onlyDocumented(sim)).toEqual([]);
  });

  it("ignores summary statuses beyond the zero value unless the merchant turned them on", async () => {
    const sim = await reverSim({ profile: "default" });
    sim.createProcess({ processId: "proc_8", orderNumber: "8" });
    await reverPlatform(sim).createLabel(labelInput(8));
    sim.advanceTracking("proc_8", "IN_WAREHOUSE");
    const ref = refFor(8, { reverProcessId: "proc_8" });
    expect(await reverPlatform(sim).getTracking(ref)).toMatchObject({ status: "LABEL_CREATED", statusReported: false, vendorStatus: "IN_WAREHOUSE", returnMethod: undefined });
    expect(await reverPlatform(sim, ["summaryStatuses"]).getTracking(ref)).toMatchObject({ status: "IN_WAREHOUSE", statusReported: true });
  });

  it("sends no status with a tracking push unless given one", async () => {
    const sim = await reverSim();
    sim.createProcess({ processId: "proc_9", orderNumber: "9" });
    const ref = refFor(9, { reverProcessId: "proc_9" });
    expect(await reverPlatform(sim).pushTracking(ref, { trackingNumber: "X1" })).toBe(false);
    expect(sim.requests).toHaveLength(0);
    expect(await reverPlatform(sim).pushTracking(ref, { trackingNumber: "X1", status: "PICKED_UP" })).toBe(true);
    expect(sim.process("proc_9")!.lkssHistory).toEqual(["COLLECTED"]);
  });
});

describe("REVER errors by what was said", () => {
  it("classifies string gRPC codes as the numeric ones", async () => {
    const sim = await reverSim();
    const unknown = await reverPlatform(sim).getTracking(refFor(10, { reverProcessId: "proc_none" })).catch((e) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.code).toBe(5);
    sim.createProcess({ processId: "proc_11", orderNumber: "11" });
    const ops = await reverPlatform(sim).createLabel(labelInput(11, { carrierService: "FEDEX" })).catch((e) => e);
    expect(ops).toBeInstanceOf(InvalidArgumentError);
    expect(ops.retryable).toBe(false);
    const bad = await reverPlatform(sim, []).testConnection().catch((e) => e);
    expect(bad).toBeUndefined();
    const wrong = await new ReverPlatform({ provider: "REVER", baseUrl: sim.url, apiKey: "rever-wrong-key-000000", ecommerceId: "returns-bridge-demo", transport: transport() }).testConnection().catch((e) => e);
    expect(wrong).toBeInstanceOf(AuthenticationError);
  });

  it("tests the connection without a numeric code 5, even when errors carry no body", async () => {
    const sim = await reverSim({ profile: "documented-minimum", errorBodies: "none" });
    await expect(reverPlatform(sim).testConnection()).resolves.toBeUndefined();
  });

  it("answers a 501 without a code as final, sent once, not as an outage to retry", async () => {
    const sim = await reverSim({ profile: "documented-minimum", errorBodies: "none", httpStatusForCode: { 3: 501 } });
    sim.createProcess({ processId: "proc_12", orderNumber: "12" });
    const err = await reverPlatform(sim).createLabel(labelInput(12, { carrierService: "FEDEX" })).catch((e) => e);
    expect(err).toBeInstanceOf(UnimplementedError);
    expect(err.retryable).toBe(false);
    expect(sim.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });
});
