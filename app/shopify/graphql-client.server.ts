import { z } from "zod";
import type { HttpClient, OutboundAccess, RetryPolicy } from "../http/client.server";
import { AuthenticationError, RateLimitedError, ResponseShapeError } from "../http/errors.server";
import type { Logger } from "../logger.server";
import { loopbackEntry } from "../platforms/provider-hosts";
import { systemClock, type Clock } from "../runtime/clock";
import { ADMIN_API_VERSION } from "./api-version";
import { graphqlErrorSchema, isFieldRefusal, toTopLevelError, type GraphqlErrorShape } from "./graphql-errors.server";
import { ShopBucket, throttleSchema, type ThrottleState, type ThrottleStatus } from "./throttle-bucket.server";
import type { AdminMutations, AdminQueries } from "./types/admin-operations";

// The Shopify Admin GraphQL gateway: one POST endpoint, cost-based pacing per shop, typed errors, the access
// token asked of a source before each request (and refreshed once when Shopify refuses it).

export { parseData, RefusedFieldsError, requirePayload, throwIfUserErrors, userErrorSchema, withRefusals, type ShopifyUserError } from "./graphql-errors.server";
export type { ThrottleState } from "./throttle-bucket.server";

// Every #graphql document of the app, by its exact text, with its generated result and variables (npm run codegen).
type AdminOperations = AdminQueries & AdminMutations;
type Generated<Q extends string> = Q extends keyof AdminOperations ? AdminOperations[Q] : never;

/** The generated result of a document; a document codegen has not seen (tests, the seed) gives a plain record. */
export type ResultOf<Q extends string> = [Generated<Q>] extends [never] ? Record<string, unknown> : Generated<Q> extends { return: infer R } ? R : never;
/** The generated variables of a document (required when it has any); any record for a document codegen has not seen. */
export type RequestArgs<Q extends string> = [Generated<Q>] extends [never]
  ? [variables?: Record<string, unknown>, opts?: RequestOptions]
  : Generated<Q> extends { variables: infer V }
    ? [variables: V, opts?: RequestOptions]
    : never;

const costSchema = z
  .object({
    requestedQueryCost: z.number().nullable().optional(),
    actualQueryCost: z.number().nullable().optional(),
    throttleStatus: throttleSchema.optional(),
  })
  .passthrough();

const envelopeSchema = z
  .object({
    data: z.record(z.unknown()).nullable().optional(),
    errors: z.union([z.array(graphqlErrorSchema), z.string()]).optional(),
    extensions: z.object({ cost: costSchema.optional() }).passthrough().optional(),
  })
  .passthrough();

export interface CostReport {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface GraphqlResult<T> {
  data: T;
  cost?: CostReport;
  attempts: number;
  /** Only with `allowPartial`: the fields Shopify refused while answering the rest (their values are null). */
  fieldErrors?: GraphqlErrorShape[];
}

/** Where a client gets the shop's access token: asked before every request, told when Shopify refused one. */
export interface TokenSource {
  get(): Promise<string>;
  /** Shopify answered 401 to `rejected`: refresh it (or fail for good). The request is then retried once. */
  rejected?(rejected: string): Promise<void>;
}

export interface AdminClientOptions {
  /** The shop's permanent domain, e.g. `example.myshopify.com`. */
  shop: string;
  /** A fixed token (tests, the simulator's merchant) or the runtime's refreshing source. */
  accessToken: string | TokenSource;
  http: HttpClient;
  /** The bucket shared by every client of this shop (the gateway's); a client of its own when absent. */
  bucket?: ShopBucket;
  clock?: Clock;
  log?: Logger;
  /** Defaults to `https://${shop}`; the sandbox passes the simulator's origin (SHOPIFY_ADMIN_API_ORIGIN). */
  apiOrigin?: string;
  timeoutMs?: number;
  /** Retries of THROTTLED answers before giving up with RateLimitedError. */
  maxThrottleRetries?: number;
  /** HTTP-level retry policy (5xx, network) passed to the HTTP client. */
  retry?: Partial<RetryPolicy>;
  /** Cost assumed for an operation never seen before (no requestedQueryCost remembered yet). */
  defaultQueryCost?: number;
}

export interface RequestOptions {
  operationName?: string;
  /**
   * Accept data in which Shopify refused some fields (protected customer data, access denied): the refusals come
   * back in `fieldErrors` and the refused fields are null. Any other error, or any error without this option,
   * fails the call (decision record 0012).
   */
  allowPartial?: boolean;
  /**
   * With `allowPartial`: parts of the answer (dotted paths) the caller can do without, whatever error Shopify gives
   * for them: Shopify documents no answer for an order beyond the app's 60 days, so any error there means "not given".
   */
  optionalPaths?: readonly string[];
  /** For creates: after a timeout / 5xx, ask whether the thing exists before sending it again. */
  lookupBeforeRetry?: () => Promise<unknown | undefined>;
}

export interface AdminClient {
  readonly shop: string;
  readonly endpoint: string;
  /** The HTTP client it sends with (staged uploads of label files go to Shopify's storage through it too). */
  readonly http: HttpClient;
  /**
   * Sends a document; throws typed errors for `errors`. A generated document (a #graphql const) is typed by its
   * text: its variables are checked and `data` has its generated type, trusted as Shopify validates its answers.
   */
  request<Q extends string>(query: Q, ...args: RequestArgs<Q>): Promise<GraphqlResult<ResultOf<Q>>>;
  /** The shop's bucket as last seen, for planning batches (undefined before the first answer). */
  throttleState(): ThrottleState | undefined;
  /** The requested cost last seen for an operation, if any. */
  knownCost(operationName: string): number | undefined;
}

export function operationNameOf(query: string): string | undefined {
  const m = /\b(query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return m?.[2];
}

function tokenSourceOf(token: string | TokenSource): TokenSource {
  return typeof token === "string" ? { get: async () => token } : token;
}

/** Where a call carrying a shop's token may go: that shop's own Admin API host only (the gate also requires it to be an API host). */
export function shopAdminAccess(origin: string): OutboundAccess {
  const host = new URL(origin).hostname;
  const simulator = loopbackEntry(origin);
  return { purpose: "api", allowedHosts: [host], credentialsHosts: [host], loopbackHosts: simulator ? [simulator] : [] };
}

export function createAdminClient(opts: AdminClientOptions): AdminClient {
  const origin = (opts.apiOrigin ?? `https://${opts.shop}`).replace(/\/+$/, "");
  const endpoint = `${origin}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  const access = shopAdminAccess(origin);
  const clock = opts.clock ?? systemClock;
  const tokens = tokenSourceOf(opts.accessToken);
  const bucket = opts.bucket ?? new ShopBucket(clock);
  const maxThrottleRetries = opts.maxThrottleRetries ?? 6;
  const defaultCost = opts.defaultQueryCost ?? 100;

  async function send<T>(query: string, variables: Record<string, unknown> | undefined, ro: RequestOptions): Promise<GraphqlResult<T>> {
    const operationName = ro.operationName ?? operationNameOf(query);
    const costKey = operationName ?? query;
    let refreshed = false;
    for (let throttled = 0; ; throttled++) {
      // The token first: a shop whose token cannot be had (disconnected) never holds a pacing ticket.
      const token = await tokens.get();
      const ticket = await bucket.acquire(() => bucket.costs.get(costKey) ?? defaultCost);
      const estimate = ticket.cost;
      try {
        const res = await opts.http.request({
          service: "shopify",
          access,
          method: "POST",
          url: endpoint,
          headers: { "X-Shopify-Access-Token": token },
          log: opts.log,
          json: { query, variables: variables ?? {}, ...(operationName ? { operationName } : {}) },
          schema: envelopeSchema,
          timeoutMs: opts.timeoutMs,
          retry: opts.retry,
          lookupBeforeRetry: ro.lookupBeforeRetry as (() => Promise<z.infer<typeof envelopeSchema> | undefined>) | undefined,
        });
        const body = res.data;
        const cost = body.extensions?.cost;
        const status = cost?.throttleStatus;
        if (typeof cost?.requestedQueryCost === "number") bucket.costs.set(costKey, cost.requestedQueryCost);
        bucket.release(ticket, status);
        const errors = typeof body.errors === "string" ? [{ message: body.errors }] : body.errors;
        const throttledErr = errors?.find((e) => e.extensions?.code === "THROTTLED" || /^throttled$/i.test(e.message));
        if (throttledErr) {
          const requested = cost?.requestedQueryCost ?? estimate;
          const waitMs = status
            ? Math.ceil((Math.max(0, requested - status.currentlyAvailable) / Math.max(status.restoreRate, 0.001)) * 1000)
            : 1000;
          if (throttled >= maxThrottleRetries || waitMs > bucket.maxWaitMs) {
            throw new RateLimitedError(`Shopify throttled ${operationName ?? "the request"} ${throttled + 1} times`, {
              service: "shopify",
              url: endpoint,
              code: "THROTTLED",
              retryAfterMs: waitMs,
            });
          }
          opts.log?.warn("shopify.throttled", { shop: opts.shop, operationName, requested, waitMs, attempt: throttled + 1 });
          await clock.sleep(waitMs + 10);
          continue;
        }
        // Fields Shopify refused in an answer that has data: a partial answer, accepted only where the caller can use one.
        const optional = (e: GraphqlErrorShape) => !!e.path?.length && (ro.optionalPaths ?? []).some((p) => e.path!.join(".").startsWith(p));
        const partial = ro.allowPartial && body.data && errors?.length && errors.every((e) => isFieldRefusal(e) || optional(e));
        if (errors?.length && !partial) throw toTopLevelError(errors, { operationName, endpoint });
        if (body.data === undefined || body.data === null) {
          throw new ResponseShapeError(`Shopify answered ${operationName ?? "the request"} without data`, {
            service: "shopify",
            url: endpoint,
            path: "data",
          });
        }
        return {
          data: body.data as T,
          cost: cost
            ? { requestedQueryCost: cost.requestedQueryCost ?? null, actualQueryCost: cost.actualQueryCost ?? null, throttleStatus: status }
            : undefined,
          attempts: res.attempts + throttled,
          ...(partial ? { fieldErrors: errors } : {}),
        };
      } catch (err) {
        // An expired or revoked token: the source refreshes it once, then the request goes again.
        if (err instanceof AuthenticationError && err.status === 401 && tokens.rejected && !refreshed) {
          refreshed = true;
          await tokens.rejected(token);
          throttled--;
          continue;
        }
        throw err;
      } finally {
        bucket.release(ticket);
      }
    }
  }

  return {
    shop: opts.shop,
    endpoint,
    http: opts.http,
    request: <Q extends string>(query: Q, ...[variables, ro]: RequestArgs<Q>) =>
      send<ResultOf<Q>>(query, variables as Record<string, unknown> | undefined, ro ?? {}),
    throttleState: () => bucket.snapshot(),
    knownCost: (name) => bucket.costs.get(name),
  };
}

/** The buckets of every shop this runtime talks to, so all its clients of one shop pace together. */
export class ShopifyBuckets {
  private readonly byShop = new Map<string, ShopBucket>();
  constructor(private readonly clock: Clock) {}

  for(shop: string): ShopBucket {
    let b = this.byShop.get(shop);
    if (!b) this.byShop.set(shop, (b = new ShopBucket(this.clock)));
    return b;
  }

  /** The shop's bucket as last seen (for a reconciler planning batch sizes). */
  state(shop: string): ThrottleState | undefined {
    return this.byShop.get(shop)?.snapshot();
  }
}
