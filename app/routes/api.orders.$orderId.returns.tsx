import { apiEndpoint } from "../api/extension-api.server";
import { getOrderReturns, toGid } from "../returns/order-returns.server";

// GET /api/orders/:orderId/returns: the order's returns with link status, labels, pickups and what each
// connected provider can do (the order-details action and print action list this).
const route = apiEndpoint("orderReturns", async ({ ctx, params }) => getOrderReturns(ctx, toGid("Order", params.orderId ?? "")));

export const loader = route;
export const action = route;
