import { InvalidJwtError, InvalidShopError } from "@shopify/shopify-api";
import type { ZodType, ZodTypeDef } from "zod";
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { EXTENSION_ENDPOINTS, type EndpointAnswers, type EndpointName } from "../contract/extension-api";
import { ENDPOINT_BODIES } from "../contract/extension-bodies";
import { ValidationError } from "../http/errors.server";
import { readBodyCapped } from "../http/request-body.server";
import type { ShopContext } from "../returns/shop-context.server";
import { runtimeOf } from "../runtime/load-context.server";
import { ensureInstalled } from "../shopify/ensure-installed.server";
import { errorResponse } from "./errors.server";

// The backend the admin extensions call: authenticate the extension's ID token with authenticate.admin
// (which also answers the CORS preflight), build the shop's context from that token, parse the body with
// zod, run the use-case, answer JSON. Every read and write below goes through the token's shop.

export interface ApiRequestContext {
  request: Request;
  shop: string;
  ctx: ShopContext;
  params: Record<string, string | undefined>;
}

type Method = "GET" | "POST";

/** A manual label (10 MB as base64) and its fields fit; anything longer is refused (413) as it streams in. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The JSON body (read with a cap) parsed with `schema`; problems become a 400 naming each field, size a 413. */
export async function parseBody<T>(request: Request, schema: ZodType<T, ZodTypeDef, unknown>): Promise<T> {
  const text = new TextDecoder().decode(await readBodyCapped(request, MAX_BODY_BYTES));
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ValidationError("The request body is not valid JSON", { service: "api" });
    }
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") || "(body)";
    fields[key] ??= issue.code === "unrecognized_keys" ? `unknown field(s): ${(issue as { keys?: string[] }).keys?.join(", ")}` : issue.message;
  }
  const [first, message] = Object.entries(fields)[0];
  throw new ValidationError(`Invalid request: ${first}: ${message}`, { service: "api", fields });
}

function unauthenticated(): Response {
  return Response.json({ error: { kind: "authentication", message: "Missing or invalid ID token: open this from the Shopify admin", retryable: false, service: "app" } }, { status: 401 });
}

export type RouteArgs = { request: Request; params: Record<string, string | undefined>; context: AppLoadContext };

type BodyOf<N extends EndpointName> = (typeof ENDPOINT_BODIES)[N] extends z.ZodTypeAny ? z.output<(typeof ENDPOINT_BODIES)[N]> : undefined;

/**
 * A JSON endpoint of the contract (app/contract/extension-api.ts): its method, its body parsed with its schema, and
 * a handler that must answer what the contract says (a drift fails the typecheck on this side too).
 */
export function apiEndpoint<N extends EndpointName>(name: N, handler: (c: ApiRequestContext & { body: BodyOf<N> }) => Promise<EndpointAnswers[N]>): (args: RouteArgs) => Promise<Response> {
  const schema = ENDPOINT_BODIES[name] as z.ZodTypeAny | null;
  return apiRoute([EXTENSION_ENDPOINTS[name].method], async (c) => handler({ ...c, body: (schema ? await parseBody(c.request, schema) : undefined) as BodyOf<N> }));
}

/** One function for both of a resource route's exports (loader: GET; action: POST and the OPTIONS preflight). */
export function apiRoute(methods: readonly Method[], handler: (c: ApiRequestContext) => Promise<unknown>): (args: RouteArgs) => Promise<Response> {
  return (args) => handleExtensionApi(args, methods, handler);
}

/**
 * Run one API call for the token's shop. `handler` returns a value (answered as JSON) or a Response
 * (answered as is, e.g. a label file); both get the CORS headers the extensions origin needs.
 */
export async function handleExtensionApi(args: RouteArgs, methods: readonly Method[], handler: (c: ApiRequestContext) => Promise<unknown>): Promise<Response> {
  const rt = runtimeOf(args.context);
  // Only the Authorization header authenticates: a session token in a URL would end up in history and logs.
  const request = args.request;
  const app = rt.shopify;
  let auth: Awaited<ReturnType<typeof app.authenticate.admin>>;
  try {
    // Requests without a token would be treated as a document load (redirects to OAuth): refuse them plainly.
    if (request.method !== "OPTIONS" && !request.headers.get("authorization")) throw withCors(unauthenticated(), request);
    if (request.method !== "OPTIONS") await ensureInstalled(rt, request);
    auth = await app.authenticate.admin(request);
  } catch (thrown) {
    // authenticate.admin answers OPTIONS (204) and bad tokens (401) with Responses that already carry CORS.
    if (thrown instanceof Response) return thrown;
    // A token whose shop is not a shop domain (or that cannot be decoded) is unauthenticated too, not a crash.
    if (thrown instanceof InvalidShopError || thrown instanceof InvalidJwtError) return withCors(unauthenticated(), request);
    return withCors(errorResponse(thrown, rt.log, { path: new URL(request.url).pathname }), request);
  }
  const { cors, session } = auth;
  let ctx: ShopContext | undefined;
  try {
    if (!(methods as readonly string[]).includes(request.method)) {
      return cors(Response.json({ error: { kind: "method", message: `${request.method} is not allowed here`, retryable: false, service: "app" } }, { status: 405, headers: { allow: methods.join(", ") } }));
    }
    ctx = rt.shop(session.shop);
    const result = await handler({ request, shop: session.shop, ctx, params: args.params });
    return cors(result instanceof Response ? result : Response.json(result));
  } catch (err) {
    // The shop context's logger knows the secrets its adapters decrypted: failures are logged through it.
    return cors(errorResponse(err, ctx?.log ?? rt.log, { shop: session.shop, path: new URL(request.url).pathname }));
  }
}

/** The same CORS headers authenticate.admin adds, for answers made before it ran. */
function withCors(response: Response, request: Request): Response {
  const origin = request.headers.get("origin");
  if (origin) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  }
  return response;
}
