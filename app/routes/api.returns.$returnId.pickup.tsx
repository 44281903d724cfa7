import { apiEndpoint } from "../api/extension-api.server";
import { toGid } from "../returns/order-returns.server";
import { schedulePickup } from "../returns/schedule-pickup.server";

// POST /api/returns/:returnId/pickup: book a carrier pickup at the customer's address (REVER HOME_PICK_UP).
const route = apiEndpoint("schedulePickup", async ({ ctx, params, body }) => schedulePickup(ctx, { returnGid: toGid("Return", params.returnId ?? ""), ...body }));

export const loader = route;
export const action = route;
