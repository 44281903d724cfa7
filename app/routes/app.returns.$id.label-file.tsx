import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { AppError } from "../http/errors.server";
import { labelFileResponse } from "../http/label-file-response.server";
import { labelFileFor } from "../returns/label-file.server";
import { humanError } from "../returns/return-details.server";
import { runtimeOf } from "../runtime/load-context.server";

// GET /app/returns/:id/label-file?shipmentId=&download=1: the label file of one of the shop's returns, fetched
// from the provider by the same use-case as the order-page print action. The page fetches it (App Bridge adds
// the session token to fetch calls in the admin) and offers it as a download or opens it to print. Only the
// four label formats are served; anything else is refused with the reason (JSON).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const database = ctx.db;
  const link = await database.returnLink.findFirst({ where: { id: params.id ?? "", shop }, select: { returnGid: true } });
  if (!link) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  try {
    const file = await labelFileFor(ctx, { returnGid: link.returnGid, shipmentId: url.searchParams.get("shipmentId") ?? undefined });
    return labelFileResponse(file, { download: url.searchParams.get("download") === "1" });
  } catch (err) {
    const e = humanError(err, ctx.log.secrets);
    const status = err instanceof AppError && err.kind === "not_found" ? 404 : err instanceof AppError && err.kind === "validation" ? 422 : 502;
    return Response.json({ error: e }, { status });
  }
}
