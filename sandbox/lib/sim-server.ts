import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { FaultInjector, type FaultConfig } from "./faults";
import { SimRateLimiter, type Clock } from "./rate-limit";

// The shared skeleton of the provider simulators: a real node:http server on 127.0.0.1:0 with routing,
// size-limited JSON bodies, authentication, a requests-per-second budget and seeded fault injection.

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
  rawBody: string;
  /** This request's entry in the request log, for handlers to annotate (unknown fields). */
  log: RecordedRequest;
}

export interface SimResponse {
  status: number;
  json?: unknown;
  text?: string;
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** A body produced while it is sent (hostile answers): never held in memory, destroyed when the client leaves. */
  stream?: Readable;
  /** Content-Length announced for a stream. */
  contentLength?: number;
}

/** Thrown by handlers to answer with a vendor error body. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`simulated ${status}`);
  }
}

/** Where a route comes from: the vendor's document, our assumption (decision 0004), or a URL an answer handed out. */
export type RouteKind = "documented" | "assumed" | "label-file";

export interface SimRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path pattern under the base path, with `:name` segments, matched exactly (trailing slash included). */
  path: string;
  /** Default "documented". */
  kind?: RouteKind;
  /** Served without credentials (label files behind pre-signed-style URLs). */
  public?: boolean;
  handler: (req: SimRequest) => SimResponse | Promise<SimResponse>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The matching route's pattern, base path included (`/v1/processes/:processId/label`); null when none matched. */
  route: string | null;
  kind: RouteKind | "unrouted";
  /** A documented endpoint, or a label URL a documented answer handed out. */
  documented: boolean;
  query: Record<string, string>;
  body: unknown;
  /** Header names only for credentials; values of everything else. */
  headers: Record<string, string>;
  /** Body fields the document does not describe: accepted and ignored, listed here (decision 0008). */
  unknownFields?: string[];
  answeredWith?: number | "timeout";
}

export interface SimServerOptions {
  name: string;
  routes: SimRoute[];
  /** e.g. "/integration/v1": the URL handed to clients includes it. */
  basePath?: string;
  /** Return an error response when the credentials are wrong, or null when they are accepted. */
  authenticate: (req: SimRequest) => SimResponse | null;
  /** The vendor's error body for generic errors (unknown route, bad JSON, too large, 429, 5xx); undefined sends none. */
  errorBody: (status: number, message: string) => unknown;
  /** false: routes of kind "assumed" answer like unknown routes (404). Default true. */
  assumedEndpoints?: boolean;
  /** The answer to a body sent without `Content-Type: application/json`; no check when absent. */
  refuseMediaType?: (contentType: string | undefined) => SimResponse;
  /** Last word on every API answer (not public files): hostile profiles replace some answers here. */
  transformAnswer?: (req: SimRequest, response: SimResponse) => SimResponse;
  bodyLimitBytes?: number;
  clock?: Clock;
  /** 0 (default) picks a free port; the demo launcher may fix one. Always bound to 127.0.0.1. */
  port?: number;
  /** Keep at most this many recorded requests (oldest dropped), so a long demo run stays small. */
  maxRecorded?: number;
}

export interface SimServer {
  url: string;
  origin: string;
  requests: RecordedRequest[];
  faults: FaultInjector;
  rateLimiter: SimRateLimiter;
  setFaults(config: FaultConfig): void;
  setRateLimit(rps: number | null): void;
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = new Set(["authorization", "x-rever-api-key", "cookie"]);

function compile(path: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const src = path
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { re: new RegExp(`^${src}$`), names };
}

export class BodyTooLargeError extends Error {}

/** Read a request body as text, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(`body larger than ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => !failed && resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", (e) => !failed && reject(e));
  });
}

/** The media type of a Content-Type header, without parameters (`application/json; charset=utf-8` -> `application/json`). */
export function mediaType(header: string | undefined): string | undefined {
  return header?.split(";")[0].trim().toLowerCase() || undefined;
}

function sendStream(res: ServerResponse, r: SimResponse & { stream: Readable }): void {
  const headers: Record<string, string> = { "content-type": r.contentType ?? "application/octet-stream", ...r.headers };
  if (r.contentLength !== undefined) headers["content-length"] = String(r.contentLength);
  res.writeHead(r.status, headers);
  res.socket?.setNoDelay(true); // a trickled byte leaves at once instead of waiting for the next
  res.on("close", () => r.stream.destroy());
  r.stream.on("error", () => res.destroy());
  r.stream.pipe(res);
}

function send(res: ServerResponse, r: SimResponse): void {
  if (r.stream) return sendStream(res, r as SimResponse & { stream: Readable });
  const headers: Record<string, string> = { ...r.headers };
  let payload: Buffer | string = "";
  if (r.bytes) {
    payload = Buffer.from(r.bytes);
    headers["content-type"] ??= r.contentType ?? "application/octet-stream";
  } else if (r.text !== undefined) {
    payload = r.text;
    headers["content-type"] ??= r.contentType ?? "text/plain; charset=utf-8";
  } else if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers["content-type"] ??= "application/json";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

export async function startSimServer(opts: SimServerOptions): Promise<SimServer> {
  const basePath = (opts.basePath ?? "").replace(/\/$/, "");
  const routes = opts.routes.map((r) => ({ ...r, pattern: basePath + r.path, kind: r.kind ?? "documented", ...compile(basePath + r.path) }));
  const enabled = (r: (typeof routes)[number]) => r.kind !== "assumed" || opts.assumedEndpoints !== false;
  const faults = new FaultInjector();
  const clock = opts.clock ?? Date.now;
  const rateLimiter = new SimRateLimiter(clock);
  const requests: RecordedRequest[] = [];
  const limit = opts.bodyLimitBytes ?? 1024 * 1024;
  const maxRecorded = opts.maxRecorded ?? 5000;
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      headers[k] = CREDENTIAL_HEADERS.has(k) ? "[present]" : Array.isArray(v) ? v.join(", ") : String(v ?? "");
    }
    const matched = routes.find((r) => r.method === method && r.re.test(url.pathname));
    const kind = matched?.kind ?? "unrouted";
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      route: matched?.pattern ?? null,
      kind,
      documented: kind === "documented" || kind === "label-file",
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers,
    };
    requests.push(record);
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
    const requestId = `${opts.name}-req-${++seq}`;
    const answer = (r: SimResponse) => {
      record.answeredWith = r.status;
      send(res, { ...r, headers: { "x-request-id": requestId, ...r.headers } });
    };

    let raw = "";
    try {
      raw = await readBody(req, limit);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        answer({ status: 413, json: opts.errorBody(413, `Request body exceeds ${limit} bytes`), headers: { connection: "close" } });
        return;
      }
      throw err;
    }
    let body: unknown = undefined;
    let badJson = false;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    record.body = body ?? (raw.length ? raw : undefined);

    const limited = rateLimiter.take();
    if (!limited.ok) {
      answer({ status: 429, json: opts.errorBody(429, "Too many requests"), headers: { "retry-after": String(limited.retryAfterSeconds) } });
      return;
    }

    const fault = faults.decide(method, url.pathname);
    const cfg = faults.current;
    const hang = () => {
      record.answeredWith = "timeout";
      // Never answer: the client times out; close() destroys the socket.
    };
    const fail5xx = () => answer({ status: cfg.status5xx ?? 503, json: opts.errorBody(cfg.status5xx ?? 503, "Service temporarily unavailable") });
    if (fault === "429") {
      const h: Record<string, string> = {};
      if (cfg.retryAfterSeconds !== null) h["retry-after"] = String(cfg.retryAfterSeconds ?? 1);
      answer({ status: 429, json: opts.errorBody(429, "Too many requests"), headers: h });
      return;
    }
    const before = cfg.phase === "before";
    if (fault === "5xx" && before) return fail5xx();
    if (fault === "timeout" && before) return hang();

    const route = matched && enabled(matched) ? matched : undefined;
    let response: SimResponse;
    if (!route) {
      const pathKnown = routes.some((r) => enabled(r) && r.re.test(url.pathname));
      response = pathKnown
        ? { status: 405, json: opts.errorBody(405, `Method ${method} not allowed on ${url.pathname}`) }
        : { status: 404, json: opts.errorBody(404, `No route for ${method} ${url.pathname}`) };
    } else {
      const m = route.re.exec(url.pathname)!;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      const simReq: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, params, body, rawBody: raw, log: record };
      const denied = route.public ? null : opts.authenticate(simReq);
      const contentType = req.headers["content-type"];
      if (denied) response = denied;
      else if (raw.length && opts.refuseMediaType && mediaType(contentType) !== "application/json") response = opts.refuseMediaType(contentType);
      else if (badJson) response = { status: 400, json: opts.errorBody(400, "Request body is not valid JSON") };
      else {
        try {
          response = await route.handler(simReq);
        } catch (err) {
          if (err instanceof SimHttpError) response = { status: err.status, json: err.body };
          else response = { status: 500, json: opts.errorBody(500, `Simulator bug: ${(err as Error).message}`) };
        }
        if (!route.public && opts.transformAnswer) response = opts.transformAnswer(simReq, response);
      }
    }

    if (fault === "5xx") return fail5xx();
    if (fault === "timeout") return hang();
    if (fault === "malformed" && !response.stream) {
      // A truncated document: the start of a real answer, cut in the middle.
      const whole = response.bytes ? Buffer.from(response.bytes).toString("latin1") : response.text ?? JSON.stringify(response.json ?? {});
      return answer({ status: response.status, text: `${whole.slice(0, Math.max(1, Math.floor(whole.length / 2)))}{"`, contentType: response.contentType ?? "application/json" });
    }
    answer(response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, { status: 500, json: opts.errorBody(500, `Simulator bug: ${(err as Error).message}`) });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    requests,
    faults,
    rateLimiter,
    setFaults: (c) => faults.set(c),
    setRateLimit: (rps) => rateLimiter.set(rps),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The distinct endpoints a request log shows, e.g. to prove a run called only documented ones. */
export function endpointsCalled(requests: readonly RecordedRequest[]): Array<{ method: string; route: string | null; kind: RecordedRequest["kind"]; documented: boolean }> {
  const seen = new Map<string, { method: string; route: string | null; kind: RecordedRequest["kind"]; documented: boolean }>();
  for (const r of requests) {
    const key = `${r.method} ${r.route ?? r.path}`;
    if (!seen.has(key)) seen.set(key, { method: r.method, route: r.route, kind: r.kind, documented: r.documented });
  }
  return [...seen.values()];
}
