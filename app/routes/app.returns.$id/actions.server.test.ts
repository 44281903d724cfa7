import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../../test/db";
import { createTestRuntime } from "../../../test/runtime";
import type { Runtime } from "../../runtime/runtime.server";
import { runReturnAction } from "./actions.server";

const SHOP = "details.myshopify.com";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe.each(testEngines())("return page actions on %s", (engine) => {
  let t: TestDb;
  let rt: Runtime;
  let linkId: string;
  let foreignId: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    rt = await createTestRuntime(t);
    const link = await t.db.returnLink.create({
      data: { shop: SHOP, returnGid: "gid://shopify/Return/77", returnName: "#64231-R1", normalizedName: "64231-R1", orderGid: "gid://shopify/Order/5", orderName: "#64231", status: "OPEN", provider: "IFRETURNS", ifReturnName: "R1-64231", referenceState: "KNOWN" },
    });
    linkId = link.id;
    const foreign = await t.db.returnLink.create({ data: { shop: "other.myshopify.com", returnGid: "gid://shopify/Return/78", returnName: "#1-R1", normalizedName: "1-R1", orderGid: "gid://shopify/Order/6", orderName: "#1", status: "OPEN" } });
    foreignId = foreign.id;
  }, 60_000);

  afterAll(async () => {
    await rt?.close();
    await t?.cleanup();
  });

  it("records a retry on the timeline and refuses actions on another shop's return or an unknown button", async () => {
    const ctx = rt.shop(SHOP);
    expect(await runReturnAction(ctx, linkId, form({ intent: "retry-sync" }))).toEqual({ intent: "retry-sync", ok: true });
    const last = await t.db.trackingEvent.findFirst({ where: { returnLinkId: linkId, source: "MERCHANT" } });
    expect(last).toMatchObject({ kind: "sync", status: "SYNC_REQUESTED" });

    const foreign = await runReturnAction(ctx, foreignId, form({ intent: "retry-sync" }));
    expect(foreign).toMatchObject({ ok: false, error: { kind: "validation" } });
    expect(await t.db.trackingEvent.count({ where: { returnLinkId: foreignId } })).toBe(0);

    expect(await runReturnAction(ctx, linkId, form({ intent: "format-disk" }))).toMatchObject({ intent: null, ok: false, error: { kind: "validation", fields: { intent: "unknown action" } } });
  });

  it("names the form's own fields when the extension API's schema refuses what they map to, before any outside call", async () => {
    const ctx = rt.shop(SHOP);
    const pickup = await runReturnAction(ctx, linkId, form({ intent: "schedule-pickup", date: "2026-06-03", startHour: "14", endHour: "9" }));
    expect(pickup).toMatchObject({ ok: false, error: { kind: "validation", fields: { endHour: "must end after it starts" } } });
    const noDate = await runReturnAction(ctx, linkId, form({ intent: "schedule-pickup", startHour: "9", endHour: "14" }));
    expect(noDate).toMatchObject({ ok: false, error: { fields: { date: expect.any(String) } } });

    const heavy = await runReturnAction(ctx, linkId, form({ intent: "create-label", weightGrams: "99999999" }));
    expect(heavy).toMatchObject({ ok: false, error: { kind: "validation", fields: { weightGrams: "must be at most 70000 g" } } });
    const fractional = await runReturnAction(ctx, linkId, form({ intent: "create-label", weightGrams: "12.5" }));
    expect(fractional).toMatchObject({ ok: false, error: { fields: { weightGrams: "must be whole grams" } } });
    const origin = await runReturnAction(ctx, linkId, form({ intent: "create-label", "origin.email": "not-an-email", "origin.countryCode": "Spain" }));
    expect(origin).toMatchObject({ ok: false, error: { fields: { "origin.email": "is not an email address", "origin.countryCode": expect.any(String) } } });

    const link = await runReturnAction(ctx, linkId, form({ intent: "link", provider: "REVER", reference: " " }));
    expect(link).toMatchObject({ ok: false, error: { fields: { reference: expect.any(String) } } });
    const stranger = await runReturnAction(ctx, linkId, form({ intent: "link", provider: "ACME", reference: "R1" }));
    expect(stranger).toMatchObject({ ok: false, error: { fields: { provider: expect.any(String) } } });

    const range = await runReturnAction(ctx, linkId, form({ intent: "find-drop-off-points", rangeKm: "500" }));
    expect(range).toMatchObject({ ok: false, error: { fields: { rangeKm: "must be between 1 and 20 km" } } });

    for (const point of ["{not json", JSON.stringify({ name: "Kiosko", openedBy: "someone" }), JSON.stringify({ address: "Calle Sol 3" })]) {
      const chosen = await runReturnAction(ctx, linkId, form({ intent: "choose-drop-off-point", point }));
      expect(chosen, point).toMatchObject({ ok: false, error: { kind: "validation", fields: { point: expect.any(String) } } });
    }
    expect((await t.db.returnLink.findUniqueOrThrow({ where: { id: linkId } })).dropOffPoint).toBeNull();
  });

  it("clears the chosen drop-off point with the form's 'none'", async () => {
    const ctx = rt.shop(SHOP);
    await t.db.returnLink.update({ where: { id: linkId }, data: { dropOffPoint: JSON.stringify({ name: "Kiosko Sol" }) } });
    expect(await runReturnAction(ctx, linkId, form({ intent: "choose-drop-off-point", point: "none" }))).toEqual({ intent: "choose-drop-off-point", ok: true });
    expect((await t.db.returnLink.findUniqueOrThrow({ where: { id: linkId } })).dropOffPoint).toBeNull();
  });
});
