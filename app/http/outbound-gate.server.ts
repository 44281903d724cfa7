import { isIP } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from "undici";
import { AppError, TimeoutError, UnavailableError, type Service } from "./errors.server";
import { BlockedDestinationError, ResponseTooLargeError, findBlocked } from "./outbound-errors.server";
import { CompiledPolicy, HostList, destinationOf, safeUrl, type OutboundPolicy, type OutboundPurpose } from "./outbound-policy.server";
import { readCappedBody } from "./read-capped.server";
import { redactText, truncate, type Secrets } from "./redact.server";

// The one door out (docs/decisions/0009-outbound-gate.md). Every socket is opened by the gate's connector,
// which resolves the name itself, refuses any private/loopback/link-local/metadata address, and then connects
// to the exact address it checked: a rebinding name cannot answer differently between the check and the use.

export type { OutboundPolicy, OutboundPurpose, Resolver, ResolvedAddress } from "./outbound-policy.server";
export { BlockedDestinationError, ResponseTooLargeError } from "./outbound-errors.server";

/** Opens the socket once the gate has chosen the address (undici's connector; tests pass a guarded one). */
export type SocketOpener = buildConnector.connector;

export interface OutboundGateOptions extends OutboundPolicy {
  /** Replaces undici's default socket opener (custom TLS options, or a test guard). */
  openSocket?: SocketOpener;
}

/** Bodies the gate can send again on a 307/308 redirect (no streams). */
export type GateBody = string | Uint8Array | ArrayBuffer | URLSearchParams | Blob | FormData;

export interface GateRequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: GateBody | null;
  /** The caller's own cancellation, on top of the gate's deadline. */
  signal?: AbortSignal;
}

export interface GateFetchOptions {
  purpose: OutboundPurpose;
  /** Largest body accepted (default: 2 MiB for api, 10 MiB for file). */
  maxBytes?: number;
  /** One deadline for every hop and the whole body (default 15 s). */
  timeoutMs?: number;
  /** Redirects followed by hand, each hop checked again (default and maximum 5). */
  maxRedirects?: number;
  /** Hosts that may receive credentials; on any other hop only harmless headers are sent (default none). */
  credentialsHosts?: string[];
  /** API calls: narrows the policy's api hosts to this provider's hosts. */
  allowedHosts?: string[];
  /** Named in errors (default "download" for files, "outbound" for API calls). */
  service?: Service;
}

export interface GatedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The final URL after redirects (carries its query: do not log it; use `safeUrl`). */
  url: URL;
  redirects: number;
  bytes: Uint8Array;
  /** The final host is one the policy trusts (api list, credentials hosts, allowed loopback host). */
  fromAllowedHost: boolean;
  text(): string;
}

export interface OutboundGate {
  /** The dispatcher to hand to `fetch(url, { dispatcher })` for a purpose: its connections are all checked. */
  dispatcher(purpose: OutboundPurpose): Dispatcher;
  /** The checks that need no DNS (scheme, host list, port, literal IP); throws BlockedDestinationError. */
  checkUrl(url: string | URL, purpose: OutboundPurpose, options?: { allowedHosts?: string[]; service?: Service }): URL;
  fetchThroughGate(url: string | URL, init: GateRequestInit, options: GateFetchOptions): Promise<GatedResponse>;
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers that carry nothing secret; a hop not allowed credentials gets only these. */
const HARMLESS_HEADERS = new Set(["accept", "accept-encoding", "accept-language", "user-agent", "content-type", "content-language", "cache-control", "pragma", "range", "if-none-match", "if-modified-since"]);

function defaultService(purpose: OutboundPurpose): Service {
  return purpose === "file" ? "download" : "outbound";
}

function harmlessOnly(headers: Headers): Headers {
  const out = new Headers();
  headers.forEach((value, name) => {
    if (HARMLESS_HEADERS.has(name)) out.set(name, value);
  });
  return out;
}

/** Show outside error text only when it came from a host we trust, redacted and short. */
export function errorExcerpt(res: GatedResponse, maxChars = 300, secrets: Secrets = []): string | undefined {
  if (!res.fromAllowedHost) return undefined;
  const text = res.text().trim();
  return text ? truncate(redactText(text, secrets), maxChars) : undefined;
}

export function createOutboundGate(options: OutboundGateOptions): OutboundGate {
  const policy = new CompiledPolicy(options);
  const openSocket = options.openSocket ?? buildConnector({});

  function gatedConnector(purpose: OutboundPurpose): SocketOpener {
    return (opts, callback) => {
      const dest = { protocol: opts.protocol, hostname: opts.hostname.replace(/^\[|\]$/g, ""), port: Number(opts.port) || (opts.protocol === "http:" ? 80 : 443) };
      policy.addressFor(purpose, dest, defaultService(purpose)).then(
        (address) => {
          // Connect to the checked address; TLS still verifies the certificate against the host name.
          const servername = opts.servername || (isIP(dest.hostname) ? undefined : dest.hostname);
          openSocket({ ...opts, hostname: address, ...(servername ? { servername } : {}) }, callback);
        },
        (err: Error) => callback(err, null),
      );
    };
  }

  const agents = new Map<OutboundPurpose, Agent>();
  function dispatcher(purpose: OutboundPurpose): Agent {
    let agent = agents.get(purpose);
    if (!agent) {
      agent = new Agent({ connect: gatedConnector(purpose) });
      agents.set(purpose, agent);
    }
    return agent;
  }

  function checkUrl(input: string | URL, purpose: OutboundPurpose, opts: { allowedHosts?: string[]; service?: Service } = {}): URL {
    const service = opts.service ?? defaultService(purpose);
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new BlockedDestinationError("(unparsable URL)", "bad_url", { service });
    }
    if (url.username || url.password) throw new BlockedDestinationError(url.hostname, "credentials_in_url", { service, url: safeUrl(url) });
    const narrow = opts.allowedHosts ? new HostList(opts.allowedHosts) : undefined;
    policy.checkDestination(purpose, destinationOf(url), service, narrow, safeUrl(url));
    return url;
  }

  async function fetchThroughGate(input: string | URL, init: GateRequestInit, o: GateFetchOptions): Promise<GatedResponse> {
    const service = o.service ?? defaultService(o.purpose);
    const maxBytes = o.maxBytes ?? (o.purpose === "file" ? 10 * 1024 * 1024 : 2 * 1024 * 1024);
    const timeoutMs = o.timeoutMs ?? 15_000;
    const maxRedirects = Math.min(o.maxRedirects ?? MAX_REDIRECTS, MAX_REDIRECTS);
    const credentials = new HostList(o.credentialsHosts ?? []);
    const narrow = o.allowedHosts ? new HostList(o.allowedHosts) : undefined;
    const trusted = (u: URL) => {
      const dest = destinationOf(u);
      return credentials.has(dest.hostname) || policy.loopbackAllowed(dest) || (o.purpose === "api" && policy.apiHosts.has(dest.hostname) && (!narrow || narrow.has(dest.hostname)));
    };

    let url = checkUrl(input, o.purpose, { allowedHosts: o.allowedHosts, service });
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error("deadline")), timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    let method = (init.method ?? "GET").toUpperCase();
    let body = init.body ?? null;
    const headers = new Headers(init.headers);

    const failure = (err: unknown): unknown => {
      const blocked = findBlocked(err);
      if (blocked) return blocked.forService(service, safeUrl(url));
      if (err instanceof AppError) return err;
      if (deadline.signal.aborted) return new TimeoutError(`${url.hostname} did not answer within ${timeoutMs} ms`, { service, method, url: safeUrl(url) });
      if (init.signal?.aborted) return err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      return new UnavailableError(`${url.hostname} could not be reached: ${why}`, { service, method, url: safeUrl(url) });
    };

    try {
      for (let hop = 0; ; hop++) {
        const hopHeaders = credentials.has(url.hostname) ? headers : harmlessOnly(headers);
        // undici's own fetch, so the fetch and the Agent always share one dispatcher contract whatever Node bundles.
        const res = await undiciFetch(url, { method, headers: [...hopHeaders], body: body as never, redirect: "manual", signal, dispatcher: dispatcher(o.purpose) });
        const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get("location") : null;
        if (location === null) {
          const read = await readCappedBody(res.body as ReadableStream<Uint8Array> | null, maxBytes, { declaredLength: res.headers.get("content-length"), signal });
          if (!read.ok) throw new ResponseTooLargeError(url.hostname, maxBytes, { service, url: safeUrl(url), status: res.status, declared: read.declared });
          const bytes = read.bytes;
          return { status: res.status, statusText: res.statusText, headers: new Headers([...res.headers]), url, redirects: hop, bytes, fromAllowedHost: trusted(url), text: () => new TextDecoder().decode(bytes) };
        }
        await res.body?.cancel().catch(() => {});
        if (hop >= maxRedirects) throw new BlockedDestinationError(url.hostname, "redirect_limit", { service, url: safeUrl(url) });
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new BlockedDestinationError(url.hostname, "bad_redirect", { service, url: safeUrl(url) });
        }
        // Fetch's redirect rules (https://fetch.spec.whatwg.org/#http-redirect-fetch): 303, and 301/302 after a
        // POST, continue as a body-less GET; 307/308 repeat the method and the body.
        if ((res.status === 303 && method !== "HEAD") || ((res.status === 301 || res.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          for (const h of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(h);
        }
        url = checkUrl(next, o.purpose, { allowedHosts: o.allowedHosts, service });
      }
    } catch (err) {
      throw failure(err);
    } finally {
      clearTimeout(timer);
    }
  }

  async function close(): Promise<void> {
    await Promise.all([...agents.values()].map((a) => a.close()));
    agents.clear();
  }

  return { dispatcher, checkUrl, fetchThroughGate, close };
}
