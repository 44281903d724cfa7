import { apiEndpoint } from "../api/extension-api.server";
import { linkReturn } from "../returns/manual-link.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/link: tie the return to an existing REVER process or iF return by hand.
const route = apiEndpoint("link", async ({ ctx, params, body }) => linkReturn(ctx, { returnGid: toGid("Return", params.returnId ?? ""), ...body }));

export const loader = route;
export const action = route;
