import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse } from "../api/errors.server";
import { apiRoute } from "../api/extension-api.server";
import { verifyLabelUrl } from "../api/signed-label-url.server";
import { labelFileFor, type LabelFile } from "../returns/create-label.server";
import { toGid } from "../returns/order-returns.server";
import { runtimeOf } from "../runtime/load-context.server";

// GET /api/returns/:returnId/label-file: the label file itself, fetched from the provider (PDF or image for the
// print action; ZPL as a download for warehouse printers). A document load (print preview, download link) comes
// with a short-lived signed URL from the order view; a fetch() from an extension with its session token.

function fileResponse(file: LabelFile, download: boolean): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `${download || file.format === "ZPL" ? "attachment" : "inline"}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

const withToken = apiRoute(["GET"], async ({ request, ctx, params }) => {
  const url = new URL(request.url);
  const file = await labelFileFor(ctx, { returnGid: toGid("Return", params.returnId ?? ""), shipmentId: url.searchParams.get("shipmentId") ?? undefined });
  return fileResponse(file, url.searchParams.get("download") === "1");
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
    return fileResponse(await labelFileFor(ctx, { returnGid: toGid("Return", returnId), shipmentId }), download);
  } catch (err) {
    return errorResponse(err, ctx.log, { shop, path: url.pathname });
  }
}

export const action = withToken;
