import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultInjector, type FaultConfig } from "../../sandbox/lib/faults";
import { seededRng } from "../../sandbox/lib/rng";

// A fault-injecting reverse proxy for a simulator that has no seeded fault schedule of its own (the Shopify
// simulator only has failNext): the app talks to the proxy, the proxy forwards to the simulator and, per
// request, answers 429, 5xx, hangs (the client times out) or truncates the body, using the simulators' own
// FaultInjector so the rates mean the same thing everywhere. Half of the 5xx, timeouts and malformed answers
// happen after the simulator did the work (the answer is lost), which is what makes creates dangerous.

export interface FaultProxy {
  url: string;
  faults: FaultInjector;
  /** Faults that happened after the request was executed upstream (the change exists, the answer is lost). */
  afterExecuting: number;
  requests: number;
  setFaults(config: FaultConfig): void;
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface FaultProxyOptions {
  target: string;
  seed?: number;
  /** Share of 5xx, timeouts and malformed answers given after the upstream executed the request (default 0.5). */
  afterShare?: number;
  /** Only matching requests are eligible for a fault (e.g. one GraphQL operation, by its body). */
  match?: (req: { method: string; path: string; body: Buffer }) => boolean;
}

/** The GraphQL operation name of a request body, for `match`. */
export function operationNameOf(body: Buffer): string | null {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { operationName?: unknown };
    return typeof parsed.operationName === "string" ? parsed.operationName : null;
  } catch {
    return null;
  }
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const faults = new FaultInjector();
  const phaseRng = seededRng((opts.seed ?? 1) + 7);
  const afterShare = opts.afterShare ?? 0.5;
  const hanging = new Set<ServerResponse>();
  const proxy: FaultProxy = {
    url: "",
    faults,
    afterExecuting: 0,
    requests: 0,
    setFaults: (c) => faults.set(c),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  async function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (k !== "host" && k !== "content-length" && k !== "connection" && v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const res = await fetch(new URL(req.url ?? "/", target), { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body) });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  function hang(res: ServerResponse): void {
    // Never answer: the app's client gives up at its timeout and closes the socket.
    hanging.add(res);
    res.on("close", () => hanging.delete(res));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    proxy.requests++;
    const body = await readAll(req);
    const method = req.method ?? "GET";
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const fault = !opts.match || opts.match({ method, path: pathname, body }) ? faults.decide(method, pathname) : null;
    if (fault === "429") {
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(faults.current.retryAfterSeconds ?? 1) }).end(JSON.stringify({ errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }));
      return;
    }
    const after = fault !== null && phaseRng() < afterShare;
    if (fault && !after) {
      if (fault === "timeout") return hang(res);
      if (fault === "5xx") return void res.writeHead(faults.current.status5xx ?? 503, { "content-type": "application/json" }).end(JSON.stringify({ errors: "Service Unavailable" }));
    }
    const upstream = await forward(req, body);
    if (fault && after) proxy.afterExecuting++;
    if (fault === "timeout") return hang(res);
    if (fault === "5xx") return void res.writeHead(faults.current.status5xx ?? 503, { "content-type": "application/json" }).end(JSON.stringify({ errors: "Service Unavailable" }));
    if (fault === "malformed") {
      const text = upstream.bytes.toString("latin1");
      return void res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(`${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}{"`);
    }
    const headers: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection" && k !== "content-encoding") headers[k] = v;
    });
    res.writeHead(upstream.status, headers).end(upstream.bytes);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ errors: `proxy: ${err.message}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
