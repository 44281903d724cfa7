import "@shopify/shopify-app-remix/adapters/node";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import { ApiVersion, AppDistribution, LogSeverity, Session, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { createDb } from "../../app/db.server";
import { sendFetchResponse } from "../../app/server/node-server.server";
import { BENCH_SHOP } from "../lib/payload";
import { requireEnv, runServerMain } from "../lib/child";

// Reference (c): the usual Shopify template way. A Remix route action calls `authenticate.webhook` (HMAC check,
// offline session load from PrismaSessionStorage, admin context) and writes the delivery through Prisma, served by
// Remix's request handler (a minimal ServerBuild holding that one route) behind node:http.

runServerMain(async () => {
  const secret = requireEnv("BENCH_SECRET");
  const prisma = await createDb(requireEnv("BENCH_DB_URL"));
  const sessionStorage = new PrismaSessionStorage(prisma);
  const shopify = shopifyApp({
    apiKey: "bench-api-key",
    apiSecretKey: secret,
    apiVersion: ApiVersion.July26,
    scopes: ["read_returns", "write_returns"],
    appUrl: "http://127.0.0.1:3000",
    authPathPrefix: "/auth",
    sessionStorage,
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    logger: { level: LogSeverity.Error },
  });
  // The seeded offline session the template loads on every webhook.
  await sessionStorage.storeSession(
    new Session({ id: `offline_${BENCH_SHOP}`, shop: BENCH_SHOP, state: "bench", isOnline: false, accessToken: "shpat_bench_token", scope: "read_returns,write_returns" }),
  );

  async function action({ request }: { request: Request }): Promise<Response> {
    const { shop, topic, payload, webhookId, apiVersion, eventId, triggeredAt } = await shopify.authenticate.webhook(request);
    try {
      await prisma.webhookDelivery.create({
        data: {
          shop,
          eventId: eventId ?? webhookId,
          webhookId,
          topic,
          apiVersion,
          triggeredAt: triggeredAt ? new Date(triggeredAt) : null,
          resourceGid: (payload as { admin_graphql_api_id?: string }).admin_graphql_api_id ?? null,
          payload: JSON.stringify(payload),
        },
      });
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
    }
    return new Response();
  }

  // The template's route file `app/routes/webhooks.returns.request.tsx` exports this action; the app's node server
  // runs it through Remix's request handler like any other route.
  const build = {
    mode: "production",
    entry: { module: { default: () => new Response("Not found", { status: 404 }), handleError: (err: unknown) => process.stderr.write(`${String(err)}\n`) } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      "routes/webhooks.returns.request": { id: "routes/webhooks.returns.request", parentId: "root", path: "webhooks/returns/request", module: { action } },
    },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "bench" },
    publicPath: "/build/",
    assetsBuildDirectory: "build/client",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  const server = createServer(async (req, res) => {
    try {
      await sendFetchResponse(res, await handle(toFetchRequest(req, res)));
    } catch (err) {
      process.stderr.write(`${String(err)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  return { server, close: () => prisma.$disconnect() };
});

/**
 * The app's toFetchRequest (app/server/node-server.server.ts) aborts the Request on the IncomingMessage's "close",
 * which Node 20 emits once the body has been read: every Remix action then fails with "queryRoute() call aborted".
 * This copy aborts on the response's "close" before it finished (as @remix-run/express does).
 */
function toFetchRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else if (v !== undefined) headers.set(k, v);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`), {
    method: req.method,
    headers,
    signal: controller.signal,
    body: Readable.toWeb(req) as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
}
