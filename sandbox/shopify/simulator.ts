import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, type GraphQLSchema } from "graphql";
import { SimClock } from "./clock";
import { handleGraphql, type GraphqlCall } from "./graphql-endpoint";
import { sendJson } from "./http-util";
import { LeakyBucket } from "./leaky-bucket";
import { TokenAuthority, handleTokenRequest, type TokenMode, type TokenStats } from "./oauth";
import { FULL_ACCESS, type ProtectedCustomerData } from "./protected-data";
import { StagedUploads, handleStagedUpload } from "./staged-uploads";
import { ShopStore, type StoreOptions } from "./store";
import { WebhookDispatcher, type DeliveredWebhook, type DeliveryMode } from "./webhooks";
import { FlowSimulator, type FlowOptions } from "./flow";

// A Shopify Admin API stand-in over real HTTP for one shop: POST /admin/api/2026-07/graphql.json executed by
// graphql-js on the schema subset kept beside this file, POST /admin/oauth/access_token, Shopify's cost,
// throttling and error shapes, staged uploads and signed webhooks, all on a clock tests can move.
// It reads nothing outside the project.

export const SIM_API_VERSION = "2026-07";
export { MAX_QUERY_COST, type GraphqlCall } from "./graphql-endpoint";

let cachedSchema: GraphQLSchema | undefined;
export function simulatorSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(fs.readFileSync(new URL("./schema.graphql", import.meta.url), "utf8"));
  return cachedSchema;
}

export interface ShopifySimulatorOptions extends StoreOptions {
  /** The app's client secret: signs webhooks, verifies session tokens, authenticates token requests. */
  apiSecret: string;
  /** The app's client id (`aud` of session tokens, `client_id` of token requests); without it the token endpoint refuses every request. */
  apiKey?: string;
  /** Where the app listens; webhook paths are resolved against it. */
  appUrl: string;
  /** `tokens: "legacy"` only: a non-expiring offline token the shop starts with (an install from before expiring tokens). */
  accessToken?: string;
  /**
   * A token of another app on the shop, one the merchant made in the admin: the tests act as the merchant through
   * it. Custom and merchant-made apps keep non-expiring tokens ("These requirements don't apply to custom apps or
   * apps created by merchants", https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens),
   * and this app's tokens (issued, refreshed, revoked on uninstall) never affect it.
   */
  merchantToken?: string;
  shop: string;
  /**
   * "expiring" (default, what Shopify requires of public apps): only expiring tokens work; non-expiring ones
   * answer 403, as for public apps after Shopify's cut-over. "legacy": the fixed `accessToken` works until
   * revoked or replaced by an expiring token, besides issued tokens (an install from before expiring tokens).
   */
  tokens?: TokenMode;
  /** The shop's approval for protected customer data (default: level 2 with name, email, phone and address). */
  protectedCustomerData?: ProtectedCustomerData;
  /** Points restored per second (Standard 100, Plus 1000). */
  restoreRate?: number;
  bucketSize?: number;
  /** topic -> path, usually `readWebhookPaths("shopify.app.toml")`. */
  webhookPaths?: Record<string, string>;
  webhookAnswerTimeoutMs?: number;
  webhookRetryDelayMs?: (attempt: number) => number;
  webhookMaxAttempts?: number;
  /** Where the app's extensions live: Flow triggers and actions are read from their TOML (default: the project's extensions/). */
  flowExtensionsDir?: string;
  /** Flow action delivery (answer timeout, retry delays) for tests. */
  flowAction?: Pick<FlowOptions, "answerTimeoutMs" | "retryDelayMs" | "maxAttempts">;
  port?: number;
}

export interface ShopifySimulator {
  url: string;
  close(): Promise<void>;
  store: ShopStore;
  /** The simulator's time: `advance(ms)` ages tokens and orders without waiting. */
  clock: SimClock;
  /** Change the leaky bucket: e.g. `{ currentlyAvailable: 0 }` to start empty. */
  setThrottle(t: { restoreRate?: number; bucketSize?: number; currentlyAvailable?: number }): void;
  throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  /**
   * Answer the next `count` GraphQL requests with this HTTP status (default 502). With `afterExecuting`
   * the request is executed first (the change happens) and only the answer is lost, like a timeout. With
   * `operation`, the fault waits for that operation's next request.
   */
  failNext(count: number, status?: number, opts?: { afterExecuting?: boolean; operation?: string }): void;
  /**
   * Network fault: the next successful grant of this type (e.g. "refresh_token") is made, then the connection is
   * reset before its answer, so the app never learns the new tokens.
   */
  loseNextGrantAnswer(grantType: string): void;
  /** How many grant answers `loseNextGrantAnswer` has lost so far. */
  lostGrantAnswers(): number;
  /** The app is uninstalled from the shop: every access and refresh token stops working, the fixed one too. */
  revokeTokens(shop?: string): void;
  tokenStats(): TokenStats;
  /** Grant or withdraw scopes (e.g. add `read_all_orders` to lift the 60-day window). */
  setScopes(scopes: string[]): void;
  /** Change the shop's protected customer data approval. */
  setProtectedCustomerData(access: ProtectedCustomerData): void;
  /** Every GraphQL request served, in order. */
  calls: GraphqlCall[];
  webhooks: {
    setMode(mode: DeliveryMode): void;
    flush(): Promise<void>;
    delivered: DeliveredWebhook[];
  };
  staged: StagedUploads;
  /** Shopify Flow: triggers the app started (flowTriggerReceive) and the app's actions, run as a workflow would. */
  flow: FlowSimulator;
}

export async function startShopifySimulator(opts: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const clock = new SimClock(opts.now);
  const store = new ShopStore({ ...opts, now: clock.now });
  const bucket = new LeakyBucket(opts.bucketSize ?? 1000, opts.restoreRate ?? 100);
  const staged = new StagedUploads(opts.apiSecret);
  let access = opts.protectedCustomerData ?? FULL_ACCESS;
  const tokens = new TokenAuthority({
    shop: opts.shop,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    legacyToken: opts.accessToken,
    merchantToken: opts.merchantToken,
    mode: opts.tokens ?? "expiring",
    now: clock.now,
    scope: () => [...store.scopes].join(","),
  });
  const dispatcher = new WebhookDispatcher({
    apiSecret: opts.apiSecret,
    appUrl: opts.appUrl,
    shop: opts.shop,
    paths: opts.webhookPaths ?? {},
    answerTimeoutMs: opts.webhookAnswerTimeoutMs,
    retryDelayMs: opts.webhookRetryDelayMs,
    maxAttempts: opts.webhookMaxAttempts,
    now: clock.now,
  });
  const grantAnswersToLose: string[] = [];
  let lostGrantAnswers = 0;
  const loseGrantAnswer = (grantType: string): boolean => {
    const i = grantAnswersToLose.indexOf(grantType);
    if (i < 0) return false;
    grantAnswersToLose.splice(i, 1);
    lostGrantAnswers++;
    return true;
  };
  const flow = new FlowSimulator(
    { extensionsDir: opts.flowExtensionsDir ?? new URL("../../extensions", import.meta.url).pathname, apiSecret: opts.apiSecret, appUrl: opts.appUrl, shop: opts.shop, ...opts.flowAction },
    store,
  );
  const endpoint = { schema: simulatorSchema(), store, bucket, staged, calls: [] as GraphqlCall[], faults: [] as Array<{ status: number; afterExecuting: boolean; operation?: string }>, dispatcher, tokens, access: () => access, flow };
  const graphqlPath = `/admin/api/${SIM_API_VERSION}/graphql.json`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handle = async () => {
      if (req.method === "POST" && url.pathname === graphqlPath) return handleGraphql(endpoint, req, res);
      if (req.method === "POST" && url.pathname === "/admin/oauth/access_token") return handleTokenRequest(tokens, req, res, loseGrantAnswer);
      if (url.pathname.startsWith("/admin/api/") && url.pathname.endsWith("/graphql.json")) return sendJson(res, 404, { errors: "Not Found" });
      if ((req.method === "POST" && url.pathname === "/staged-uploads") || (req.method === "PUT" && url.pathname.startsWith("/staged-uploads/"))) return handleStagedUpload(staged, req, res, url);
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
    clock,
    staged,
    flow,
    calls: endpoint.calls,
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
    loseNextGrantAnswer: (grantType) => {
      grantAnswersToLose.push(grantType);
    },
    lostGrantAnswers: () => lostGrantAnswers,
    failNext: (count, status = 502, o = {}) => {
      for (let i = 0; i < count; i++) endpoint.faults.push({ status, afterExecuting: Boolean(o.afterExecuting), operation: o.operation });
    },
    revokeTokens: (shop = opts.shop) => {
      if (shop !== opts.shop) throw new Error(`revokeTokens: this simulator serves ${opts.shop}, not ${shop}`);
      tokens.revokeAll();
    },
    tokenStats: () => ({ ...tokens.stats }),
    setScopes: (scopes) => {
      store.scopes.clear();
      for (const s of scopes) store.scopes.add(s);
    },
    setProtectedCustomerData: (a) => {
      access = a;
    },
    webhooks: {
      setMode: (m) => dispatcher.setMode(m),
      flush: () => dispatcher.flush(),
      delivered: dispatcher.delivered,
    },
  };
}
