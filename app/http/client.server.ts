import type { ZodType } from "zod";
import {
  AppError,
  RateLimitedError,
  ResponseShapeError,
  TimeoutError,
  UnavailableError,
  errorForStatus,
  type Service,
} from "./errors.server";
import { unlimited, type RateLimiter } from "./rate-limiter.server";
import { redactText, truncate } from "./redact.server";
import { log } from "../logger.server";

// The one HTTP layer for every outside call: timeout, retries with backoff + jitter on network errors,
// 429 and 5xx only (honouring Retry-After), lookup-before-retry for creates, typed errors, redaction.

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8000 };

export interface HttpRequest<T> {
  service: Service;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
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
  classify?: (status: number, body: unknown, ctx: { requestId?: string; text: string }) => AppError | undefined;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  attempts: number;
}

export type Sleep = (ms: number) => Promise<void>;
let sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Tests may replace the sleep to run retry schedules instantly. */
export function setSleep(fn: Sleep): Sleep {
  const prev = sleep;
  sleep = fn;
  return prev;
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  // Full jitter: uniformly between 0 and the exponential cap.
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

function buildUrl(url: string, query?: HttpRequest<unknown>["query"]): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
  return u.toString();
}

function zodPath(path: (string | number)[]): string {
  return path.length ? path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") : "(root)";
}

async function attemptOnce<T>(req: HttpRequest<T>, url: string): Promise<HttpResponse<T>> {
  const timeoutMs = req.timeoutMs ?? 15_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  }
  const base = { service: req.service, method: req.method, url: redactText(url) };
  let res: Response;
  let text = "";
  let bytes: Uint8Array | undefined;
  try {
    res = await fetch(url, { method: req.method, headers, body, signal: controller.signal });
    if (req.raw && res.ok) bytes = new Uint8Array(await res.arrayBuffer());
    else text = await res.text();
  } catch (err) {
    if (controller.signal.aborted) throw new TimeoutError(`${req.service} did not answer within ${timeoutMs} ms`, { ...base, cause: undefined });
    throw new UnavailableError(`${req.service} could not be reached: ${(err as Error).message}`, { ...base });
  } finally {
    clearTimeout(timer);
  }
  const requestId = res.headers.get("x-request-id") ?? res.headers.get("x-shopify-request-id") ?? undefined;
  const ctx = { ...base, status: res.status, requestId, body: truncate(redactText(text)) };

  let parsed: unknown = undefined;
  if (!req.raw || !res.ok) {
    if (text.length) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
  }

  if (!res.ok) {
    const vendor = req.classify?.(res.status, parsed, { requestId, text });
    if (vendor) throw vendor;
    const reason = describeBody(parsed) ?? (text ? truncate(redactText(text), 300) : res.statusText);
    throw errorForStatus(res.status, `${req.service} answered ${res.status}: ${reason}`, {
      ...ctx,
      retryAfterMs: res.status === 429 ? parseRetryAfter(res.headers.get("retry-after")) : undefined,
    });
  }

  if (req.raw) return { status: res.status, data: bytes as unknown as T, headers: res.headers, attempts: 1 };
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

/** Pull a human reason out of an error body of unknown shape. */
export function describeBody(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ["message", "description", "error_description", "error", "detail", "title"]) {
    const v = b[key];
    if (typeof v === "string" && v.trim()) return redactText(v);
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>).message === "string") {
      return redactText((v as Record<string, string>).message);
    }
  }
  return undefined;
}

export async function request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
  const policy: RetryPolicy = req.retry === false ? { ...defaultRetry, maxAttempts: 1 } : { ...defaultRetry, ...req.retry };
  const limiter = req.limiter ?? unlimited;
  const url = buildUrl(req.url, req.query);
  for (let attempt = 1; ; attempt++) {
    await limiter.acquire();
    const started = Date.now();
    try {
      const res = await attemptOnce(req, url);
      log.debug("http.request", { service: req.service, method: req.method, url: redactText(url), status: res.status, attempt, ms: Date.now() - started });
      return { ...res, attempts: attempt };
    } catch (err) {
      if (!(err instanceof AppError) || !err.retryable || attempt >= policy.maxAttempts) throw err;
      let wait = backoffDelay(attempt, policy);
      if (err instanceof RateLimitedError) {
        limiter.onRateLimited(err.retryAfterMs);
        if (err.retryAfterMs !== undefined) wait = Math.max(err.retryAfterMs, 0) + Math.round(Math.random() * 50);
      } else if (req.lookupBeforeRetry) {
        wait = Math.max(wait, policy.baseDelayMs);
      }
      log.warn("http.retry", { service: req.service, method: req.method, attempt, waitMs: wait, err });
      await sleep(wait);
      // The create may have happened although we got no answer. Look after the backoff, not at once: a request
      // that timed out may still be queued at the server, and the wait gives it time to land before we look.
      if (req.lookupBeforeRetry && !(err instanceof RateLimitedError)) {
        const found = await req.lookupBeforeRetry();
        if (found !== undefined) return { status: 200, data: found, headers: new Headers(), attempts: attempt };
      }
    }
  }
}
