import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  GraphQLError,

  buildSchema,
  execute,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { fieldResolver, typeResolver, type ResolverContext } from "./resolvers";
import { StagedUploads } from "./staged-uploads";
import { ShopStore, type StoreOptions } from "./store";
import { WebhookDispatcher, type DeliveredWebhook, type DeliveryMode } from "./webhooks";

// A Shopify Admin API stand-in over real HTTP: POST /admin/api/2026-07/graphql.json executed by graphql-js
// on the schema subset kept beside this file, with Shopify's cost, throttling, error shapes, staged
// uploads and signed webhooks. It reads nothing outside the project.

export const SIM_API_VERSION = "2026-07";
export const MAX_QUERY_COST = 1000;

let cachedSchema: GraphQLSchema | undefined;
export function simulatorSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(fs.readFileSync(new URL("./schema.graphql", import.meta.url), "utf8"));
  return cachedSchema;
}

export interface ShopifySimulatorOptions extends StoreOptions {
  /** The app's client secret: signs webhooks. */
  apiSecret: string;
  /** Where the app listens; webhook paths are resolved against it. */
  appUrl: string;
  accessToken: string;
  shop: string;
  /** Points restored per second (Standard 100, Plus 1000). */
  restoreRate?: number;
  bucketSize?: number;
  /** topic -> path, usually `readWebhookPaths("shopify.app.toml")`. */
  webhookPaths?: Record<string, string>;
  webhookAnswerTimeoutMs?: number;
  webhookRetryDelayMs?: (attempt: number) => number;
  webhookMaxAttempts?: number;
  port?: number;
}

export interface GraphqlCall {
  operationName: string | null;
  requestedQueryCost: number | null;
  throttled: boolean;
  status: number;
}

export interface ShopifySimulator {
  url: string;
  close(): Promise<void>;
  store: ShopStore;
  /** Change the leaky bucket: e.g. `{ currentlyAvailable: 0 }` to start empty. */
  setThrottle(t: { restoreRate?: number; bucketSize?: number; currentlyAvailable?: number }): void;
  throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  /**
   * Answer the next `count` GraphQL requests with this HTTP status (default 502). With `afterExecuting`
   * the request is executed first (the change happens) and only the answer is lost, like a timeout.
   */
  failNext(count: number, status?: number, opts?: { afterExecuting?: boolean }): void;
  /** Every GraphQL request served, in order. */
  calls: GraphqlCall[];
  webhooks: {
    setMode(mode: DeliveryMode): void;
    flush(): Promise<void>;
    delivered: DeliveredWebhook[];
  };
  staged: StagedUploads;
}

class LeakyBucket {
  available: number;
  private last = Date.now();
  constructor(
    public max: number,
    public restoreRate: number,
  ) {
    this.available = max;
  }
  refill(now = Date.now()): void {
    this.available = Math.min(this.max, this.available + ((now - this.last) / 1000) * this.restoreRate);
    this.last = now;
  }
  status() {
    this.refill();
    return { maximumAvailable: this.max, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}

/** graphql-js validation messages rewritten to the wording and codes Shopify (graphql-ruby) answers with. */
export function shopifyValidationError(e: GraphQLError, doc: DocumentNode): Record<string, unknown> {
  const op = getOperationAST(doc);
  const opLabel = op ? `${op.operation}${op.name ? ` ${op.name.value}` : ""}` : "query";
  const locations = e.locations?.map((l) => ({ line: l.line, column: l.column }));
  let m: RegExpExecArray | null;
  const out = (message: string, extensions: Record<string, unknown>) => ({ message, locations, path: [opLabel], extensions });
  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message)))
    return out(`Field '${m[1]}' doesn't exist on type '${m[2]}'`, { code: "undefinedField", typeName: m[2], fieldName: m[1] });
  if ((m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(e.message)))
    return out(`Field '${m[3]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] });
  if ((m = /^Field "(\w+)\.(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./.exec(e.message)))
    return out(`Field '${m[2]}' is missing required arguments: ${m[3]}`, { code: "missingRequiredArguments", className: "Field", name: m[2], arguments: m[3] });
  if ((m = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(e.message)))
    return out(`Field must have selections (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`, {
      code: "selectionMismatch",
      nodeName: `field '${m[1]}'`,
      typeName: m[2].replace(/[[\]!]/g, ""),
    });
  if ((m = /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./.exec(e.message)))
    return out(`Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has selections)`, {
      code: "selectionMismatch",
      nodeName: `field '${m[1]}'`,
      typeName: m[2].replace(/[[\]!]/g, ""),
    });
  if ((m = /^Variable "\$(\w+)" is never used/.exec(e.message)))
    return out(`Variable $${m[1]} is declared by ${op?.name?.value ?? "anonymous query"} but not used`, { code: "variableNotUsed", variableName: m[1] });
  if ((m = /^Variable "\$(\w+)" is not defined/.exec(e.message)))
    return out(`Variable $${m[1]} is used by ${op?.name?.value ?? "anonymous query"} but not declared`, { code: "variableNotDefined", variableName: m[1] });
  if ((m = /^Unknown type "(\w+)"/.exec(e.message))) return out(`No such type ${m[1]}, so it can't be a fragment condition`, { code: "undefinedType", typeName: m[1] });
  if ((m = /^Value "(.+)" does not exist in "(\w+)" enum/.exec(e.message)) || (m = /^Enum "(\w+)" cannot represent/.exec(e.message)))
    return out(e.message.replace(/"/g, "'"), { code: "argumentLiteralsIncompatible" });
  return out(e.message.replace(/"/g, "'"), { code: "validationError" });
}

/** Variable coercion failures, in graphql-ruby's shape ("was provided invalid value" + problems). */
function shopifyVariableError(e: GraphQLError): Record<string, unknown> {
  const m = /^Variable "\$(\w+)" (?:got invalid value (.*?)(?: at "([^"]+)")?; |of required type "(.+)" was not provided)(.*)$/s.exec(e.message);
  const name = m?.[1] ?? "variable";
  const path = m?.[3] ? m[3].split(/\.|\[|\]/).filter(Boolean).slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  const explanation = (m?.[5] || e.message).trim();
  return {
    message: `Variable $${name} of type ${m?.[4] ?? "input"} was provided invalid value${path.length ? ` for ${path.join(".")}` : ""} (${explanation})`,
    locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
    extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path, explanation }] },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage, limit = 20 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startShopifySimulator(opts: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const schema = simulatorSchema();
  const store = new ShopStore(opts);
  const bucket = new LeakyBucket(opts.bucketSize ?? 1000, opts.restoreRate ?? 100);
  const staged = new StagedUploads(opts.apiSecret);
  const calls: GraphqlCall[] = [];
  const faults: Array<{ status: number; afterExecuting: boolean }> = [];
  const dispatcher = new WebhookDispatcher({
    apiSecret: opts.apiSecret,
    appUrl: opts.appUrl,
    shop: opts.shop,
    paths: opts.webhookPaths ?? {},
    answerTimeoutMs: opts.webhookAnswerTimeoutMs,
    retryDelayMs: opts.webhookRetryDelayMs,
    maxAttempts: opts.webhookMaxAttempts,
    now: opts.now,
  });
  const graphqlPath = `/admin/api/${SIM_API_VERSION}/graphql.json`;

  async function graphql(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers["x-shopify-access-token"] !== opts.accessToken) {
      return sendJson(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    const fault = faults.shift();
    if (fault && !fault.afterExecuting) {
      calls.push({ operationName: null, requestedQueryCost: null, throttled: false, status: fault.status });
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
      calls.push({ operationName: operationName ?? null, requestedQueryCost: null, throttled: false, status: 200 });
      return sendJson(res, 200, {
        errors: [{ message: `Parse error: ${err.message.replace(/^Syntax Error: /, "")}`, locations: err.locations?.map((l) => ({ line: l.line, column: l.column })) }],
      });
    }
    const op = getOperationAST(doc, operationName);
    const validationErrors = validate(schema, doc);
    if (validationErrors.length || !op) {
      calls.push({ operationName: op?.name?.value ?? null, requestedQueryCost: null, throttled: false, status: 200 });
      const errs = validationErrors.length ? validationErrors.map((e) => shopifyValidationError(e, doc)) : [{ message: "An operation name is required", extensions: { code: "operationNameRequired" } }];
      return sendJson(res, 200, { errors: errs });
    }
    const opName = op.name?.value ?? null;
    const requested = requestedQueryCost(schema, doc, operationName, variables);
    if (requested > MAX_QUERY_COST) {
      calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: 200 });
      return sendJson(res, 200, {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      });
    }
    bucket.refill();
    if (bucket.available < requested) {
      calls.push({ operationName: opName, requestedQueryCost: requested, throttled: true, status: 200 });
      return sendJson(res, 200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      });
    }
    bucket.available -= requested;
    const ctx: ResolverContext = { store, staged, events: [] };
    const result = await execute({ schema, document: doc, operationName, variableValues: variables, contextValue: ctx, fieldResolver, typeResolver });
    const coercionFailed = !result.data && result.errors?.length;
    const actual = coercionFailed ? 0 : Math.min(requested, actualQueryCost(schema, doc, operationName, variables, result.data as Record<string, unknown>));
    bucket.available = Math.min(bucket.max, bucket.available + (requested - actual));
    if (ctx.events.length && op.operation === "mutation") dispatcher.emit(ctx.events);
    if (fault?.afterExecuting) {
      calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: fault.status });
      return sendJson(res, fault.status, { errors: "Internal Server Error" });
    }
    calls.push({ operationName: opName, requestedQueryCost: requested, throttled: false, status: 200 });
    const out: Record<string, unknown> = {};
    if (result.errors?.length) {
      out.errors = result.errors.map((e) => {
        if (coercionFailed) return shopifyVariableError(e);
        const code = (e.extensions?.code as string | undefined) ?? "INTERNAL_SERVER_ERROR";
        const message = code === "INTERNAL_SERVER_ERROR" && !e.extensions?.code ? `Internal error. Looks like something went wrong on our end.` : e.message;
        if (code === "INTERNAL_SERVER_ERROR" && !e.extensions?.code) console.error("[shopify-sim] resolver error", e.message, e.path);
        return { message, locations: e.locations?.map((l) => ({ line: l.line, column: l.column })), extensions: { code }, path: e.path };
      });
    }
    if (!coercionFailed) out.data = result.data ?? null;
    out.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: coercionFailed ? null : actual, throttleStatus: bucket.status() } };
    sendJson(res, 200, out);
  }

  async function stagedUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const bytes = await readBody(req);
    if (req.method === "PUT") {
      const key = decodeURIComponent(url.pathname.slice("/staged-uploads/".length));
      if (!staged.validSignature(key, url.searchParams.get("x-sim-signature"))) return sendJson(res, 403, { error: "SignatureDoesNotMatch" });
      if (!staged.store(key, new Uint8Array(bytes))) return sendJson(res, 404, { error: "NoSuchUpload" });
      res.writeHead(200).end();
      return;
    }
    const form = await new Request("http://local/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: new Uint8Array(bytes) }).formData();
    const key = String(form.get("key") ?? "");
    if (!staged.validSignature(key, form.get("x-sim-signature") as string | null)) return sendJson(res, 403, { error: "SignatureDoesNotMatch" });
    const file = form.get("file");
    if (!file || typeof file === "string") return sendJson(res, 400, { error: "file field missing" });
    if (!staged.store(key, new Uint8Array(await file.arrayBuffer()))) return sendJson(res, 404, { error: "NoSuchUpload" });
    res.writeHead(201, { "content-type": "application/xml" }).end(`<PostResponse><Key>${key}</Key></PostResponse>`);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handle = async () => {
      if (req.method === "POST" && url.pathname === graphqlPath) return graphql(req, res);
      if (url.pathname.startsWith("/admin/api/") && url.pathname.endsWith("/graphql.json")) return sendJson(res, 404, { errors: "Not Found" });
      if ((req.method === "POST" && url.pathname === "/staged-uploads") || (req.method === "PUT" && url.pathname.startsWith("/staged-uploads/"))) return stagedUpload(req, res, url);
      if (req.method === "GET" && url.pathname.startsWith("/staged-files/")) {
        const f = staged.files.get(decodeURIComponent(url.pathname.slice("/staged-files/".length)));
        if (!f?.bytes) return sendJson(res, 404, { error: "NoSuchKey" });
        res.writeHead(200, { "content-type": f.mimeType, "content-length": f.bytes.byteLength });
        res.end(Buffer.from(f.bytes));
        return;
      }
      sendJson(res, 404, { errors: "Not Found" });
    };
    handle().catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { errors: `Internal Server Error: ${(err as Error).message}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  staged.origin = url;

  return {
    url,
    store,
    staged,
    calls,
    close: async () => {
      dispatcher.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setThrottle: (t) => {
      bucket.refill();
      if (t.bucketSize !== undefined) bucket.max = t.bucketSize;
      if (t.restoreRate !== undefined) bucket.restoreRate = t.restoreRate;
      if (t.currentlyAvailable !== undefined) bucket.available = t.currentlyAvailable;
      bucket.available = Math.min(bucket.available, bucket.max);
    },
    throttleStatus: () => bucket.status(),
    failNext: (count, status = 502, o = {}) => {
      for (let i = 0; i < count; i++) faults.push({ status, afterExecuting: Boolean(o.afterExecuting) });
    },
    webhooks: {
      setMode: (m) => dispatcher.setMode(m),
      flush: () => dispatcher.flush(),
      delivered: dispatcher.delivered,
    },
  };
}


