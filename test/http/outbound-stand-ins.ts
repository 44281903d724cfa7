import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildConnector } from "undici";
import type { Resolver, SocketOpener } from "../../app/http/outbound-gate.server";

// Loopback stand-ins for the outbound gate's tests (not used by production code). Nothing here can send a
// packet off this machine: the socket opener refuses every address that is neither loopback nor a stand-in.

export interface SeenRequest {
  method: string;
  host: string;
  path: string;
  headers: IncomingMessage["headers"];
  bodyBytes: number;
}

export interface StandIn {
  port: number;
  /** TCP connections the server accepted: the proof that a refused destination was never reached. */
  connections: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function standIn(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on("data", (c: Buffer) => (bodyBytes += c.length));
    req.on("end", () => {
      state.requests.push({ method: req.method ?? "", host: req.headers.host ?? "", path: req.url ?? "", headers: req.headers, bodyBytes });
      handler(req, res);
    });
  });
  const state: StandIn = {
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

/**
 * A resolver the test controls: each name answers its list (or the next list, call after call, to rebind).
 * Unknown names fail like a missing DNS record.
 */
export function controlledResolver(table: Record<string, string[] | string[][]>) {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const resolve: Resolver = async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const n = counts.get(hostname) ?? 0;
    counts.set(hostname, n + 1);
    const answers = Array.isArray(entry[0]) ? (entry as string[][])[Math.min(n, entry.length - 1)] : (entry as string[]);
    return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls };
}

/**
 * The socket opener the gate uses in tests. "Public" addresses listed in `publicStandIns` are played by a
 * loopback server over plain TCP (the gate's decisions are under test, not TLS); loopback passes through;
 * anything else is an error instead of a packet. `attempts` lists every address the gate asked to reach.
 */
export function guardedOpener(publicStandIns: Record<string, number> = {}) {
  const base = buildConnector({});
  const attempts: string[] = [];
  const open: SocketOpener = (opts, callback) => {
    attempts.push(opts.hostname);
    const port = publicStandIns[opts.hostname];
    if (port) return base({ ...opts, protocol: "http:", hostname: "127.0.0.1", port: String(port), servername: undefined }, callback);
    if (opts.hostname === "127.0.0.1" || opts.hostname === "::1") return base(opts, callback);
    callback(new Error(`test guard: ${opts.hostname} is off this machine`), null);
  };
  return { open, attempts };
}

/** Await a promise expected to reject and hand back what it rejected with. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}
