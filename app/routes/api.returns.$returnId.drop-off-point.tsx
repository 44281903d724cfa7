import { apiRoute, parseBody } from "../api/extension-api.server";
import { dropOffPointBody } from "../api/schemas.server";
import { chooseDropOffPoint } from "../returns/find-drop-off-points.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/drop-off-point: keep (or clear, with null) the drop-off point the customer chose.
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, dropOffPointBody);
  return chooseDropOffPoint(ctx, { returnGid, point: body.point });
});

export const loader = route;
export const action = route;
