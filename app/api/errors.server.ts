import {
  AppError,
  AuthenticationError,
  BlockedDestinationError,
  ConflictError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestRefusedError,
  ResponseShapeError,
  ResponseTooLargeError,
  TimeoutError,
  UnavailableError,
  UnimplementedError,
  ValidationError,
} from "../http/errors.server";
import type { Logger } from "../logger.server";
import type { ApiErrorBody } from "../contract/extension-api";

// How the extension API answers a failure: one JSON shape whose `message` the extension shows as it is.

/** "Not found in this shop" is a 404; a provider's own "not found" is a refusal the merchant can act on (422). */
export function statusFor(err: AppError): number {
  if (err instanceof NotFoundError) return err.service === "app" || err.service === "shopify" ? 404 : 422;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ValidationError) return err.service === "api" ? 400 : 422;
  if (err instanceof UnimplementedError) return 422;
  if (err instanceof RequestRefusedError) return 422;
  // Our credentials at a provider (or Shopify) were refused: the extension's own token was fine.
  if (err instanceof AuthenticationError) return 502;
  if (err instanceof RateLimitedError) return 429;
  if (err instanceof TimeoutError) return 504;
  if (err instanceof UnavailableError) return 503;
  if (err instanceof ResponseShapeError) return 502;
  if (err instanceof OutcomeUnknownError) return 502;
  // The provider handed us an address the app refuses to reach (internal, not https, not its host).
  if (err instanceof BlockedDestinationError) return 502;
  // Our request body was too large (413); a provider's answer was (502).
  if (err instanceof ResponseTooLargeError) return err.service === "api" ? 413 : 502;
  return 500;
}

export function errorBody(err: AppError): ApiErrorBody {
  return {
    error: {
      kind: err.kind,
      message: err.message,
      ...(err.code !== undefined && err.code !== null ? { code: err.code } : {}),
      ...(err instanceof ValidationError && err.fields ? { fields: err.fields } : {}),
      retryable: err.retryable,
      service: err.service,
    },
  };
}

export function errorResponse(err: unknown, log: Logger, context: Record<string, unknown> = {}): Response {
  if (err instanceof AppError) {
    const status = statusFor(err);
    if (status >= 500) log.warn("api.failed", { ...context, status, err });
    const headers: Record<string, string> = {};
    if (err instanceof RateLimitedError && err.retryAfterMs !== undefined) headers["retry-after"] = String(Math.ceil(err.retryAfterMs / 1000));
    // The rest of an oversized body is never read: close the connection after answering.
    if (status === 413) headers.connection = "close";
    return Response.json(errorBody(err), { status, headers });
  }
  // Unexpected: logged in full (redacted by the logger), answered without internals.
  log.error("api.crashed", { ...context, err });
  const body: ApiErrorBody = { error: { kind: "internal", message: "Something went wrong in Returns Bridge; it was logged. Try again in a moment.", retryable: true, service: "app" } };
  return Response.json(body, { status: 500 });
}
