import { isIP } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from "undici";
import { AppError, BlockedDestinationError, ResponseTooLargeError, TimeoutError, UnavailableError, findBlocked, shortHost, type Service } from "./errors.server";
import { CompiledPolicy, HostList, destinationOf, safeUrl, type OutboundPolicy, type OutboundPurpose } from "./outbound-policy.server";
import { readCappedBody } from "./read-capped.server";
import { redactText, truncate, type Secrets } from "./redact.server";

// The one door out (docs/decisions/0009-outbound-gate.md). Every socket is opened by the gate's connector,
// which resolves the name itself, refuses any private/loopback/link-local/metadata address, and then connects
// to the exact address it checked: a rebinding name cannot answer differently between the check and the use.

export type { OutboundPolicy, OutboundPurpose, Resolver, ResolvedAddress } from "./outbound-policy.server";
export { BlockedDestinationError, ResponseTooLargeError } from "./errors.server";

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
  /** An answer of status 400 or more is read for its reason only: its first bytes up to this (default 64 KiB). */
  maxErrorBytes?: number;
  /** One deadline for every hop and the whole body (default 15 s). */
  timeoutMs?: number;
  /** Redirects followed by hand, each hop checked again (default and maximum 5). */
  maxRedirects?: number;
  /** Hosts that may receive credentials; on any other hop only harmless headers are sent (default none). */
  credentialsHosts?: string[];
  /** API calls: narrows the policy's api hosts to this provider's hosts (credentials: only to these, too). */
  allowedHosts?: string[];
  /**
   * Outside production only: loopback `host[:port]` entries this call may reach on top of the policy's own (a
   * simulator a connection's base URL names). Ignored by a production gate.
   */
  loopbackHosts?: string[];
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

export interface CheckUrlOptions {
  allowedHosts?: string[];
  loopbackHosts?: string[];
  service?: Service;
}

export interface OutboundGate {
  /** Whether this gate refuses loopback exemptions (https only, no simulators). */
  readonly production: boolean;
  /** The dispatcher to hand to `fetch(url, { dispatcher })` for a purpose: its connections are all checked. */
  dispatcher(purpose: OutboundPurpose, loopbackHosts?: string[]): Dispatcher;
  /** The checks that need no DNS (scheme, host list, port, literal IP); throws BlockedDestinationError. */
  checkUrl(url: string | URL, purpose: OutboundPurpose, options?: CheckUrlOptions): URL;
  fetchThroughGate(url: string | URL, init: GateRequestInit, options: GateFetchOptions): Promise<GatedResponse>;
  close(): Promise<void>;
}

/** Connection errors that happen before a byte of the request left: the server cannot have acted on it. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
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

function tooLarge(url: URL, limit: number, service: Service, status: number, declared?: number): ResponseTooLargeError {
  const said = declared === undefined ? "" : ` (it announced ${declared})`;
  return new ResponseTooLargeError(`${shortHost(url.hostname)} sent a body larger than ${limit} bytes${said}`, { service, url: safeUrl(url), status, limit });
}

export function createOutboundGate(options: OutboundGateOptions): OutboundGate {
  const base = new CompiledPolicy(options);
  const openSocket = options.openSocket ?? buildConnector({});
  const policies = new Map<string, CompiledPolicy>();

  /** The policy for a call: the gate's own, plus the call's loopback entries outside production. */
  function policyFor(loopbackHosts: readonly string[] = []): { key: string; policy: CompiledPolicy } {
    if (base.production || !loopbackHosts.length) return { key: "", policy: base };
    const key = [...new Set(loopbackHosts)].sort().join(",");
    let policy = policies.get(key);
    if (!policy) {
      policy = new CompiledPolicy({ ...options, allowLoopbackHosts: [...(options.allowLoopbackHosts ?? []), ...loopbackHosts] });
      policies.set(key, policy);
    }
    return { key, policy };
  }

  function gatedConnector(purpose: OutboundPurpose, policy: CompiledPolicy): SocketOpener {
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

  const agents = new Map<string, Agent>();
  function dispatcher(purpose: OutboundPurpose, loopbackHosts?: string[]): Agent {
    const { key, policy } = policyFor(loopbackHosts);
    let agent = agents.get(`${purpose}|${key}`);
    if (!agent) {
      agent = new Agent({ connect: gatedConnector(purpose, policy) });
      agents.set(`${purpose}|${key}`, agent);
    }
    return agent;
  }

  function checkUrl(input: string | URL, purpose: OutboundPurpose, opts: CheckUrlOptions = {}): URL {
    const { policy } = policyFor(opts.loopbackHosts);
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
    const { policy } = policyFor(o.loopbackHosts);
    const credentials = new HostList(o.credentialsHosts ?? []);
    const narrow = o.allowedHosts ? new HostList(o.allowedHosts) : undefined;
    const apiHost = (dest: ReturnType<typeof destinationOf>) => policy.apiHosts.has(dest.hostname) && (!narrow || narrow.has(dest.hostname));
    // Credentials go only to a host the caller named that is also an API host (or an allowed simulator): a
    // credentials list naming any other host cannot leak a key.
    const credentialed = (u: URL) => {
      const dest = destinationOf(u);
      return credentials.has(dest.hostname) && (policy.loopbackAllowed(dest) || apiHost(dest));
    };
    const trusted = (u: URL) => {
      const dest = destinationOf(u);
      return credentialed(u) || policy.loopbackAllowed(dest) || (o.purpose === "api" && apiHost(dest));
    };
    const check = (u: string | URL) => checkUrl(u, o.purpose, { allowedHosts: o.allowedHosts, loopbackHosts: o.loopbackHosts, service });

    let url = check(input);
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
      const notSent = typeof cause?.code === "string" && NOT_SENT_CODES.has(cause.code);
      return new UnavailableError(`${url.hostname} could not be reached: ${why}`, { service, method, url: safeUrl(url), notSent, cause: err });
    };

    try {
      for (let hop = 0; ; hop++) {
        const hopHeaders = credentialed(url) ? headers : harmlessOnly(headers);
        // undici's own fetch, so the fetch and the Agent always share one dispatcher contract whatever Node bundles.
        const res = await undiciFetch(url, { method, headers: [...hopHeaders], body: body as never, redirect: "manual", signal, dispatcher: dispatcher(o.purpose, o.loopbackHosts) });
        const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get("location") : null;
        if (location === null) {
          const failed = res.status >= 400;
          const cap = failed ? Math.min(maxBytes, o.maxErrorBytes ?? 64 * 1024) : maxBytes;
          const read = await readCappedBody(res.body as ReadableStream<Uint8Array> | null, cap, { declaredLength: res.headers.get("content-length"), signal, truncate: failed });
          if (!read.ok) throw tooLarge(url, maxBytes, service, res.status, read.declared);
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
        url = check(next);
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

  return { production: base.production, dispatcher, checkUrl, fetchThroughGate, close };
}
