import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { runtimeOf } from "./runtime/load-context.server";
import type { AppLoadContext } from "@remix-run/node";

const ABORT_DELAY = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const rt = runtimeOf(loadContext);
  // Shopify's frame-ancestors CSP for embedded pages (not needed in the sandbox demo).
  if (!rt.env.DEMO_MODE) rt.shopify.addDocumentResponseHeaders(request, responseHeaders);
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callback]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500;
        rt.log.error("render.failed", { err: error, url: request.url });
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

// The server scripts start the app through the bundle that holds the routes (one copy of every module).
export { bootApp } from "./server/boot.server";
