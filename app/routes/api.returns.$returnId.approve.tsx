import { apiEndpoint } from "../api/extension-api.server";
import { approveReturn } from "../returns/approve-return.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/approve: approve a requested return so a label can be attached to it.
const route = apiEndpoint("approve", async ({ ctx, params, body }) => approveReturn(ctx, { returnGid: toGid("Return", params.returnId ?? ""), notifyCustomer: body.notifyCustomer }));

export const loader = route;
export const action = route;
