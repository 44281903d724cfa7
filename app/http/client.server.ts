import type { ZodType } from "zod";
import {
  AppError,
  OutcomeUnknownError,
  RateLimitedError,
  ResponseShapeError,
  TimeoutError,
  UnavailableError,
  errorForStatus,
  type Service,
} from "./errors.server";
import { errorExcerpt, type GateBody, type GatedResponse, type OutboundGate, type OutboundPurpose } from "./outbound-gate.server";
import { unlimited, type RateLimiter } from "./rate-limiter.server";
import { redactText, secretsOfHeaders, truncate } from "./redact.server";
import type { Logger } from "../logger.server";
import type { Clock } from "../runtime/clock";

// The one HTTP layer for every outside call: every attempt goes through the outbound gate (allowed hosts,
// addresses checked at connect, redirects followed by hand, credentials only to the hosts named, byte caps and
// one deadline), then retries with backoff and jitter on network errors, 429 and 5xx only (honouring
// Retry-After), lookup-before-retry for creates, typed errors, redaction of the credentials the request carries.
// Built once by the runtime and passed along.

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8000 };

/** Where a request may go: the gate's purpose, and the hosts allowed to answer it and to receive its credentials. */
export interface OutboundAccess {
  purpose: OutboundPurpose;
  /** api: only these hosts (a provider's allow-list, the shop's domain), on top of the gate's api list. */
  allowedHosts?: string[];
  /** Hosts that receive the credential headers (only when they are also API hosts); every other hop gets none. */
  credentialsHosts?: string[];
  /** Outside production: loopback host:port entries this call may reach (a simulator); ignored in production. */
  loopbackHosts?: string[];
}

export interface HttpRequest<T> {
  service: Service;
  /** Where the request may go (docs/decisions/0009-outbound-gate.md). */
  access: OutboundAccess;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  json?: unknown;
  /** Sent as is (no streams: a 307/308 redirect sends it again). */
  body?: GateBody;
  /** Parse and validate the JSON response; only what the schema returns leaves the client. */
  schema?: ZodType<T>;
  /** Return the raw bytes instead of JSON (label downloads). */
  raw?: boolean;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  limiter?: RateLimiter;
  /**
   * For creates that are not idempotent: after a timeout / 5xx / network error, ask whether the thing was
   * created anyway. Returning a value ends the call with it; returning undefined allows a retry.
   */
  lookupBeforeRetry?: () => Promise<T | undefined>;
  /** Vendor-specific classification from the response body (e.g. REVER gRPC codes), tried before the status. */
  classify?: (status: number, body: unknown, ctx: { requestId?: string; text: string; redact(text: string): string }) => AppError | undefined;
  /** Largest answer read (default 4 MiB; label files set their own): a longer one fails before it is all in memory. */
  maxResponseBytes?: number;
  /** Secrets to keep out of errors and logs beyond the credential headers (found automatically). */
  secrets?: readonly string[];
  /** The caller's scoped logger (retries are logged there); defaults to the client's. */
  log?: Logger;
  /**
   * Not idempotent (no idempotency key): repeat only when the server certainly did not act (429, connection refused);
   * any other failure after sending is looked up once (`lookupBeforeRetry`, if given) and otherwise ends in
   * OutcomeUnknownError for the caller to decide.
   */
  unsafeToRepeat?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  attempts: number;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>>;
}

export interface HttpClientOptions {
  clock: Clock;
  log: Logger;
  /** The one door out: every attempt is fetched through it. */
  gate: OutboundGate;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Error answers are read for their reason only: their first bytes are plenty. */
const MAX_ERROR_BYTES = 64 * 1024;
/** Outside text shown in an error: short, and only from a host the gate trusts. */
const MAX_REASON_CHARS = 300;

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  // "Equal jitter": between half the exponential cap and the cap, so a retry never comes back at once.
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

function buildUrl(url: string, query?: HttpRequest<unknown>["query"]): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
  return u.toString();
}

/** A URL fit for an error or a log line: no user info, no query (signed URLs carry their key there). */
function safeUrlOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

function zodPath(path: (string | number)[]): string {
  return path.length ? path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") : "(root)";
}

/** Pull a human reason out of an error body of unknown shape. */
export function describeBody(body: unknown, redact: (text: string) => string = (t) => redactText(t)): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ["message", "description", "error_description", "error", "detail", "title"]) {
    const v = b[key];
    if (typeof v === "string" && v.trim()) return truncate(redact(v), MAX_REASON_CHARS);
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>).message === "string") {
      return truncate(redact((v as Record<string, string>).message), MAX_REASON_CHARS);
    }
  }
  return undefined;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { clock, gate } = options;

  async function attemptOnce<T>(req: HttpRequest<T>, url: string, secrets: readonly string[]): Promise<HttpResponse<T>> {
    const redact = (text: string) => redactText(text, secrets);
    const timeoutMs = req.timeoutMs ?? 15_000;
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    let body = req.body;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const base = { service: req.service, method: req.method, url: redact(safeUrlOf(url)) };
    let res: GatedResponse;
    try {
      res = await gate.fetchThroughGate(url, { method: req.method, headers, body }, {
        purpose: req.access.purpose,
        allowedHosts: req.access.allowedHosts,
        credentialsHosts: req.access.credentialsHosts,
        loopbackHosts: req.access.loopbackHosts,
        maxBytes: req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        maxErrorBytes: MAX_ERROR_BYTES,
        timeoutMs,
        service: req.service,
      });
    } catch (err) {
      // The gate's refusals and size limits stand as they are; network failures are named after the service.
      if (err instanceof TimeoutError) throw new TimeoutError(`${req.service} did not answer within ${timeoutMs} ms`, { ...base, cause: undefined });
      if (err instanceof UnavailableError) throw new UnavailableError(`${req.service} could not be reached: ${redact(err.message)}`, { ...base, notSent: err.notSent });
      if (err instanceof AppError) throw err;
      throw new UnavailableError(`${req.service} could not be reached: ${redact((err as Error).message)}`, base);
    }
    const text = req.raw && res.status < 300 ? "" : res.text();
    const requestId = res.headers.get("x-request-id") ?? res.headers.get("x-shopify-request-id") ?? undefined;
    // Outside text is kept (redacted, short) only when a host the gate trusts sent it.
    const excerpt = errorExcerpt(res, 2000, secrets);
    const ctx = { ...base, status: res.status, requestId, body: excerpt };

    let parsed: unknown = undefined;
    if (text.length) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }

    const ok = res.status >= 200 && res.status < 300;
    if (!ok) {
      const trusted = res.fromAllowedHost;
      const vendor = trusted ? req.classify?.(res.status, parsed, { requestId, text, redact }) : undefined;
      if (vendor) throw vendor;
      const reason = (trusted ? (describeBody(parsed, redact) ?? errorExcerpt(res, MAX_REASON_CHARS, secrets)) : undefined) ?? (res.statusText || "no reason given");
      throw errorForStatus(res.status, `${req.service} answered ${res.status}: ${reason}`, {
        ...ctx,
        retryAfterMs: res.status === 429 ? parseRetryAfter(res.headers.get("retry-after"), clock.now()) : undefined,
      });
    }

    if (req.raw) return { status: res.status, data: res.bytes as unknown as T, headers: res.headers, attempts: 1 };
    if (text.length && parsed === undefined) {
      throw new ResponseShapeError(`${req.service} sent a response that is not JSON`, { ...ctx, path: "(root)" });
    }
    if (req.schema) {
      const result = req.schema.safeParse(parsed ?? null);
      if (!result.success) {
        const issue = result.error.issues[0];
        const path = zodPath(issue.path);
        throw new ResponseShapeError(`${req.service} response is missing or has an invalid "${path}": ${issue.message}`, { ...ctx, path });
      }
      return { status: res.status, data: result.data, headers: res.headers, attempts: 1 };
    }
    return { status: res.status, data: parsed as T, headers: res.headers, attempts: 1 };
  }

  async function request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const policy: RetryPolicy = req.retry === false ? { ...defaultRetry, maxAttempts: 1 } : { ...defaultRetry, ...req.retry };
    const limiter = req.limiter ?? unlimited;
    const url = buildUrl(req.url, req.query);
    const secrets = [...secretsOfHeaders(req.headers), ...(req.secrets ?? [])];
    const log = req.log ?? options.log;
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire();
      const started = clock.now();
      try {
        const res = await attemptOnce(req, url, secrets);
        log.debug("http.request", { service: req.service, method: req.method, url: redactText(safeUrlOf(url), secrets), status: res.status, attempt, ms: clock.now() - started });
        return { ...res, attempts: attempt };
      } catch (err) {
        if (req.unsafeToRepeat && err instanceof AppError && err.retryable && !(err instanceof RateLimitedError) && !(err instanceof UnavailableError && err.notSent)) {
          // A lookup that finds it ends the call; one that finds nothing proves nothing (the request may still be queued there).
          if (req.lookupBeforeRetry) {
            await clock.sleep(Math.max(backoffDelay(attempt, policy), policy.baseDelayMs));
            const found = await req.lookupBeforeRetry().catch(() => undefined);
            if (found !== undefined) return { status: 200, data: found, headers: new Headers(), attempts: attempt };
          }
          throw new OutcomeUnknownError(`${req.service} did not confirm the request (${err.message}): it may or may not have been carried out`, {
            service: req.service,
            method: req.method,
            url: err.url,
            status: err.status,
            requestId: err.requestId,
            cause: err,
          });
        }
        if (!(err instanceof AppError) || !err.retryable || attempt >= policy.maxAttempts) throw err;
        let wait = backoffDelay(attempt, policy);
        if (err instanceof RateLimitedError) {
          limiter.onRateLimited(err.retryAfterMs);
          if (err.retryAfterMs !== undefined) wait = Math.max(err.retryAfterMs, 0) + Math.round(Math.random() * 50);
        } else if (req.lookupBeforeRetry) {
          wait = Math.max(wait, policy.baseDelayMs);
        }
        log.warn("http.retry", { service: req.service, method: req.method, attempt, waitMs: wait, err });
        await clock.sleep(wait);
        // The create may have happened although we got no answer. Look after the backoff, not at once: a request
        // that timed out may still be queued at the server, and the wait gives it time to land before we look.
        if (req.lookupBeforeRetry && !(err instanceof RateLimitedError)) {
          const found = await req.lookupBeforeRetry();
          if (found !== undefined) return { status: 200, data: found, headers: new Headers(), attempts: attempt };
        }
      }
    }
  }

  return { request };
}
