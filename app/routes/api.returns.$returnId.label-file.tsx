import { apiRoute } from "../api/extension-api.server";
import { labelFileResponse } from "../http/label-file-response.server";
import { labelFileFor } from "../returns/label-file.server";
import { toGid } from "../returns/order-returns.server";

// GET /api/returns/:returnId/label-file[?shipmentId=&download=1]: the label file itself, fetched from the
// provider (PDF or image for the print action; ZPL as a download for warehouse printers). Anything that is not
// one of the four label formats is refused (422), never served.
const route = apiRoute(["GET"], async ({ request, ctx, params }) => {
  const url = new URL(request.url);
  const file = await labelFileFor(ctx, { returnGid: toGid("Return", params.returnId ?? ""), shipmentId: url.searchParams.get("shipmentId") ?? undefined });
  return labelFileResponse(file, { download: url.searchParams.get("download") === "1" });
});

export const loader = route;
export const action = route;
