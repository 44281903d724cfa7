import { AppError, type Service } from "./errors.server";
import { describeReason, type BlockedReason } from "./address-class.server";

// Errors of the outbound gate. Both are terminal: asking again reaches the same refused place or size.

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
function shortHost(host: string): string {
  return host.length > 253 ? `${host.slice(0, 253)}…` : host;
}

/** An outbound connection refused by the gate, before any byte was sent to that destination. */
export class BlockedDestinationError extends AppError {
  readonly kind = "blocked_destination";
  override readonly retryable = false;
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

/** A body larger than the caller's cap; refused before more than the cap was held in memory. */
export class ResponseTooLargeError extends AppError {
  readonly kind = "too_large";
  override readonly retryable = false;
  readonly limit: number;

  constructor(host: string, limit: number, ctx: { service: Service; url?: string; status?: number; declared?: number }) {
    const said = ctx.declared === undefined ? "" : ` (it announced ${ctx.declared})`;
    super(`${shortHost(host)} sent a body larger than ${limit} bytes${said}`, { service: ctx.service, url: ctx.url, status: ctx.status });
    this.limit = limit;
  }
}

/** Find a gate refusal anywhere in a cause chain (fetch wraps connector errors in `TypeError: fetch failed`). */
export function findBlocked(err: unknown): BlockedDestinationError | undefined {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BlockedDestinationError) return e;
  }
  return undefined;
}
