import { apiEndpoint } from "../api/extension-api.server";
import { unlinkReturn } from "../returns/manual-link.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/unlink: remove the provider and its references from the return.
const route = apiEndpoint("unlink", async ({ ctx, params }) => unlinkReturn(ctx, { returnGid: toGid("Return", params.returnId ?? "") }));

export const loader = route;
export const action = route;
