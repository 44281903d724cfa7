import {
  AuthenticationError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  UnimplementedError,
  ValidationError,
  type AppError,
} from "../../http/errors.server";
import { truncate } from "../../http/redact.server";

// REVER's errors, by what was said: a gRPC status code in the body first (a number, or its name: REVER's page
// writes "UNIMPLEMENTED" and "InvalidArgument"), then the HTTP status (the client's errorForStatus). The body's
// shape is undocumented (docs/providers/rever.md#errors): `code`, then a name in `status` or `error.status`
// (Google's JSON error style) are read; anything else leaves the HTTP status to decide.

/** gRPC status codes by number (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC_CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

const BY_SQUASHED_NAME = new Map<string, number>(GRPC_CODE_NAMES.map((n, i) => [n.replace(/_/g, ""), i]));
BY_SQUASHED_NAME.set("CANCELED", 1);

/** 3, "3", "INVALID_ARGUMENT", "InvalidArgument", "invalid-argument" -> 3; anything else -> undefined. */
export function grpcCodeOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= 16 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  if (/^\d{1,2}$/.test(v)) return grpcCodeOf(Number(v));
  return BY_SQUASHED_NAME.get(v.toUpperCase().replace(/[^A-Z]/g, ""));
}

/** The gRPC code an error body carries, wherever a gateway may put it. */
export function grpcCodeInBody(body: unknown): number | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as { code?: unknown; status?: unknown; error?: unknown };
  const error = b.error && typeof b.error === "object" ? (b.error as { status?: unknown; code?: unknown }) : undefined;
  // `error.code` is an HTTP status in Google's style, so only its `status` name is read there.
  return grpcCodeOf(b.code) ?? (typeof b.status === "string" ? grpcCodeOf(b.status) : undefined) ?? (typeof error?.status === "string" ? grpcCodeOf(error.status) : undefined);
}

function messageIn(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as { message?: unknown; error?: unknown };
  if (typeof b.message === "string" && b.message.trim()) return b.message.trim();
  if (typeof b.error === "string" && b.error.trim()) return b.error.trim();
  const nested = b.error && typeof b.error === "object" ? (b.error as { message?: unknown }).message : undefined;
  return typeof nested === "string" && nested.trim() ? nested.trim() : undefined;
}

export interface ReverCallContext {
  /** For InvalidArgument on logistics calls: the values the merchant can change. */
  returnType?: string;
  provider?: string;
  carrier?: string;
  /** The call is a logistic order or a pickup: code 12 there means the provider (e.g. OPS) did nothing. */
  creates?: boolean;
}

export function classifyRever(callCtx: ReverCallContext = {}) {
  return (status: number, body: unknown, ctx: { requestId?: string; text: string; redact(text: string): string }): AppError | undefined => {
    const code = grpcCodeInBody(body);
    const said = messageIn(body);
    const message = said ? ctx.redact(said) : `HTTP ${status}${code !== undefined ? ` ${GRPC_CODE_NAMES[code]}` : ""}`;
    const base = { service: "rever", status, code: code ?? null, requestId: ctx.requestId, body: truncate(ctx.redact(ctx.text)) };
    const grpc = code === undefined ? "" : `gRPC code ${code} ${GRPC_CODE_NAMES[code]}`;
    switch (code) {
      case 3:
      case 11: {
        const combo = callCtx.provider
          ? ` The combination of return method ${callCtx.returnType ?? "(none)"}, provider ${callCtx.provider} and carrier ${callCtx.carrier ?? "(none)"} may not be supported: change the REVER logistics provider or default carrier in Settings, or use another return method.`
          : "";
        return new InvalidArgumentError(`REVER refused the request as invalid (${grpc}): ${message}.${combo}`, base);
      }
      case 12:
        return callCtx.creates
          ? new UnimplementedError(
              `REVER's provider ${callCtx.provider ?? "(none)"} did nothing: ${message} (${grpc}). No label or pickup was created; choose a logistics provider that generates labels in Settings (OPS does not), or upload the label manually.`,
              base,
            )
          : new UnimplementedError(`REVER does not implement this call (${grpc}): ${message}`, base);
      case 5:
        return new NotFoundError(`REVER answered not found (${grpc}): ${message}`, base);
      case 6:
        return new ConflictError(`REVER answered that it already exists (${grpc}): ${message}`, base);
      case 7:
      case 16:
        return new AuthenticationError(`REVER refused the API key (${grpc}): ${message}`, base);
      case 9:
        return new ValidationError(`REVER refused the request in the current state (${grpc}): ${message}`, base);
      default:
        // No code, or a transient one (1, 2, 4, 8, 10, 13, 14, 15): the HTTP status decides (retry, Retry-After).
        // HTTP 501 is "not implemented" whatever the body: final, never an outage to retry.
        if (status === 501) return new UnimplementedError(`REVER does not implement this call (HTTP 501): ${message}`, base);
        return undefined;
    }
  };
}
