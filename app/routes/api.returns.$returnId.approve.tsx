import { apiRoute, parseBody } from "../api/extension-api.server";
import { approveBody } from "../api/schemas.server";
import { approveReturn } from "../returns/approve-return.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/approve: approve a requested return so a label can be attached to it.
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, approveBody);
  return approveReturn(ctx, { returnGid, notifyCustomer: body.notifyCustomer });
});

export const loader = route;
export const action = route;
