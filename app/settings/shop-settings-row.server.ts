import type { Prisma, ShopSettings } from "@prisma/client";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../returns/claim-once.server";

/**
 * The shop's settings row, created when missing, with `update` applied. Prisma's upsert is a read then a write: two
 * requests of a new shop at once both try the insert (PostgreSQL answers P2002 to the second), so the loser tries
 * again and finds the row.
 */
export async function upsertShopSettings(db: Db, shop: string, update: Prisma.ShopSettingsUpdateInput & Prisma.ShopSettingsUncheckedUpdateInput = {}, create: Omit<Prisma.ShopSettingsUncheckedCreateInput, "shop"> = {}): Promise<ShopSettings> {
  const args = { where: { shop }, create: { shop, ...create }, update };
  try {
    return await db.shopSettings.upsert(args);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return db.shopSettings.upsert(args);
  }
}
