import { apiRoute, parseBody } from "../api/extension-api.server";
import { pickupBody } from "../api/schemas.server";
import { toGid } from "../returns/order-returns.server";
import { schedulePickup } from "../returns/schedule-pickup.server";

// POST /api/returns/:returnId/pickup: book a carrier pickup at the customer's address (REVER HOME_PICK_UP).
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  const body = await parseBody(request, pickupBody);
  return schedulePickup(ctx, { returnGid, ...body });
});

export const loader = route;
export const action = route;
