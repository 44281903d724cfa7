import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../test/db";

describe.each(testEngines())("database on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => t?.cleanup());

  it("refuses a second link for the same shop and return", async () => {
    const data = {
      shop: "a.myshopify.com",
      returnGid: "gid://shopify/Return/1",
      returnName: "#1001-R1",
      normalizedName: "1001-R1",
      orderGid: "gid://shopify/Order/1",
      orderName: "#1001",
      status: "REQUESTED",
    };
    await t.db.returnLink.create({ data });
    await expect(t.db.returnLink.create({ data })).rejects.toThrow();
    await t.db.returnLink.create({ data: { ...data, shop: "b.myshopify.com" } });
    expect(await t.db.returnLink.count()).toBe(2);
  });
});

describe("query plans on a fresh SQLite database (no statistics until ANALYZE)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
  });
  afterAll(async () => t?.cleanup());

  const plan = async (sql: string) => ((await t.db.$queryRawUnsafe(`EXPLAIN QUERY PLAN ${sql}`)) as Array<{ detail: string }>).map((r) => r.detail).join("; ");

  it("finds a page of links' shipments through the shop and link index, not by scanning the shop's shipments", async () => {
    // The shape of reconcileShop's page read (and of syncLink's single-link read).
    const page = await plan(`SELECT * FROM "Shipment" WHERE "shop" = 'a' AND "source" = 'APP' AND "returnLinkId" IN ('1','2','3') ORDER BY "createdAt" ASC`);
    expect(page).toMatch(/USING INDEX Shipment_shop_returnLinkId_source_createdAt_idx \(shop=\? AND returnLinkId=\? AND source=\?\)/);
    const one = await plan(`SELECT * FROM "Shipment" WHERE "shop" = 'a' AND "returnLinkId" = '1' AND "source" = 'APP' ORDER BY "createdAt" DESC LIMIT 1`);
    expect(one).toMatch(/USING INDEX Shipment_shop_returnLinkId_source_createdAt_idx/);
  });
});
