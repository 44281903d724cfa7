import type { Db } from "../db.server";

// Read model of the mapping for the embedded pages: always scoped by shop, cursor-paginated.
export async function listReturnLinks(db: Db, shop: string, opts: { cursor?: string | null; take?: number } = {}) {
  const take = Math.min(Math.max(opts.take ?? 50, 1), 250);
  const rows = await db.returnLink.findMany({
    where: { shop },
    orderBy: { id: "desc" },
    take: take + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      returnName: true,
      orderName: true,
      customerName: true,
      provider: true,
      status: true,
      trackingNumber: true,
      lastSyncedAt: true,
      lastError: true,
    },
  });
  const links = rows.slice(0, take);
  return { links, nextCursor: rows.length > take ? links[links.length - 1].id : null };
}
