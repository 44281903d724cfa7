import type { ReturnLink } from "@prisma/client";
import type { Db } from "../db.server";
import { isForward, isNormalisedStatus, statusRank } from "../platforms/status-map";
import type { NormalisedStatus } from "../platforms/types";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import type { ShopContext } from "./shop-context.server";

// The link's provider status moves only forward (app/platforms/status-map.ts `isForward`), whoever moves it: a
// push, a read-back, a label. Compare-and-set, so two writers racing never take it back.

export interface Advance {
  moved: boolean;
  /** The status the link held when the move was decided. */
  from: string | null;
}

/** Sets the link's provider status to `to` when that is forward of what it holds; `data` is written with it. */
export async function advanceProviderStatus(db: Db, shop: string, linkId: string, to: NormalisedStatus, data: Partial<Pick<ReturnLink, "providerStatusReported" | "lastSyncedAt" | "lastSyncChange">> = {}): Promise<Advance> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.returnLink.findFirst({ where: { id: linkId, shop }, select: { providerStatus: true } });
    if (!current) return { moved: false, from: null };
    if (!isForward(current.providerStatus, to)) return { moved: false, from: current.providerStatus };
    const { count } = await db.returnLink.updateMany({ where: { id: linkId, shop, providerStatus: current.providerStatus }, data: { providerStatus: to, ...data } });
    if (count === 1) return { moved: true, from: current.providerStatus };
  }
  return { moved: false, from: null };
}

/**
 * Did a parcel travel? A closed Shopify return means "arrived" only then: the provider reported the parcel moving,
 * or a label / tracking exists for it (ours or attached in Shopify), or Shopify shows a reverse delivery.
 * A refund-only return (nothing sent back) has none of these.
 */
export async function parcelTravelled(ctx: ShopContext, link: ReturnLink): Promise<boolean> {
  if (link.providerStatusReported && isNormalisedStatus(link.providerStatus) && statusRank(link.providerStatus) >= statusRank("PICKED_UP")) return true;
  const shipments = await ctx.db.shipment.count({
    where: { shop: ctx.shop, returnLinkId: link.id, state: { in: ["CREATED", "ATTACHED"] }, OR: [{ trackingNumber: { not: null } }, { labelUrl: { not: null } }] },
  });
  if (shipments > 0) return true;
  const ret = await fetchReturnForSync(await ctx.admin(), link.returnGid);
  return !!ret?.reverseFulfillmentOrders.nodes.some((n) => n.reverseDeliveries.nodes.some((d) => d.deliverable !== null && d.deliverable !== undefined));
}
