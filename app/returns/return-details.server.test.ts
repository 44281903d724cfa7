import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { InvalidArgumentError, UnavailableError, ValidationError } from "../http/errors.server";
import { humanError, loadReturnDetails } from "./return-details.server";

const SHOP = "details.myshopify.com";

describe.each(testEngines())("return page read model on %s", (engine) => {
  let t: TestDb;
  let linkId: string;
  let foreignId: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    const link = await t.db.returnLink.create({
      data: {
        shop: SHOP,
        returnGid: "gid://shopify/Return/77",
        returnName: "#64231-R1",
        normalizedName: "64231-R1",
        orderGid: "gid://shopify/Order/5",
        orderName: "#64231",
        customerName: "Lucía Fernández",
        status: "OPEN",
        provider: "IFRETURNS",
        ifReturnName: "R1-64231",
        referenceState: "KNOWN",
        dropOffPoint: JSON.stringify({ name: "Kiosko Sol", address: "Calle Sol 3", city: "Madrid", distanceKm: 0.4 }),
        lastError: "iF returns answered 503",
        lastErrorAt: new Date("2026-06-01T10:00:00Z"),
      },
    });
    linkId = link.id;
    await t.db.shipment.create({ data: { shop: SHOP, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: "rb-77-1", state: "ATTACHED", carrier: "UPS", trackingNumber: "1Z999", labelUrl: "http://127.0.0.1:1/files/labels/a.pdf", labelFormat: "PDF", shopifyLabelUrl: "https://shopify/label.pdf" } });
    await t.db.shipment.create({ data: { shop: SHOP, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: "rb-77-2", state: "FAILED", error: "carrier refused", labelUrl: null } });
    await t.db.pickup.create({ data: { shop: SHOP, returnLinkId: link.id, provider: "REVER", idempotencyKey: "p1", state: "SCHEDULED", ranges: JSON.stringify([{ date: "2026-06-03", startHour: 9, endHour: 13 }]) } });
    for (const [i, source] of ["SHOPIFY", "IFRETURNS", "APP"].entries()) {
      await t.db.trackingEvent.create({ data: { shop: SHOP, returnLinkId: link.id, source, kind: "status", status: "OPEN", occurredAt: new Date(Date.UTC(2026, 5, 1, 8 + i)) } });
    }
    await t.db.providerConnection.create({ data: { shop: SHOP, provider: "IFRETURNS", baseUrl: "http://127.0.0.1:1", credentialsEncrypted: "x", defaultCarrierService: "IF-UPS", carrierServices: JSON.stringify(["IF-UPS", "IF-SEUR"]), defaultParcel: JSON.stringify({ weightGrams: 900 }) } });
    const foreign = await t.db.returnLink.create({ data: { shop: "other.myshopify.com", returnGid: "gid://shopify/Return/78", returnName: "#1-R1", normalizedName: "1-R1", orderGid: "gid://shopify/Order/6", orderName: "#1", status: "OPEN" } });
    foreignId = foreign.id;
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  it("reads both sides, labels, pickups, the chosen drop-off point and the timeline newest first", async () => {
    const d = (await loadReturnDetails(t.db, SHOP, linkId))!;
    expect(d.link).toMatchObject({ returnName: "#64231-R1", provider: "IFRETURNS", ifReturnName: "R1-64231", lastError: "iF returns answered 503" });
    expect(d.link.dropOffPoint).toMatchObject({ name: "Kiosko Sol", distanceKm: 0.4 });
    expect(d.shipments.map((s) => [s.state, s.hasLabelFile, s.attachedToShopify])).toEqual(
      expect.arrayContaining([
        ["ATTACHED", true, true],
        ["FAILED", false, false],
      ]),
    );
    expect(d.pickups[0].windows).toEqual([{ date: "2026-06-03", startHour: 9, endHour: 13 }]);
    expect(d.timeline.map((e) => e.source)).toEqual(["APP", "IFRETURNS", "SHOPIFY"]);
    expect(d.timelineTotal).toBe(3);
    expect(d.connections).toEqual([
      { provider: "IFRETURNS", defaultLabelFormat: "PDF", defaultCarrierService: "IF-UPS", carrierServices: ["IF-UPS", "IF-SEUR"], defaultWeightGrams: 900, capabilities: { labels: true, pickups: false, dropOffPoints: false, labelFormats: ["PDF", "ZPL"] } },
    ]);
  });

  it("does not show another shop's return", async () => {
    expect(await loadReturnDetails(t.db, SHOP, foreignId)).toBeNull();
    expect(await loadReturnDetails(t.db, SHOP, "no-such-id")).toBeNull();
  });

  it("turns failures into what a merchant can read: the reason, whether a retry may help, no stack, no secret", () => {
    // The secrets the request's shop context knows are masked (and a bearer token it never heard of).
    const provider = humanError(new InvalidArgumentError("REVER answered code 3: UPS does not serve HOME_PICK_UP (sent with sk_live_secret_token_123 and Bearer eyJunknown.token.abc)", { service: "rever", code: 3 }), ["sk_live_secret_token_123"]);
    expect(provider).toEqual({ kind: "invalid_argument", message: expect.stringContaining("UPS does not serve HOME_PICK_UP"), retryable: false, service: "rever", code: "3", fields: null });
    expect(provider.message).not.toContain("sk_live_secret_token_123");
    expect(provider.message).not.toContain("eyJunknown.token.abc");
    expect(humanError(new UnavailableError("iF returns answered 503", { service: "ifreturns", status: 503 }))).toMatchObject({ kind: "unavailable", retryable: true });
    expect(humanError(new ValidationError("Check weight", { service: "app", fields: { weightGrams: "too heavy" } })).fields).toEqual({ weightGrams: "too heavy" });
    expect(humanError(new TypeError("Cannot read properties of undefined"))).toEqual({ kind: "internal", message: null, retryable: true, service: null, code: null, fields: null });
  });
});
