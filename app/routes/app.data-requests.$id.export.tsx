import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { dataRequestFile } from "../privacy/data-requests.server";
import { runtimeOf } from "../runtime/load-context.server";

// GET /app/data-requests/:id/export: one customers/data_request export of this shop as a JSON file. The page
// fetches it (App Bridge adds the session token to fetch calls in the admin) and saves it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const file = await dataRequestFile(ctx.db, shop, params.id ?? "");
  if (!file) return new Response("Not found", { status: 404 });
  return new Response(file.json, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
