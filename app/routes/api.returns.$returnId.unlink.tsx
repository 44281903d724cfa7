import { apiRoute, parseBody } from "../api/extension-api.server";
import { emptyBody } from "../api/schemas.server";
import { unlinkReturn } from "../returns/manual-link.server";
import { toGid } from "../returns/order-returns.server";

// POST /api/returns/:returnId/unlink: remove the provider and its references from the return.
const route = apiRoute(["POST"], async ({ request, ctx, params }) => {
  const returnGid = toGid("Return", params.returnId ?? "");
  await parseBody(request, emptyBody);
  return unlinkReturn(ctx, { returnGid });
});

export const loader = route;
export const action = route;
