import { ValidationError } from "../http/errors.server";
import type { ProviderId } from "../platforms/types";
import { approveReturnRequest } from "../shopify/graphql/return-approve-request.server";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { ensureLink, notInShop } from "./order-returns.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import type { ApproveResult } from "../contract/extension-api";

// A requested return has no reverse fulfillment order, so no label can be attached to it: the merchant
// approves it first (Shopify then creates the reverse fulfillment order and the return becomes OPEN).

export interface ApproveInput {
  returnGid: string;
  /** Explicit: Shopify's default would email the customer. Falls back to the provider connection's setting. */
  notifyCustomer?: boolean;
  /** Who approved it, for the timeline: the merchant on the order page unless a rule, Flow or a bulk run did. */
  approvedBy?: ApprovedBy;
}

export interface ApprovedBy {
  source: "MERCHANT" | "APP";
  /** Completes "Return approved ...": "from the order page", `by automation rule "EU returns"`. */
  phrase: string;
}

const ORDER_PAGE: ApprovedBy = { source: "MERCHANT", phrase: "from the order page" };

export async function approveReturn(ctx: ShopContext, input: ApproveInput): Promise<ApproveResult> {
  const { db, shop } = ctx;
  const link = await ensureLink(ctx, input.returnGid);
  const admin = await ctx.admin();
  const ret = await fetchReturnForSync(admin, input.returnGid);
  if (!ret) throw notInShop("The return");
  if (ret.status === "OPEN") {
    return { id: ret.id, name: ret.name, status: ret.status, alreadyOpen: true, reverseFulfillmentOrders: ret.reverseFulfillmentOrders.nodes.map((n) => ({ id: n.id, status: n.status })) };
  }
  if (ret.status !== "REQUESTED") {
    throw new ValidationError(`Return ${ret.name} is ${ret.status.toLowerCase()}: only a requested return can be approved`, { service: "app", code: "RETURN_NOT_REQUESTED" });
  }
  let notifyCustomer = input.notifyCustomer;
  if (notifyCustomer === undefined) {
    const row = link.provider ? await db.providerConnection.findUnique({ where: { shop_provider: { shop, provider: link.provider as ProviderId } } }) : null;
    notifyCustomer = row?.notifyCustomer ?? false;
  }
  const approved = await approveReturnRequest(admin, { returnId: ret.id, notifyCustomer });
  await db.returnLink.update({ where: { id: link.id }, data: { status: approved.status } });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: (input.approvedBy ?? ORDER_PAGE).source,
    kind: "status",
    status: approved.status,
    detail: `Return approved ${(input.approvedBy ?? ORDER_PAGE).phrase}${notifyCustomer ? " (customer notified)" : ""}`,
    dedupeKey: `approve:${ret.id}`,
  });
  return {
    id: approved.id,
    name: ret.name,
    status: approved.status,
    alreadyOpen: false,
    reverseFulfillmentOrders: approved.reverseFulfillmentOrders.nodes.map((n) => ({ id: n.id, status: n.status })),
  };
}
