import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { Runtime } from "../runtime/runtime.server";
import { emptyRule } from "./rule-types";
import { hasEnabledRules, listAutomationRules, saveAutomationRules } from "./rules.server";

// The rules as the settings page saves them: validated field by field (messages are i18n keys), kept in order, ids
// kept for the rules that stay, and scoped by shop.

const SHOP = "rules.myshopify.com";

describe.each(testEngines())("automation rules on %s", (kind) => {
  let t: TestDb;
  let rt: Runtime;
  beforeAll(async () => {
    t = await createTestDb(kind);
    rt = await createTestRuntime(t);
    await t.db.providerConnection.create({ data: { shop: SHOP, provider: "REVER", baseUrl: "https://rever.example.com", credentialsEncrypted: "x" } });
  });
  afterAll(async () => {
    await rt.close();
    await t.cleanup();
  });

  it("saves rules in order, normalises country codes and keeps a rule's id across saves", async () => {
    const ctx = rt.shop(SHOP);
    const first = await saveAutomationRules(ctx, [{ ...emptyRule(0), name: "A", countries: ["es", "ES", " pt "] }, { ...emptyRule(1), name: "B", enabled: false }]);
    expect(first.ok).toBe(true);
    const [a, b] = await listAutomationRules(t.db, SHOP);
    expect([a.name, a.countries, b.name, b.enabled]).toEqual(["A", ["ES", "PT"], "B", false]);
    const again = await saveAutomationRules(ctx, [{ ...b, enabled: true }, { ...a, name: "A2" }]);
    expect(again.ok && again.rules.map((r) => [r.id, r.name])).toEqual([[b.id, "B"], [a.id, "A2"]]);
    expect(await hasEnabledRules(t.db, SHOP)).toBe(true);
    expect(await listAutomationRules(t.db, "other.myshopify.com")).toEqual([]);
  });

  it("says what to fix next to each field, and saves nothing then", async () => {
    const ctx = rt.shop(SHOP);
    const before = await listAutomationRules(t.db, SHOP);
    const res = await saveAutomationRules(ctx, [
      { ...emptyRule(0), name: "", countries: ["Spain"], minOrderTotal: "10", maxOrderTotal: "5", orderTags: [""] },
      { ...emptyRule(1), returnMethod: "HOME_PICK_UP", provider: null, refundOnArrival: true, restockLocationId: "gid://shopify/Location/1" },
      { ...emptyRule(2), provider: "IFRETURNS", returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 9, endHour: 13 }] },
    ]);
    expect(res).toEqual({
      ok: false,
      fieldErrors: {
        "rules.0.name": "automation.error.name",
        "rules.0.countries.0": "automation.error.country",
        "rules.0.orderTags.0": "automation.error.tag",
        "rules.0.maxOrderTotal": "automation.error.range",
        "rules.1.returnMethod": "automation.error.pickupProvider",
        "rules.1.pickupWindows": "automation.error.pickup",
        "rules.1.refundOnArrival": "automation.error.needsProcess",
        "rules.1.restockLocationId": "automation.error.needsProcess",
        "rules.2.returnMethod": "automation.error.pickupProvider",
        "rules.2.pickupWindows": "automation.error.pickup",
      },
    });
    const notConnected = await saveAutomationRules(ctx, [{ ...emptyRule(0), provider: "IFRETURNS" }]);
    expect(notConnected).toEqual({ ok: false, fieldErrors: { "rules.0.provider": "automation.error.providerNotConnected" } });
    expect(await saveAutomationRules(ctx, "not a list")).toMatchObject({ ok: false });
    expect(await listAutomationRules(t.db, SHOP)).toEqual(before);
  });

  it("accepts a REVER home pickup on REVER's windows, and an empty list clears the rules", async () => {
    const ctx = rt.shop(SHOP);
    const ok = await saveAutomationRules(ctx, [{ ...emptyRule(0), provider: "REVER", returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 8, endHour: 12 }, { startHour: 16, endHour: 20 }], processOnArrival: true, refundOnArrival: true }]);
    expect(ok.ok && ok.rules[0]).toMatchObject({ returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 8, endHour: 12 }, { startHour: 16, endHour: 20 }], processOnArrival: true, refundOnArrival: true });
    expect(await saveAutomationRules(ctx, [])).toEqual({ ok: true, rules: [] });
    expect(await hasEnabledRules(t.db, SHOP)).toBe(false);
  });
});
