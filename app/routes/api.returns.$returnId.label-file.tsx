import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse } from "../api/errors.server";
import { apiRoute } from "../api/extension-api.server";
import { verifyLabelUrl } from "../api/signed-label-url.server";
import { labelFileResponse } from "../http/label-file-response.server";
import { labelFileFor } from "../returns/label-file.server";
import { toGid } from "../returns/order-returns.server";
import { runtimeOf } from "../runtime/load-context.server";

// GET /api/returns/:returnId/label-file[?shipmentId=&download=1]: the label file itself, fetched from the
// provider (PDF or image for the print action; ZPL as a download for warehouse printers). Anything that is not
// one of the four label formats is refused (422), never served. A document load (print preview, download link)
// comes with a short-lived signed URL from the order view; a fetch() from an extension with its session token.

const withToken = apiRoute(["GET"], async ({ request, ctx, params }) => {
  const url = new URL(request.url);
  const file = await labelFileFor(ctx, { returnGid: toGid("Return", params.returnId ?? ""), shipmentId: url.searchParams.get("shipmentId") ?? undefined });
  return labelFileResponse(file, { download: url.searchParams.get("download") === "1" });
});

export async function loader(args: LoaderFunctionArgs): Promise<Response> {
  const url = new URL(args.request.url);
  if (!url.searchParams.has("signature")) return withToken(args);
  const rt = runtimeOf(args.context);
  const verdict = verifyLabelUrl(url, args.params.returnId ?? "", { secret: rt.env.SHOPIFY_API_SECRET, now: rt.clock.now() });
  if (!verdict.ok) {
    const text = verdict.reason === "expired" ? "This label link has expired: open the order in your Shopify admin and print or download the label again." : "This label link is not valid.";
    return new Response(text, { status: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const { shop, returnId, shipmentId, download } = verdict.claims;
  const ctx = rt.shop(shop);
  try {
    return labelFileResponse(await labelFileFor(ctx, { returnGid: toGid("Return", returnId), shipmentId }), { download });
  } catch (err) {
    return errorResponse(err, ctx.log, { shop, path: url.pathname });
  }
}

export const action = withToken;
