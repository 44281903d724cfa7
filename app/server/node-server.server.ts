import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Logger } from "../logger.server";
import { requestBodyStream } from "./request-body.server";

// The production HTTP server: static assets from build/client, everything else through Remix.
// A plain node:http server (not express) so hot paths such as webhook ingest can be mounted in front.

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const MIME: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

function serveStatic(clientDir: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  if (pathname === "/" || pathname.includes("\0")) return false;
  const file = path.join(clientDir, pathname);
  if (!file.startsWith(clientDir + path.sep)) return false;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  const immutable = pathname.startsWith("/assets/");
  res.writeHead(200, {
    "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
    "content-length": size,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=300",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}

export function toFetchRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else if (v !== undefined) headers.set(k, v);
  }
  const controller = new AbortController();
  // The client went away before we answered (the request stream closes as soon as a body is read: not that).
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    signal: controller.signal,
    // Read as it is consumed; a reader that stops at its cap leaves the socket open for the 413 answer.
    ...(hasBody ? { body: requestBodyStream(req), duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendFetchResponse(res: ServerResponse, response: Response, req?: IncomingMessage): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === "set-cookie") return;
    headers[key] = value;
  });
  // A body left unread (refused at its cap, or never needed): answer, then close instead of reading the rest.
  if (req && !req.complete) {
    headers.connection = "close";
    req.removeAllListeners("data");
    req.resume();
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) return void res.end();
  await new Promise<void>((resolve) => {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).on("error", () => res.destroy()).pipe(res).on("finish", resolve).on("close", resolve);
  });
}

export interface AppServerOptions {
  /** The Remix build, or (development) a function that loads the current one from Vite. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Built client assets to serve (production); absent when Vite serves them (development). */
  clientDir?: string;
  /** Handlers tried before Remix (the webhook ingest, Vite's middleware). Return true when they answered. */
  before?: RawHandler[];
  mode: "development" | "production" | "test";
  /** What every loader and action receives as `context` (the runtime). */
  loadContext: AppLoadContext;
  log: Logger;
}

export function createAppServer(opts: AppServerOptions): Server {
  const handle = createRequestHandler(opts.build, opts.mode);
  return createServer(async (req, res) => {
    try {
      for (const h of opts.before ?? []) if (await h(req, res)) return;
      if (opts.clientDir && serveStatic(opts.clientDir, req, res)) return;
      const origin = `http://${req.headers.host ?? "localhost"}`;
      await sendFetchResponse(res, await handle(toFetchRequest(req, res, origin), opts.loadContext), req);
    } catch (err) {
      opts.log.error("http.unhandled", { err, url: req.url });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    }
  });
}
