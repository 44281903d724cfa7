import type { Db } from "../db.server";
import { createDb } from "../db.server";
import type { Env } from "../env.server";
import { createHttpClient, type HttpClient, type RetryPolicy } from "../http/client.server";
import { createOutboundGate, type OutboundGate } from "../http/outbound-gate.server";
import { createLogger, type LogSink, type ScopedLogger } from "../logger.server";
import { ProviderLimiters } from "../platforms/limiters.server";
import { providerHosts, type ProviderHosts } from "../platforms/provider-hosts";
import { createSecretBox, type SecretBox } from "../security/encryption.server";
import { createShopContext, type ShopContext } from "../returns/shop-context.server";
import { createShopifyApp, type ShopifyApp } from "../shopify.server";
import { ShopifyBuckets } from "../shopify/graphql-client.server";
import { SealedSessionStorage } from "../shopify/session-storage.server";
import { createTokenGrants } from "../shopify/token-grants.server";
import { createShopifyTokens, type ShopifyTokens } from "../shopify/tokens.server";
import { createJobs } from "../jobs/jobs.server";
import type { Schedule } from "../jobs/jobs.server";
import type { JobQueueOptions } from "../jobs/queue.server";
import { APP_JOBS, APP_SCHEDULES, type AppJobs } from "../jobs/registry.server";
import { systemClock, type Clock } from "./clock";
import { assertDatabaseReady } from "./database-ready.server";
import { appOutboundPolicy, type OutboundOptions } from "./outbound.server";

// The one place the app's parts are built: configuration, database, logger, clock, outbound HTTP, Shopify
// (library, token source, rate-limit buckets), provider budgets and the job queue. The web server, `npm run
// worker`, `npm run dev`, the demo, the benchmarks and the tests all call createRuntime and pass the result on.

export interface Runtime {
  readonly env: Env;
  readonly db: Db;
  readonly log: ScopedLogger;
  readonly clock: Clock;
  /** Seals and opens secrets at rest (ENCRYPTION_KEY, rotation through ENCRYPTION_OLD_KEYS). */
  readonly secrets: SecretBox;
  /** Every outside call goes through it (the outbound gate, timeouts, retries, byte caps, redaction). */
  readonly http: HttpClient;
  /** The one door out (docs/decisions/0009-outbound-gate.md): every connection the HTTP client opens. */
  readonly gate: OutboundGate;
  /** Each provider's API hosts: where its calls may go and its credential may be sent. */
  readonly providerHosts: ProviderHosts;
  /** @shopify/shopify-app-remix: authenticate.*, session storage. */
  readonly shopify: ShopifyApp;
  /** Where Admin API clients get a shop's offline access token (refreshed, one refresh per shop across processes). */
  readonly tokens: ShopifyTokens;
  readonly buckets: ShopifyBuckets;
  readonly limiters: ProviderLimiters;
  readonly jobs: AppJobs;
  /** Timeouts and retries of provider calls (tests shorten them). */
  readonly providerTransport: ProviderTransportDefaults;
  /** Everything a use-case needs for one shop (every query scoped by it). */
  shop(shop: string): ShopContext;
  close(): Promise<void>;
}

export interface ProviderTransportDefaults {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface RuntimeOptions {
  /** Where log lines go (stdout by default). */
  logSink?: LogSink;
  clock?: Clock;
  /** The outbound gate's resolver and socket opener (tests: ones that never leave this machine). */
  outbound?: OutboundOptions;
  /** An open database to use instead of opening env.DATABASE_URL (tests hand in their own). */
  db?: Db;
  /** Whether this process runs jobs (default: env.RUN_JOBS). Every process sends them. */
  runJobs?: boolean;
  queue?: JobQueueOptions;
  /** What runs on a schedule in a process that runs jobs (default: the app's, APP_SCHEDULES). */
  schedules?: ReadonlyArray<Schedule<typeof APP_JOBS>>;
  providerTransport?: ProviderTransportDefaults;
}

export async function createRuntime(env: Env, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const log = createLogger({ sink: options.logSink, level: env.LOG_LEVEL, now: () => new Date(clock.now()) });
  const ownsDb = !options.db;
  const db = options.db ?? (await createDb(env.DATABASE_URL));
  if (ownsDb) {
    // Before the job queue touches its table: a database never migrated says to run `npm run setup`.
    await assertDatabaseReady(db, env.DATABASE_URL).catch(async (err: unknown) => {
      await db.$disconnect();
      throw err;
    });
  }
  const gate = createOutboundGate(appOutboundPolicy(env, options.outbound));
  const http = createHttpClient({ clock, log, gate });
  const buckets = new ShopifyBuckets(clock);
  const secrets = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_OLD_KEYS);
  const grants = createTokenGrants({ http, clock, log, apiKey: env.SHOPIFY_API_KEY, apiSecret: env.SHOPIFY_API_SECRET, apiOrigin: env.SHOPIFY_ADMIN_API_ORIGIN });
  const tokens = createShopifyTokens({ db, secrets, grants, clock, log });
  const rt = {
    env,
    db,
    log,
    clock,
    secrets,
    http,
    gate,
    providerHosts: providerHosts(env),
    shopify: createShopifyApp(env, new SealedSessionStorage(db, secrets)),
    tokens,
    buckets,
    limiters: new ProviderLimiters(),
    providerTransport: options.providerTransport ?? {},
    shop: (shop: string) => createShopContext(rt, shop),
  } as Omit<Runtime, "jobs" | "close"> as Runtime;
  const jobs = await createJobs({ db, databaseUrl: env.DATABASE_URL, log, rt }, APP_JOBS, {
    work: options.runJobs ?? env.RUN_JOBS,
    schedules: options.schedules ?? APP_SCHEDULES,
    queue: options.queue,
  });
  Object.assign(rt, {
    jobs,
    async close() {
      await jobs.stop();
      await gate.close();
      if (ownsDb) await db.$disconnect();
    },
  });
  // Only now: a handler may run as soon as the queue starts, and it receives the whole runtime.
  await jobs.start();
  log.info("runtime.started", { database: db === options.db ? "given" : env.DATABASE_URL.split(":")[0], jobs: jobs.kind, runsJobs: jobs.working });
  return rt;
}
