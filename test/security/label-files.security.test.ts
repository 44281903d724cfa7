import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyId } from "../../app/returns/order-returns.server";
import type { HostileBehaviour } from "../../sandbox/lib";
import { TEST_SHOP } from "../../sandbox/shopify/test-helpers";
import { BROWSER_UA, extensionHeaders, startAppServer, startSecurityRig, type SecurityRig } from "./rig";

// What the app serves as a label: only PDF, PNG, JPEG and ZPL recognised from the bytes, each with its fixed type,
// in a sandbox and never sniffed. HTML and SVG labels (which would run script on the app's origin) are refused with
// a clear message; 1 GiB labels and labels that trickle are cut; javascript: tracking links are never stored.

const MiB = 1024 * 1024;

async function labelFile(rig: SecurityRig, server: { url: string }, returnGid: string, query = "") {
  const res = await fetch(`${server.url}/api/returns/${legacyId(returnGid)}/label-file${query}`, { headers: await extensionHeaders(rig.rt) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString("utf8")) as { error: { message: string; kind: string } } };
}

async function pageLabelFile(rig: SecurityRig, server: { url: string }, returnGid: string) {
  const link = await rig.t.db.returnLink.findFirstOrThrow({ where: { shop: TEST_SHOP, returnGid } });
  const res = await fetch(`${server.url}/app/returns/${link.id}/label-file`, { headers: { "user-agent": BROWSER_UA } });
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as { error: { message: string } } };
}

describe("a label the provider serves as an HTML page or an SVG image", () => {
  it.each<[HostileBehaviour, string]>([
    ["html-label", "an HTML page"],
    ["svg-label", "an SVG image"],
  ])("%s: the label route refuses it with the reason, never serving it, and Shopify never gets it", async (behaviour, what) => {
    const rig = await startSecurityRig({ hostile: [behaviour] });
    const server = await startAppServer(rig.rt);
    try {
      const ret = await rig.seedReturn();
      expect(await rig.createLabel(ret.id)).toMatchObject({ state: "ATTACHED", shopifyLabelUrl: null });
      const res = await labelFile(rig, server, ret.id);
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.json().error.message).toBe(`The label file iF returns sent is ${what}, not a PDF, PNG, JPEG or ZPL label, so it was not opened. Ask iF returns for the label again.`);
      expect(res.body.toString()).not.toMatch(/<script|<svg|<html/i);
      const page = await pageLabelFile(rig, server, ret.id);
      expect(page).toMatchObject({ status: 422, type: expect.stringMatching(/^application\/json/), json: { error: { message: res.json().error.message } } });
      // Nothing was uploaded to Shopify as the return's label.
      expect(rig.shopify.staged.files.size).toBe(0);
    } finally {
      await server.close();
      await rig.close();
    }
  });
});

describe("a real label", () => {
  let rig: SecurityRig;
  let server: Awaited<ReturnType<typeof startAppServer>>;
  beforeAll(async () => {
    rig = await startSecurityRig();
    server = await startAppServer(rig.rt);
  });
  afterAll(async () => {
    await server?.close();
    await rig?.close();
  });

  it("is served with its format's fixed type, in a sandbox, never sniffed, never cached", async () => {
    const ret = await rig.seedReturn();
    expect(await rig.createLabel(ret.id)).toMatchObject({ state: "ATTACHED" });
    const res = await labelFile(rig, server, ret.id);
    expect(res.status).toBe(200);
    expect(res.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(Object.fromEntries(["content-type", "content-security-policy", "x-content-type-options", "cache-control"].map((h) => [h, res.headers.get(h)]))).toEqual({
      "content-type": "application/pdf",
      "content-security-policy": "sandbox",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="return-.*-label\.pdf"$/);
    expect((await labelFile(rig, server, ret.id, "?download=1")).headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("refuses a javascript: tracking URL in a manual label before anything is stored", async () => {
    const ret = await rig.seedReturn();
    const res = await fetch(`${server.url}/api/returns/${legacyId(ret.id)}/label`, {
      method: "POST",
      headers: { ...(await extensionHeaders(rig.rt)), "content-type": "application/json" },
      body: JSON.stringify({ manualLabel: { fileBase64: Buffer.from("%PDF-1.7\n").toString("base64"), extension: "pdf", trackingNumber: "T1", trackingUrl: "javascript:alert(document.domain)" } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ "manualLabel.trackingUrl": "must be an http:// or https:// URL" });
    expect(await rig.t.db.shipment.count({ where: { trackingUrl: { startsWith: "javascript:" } } })).toBe(0);
  });
});

describe("javascript: tracking URLs from the provider", () => {
  let rig: SecurityRig;
  beforeAll(async () => {
    rig = await startSecurityRig({ hostile: ["javascript-tracking-url"] });
  });
  afterAll(async () => rig?.close());

  it("are never stored, nor passed on to Shopify: the label keeps its tracking number without a link", async () => {
    const ret = await rig.seedReturn();
    const label = await rig.createLabel(ret.id);
    expect(rig.ifSim.hostile.emitted).toContain("javascript:alert(document.domain)");
    expect(label).toMatchObject({ state: "ATTACHED", trackingNumber: expect.any(String), trackingUrl: null });
    const link = await rig.t.db.returnLink.findFirstOrThrow({ where: { returnGid: ret.id }, include: { shipments: true } });
    expect([link.trackingUrl, ...link.shipments.map((s) => s.trackingUrl)]).toEqual([null, null]);
    const delivery = [...rig.shopify.store.reverseDeliveries.values()].find((d) => d.tracking?.number === link.trackingNumber);
    expect(delivery?.tracking?.url ?? null).toBeNull();
  });
});

describe("a label of 1 GiB and a label that trickles", () => {
  it("huge-label: refused at 10 MiB as it streams, growing the process by less than 64 MB", async () => {
    const rig = await startSecurityRig({ hostile: ["huge-label"] });
    const server = await startAppServer(rig.rt);
    try {
      const ret = await rig.seedReturn();
      const before = process.memoryUsage().rss;
      const err = await rig.createLabel(ret.id);
      const res = await labelFile(rig, server, ret.id);
      const grown = process.memoryUsage().rss - before;
      expect(err).toMatchObject({ kind: "too_large", limit: 10 * MiB });
      expect(res.status).toBe(502);
      expect(res.json().error).toMatchObject({ kind: "too_large" });
      expect(grown).toBeLessThan(64 * MiB);
    } finally {
      await server.close();
      await rig.close();
    }
  });

  it("trickle-label: cut by the deadline, answered as a timeout", async () => {
    const rig = await startSecurityRig({ hostile: ["trickle-label"], providerTimeoutMs: 800 });
    const server = await startAppServer(rig.rt);
    try {
      const ret = await rig.seedReturn();
      expect(await rig.createLabel(ret.id)).toMatchObject({ kind: "timeout" });
      const res = await labelFile(rig, server, ret.id);
      expect(res.status).toBe(504);
      await expect.poll(() => rig.ifSim.hostile.openStreams()).toBe(0);
    } finally {
      await server.close();
      await rig.close();
    }
  });
});

describe("provider API answers of 1 GiB and answers that trickle", () => {
  it.each<[HostileBehaviour, string]>([
    ["huge-answer", "too_large"],
    ["trickle-answer", "timeout"],
  ])("%s: the call fails with a clear %s error, within the byte cap and the deadline", async (behaviour, kind) => {
    // Every answer of the provider is hostile: the first call (the label lookup) already fails.
    const rig = await startSecurityRig({ hostile: [behaviour], answerEvery: 1, providerTimeoutMs: 800 });
    try {
      const ret = await rig.seedReturn();
      const before = process.memoryUsage().rss;
      const err = await rig.createLabel(ret.id);
      expect(err).toMatchObject({ kind, service: "ifreturns" });
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB);
      await expect.poll(() => rig.ifSim.hostile.openStreams()).toBe(0);
    } finally {
      await rig.close();
    }
  });
});
