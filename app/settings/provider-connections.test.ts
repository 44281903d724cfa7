import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import { startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { credentialsSealContext, loadPlatform } from "../platforms/registry.server";
import type { ProviderId } from "../platforms/types";
import type { Runtime } from "../runtime/runtime.server";
import { createTestDb, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import {
  deleteProviderConnection,
  formToConnectionInput,
  getProviderConnectionView,
  listProviderConnectionViews,
  saveProviderConnection,
  testProviderConnection,
} from "./provider-connections.server";

// The settings use-cases against a real migrated database and the simulators over HTTP.

const SHOP = "settings-test.myshopify.com";
let t: TestDb;
let rt: Runtime;
let ifSim: IfReturnsSimulator;
let reverSim: ReverSimulator;
const logLines: string[] = [];

const warehouse = { name: "Warehouse", email: "wh@example.com", phone: "+34911222333", line1: "Calle 1", city: "Madrid", postalCode: "28001", countryCode: "es" };
const fast = { retry: { maxAttempts: 1 }, timeoutMs: 2000 };

beforeAll(async () => {
  t = await createTestDb();
  rt = await createTestRuntime(t, { logSink: (l) => logLines.push(l), providerTransport: fast });
  ifSim = await startIfReturnsSimulator();
  reverSim = await startReverSimulator();
});
afterAll(async () => {
  await ifSim.close();
  await reverSim.close();
  await rt.close();
  await t.cleanup();
});

/** The stored credentials, opened the way the app opens them (bound to the row's shop and provider). */
function openCredentials(row: { shop: string; provider: string; credentialsEncrypted: string }): unknown {
  return rt.secrets.openJson(row.credentialsEncrypted, credentialsSealContext(row.shop, row.provider as ProviderId));
}

function ifInput(over: Record<string, unknown> = {}) {
  return {
    provider: "IFRETURNS",
    environment: "custom",
    baseUrl: ifSim.url,
    credential: ifSim.credential,
    shopCode: "returnsbridgedemo",
    warehouseAddress: warehouse,
    defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
    carrierServices: "IF-UPS-EXPRESS-SAVER, IF-SEUR-HOME2SHOP",
    defaultLabelFormat: "ZPL",
    defaultParcel: { weightGrams: "1000", lengthCm: "30", widthCm: "", heightCm: "" },
    notifyCustomer: "on",
    syncToShopify: "on",
    requestsPerSecond: "5",
    ...over,
  };
}

describe("provider connection settings", () => {
  it("saves a connection with the credential encrypted, never in plain text, and lists it without the credential", async () => {
    const saved = await saveProviderConnection(rt.shop(SHOP), ifInput());
    expect(saved.ok).toBe(true);
    const row = await t.db.providerConnection.findUniqueOrThrow({ where: { shop_provider: { shop: SHOP, provider: "IFRETURNS" } } });
    expect(row.credentialsEncrypted).not.toContain(ifSim.credential);
    expect(row.credentialsEncrypted).toMatch(/^v2:/);
    expect(openCredentials(row)).toEqual({ token: ifSim.credential });
    expect(row).toMatchObject({ baseUrl: ifSim.url, ifShopCode: "returnsbridgedemo", defaultLabelFormat: "ZPL", requestsPerSecond: 5, notifyCustomer: true, syncToShopify: true, syncToProvider: false });
    expect(JSON.parse(row.carrierServices!)).toEqual(["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"]);
    expect(JSON.parse(row.defaultParcel!)).toEqual({ weightGrams: 1000, lengthCm: 30 });
    expect(JSON.parse(row.warehouseAddress!).countryCode).toBe("ES");

    const views = await listProviderConnectionViews(t.db, SHOP);
    expect(views).toHaveLength(1);
    expect(views[0].credentialHint).toBe(`…${ifSim.credential.slice(-4)}`);
    const serialised = JSON.stringify(views);
    expect(serialised).not.toContain(ifSim.credential);
    expect(serialised).not.toContain(row.credentialsEncrypted);
    expect(logLines.some((l) => l.includes("settings.connection_saved"))).toBe(true);
    expect(logLines.join("\n")).not.toContain(ifSim.credential);
  });

  it("keeps the stored credential when the field is left empty on edit, and replaces it when filled", async () => {
    const before = await t.db.providerConnection.findUniqueOrThrow({ where: { shop_provider: { shop: SHOP, provider: "IFRETURNS" } } });
    const kept = await saveProviderConnection(rt.shop(SHOP), ifInput({ credential: "", defaultLabelFormat: "PDF" }));
    expect(kept.ok).toBe(true);
    const after = await t.db.providerConnection.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.credentialsEncrypted).toBe(before.credentialsEncrypted);
    expect(after.defaultLabelFormat).toBe("PDF");

    await saveProviderConnection(rt.shop(SHOP), ifInput({ credential: "eyJnew.token.value9876" }));
    const replaced = await t.db.providerConnection.findUniqueOrThrow({ where: { id: before.id } });
    expect(openCredentials(replaced)).toEqual({ token: "eyJnew.token.value9876" });
    expect((await getProviderConnectionView(t.db, SHOP, "IFRETURNS"))!.credentialHint).toBe("…9876");
    await saveProviderConnection(rt.shop(SHOP), ifInput());
  });

  it("returns errors next to each field, and requires a credential for a new connection", async () => {
    const bad = await saveProviderConnection(rt.shop(SHOP), {
      provider: "REVER",
      environment: "custom",
      baseUrl: "http://example.com",
      ecommerceId: "",
      warehouseAddress: { ...warehouse, city: "", countryCode: "Spain", email: "not-an-email" },
      defaultLabelFormat: "ZPL",
      requestsPerSecond: "500",
      defaultParcel: { weightGrams: "0" },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(
      ["baseUrl", "defaultLabelFormat", "defaultParcel.weightGrams", "ecommerceId", "requestsPerSecond", "warehouseAddress.city", "warehouseAddress.countryCode", "warehouseAddress.email"].sort(),
    );
    expect(bad.fieldErrors.baseUrl).toContain("https://");

    const noCredential = await saveProviderConnection(rt.shop(SHOP), { provider: "REVER", environment: "custom", baseUrl: reverSim.url, ecommerceId: "returns-bridge-demo", warehouseAddress: warehouse });
    expect(noCredential).toEqual({ ok: false, fieldErrors: { credential: "Enter the REVER API key" } });

    const ifWithoutPhone = await saveProviderConnection(rt.shop(SHOP), ifInput({ warehouseAddress: { ...warehouse, phone: "" } }));
    expect(ifWithoutPhone.ok ? {} : ifWithoutPhone.fieldErrors).toEqual({ "warehouseAddress.phone": "iF returns needs the warehouse phone" });
  });

  it("tests a saved connection against the provider and records the result", async () => {
    expect(await testProviderConnection(rt.shop(SHOP), "IFRETURNS")).toEqual({ ok: true });
    const row = await t.db.providerConnection.findUniqueOrThrow({ where: { shop_provider: { shop: SHOP, provider: "IFRETURNS" } } });
    expect(row.lastTestResult).toBe("OK");
    expect(row.lastTestedAt).toBeInstanceOf(Date);
  });

  it("reports the provider's exact reason when the test fails, without the secret", async () => {
    const wrong = "rever-key-that-is-wrong-0000";
    const saved = await saveProviderConnection(rt.shop(SHOP), {
      provider: "REVER",
      environment: "custom",
      baseUrl: reverSim.url,
      credential: wrong,
      ecommerceId: "returns-bridge-demo",
      logisticsProvider: "SendCloud",
      warehouseAddress: warehouse,
    });
    expect(saved.ok).toBe(true);
    const result = await testProviderConnection(rt.shop(SHOP), "REVER");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("REVER refused the API key (gRPC code 16 UNAUTHENTICATED): invalid API key [REDACTED]");
    const view = await getProviderConnectionView(t.db, SHOP, "REVER");
    expect(view!.lastTestResult).toBe(result.reason);

    await saveProviderConnection(rt.shop(SHOP), { provider: "REVER", environment: "custom", baseUrl: reverSim.url, credential: reverSim.credential, ecommerceId: "returns-bridge-demo", warehouseAddress: warehouse });
    expect((await getProviderConnectionView(t.db, SHOP, "REVER"))!.lastTestResult).toBeNull();
    expect(await testProviderConnection(rt.shop(SHOP), "REVER")).toEqual({ ok: true });
  });

  it("reports an unreachable provider and an unconnected one", async () => {
    const offline = await startIfReturnsSimulator();
    await offline.close();
    await saveProviderConnection(rt.shop("other.myshopify.com"), ifInput({ baseUrl: offline.url }));
    const down = await testProviderConnection(rt.shop("other.myshopify.com"), "IFRETURNS");
    expect(down).toEqual({ ok: false, reason: expect.stringContaining("could not be reached") });
    expect(await testProviderConnection(rt.shop("other.myshopify.com"), "REVER")).toEqual({ ok: false, reason: "REVER is not connected for this shop: connect it in Settings" });
    // A base URL that answers, but not like the provider, is not a passed test.
    await saveProviderConnection(rt.shop("other.myshopify.com"), ifInput({ baseUrl: reverSim.url }));
    expect(await testProviderConnection(rt.shop("other.myshopify.com"), "IFRETURNS")).toEqual({ ok: false, reason: expect.stringContaining("does not answer like the iF returns API") });
    await saveProviderConnection(rt.shop("other.myshopify.com"), { provider: "REVER", environment: "custom", baseUrl: ifSim.origin, credential: "k".repeat(12), ecommerceId: "e", warehouseAddress: warehouse });
    expect(await testProviderConnection(rt.shop("other.myshopify.com"), "REVER")).toEqual({ ok: false, reason: expect.stringContaining("does not answer like the REVER API") });
    expect(await deleteProviderConnection(t.db, "other.myshopify.com", "IFRETURNS")).toBe(true);
  });

  it("loads adapters scoped by shop, with the credentials decrypted and one budget per connection", async () => {
    const ctx = rt.shop(SHOP);
    const transport = { http: rt.http, log: ctx.log, limiters: rt.limiters, ...fast };
    const platform = await loadPlatform({ db: t.db, shop: SHOP, secrets: rt.secrets }, "IFRETURNS", transport);
    await expect(platform.testConnection()).resolves.toBeUndefined();
    expect(platform.provider).toBe("IFRETURNS");
    expect(ctx.log.secrets.has(ifSim.credential)).toBe(true);
    await expect(loadPlatform({ db: t.db, shop: "nobody.myshopify.com", secrets: rt.secrets }, "IFRETURNS", transport)).rejects.toThrow(/not connected/);
    const rever = await loadPlatform({ db: t.db, shop: SHOP, secrets: rt.secrets }, "REVER", transport);
    expect(rever.capabilities.pickups).toBe(true);
  });

  it("keeps every undocumented behaviour off until turned on, keeps them when another part is saved, and refuses the import without the search", async () => {
    const shop = "assumed.myshopify.com";
    const saved = await saveProviderConnection(rt.shop(shop), ifInput());
    expect(saved.ok && saved.connection.assumedCapabilities).toEqual([]);
    const on = await saveProviderConnection(rt.shop(shop), ifInput({ assumedCapabilities: "labelItemFields,derivedReturnName" }));
    expect(on.ok && on.connection.assumedCapabilities).toEqual(["derivedReturnName", "labelItemFields"]);
    const other = await saveProviderConnection(rt.shop(shop), ifInput({ notifyCustomer: "on" }));
    expect(other.ok && other.connection.assumedCapabilities).toEqual(["derivedReturnName", "labelItemFields"]);
    expect((await rt.shop(shop).platform("IFRETURNS")).assumed).toEqual(new Set(["derivedReturnName", "labelItemFields"]));
    const cleared = await saveProviderConnection(rt.shop(shop), ifInput({ assumedCapabilities: "" }));
    expect(cleared.ok && cleared.connection.assumedCapabilities).toEqual([]);

    const rever = { provider: "REVER", environment: "custom", baseUrl: reverSim.url, credential: reverSim.credential, ecommerceId: "returns-bridge-demo", warehouseAddress: warehouse };
    expect(await saveProviderConnection(rt.shop(shop), { ...rever, assumedCapabilities: ["returnsImport"] })).toMatchObject({ ok: false, fieldErrors: { "assumedCapabilities.returnsImport": expect.stringMatching(/needs the process search/) } });
    expect(await saveProviderConnection(rt.shop(shop), { ...rever, assumedCapabilities: ["labelItemFields"] })).toMatchObject({ ok: false, fieldErrors: { assumedCapabilities: expect.stringMatching(/Unknown option/) } });
    const both = await saveProviderConnection(rt.shop(shop), { ...rever, assumedCapabilities: ["processSearch", "returnsImport"] });
    expect(both.ok && both.connection.assumedCapabilities).toEqual(["processSearch", "returnsImport"]);
    expect((await rt.shop(shop).platform("REVER")).capabilities).toMatchObject({ findProcess: true, importReturns: true, readsTrackingStatus: false });
  });

  it("reads a submitted form with dotted names into the nested input", () => {
    const form = new URLSearchParams([
      ["provider", "IFRETURNS"],
      ["warehouseAddress.city", "Madrid"],
      ["defaultParcel.weightGrams", "900"],
      ["notifyCustomer", "on"],
    ]);
    expect(formToConnectionInput(form)).toEqual({ provider: "IFRETURNS", warehouseAddress: { city: "Madrid" }, defaultParcel: { weightGrams: "900" }, notifyCustomer: "on" });
  });
});
