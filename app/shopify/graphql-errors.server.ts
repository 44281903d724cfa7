import { z } from "zod";
import {
  AppError,
  AuthenticationError,
  NotFoundError,
  RateLimitedError,
  RequestRefusedError,
  ResponseShapeError,
  UnavailableError,
  ValidationError,
} from "../http/errors.server";

// What Shopify answers besides data: top-level errors, mutation userErrors, and data that does not have the
// shape an operation expects. Each becomes one typed error naming what was wrong.

export const graphqlErrorSchema = z
  .object({
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

export type GraphqlErrorShape = z.infer<typeof graphqlErrorSchema>;

/**
 * A field Shopify refused while answering the rest of the query: protected customer data the app is not approved
 * for (no code, "This app is not approved to access the Customer object. ...", as shown in
 * https://shopify.dev/docs/apps/launch/protected-customer-data) or ACCESS_DENIED
 * (https://shopify.dev/docs/api/usage/response-codes). Anything else is a failure, not a partial answer.
 */
export function isFieldRefusal(e: GraphqlErrorShape): boolean {
  if (!e.path?.length) return false;
  const code = e.extensions?.code;
  return code === "ACCESS_DENIED" || (code === undefined && /\bnot approved to access\b/i.test(e.message));
}

/** The refused fields of a partial answer as dotted paths ("order.shippingAddress.address1"). */
export function refusedPaths(fieldErrors: GraphqlErrorShape[] | undefined): string[] {
  return (fieldErrors ?? []).map((e) => (e.path ?? []).join("."));
}

/**
 * The object at `root` of a partial answer with its refused paths; null when Shopify has no such object; a
 * RefusedFieldsError when a refusal below it nulled it (GraphQL nulls the nearest nullable parent of a non-null field).
 */
export function withRefusals<T extends object>(operation: string, root: string, value: T | null | undefined, fieldErrors: GraphqlErrorShape[] | undefined): (T & { refused: string[] }) | null {
  if (value) return { ...value, refused: refusedPaths(fieldErrors) };
  const below = (fieldErrors ?? []).filter((e) => e.path?.[0] === root);
  if (below.length) throw new RefusedFieldsError(operation, refusedPaths(below), below.map((e) => e.message));
  return null;
}

/**
 * Shopify refused a non-null field the object cannot exist without (a return's order the app may not read), so
 * the whole object came back null: it exists, but this app may not read it. Not a NotFoundError.
 */
export class RefusedFieldsError extends RequestRefusedError {
  readonly refused: string[];
  constructor(operation: string, refused: string[], messages: string[]) {
    super(`Shopify ${operation}: refused ${refused.join(", ")}: ${messages.join("; ")}`, { service: "shopify", code: "FIELD_REFUSED" });
    this.refused = refused;
  }
}

/** Top-level GraphQL `errors` become one typed error (the first decides the class). */
export function toTopLevelError(errors: GraphqlErrorShape[], ctx: { operationName?: string; endpoint?: string }): AppError {
  const first = errors[0];
  const code = first.extensions?.code;
  const what = ctx.operationName ?? "request";
  const message = `Shopify ${what}: ${errors.map((e) => e.message).join("; ")}`;
  const base = { service: "shopify" as const, url: ctx.endpoint, code: code ?? null, body: JSON.stringify(errors).slice(0, 2000) };
  switch (code) {
    case "RESOURCE_NOT_FOUND":
    case "NOT_FOUND":
      return new NotFoundError(message, base);
    case "ACCESS_DENIED":
    case "UNAUTHORIZED":
      return new AuthenticationError(message, base);
    case "THROTTLED":
      return new RateLimitedError(message, base);
    case "INTERNAL_SERVER_ERROR":
    case "SERVICE_UNAVAILABLE":
      return new UnavailableError(message, base);
    case "MAX_COST_EXCEEDED":
    case "BAD_REQUEST":
    case undefined:
      return new ValidationError(message, base);
    default:
      // graphql-ruby static validation codes (undefinedField, argumentNotAccepted...) are our bugs: terminal.
      return /^[a-z]/.test(code) ? new ValidationError(message, base) : new RequestRefusedError(message, base);
  }
}

export const userErrorSchema = z
  .object({
    field: z.array(z.string()).nullable().optional(),
    message: z.string(),
    code: z.string().nullable().optional(),
  })
  .passthrough();
export interface ShopifyUserError {
  field?: readonly string[] | null;
  message: string;
  code?: string | null;
}

/** Mutation `userErrors` (whose `code` may be null) become a typed error naming every field. */
export function throwIfUserErrors(mutation: string, userErrors: readonly ShopifyUserError[] | null | undefined): void {
  if (!userErrors?.length) return;
  const fields: Record<string, string> = {};
  for (const e of userErrors) {
    const key = e.field?.length ? e.field.join(".") : "(base)";
    fields[key] = fields[key] ? `${fields[key]}; ${e.message}` : e.message;
  }
  const code = userErrors.find((e) => e.code)?.code ?? null;
  const message = `Shopify ${mutation} refused: ${userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ")}`;
  if (userErrors.every((e) => e.code === "NOT_FOUND")) throw new NotFoundError(message, { service: "shopify", code });
  throw new ValidationError(message, { service: "shopify", code, fields });
}

/** Parse `data` of a document codegen does not type (the simulator's seed) with a schema; a mismatch names the field. */
export function parseData<S extends z.ZodTypeAny>(operation: string, schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map((p: string | number) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") || "(root)";
  throw new ResponseShapeError(`Shopify ${operation} response is missing or has an invalid "${path}": ${issue.message}`, {
    service: "shopify",
    path,
  });
}

/** A mutation that reported no userErrors must still return its object; otherwise the answer is malformed. */
export function requirePayload<T>(operation: string, value: T | null | undefined, path: string): T {
  if (value === null || value === undefined) {
    throw new ResponseShapeError(`Shopify ${operation} returned no ${path}`, { service: "shopify", path });
  }
  return value;
}
