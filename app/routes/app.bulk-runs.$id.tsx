import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { bulkRunView } from "../bulk/bulk-labels.server";
import { runtimeOf } from "../runtime/load-context.server";

// A bulk label run's progress, polled by the dashboard's progress card (JSON, this shop's runs only).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, ctx } = await requireAdmin(runtimeOf(context), request);
  const view = await bulkRunView(ctx.db, shop, params.id ?? "");
  if (!view) throw new Response("Not found", { status: 404 });
  return view;
}
