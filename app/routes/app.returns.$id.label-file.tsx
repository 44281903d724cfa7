import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { AppError } from "../http/errors.server";
import { labelFileFor } from "../returns/create-label.server";
import { humanError } from "../returns/return-details.server";
import { runtimeOf } from "../runtime/load-context.server";

// GET /app/returns/:id/label-file?shipmentId=&download=1: the label file of one of the shop's returns, fetched
// from the provider by the same use-case as the order-page print action. The page fetches it (App Bridge adds
// the session token to fetch calls in the admin) and offers it as a download or opens it to print.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const database = ctx.db;
  const link = await database.returnLink.findFirst({ where: { id: params.id ?? "", shop }, select: { returnGid: true } });
  if (!link) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  try {
    const file = await labelFileFor(ctx, { returnGid: link.returnGid, shipmentId: url.searchParams.get("shipmentId") ?? undefined });
    const download = url.searchParams.get("download") === "1" || file.format === "ZPL";
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.bytes.byteLength),
        "content-disposition": `${download ? "attachment" : "inline"}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    const e = humanError(err, ctx.log.secrets);
    return Response.json({ error: e }, { status: err instanceof AppError && err.kind === "not_found" ? 404 : 502 });
  }
}
