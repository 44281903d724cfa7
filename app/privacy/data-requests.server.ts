import type { Db } from "../db.server";
import type { Logger } from "../logger.server";

// customers/data_request exports (app/privacy/compliance.server.ts writes them) as the merchant handles them:
// listed newest first, downloaded as a JSON file, and marked delivered once handed to the customer: the app gives
// the store owner the data, the store owner answers the customer
// (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance).

export interface DataRequestRow {
  id: string;
  customerId: string | null;
  email: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Returns found for the customer in the export. */
  returns: number;
}

const LIST_LIMIT = 100;

export async function listDataRequests(db: Db, shop: string): Promise<DataRequestRow[]> {
  const rows = await db.dataRequestExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: LIST_LIMIT });
  return rows.map((r) => {
    let returns = 0;
    try {
      returns = (JSON.parse(r.payload) as { returns?: unknown[] }).returns?.length ?? 0;
    } catch {
      returns = 0;
    }
    return { id: r.id, customerId: r.customerId, email: r.email, createdAt: r.createdAt.toISOString(), deliveredAt: r.deliveredAt?.toISOString() ?? null, returns };
  });
}

/** The export as a file for the merchant, or null when no export of this shop has that id. */
export async function dataRequestFile(db: Db, shop: string, id: string): Promise<{ filename: string; json: string } | null> {
  const row = await db.dataRequestExport.findFirst({ where: { id, shop } });
  if (!row) return null;
  return { filename: `data-request-${row.createdAt.toISOString().slice(0, 10)}-${row.id}.json`, json: JSON.stringify(JSON.parse(row.payload), null, 2) };
}

/** Records that the merchant handed the export over (or undoes it); false when no export of this shop has that id. */
export async function markDataRequestDelivered(ctx: { db: Db; shop: string; log: Logger }, id: string, delivered: boolean, at = new Date()): Promise<boolean> {
  const res = await ctx.db.dataRequestExport.updateMany({ where: { id, shop: ctx.shop }, data: { deliveredAt: delivered ? at : null } });
  if (res.count) ctx.log.info("compliance.data_request_marked", { shop: ctx.shop, exportId: id, delivered });
  return res.count === 1;
}
