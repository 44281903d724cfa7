import { apiEndpoint } from "../api/extension-api.server";
import { findDropOffPointsForReturn } from "../returns/find-drop-off-points.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/drop-off-points: drop-off points near the customer (iF PUDOs).
const route = apiEndpoint("findDropOffPoints", async ({ ctx, params, body }) => findDropOffPointsForReturn(ctx, { returnGid: toGid("Return", params.returnId ?? ""), ...body }));

export const loader = route;
export const action = route;
