import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { completeOnboarding, formToShopSettingsInput, getOnboardingState, getShopSettings, runSettingsAction, saveShopSettings } from "./shop-settings.server";

const SHOP = "rules.myshopify.com";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const WAREHOUSE = {
  "warehouseAddress.name": "Almacén Demo",
  "warehouseAddress.email": "almacen@example.com",
  "warehouseAddress.phone": "+34911222333",
  "warehouseAddress.line1": "Calle Mayor 1",
  "warehouseAddress.city": "Madrid",
  "warehouseAddress.postalCode": "28013",
  "warehouseAddress.countryCode": "es",
};

describe.each(testEngines())("shop settings and onboarding on %s", (engine) => {
  let t: TestDb;
  let rt: Runtime;
  let sim: IfReturnsSimulator;
  beforeAll(async () => {
    t = await createTestDb(engine);
    // A connection test fails at the first refusal instead of retrying it.
    rt = await createTestRuntime(t, { providerTransport: { retry: { maxAttempts: 1 }, timeoutMs: 5_000 } });
    sim = await startIfReturnsSimulator();
  });
  afterAll(async () => {
    await sim?.close();
    await rt?.close();
    await t?.cleanup();
  });

  it("shows the defaults to a shop that never saved settings, without writing anything", async () => {
    const s = await getShopSettings(t.db, "new.myshopify.com");
    expect(s).toMatchObject({ reconcileIntervalMinutes: 60, pushCancellations: true, approveBeforeLabel: false, closeOnWarehouse: false, defaultProvider: null, onboardedAt: null });
    expect(await t.db.shopSettings.count({ where: { shop: "new.myshopify.com" } })).toBe(0);
  });

  it("saves the rules from a submitted form: unchecked rules are off, the interval is kept", async () => {
    const input = formToShopSettingsInput(form({ reconcileIntervalMinutes: "30", closeOnWarehouse: "on", defaultProvider: "REVER" }));
    const saved = await saveShopSettings(rt.shop(SHOP), input);
    expect(saved.ok).toBe(true);
    expect(await getShopSettings(t.db, SHOP)).toMatchObject({ reconcileIntervalMinutes: 30, closeOnWarehouse: true, pushCancellations: false, approveBeforeLabel: false, defaultProvider: "REVER" });
  });

  it("refuses an interval outside 5 minutes to 24 hours with a message key the page translates", async () => {
    for (const bad of ["2", "1441", "abc", "7.5"]) {
      const r = await saveShopSettings(rt.shop(SHOP), { reconcileIntervalMinutes: bad });
      expect(r).toEqual({ ok: false, fieldErrors: { reconcileIntervalMinutes: "settings.rules.error.interval" } });
    }
    const r = await saveShopSettings(rt.shop(SHOP), { reconcileIntervalMinutes: "60", defaultProvider: "UPS" });
    expect(r).toEqual({ ok: false, fieldErrors: { defaultProvider: "settings.rules.error.defaultProvider" } });
    expect((await getShopSettings(t.db, SHOP)).reconcileIntervalMinutes).toBe(30);
  });

  it("walks onboarding: connect, a failed test with the provider's reason, a working test, defaults, the first return, done", async () => {
    const shop = "onboard.myshopify.com";
    expect((await getOnboardingState(t.db, shop)).steps).toEqual({ connect: false, test: false, warehouse: false, defaults: false, firstReturn: false });

    const connect = await runSettingsAction(rt.shop(shop), form({ intent: "save-connection", provider: "IFRETURNS", environment: "custom", baseUrl: sim.url, credential: "not-the-token", shopCode: "returnsbridgedemo", ...WAREHOUSE }));
    expect(connect).toEqual({ intent: "save-connection", provider: "IFRETURNS", ok: true, fieldErrors: null });
    const failed = await runSettingsAction(rt.shop(shop), form({ intent: "test-connection", provider: "IFRETURNS" }));
    expect(failed.intent === "test-connection" && !failed.outcome.ok && failed.outcome.reason).toMatch(/not valid/);
    expect(JSON.stringify(failed)).not.toContain("not-the-token");
    expect((await getOnboardingState(t.db, shop)).steps).toMatchObject({ connect: true, test: false, warehouse: true });

    await runSettingsAction(rt.shop(shop), form({ intent: "save-connection", provider: "IFRETURNS", environment: "custom", baseUrl: sim.url, credential: sim.credential, shopCode: "returnsbridgedemo", ...WAREHOUSE }));
    const works = await runSettingsAction(rt.shop(shop), form({ intent: "test-connection", provider: "IFRETURNS" }));
    expect(works).toEqual({ intent: "test-connection", provider: "IFRETURNS", outcome: { ok: true } });

    // Defaults saved without the credential: the stored one is kept and still works.
    const defaults = await runSettingsAction(rt.shop(shop), form({ intent: "save-connection", provider: "IFRETURNS", environment: "custom", baseUrl: sim.url, shopCode: "returnsbridgedemo", ...WAREHOUSE, defaultCarrierService: "IF-UPS-EXPRESS-SAVER", "defaultParcel.weightGrams": "800" }));
    expect(defaults).toMatchObject({ ok: true });
    let state = await getOnboardingState(t.db, shop);
    expect(state.steps).toEqual({ connect: true, test: true, warehouse: true, defaults: true, firstReturn: false });
    expect(state.firstReturn).toBeNull();

    await t.db.returnLink.create({ data: { shop, returnGid: "gid://shopify/Return/1", returnName: "#1001-R1", normalizedName: "1001-R1", orderGid: "gid://shopify/Order/1", orderName: "#1001", status: "REQUESTED", provider: "IFRETURNS" } });
    state = await getOnboardingState(t.db, shop);
    expect(state.steps.firstReturn).toBe(true);
    expect(state.firstReturn).toMatchObject({ returnName: "#1001-R1", orderName: "#1001" });

    expect(await runSettingsAction(rt.shop(shop), form({ intent: "complete-onboarding" }))).toEqual({ intent: "complete-onboarding", ok: true });
    expect((await getOnboardingState(t.db, shop)).onboardedAt).not.toBeNull();
    await completeOnboarding(t.db, shop);
  });

  it("answers a form with field errors, a delete, and an unknown intent without throwing", async () => {
    const shop = "forms.myshopify.com";
    const bad = await runSettingsAction(rt.shop(shop), form({ intent: "save-connection", provider: "REVER", environment: "custom", baseUrl: "http://127.0.0.1:9/", ecommerceId: "", ...WAREHOUSE }));
    expect(bad).toMatchObject({ intent: "save-connection", provider: "REVER", ok: false });
    expect(bad.intent === "save-connection" && bad.fieldErrors).toEqual({ ecommerceId: "E-commerce id is required (REVER gives it at onboarding)" });
    expect(await runSettingsAction(rt.shop(shop), form({ intent: "delete-connection", provider: "REVER" }))).toEqual({ intent: "delete-connection", provider: "REVER", ok: false });
    expect(await runSettingsAction(rt.shop(shop), form({ intent: "launch-rockets" }))).toEqual({ intent: null, ok: false });
  });
});
