import { apiRoute } from "../api/extension-api.server";
import { labelFileFor } from "../returns/create-label.server";
import { toGid } from "../returns/order-returns.server";

// GET /api/returns/:returnId/label-file[?shipmentId=&download=1]: the label file itself, fetched from the
// provider (PDF or image for the print action; ZPL as a download for warehouse printers).
const route = apiRoute(["GET"], async ({ request, ctx, params }) => {
  const url = new URL(request.url);
  const file = await labelFileFor(ctx, { returnGid: toGid("Return", params.returnId ?? ""), shipmentId: url.searchParams.get("shipmentId") ?? undefined });
  const download = url.searchParams.get("download") === "1" || file.format === "ZPL";
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `${download ? "attachment" : "inline"}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});

export const loader = route;
export const action = route;
