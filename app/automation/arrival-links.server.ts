import { ensureLink } from "../returns/order-returns.server";
import type { ShopContext } from "../returns/shop-context.server";
import { fetchReturnOfReverseFulfillmentOrder } from "../shopify/graphql/reverse-fulfillment-order-return.server";

// reverse_fulfillment_orders/dispose names a reverse fulfillment order: its return is found through our own labels
// first (they record it), else asked of Shopify. The return's link is made if the app has not seen it yet.

export async function disposedReturnLink(ctx: ShopContext, rfoGid: string): Promise<string | null> {
  const { db, shop } = ctx;
  const shipment = await db.shipment.findFirst({ where: { shop, reverseFulfillmentOrderGid: rfoGid }, select: { returnLinkId: true } });
  if (shipment) return shipment.returnLinkId;
  const returnGid = await fetchReturnOfReverseFulfillmentOrder(await ctx.admin(), rfoGid);
  if (!returnGid) return null;
  return (await ensureLink(ctx, returnGid)).id;
}
