import { apiEndpoint } from "../api/extension-api.server";
import { chooseDropOffPoint } from "../returns/find-drop-off-points.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/drop-off-point: keep (or clear, with null) the drop-off point the customer chose.
const route = apiEndpoint("chooseDropOffPoint", async ({ ctx, params, body }) => chooseDropOffPoint(ctx, { returnGid: toGid("Return", params.returnId ?? ""), point: body.point }));

export const loader = route;
export const action = route;
