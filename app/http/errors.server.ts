import { describeReason, type BlockedReason } from "./address-class.server";

// The one error hierarchy for every outside call (providers, Shopify, file downloads, the outbound gate).
// Built only here so callers can rely on `instanceof` and on `retryable` / `terminal`.

export type Service = "shopify" | "ifreturns" | "rever" | "download" | "upload" | (string & {});

export interface ErrorContext {
  service: Service;
  method?: string;
  url?: string;
  status?: number;
  requestId?: string;
  /** Response body, already redacted and truncated. */
  body?: string;
  /** Machine code from the vendor (REVER gRPC code, Shopify userError code...). */
  code?: string | number | null;
  cause?: unknown;
}

export abstract class AppError extends Error {
  abstract readonly kind: string;
  /** Safe to retry the same request later (network, 429, 5xx). */
  readonly retryable: boolean = false;
  readonly service: Service;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly body?: string;
  readonly code?: string | number | null;

  constructor(message: string, ctx: ErrorContext) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = new.target.name;
    this.service = ctx.service;
    this.method = ctx.method;
    this.url = ctx.url;
    this.status = ctx.status;
    this.requestId = ctx.requestId;
    this.body = ctx.body;
    this.code = ctx.code;
  }

  /** A plain object safe to show to a merchant or store in a row (no secrets, no stack). */
  toJSON() {
    return {
      kind: this.kind,
      message: this.message,
      service: this.service,
      status: this.status,
      code: this.code ?? undefined,
      requestId: this.requestId,
    };
  }
}

/** 401/403: bad or revoked credentials. Terminal: fix the settings. */
export class AuthenticationError extends AppError {
  readonly kind = "authentication";
}

/** 400/422 or a vendor validation code: what we sent was refused. Terminal. */
export class ValidationError extends AppError {
  readonly kind: string = "validation";
  readonly fields?: Record<string, string>;
  constructor(message: string, ctx: ErrorContext & { fields?: Record<string, string> }) {
    super(message, ctx);
    this.fields = ctx.fields;
  }
}

/** REVER gRPC code 3: the return method / provider / carrier combination is not supported. */
export class InvalidArgumentError extends ValidationError {
  override readonly kind = "invalid_argument";
}

/** 404 or RESOURCE_NOT_FOUND. Terminal. */
export class NotFoundError extends AppError {
  readonly kind = "not_found";
}

/** 409: the resource already exists (used by creates that collide). Terminal for the call. */
export class ConflictError extends AppError {
  readonly kind = "conflict";
}

/** REVER gRPC code 12: the provider (e.g. OPS) did nothing. Terminal. */
export class UnimplementedError extends AppError {
  readonly kind = "unimplemented";
}

/** 429 or Shopify THROTTLED. Retryable after `retryAfterMs` when the server said so. */
export class RateLimitedError extends AppError {
  readonly kind = "rate_limited";
  override readonly retryable = true;
  readonly retryAfterMs?: number;
  constructor(message: string, ctx: ErrorContext & { retryAfterMs?: number }) {
    super(message, ctx);
    this.retryAfterMs = ctx.retryAfterMs;
  }
}

/** 5xx, network failure or timeout. Retryable; a create may or may not have happened, unless `notSent`. */
export class UnavailableError extends AppError {
  readonly kind: string = "unavailable";
  override readonly retryable = true;
  /** The connection failed before the request was sent (refused, unknown host): nothing happened there. */
  readonly notSent: boolean;
  constructor(message: string, ctx: ErrorContext & { notSent?: boolean }) {
    super(message, ctx);
    this.notSent = ctx.notSent ?? false;
  }
}

/**
 * A request that must not be sent twice (a pickup booking) got no clear answer: a timeout, a 5xx, a connection
 * lost after sending. It may or may not have happened, and nothing we may read tells: the caller decides.
 */
export class OutcomeUnknownError extends AppError {
  readonly kind = "outcome_unknown";
}

export class TimeoutError extends UnavailableError {
  override readonly kind = "timeout";
}

/** The response arrived but does not carry what we need. Names the field. */
export class ResponseShapeError extends AppError {
  readonly kind = "response_shape";
  override readonly retryable = true;
  readonly path: string;
  constructor(message: string, ctx: ErrorContext & { path: string }) {
    super(message, ctx);
    this.path = ctx.path;
  }
}

/** A body larger than the caller allows: refused before more than the cap was in memory. Terminal (it will not shrink). */
export class ResponseTooLargeError extends AppError {
  readonly kind = "too_large";
  /** The cap that was crossed, in bytes. */
  readonly limit?: number;
  constructor(message: string, ctx: ErrorContext & { limit?: number }) {
    super(message, ctx);
    this.limit = ctx.limit;
  }
}

export type BlockedCause =
  | BlockedReason
  | "bad_url"
  | "scheme"
  | "not_https"
  | "host_not_allowed"
  | "port_not_allowed"
  | "credentials_in_url"
  | "redirect_limit"
  | "bad_redirect";

const CAUSE_WORDS: Partial<Record<BlockedCause, string>> = {
  bad_url: "the URL is not valid",
  scheme: "only http(s) URLs are fetched",
  not_https: "only https is allowed for this host",
  host_not_allowed: "the host is not on the allowed list",
  port_not_allowed: "the port is not allowed",
  credentials_in_url: "URLs carrying a user name or password are refused",
  redirect_limit: "too many redirects",
  bad_redirect: "the redirect has no valid location",
};

/** Attacker-chosen names can be long: keep the message short. */
export function shortHost(host: string): string {
  return host.length > 253 ? `${host.slice(0, 253)}…` : host;
}

/** An outbound connection refused by the gate, before any byte was sent to that destination. Terminal. */
export class BlockedDestinationError extends AppError {
  readonly kind = "blocked_destination";
  readonly host: string;
  readonly reason: BlockedCause;
  /** The resolved address that was refused, when the refusal came from the address. */
  readonly address?: string;

  constructor(host: string, reason: BlockedCause, ctx: { service: Service; address?: string; url?: string }) {
    const words = CAUSE_WORDS[reason] ?? `it resolves to ${describeReason(reason as BlockedReason)}`;
    const where = ctx.address && ctx.address !== host ? `${shortHost(host)} (${ctx.address})` : shortHost(host);
    super(`Refused to connect to ${where}: ${words}`, { service: ctx.service, url: ctx.url });
    this.host = host;
    this.reason = reason;
    this.address = ctx.address;
  }

  /** The same refusal attributed to the caller's service (the connector does not know it). */
  forService(service: Service, url?: string): BlockedDestinationError {
    return new BlockedDestinationError(this.host, this.reason, { service, address: this.address, url: url ?? this.url });
  }
}

/** Find a gate refusal anywhere in a cause chain (fetch wraps connector errors in `TypeError: fetch failed`). */
export function findBlocked(err: unknown): BlockedDestinationError | undefined {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BlockedDestinationError) return e;
  }
  return undefined;
}

/** Any other 4xx we do not classify. Terminal. */
export class RequestRefusedError extends AppError {
  readonly kind = "refused";
}

export function isRetryable(err: unknown): boolean {
  return err instanceof AppError && err.retryable;
}

/** Terminal errors must be recorded and not retried by jobs. */
export function isTerminal(err: unknown): boolean {
  return err instanceof AppError && !err.retryable;
}

/** Build the right error class for an HTTP status. Vendors may pre-classify by body (see `classify`). */
export function errorForStatus(status: number, message: string, ctx: ErrorContext & { retryAfterMs?: number }): AppError {
  const full = { ...ctx, status };
  if (status === 401 || status === 403) return new AuthenticationError(message, full);
  if (status === 404) return new NotFoundError(message, full);
  if (status === 409) return new ConflictError(message, full);
  if (status === 429) return new RateLimitedError(message, full);
  if (status === 400 || status === 422) return new ValidationError(message, full);
  if (status >= 500) return new UnavailableError(message, full);
  return new RequestRefusedError(message, full);
}
