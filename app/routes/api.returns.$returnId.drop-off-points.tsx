import { apiRoute, parseBody } from "../api/extension-api.server";
import { dropOffSearchBody } from "../api/schemas.server";
import { findDropOffPointsForReturn } from "../returns/find-drop-off-points.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/drop-off-points: drop-off points near the customer (iF PUDOs).
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, dropOffSearchBody);
  return findDropOffPointsForReturn(ctx, { returnGid, ...body });
});

export const loader = route;
export const action = route;
