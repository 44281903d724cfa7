import type http from "node:http";
import { execute, parse, type DocumentNode, type GraphQLError, type GraphQLSchema } from "graphql";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { checkDocument, checkVariables } from "./document-check";
import { readBody, sendJson } from "./http-util";
import type { LeakyBucket } from "./leaky-bucket";
import type { TokenAuthority } from "./oauth";
import type { ProtectedCustomerData } from "./protected-data";
import { fieldResolver, typeResolver, type ResolverContext } from "./resolvers";
import type { StagedUploads } from "./staged-uploads";
import { DEFAULT_SCOPES, type ShopStore } from "./store";
import type { WebhookDispatcher } from "./webhooks";
import type { FlowSimulator } from "./flow";

// POST /admin/api/2026-07/graphql.json: token check, Shopify's validation, what is not simulated, cost and
// throttling, execution on the schema subset, and Shopify's error shapes.

export const MAX_QUERY_COST = 1000;

export interface GraphqlCall {
  operationName: string | null;
  requestedQueryCost: number | null;
  throttled: boolean;
  status: number;
}

export interface GraphqlEndpoint {
  schema: GraphQLSchema;
  store: ShopStore;
  bucket: LeakyBucket;
  staged: StagedUploads;
  calls: GraphqlCall[];
  faults: Array<{ status: number; afterExecuting: boolean; operation?: string }>;
  dispatcher: WebhookDispatcher;
  tokens: TokenAuthority;
  access: () => ProtectedCustomerData;
  flow: FlowSimulator;
}

const maxCostMessage = (cost: number) =>
  `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`;

/** Errors raised while executing, in Shopify's shape; protected-data denials carry no extensions, as documented. */
function executionError(e: GraphQLError): Record<string, unknown> {
  const locations = e.locations?.map((l) => ({ line: l.line, column: l.column }));
  if (e.extensions?.shopifyBare) return { message: e.message, locations, path: e.path };
  const code = e.extensions?.code as string | undefined;
  if (!code) console.error("[shopify-sim] resolver error", e.message, e.path);
  const message = code ? e.message : "Internal error. Looks like something went wrong on our end.";
  return { message, locations, extensions: { code: code ?? "INTERNAL_SERVER_ERROR" }, path: e.path };
}

export async function handleGraphql(ep: GraphqlEndpoint, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const refusal = ep.tokens.authenticate(req.headers["x-shopify-access-token"] as string | undefined);
  if (refusal) return sendJson(res, refusal.status, refusal.body);
  // A fault aimed at one operation waits for it; the others apply to the next request, whatever it is.
  let fault = ep.faults[0] && !ep.faults[0].operation ? ep.faults.shift() : undefined;
  if (fault && !fault.afterExecuting) {
    ep.calls.push({ operationName: null, requestedQueryCost: null, throttled: false, status: fault.status });
    return sendJson(res, fault.status, { errors: "Internal Server Error" });
  }
  let body: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    body = JSON.parse((await readBody(req)).toString("utf8"));
  } catch {
    return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
  }
  if (typeof body.query !== "string" || !body.query.trim()) return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
  const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;
  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;

  let doc: DocumentNode;
  try {
    doc = parse(body.query);
  } catch (e) {
    const err = e as GraphQLError;
    ep.calls.push({ operationName: operationName ?? null, requestedQueryCost: null, throttled: false, status: 200 });
    return sendJson(res, 200, {
      errors: [{ message: `Parse error: ${err.message.replace(/^Syntax Error: /, "")}`, locations: err.locations?.map((l) => ({ line: l.line, column: l.column })) }],
    });
  }
  const verdict = checkDocument(ep.schema, doc, operationName, body.query);
  if (verdict.kind !== "ok") {
    ep.calls.push({ operationName: verdict.op?.name?.value ?? null, requestedQueryCost: null, throttled: false, status: 200 });
    return sendJson(res, 200, { errors: verdict.errors });
  }
  const op = verdict.op;
  const opName = op.name?.value ?? null;
  const aimed = fault ? -1 : ep.faults.findIndex((f) => f.operation === opName);
  if (aimed >= 0) [fault] = ep.faults.splice(aimed, 1);
  if (fault && !fault.afterExecuting && aimed >= 0) {
    ep.calls.push({ operationName: opName, requestedQueryCost: null, throttled: false, status: fault.status });
    return sendJson(res, fault.status, { errors: "Internal Server Error" });
  }
  // A shop that has not granted the app's own scopes is a different shop than the one modelled.
  const missing = DEFAULT_SCOPES.filter((s) => !ep.store.scopes.has(s));
  if (missing.length) {
    ep.calls.push({ operationName: opName, requestedQueryCost: null, throttled: false, status: 200 });
    return sendJson(res, 200, { errors: [{ message: `not simulated: requests without the ${missing.join(", ")} scope`, extensions: { code: "NOT_SIMULATED" } }] });
  }
  const requested = requestedQueryCost(ep.schema, doc, operationName, variables);
  const cost = (actual: number | null) => ({ cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: ep.bucket.status() } });
  if (requested > MAX_QUERY_COST) {
    ep.calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: 200 });
    return sendJson(res, 200, { errors: [{ message: maxCostMessage(requested), extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST } }], extensions: cost(null) });
  }
  ep.bucket.refill();
  if (ep.bucket.available < requested) {
    ep.calls.push({ operationName: opName, requestedQueryCost: requested, throttled: true, status: 200 });
    return sendJson(res, 200, { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: cost(null) });
  }
  const vars = checkVariables(ep.schema, op, variables);
  if (vars.invalid) {
    ep.calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: 200 });
    return sendJson(res, 200, { errors: vars.invalid, extensions: cost(null) });
  }
  if (vars.notSimulated) {
    ep.calls.push({ operationName: opName, requestedQueryCost: null, throttled: false, status: 200 });
    return sendJson(res, 200, { errors: vars.notSimulated });
  }
  ep.bucket.available -= requested;
  const ctx: ResolverContext = { store: ep.store, staged: ep.staged, events: [], access: ep.access(), flow: ep.flow };
  const result = await execute({ schema: ep.schema, document: doc, operationName, variableValues: variables, contextValue: ctx, fieldResolver, typeResolver });
  const actual = Math.min(requested, actualQueryCost(ep.schema, doc, operationName, variables, result.data as Record<string, unknown>));
  ep.bucket.available = Math.min(ep.bucket.max, ep.bucket.available + (requested - actual));
  if (ctx.events.length && op.operation === "mutation") ep.dispatcher.emit(ctx.events);
  if (fault?.afterExecuting) {
    ep.calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: fault.status });
    return sendJson(res, fault.status, { errors: "Internal Server Error" });
  }
  ep.calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: 200 });
  const out: Record<string, unknown> = {};
  if (result.errors?.length) out.errors = result.errors.map(executionError);
  out.data = result.data ?? null;
  out.extensions = cost(actual);
  sendJson(res, 200, out);
}
