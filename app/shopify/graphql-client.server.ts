import { z } from "zod";
import { request, type RetryPolicy } from "../http/client.server";
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
import { registerSecret } from "../http/redact.server";
import { env } from "../env.server";
import { log } from "../logger.server";

// The Shopify Admin GraphQL gateway: one POST endpoint, cost-based pacing per shop, typed errors.

export const SHOPIFY_API_VERSION = "2026-07";

/** What the last response told us about the shop's leaky bucket, plus our own bookkeeping. */
export interface ThrottleState {
  maximumAvailable: number;
  /** Estimated for "now": the last reported value, plus what restored since, minus in-flight reservations. */
  currentlyAvailable: number;
  restoreRate: number;
  /** Epoch ms of the response that reported it. */
  observedAt: number;
  inFlight: number;
}

const throttleSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});

const costSchema = z
  .object({
    requestedQueryCost: z.number().nullable().optional(),
    actualQueryCost: z.number().nullable().optional(),
    throttleStatus: throttleSchema.optional(),
  })
  .passthrough();

const graphqlErrorSchema = z
  .object({
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

const envelopeSchema = z
  .object({
    data: z.record(z.unknown()).nullable().optional(),
    errors: z.union([z.array(graphqlErrorSchema), z.string()]).optional(),
    extensions: z.object({ cost: costSchema.optional() }).passthrough().optional(),
  })
  .passthrough();

export type GraphqlErrorShape = z.infer<typeof graphqlErrorSchema>;

export interface CostReport {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus?: z.infer<typeof throttleSchema>;
}

export interface GraphqlResult<T> {
  data: T;
  cost?: CostReport;
  attempts: number;
}

export interface AdminClientOptions {
  /** The shop's permanent domain, e.g. `example.myshopify.com`. */
  shop: string;
  accessToken: string;
  /** Defaults to `https://${shop}`; the sandbox passes the simulator's origin (SHOPIFY_ADMIN_API_ORIGIN). */
  apiOrigin?: string;
  timeoutMs?: number;
  /** Retries of THROTTLED answers before giving up with RateLimitedError. */
  maxThrottleRetries?: number;
  /** HTTP-level retry policy (5xx, network) passed to the HTTP client. */
  retry?: Partial<RetryPolicy>;
  /** Cost assumed for an operation never seen before (no requestedQueryCost remembered yet). */
  defaultQueryCost?: number;
  /** Longest we pace before one request; beyond it the call fails with RateLimitedError (retryAfterMs set). */
  maxPacingWaitMs?: number;
}

export interface RequestOptions {
  operationName?: string;
  /** For creates: after a timeout / 5xx, ask whether the thing exists before sending it again. */
  lookupBeforeRetry?: () => Promise<unknown | undefined>;
}

export interface AdminClient {
  readonly shop: string;
  readonly endpoint: string;
  /** Sends a document; throws typed errors for top-level `errors`. Returns `data` as given (callers parse it). */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts?: RequestOptions): Promise<GraphqlResult<T>>;
  /** The shop's bucket as last seen, for planning batches (undefined before the first answer). */
  throttleState(): ThrottleState | undefined;
  /** The requested cost last seen for an operation, if any. */
  knownCost(operationName: string): number | undefined;
}

type Sleep = (ms: number) => Promise<void>;
let sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Tests may replace the pacing sleep; returns the previous one. */
export function setPacingSleep(fn: Sleep): Sleep {
  const prev = sleep;
  sleep = fn;
  return prev;
}

interface Ticket {
  cost: number;
  counted: boolean;
  released: boolean;
}

/** Per-shop bucket model shared by every client of that shop in this process. */
class ShopBucket {
  maximumAvailable = 0;
  available = 0;
  restoreRate = 0;
  observedAt = 0;
  known = false;
  inFlight = 0;
  private reserved = 0;
  private queue: Array<{ cost: () => number; resolve: (t: Ticket) => void; reject: (e: Error) => void }> = [];
  maxWaitMs = 60_000;
  private draining = false;
  readonly costs = new Map<string, number>();

  snapshot(now = Date.now()): ThrottleState | undefined {
    if (!this.known) return undefined;
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.max(0, Math.floor(this.estimate(now) - this.reserved)),
      restoreRate: this.restoreRate,
      observedAt: this.observedAt,
      inFlight: this.inFlight,
    };
  }

  private estimate(now: number): number {
    const restored = ((now - this.observedAt) / 1000) * this.restoreRate;
    return Math.min(this.maximumAvailable, this.available + restored);
  }

  /**
   * Resolves when the estimated cost is free by our estimate, and reserves it until `release`. The
   * estimate is read when the request's turn comes, so a burst benefits from costs learnt meanwhile.
   */
  acquire(cost: () => number): Promise<Ticket> {
    return new Promise((resolve, reject) => {
      this.queue.push({ cost, resolve, reject });
      void this.drain();
    });
  }

  /** Forget what we learnt (tests); clients keep their reference to this bucket. */
  reset(): void {
    this.known = false;
    this.available = this.maximumAvailable = this.restoreRate = this.observedAt = 0;
    this.costs.clear();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0];
        // Nothing known about the bucket yet: one request at a time until the first answer.
        if (!this.known && this.inFlight > 0) return;
        const cost = head.cost();
        if (this.known) {
          const need = Math.min(cost, this.maximumAvailable);
          const free = this.estimate(Date.now()) - this.reserved;
          if (free < need) {
            const waitMs = Math.max(1, Math.ceil(((need - free) / Math.max(this.restoreRate, 0.001)) * 1000));
            if (waitMs > this.maxWaitMs && this.inFlight === 0) {
              // Hours away at this restore rate: let the caller's job retry later instead of hanging.
              this.queue.shift()!.reject(
                new RateLimitedError(`Shopify's rate-limit bucket needs ${Math.ceil(waitMs / 1000)} s to cover this request`, { service: "shopify", code: "THROTTLED", retryAfterMs: waitMs }),
              );
              continue;
            }
            await sleep(Math.min(waitMs, this.maxWaitMs));
            continue;
          }
        }
        this.queue.shift();
        const ticket: Ticket = { cost, counted: this.known, released: false };
        if (ticket.counted) this.reserved += cost;
        this.inFlight += 1;
        head.resolve(ticket);
      }
    } finally {
      this.draining = false;
    }
  }

  /** A request finished: free its reservation and learn the bucket from the answer, if it had one. */
  release(ticket: Ticket, status?: z.infer<typeof throttleSchema>): void {
    if (ticket.released) return;
    ticket.released = true;
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (ticket.counted) this.reserved = Math.max(0, this.reserved - ticket.cost);
    if (status) {
      const now = Date.now();
      // Answers can arrive out of order: an older, fuller report must not undo a newer deduction.
      const sameBucket = this.known && this.maximumAvailable === status.maximumAvailable && this.restoreRate === status.restoreRate;
      this.available = sameBucket ? Math.min(this.estimate(now), status.currentlyAvailable) : status.currentlyAvailable;
      this.maximumAvailable = status.maximumAvailable;
      this.restoreRate = status.restoreRate;
      this.observedAt = now;
      this.known = true;
    }
    void this.drain();
  }
}

const buckets = new Map<string, ShopBucket>();
function bucketFor(shop: string): ShopBucket {
  let b = buckets.get(shop);
  if (!b) {
    b = new ShopBucket();
    buckets.set(shop, b);
  }
  return b;
}

/** The shop's bucket as this process last saw it (for a reconciler planning batch sizes). */
export function getThrottleState(shop: string): ThrottleState | undefined {
  return buckets.get(shop)?.snapshot();
}

/** Tests start from a clean slate. */
export function resetThrottleStates(): void {
  for (const b of buckets.values()) b.reset();
}

export function operationNameOf(query: string): string | undefined {
  const m = /\b(query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return m?.[2];
}

export function createAdminClient(opts: AdminClientOptions): AdminClient {
  const origin = (opts.apiOrigin ?? `https://${opts.shop}`).replace(/\/+$/, "");
  const endpoint = `${origin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  registerSecret(opts.accessToken);
  const bucket = bucketFor(opts.shop);
  if (opts.maxPacingWaitMs !== undefined) bucket.maxWaitMs = opts.maxPacingWaitMs;
  const maxThrottleRetries = opts.maxThrottleRetries ?? 6;
  const defaultCost = opts.defaultQueryCost ?? 100;

  async function send<T>(query: string, variables: Record<string, unknown> | undefined, ro: RequestOptions): Promise<GraphqlResult<T>> {
    const operationName = ro.operationName ?? operationNameOf(query);
    const costKey = operationName ?? query;
    for (let throttled = 0; ; throttled++) {
      const ticket = await bucket.acquire(() => bucket.costs.get(costKey) ?? defaultCost);
      const estimate = ticket.cost;
      try {
        const res = await request({
          service: "shopify",
          method: "POST",
          url: endpoint,
          headers: { "X-Shopify-Access-Token": opts.accessToken },
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
          log.warn("shopify.throttled", { shop: opts.shop, operationName, requested, waitMs, attempt: throttled + 1 });
          await sleep(waitMs + 10);
          continue;
        }
        if (errors?.length) throw toTopLevelError(errors, { operationName, endpoint });
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
        };
      } finally {
        bucket.release(ticket);
      }
    }
  }

  return {
    shop: opts.shop,
    endpoint,
    request: (query, variables, ro = {}) => send(query, variables, ro),
    throttleState: () => bucket.snapshot(),
    knownCost: (name) => bucket.costs.get(name),
  };
}

/** The client the app uses: Shopify itself in production, the simulator when SHOPIFY_ADMIN_API_ORIGIN is set. */
export function adminClientFor(shop: string, accessToken: string, extra: Partial<AdminClientOptions> = {}): AdminClient {
  return createAdminClient({ shop, accessToken, apiOrigin: env().SHOPIFY_ADMIN_API_ORIGIN, ...extra });
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
export type ShopifyUserError = z.infer<typeof userErrorSchema>;

/** Mutation `userErrors` (whose `code` may be null) become a typed error naming every field. */
export function throwIfUserErrors(mutation: string, userErrors: ShopifyUserError[] | null | undefined): void {
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

/** Parse `data` with the operation's schema; a mismatch names the field. */
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
