import { apiRoute, parseBody } from "../api/extension-api.server";
import { linkBody } from "../api/schemas.server";
import { linkReturn } from "../returns/manual-link.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/link: tie the return to an existing REVER process or iF return by hand.
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, linkBody);
  return linkReturn(ctx, { returnGid, ...body });
});

export const loader = route;
export const action = route;
