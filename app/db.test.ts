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
