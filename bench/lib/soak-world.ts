import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Db } from "../../app/db.server";
import { parseEnv } from "../../app/env.server";
import type { LogSink } from "../../app/logger.server";
import { ownerPid, readLeaseState } from "../../app/returns/reconcile-lease.server";
import { createRuntime, type Runtime } from "../../app/runtime/runtime.server";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { assumedFor } from "../../sandbox/assumed-capabilities";
import { createAdminClient, type AdminClient } from "../../app/shopify/graphql-client.server";
import { webhookRawHandler } from "../../app/webhooks/raw-handler.server";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import type { FaultConfig } from "../../sandbox/lib/faults";
import { DEFAULT_REVER_ECOMMERCE, startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify/simulator";
import { appWebhookPaths, TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP } from "../../sandbox/shopify/test-helpers";
import { installShop } from "../../test/install-shop";
import { startFaultProxy, type FaultProxy } from "./soak-fault-proxy";
import { SOAK_SCHEDULES } from "./soak-schedules";
import { SOAK_QUEUE_OPTIONS } from "./soak-worker";

// The whole app under soak, wired the way it runs in production: the app's runtime, the lean webhook endpoint over
// HTTP, the job queue of DATABASE_URL (SQLite runner or pg-boss) working in this process or in worker child
// processes (bench/lib/soak-worker.ts: the app's runtime), the three simulators over HTTP, Shopify behind a
// fault-injecting proxy. Nothing of the app is stubbed; only the rates of faults, the job timeout pg-boss uses to
// recover killed workers and the reconciliation schedule are set here.

const root = path.resolve(import.meta.dirname, "..", "..");

export const SOAK_WAREHOUSE = {
  name: "Soak warehouse",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Avenida de la Logística 4",
  city: "Getafe",
  postalCode: "28906",
  countryCode: "ES",
};

/** The issue's fault mix: 10% 5xx, 5% 429, 2% timeouts, 1% malformed bodies. */
export const ISSUE_FAULTS: FaultConfig = { rate5xx: 0.1, rate429: 0.05, rateTimeout: 0.02, rateMalformed: 0.01, retryAfterSeconds: 1 };

export interface SoakWorldOptions {
  /** DATABASE_URL of an empty, migrated database (SQLite file: or postgresql:). */
  databaseUrl: string;
  /** Job handlers run here (0 worker processes) or only in `npm run worker` children. */
  workerProcesses?: number;
  /** Handlers at once per process (per job name on pg-boss). */
  concurrency?: number;
  faults?: FaultConfig;
  seed?: number;
  /** Long runs: count delivered webhooks as they go and drop their bodies instead of keeping them all. */
  trimWebhookLog?: boolean;
  /** Logged lines of the worker processes go here (they are children: their stdout is piped). */
  onWorkerOutput?: (line: string) => void;
  /** Where this process's app log lines go (stdout by default). */
  logSink?: LogSink;
}

export interface SoakWorker {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

export interface SoakWorld {
  kind: "sqlite" | "postgresql";
  databaseUrl: string;
  /** The app's runtime in this process (its jobs run here when there are no worker processes). */
  rt: Runtime;
  db: Db;
  shop: string;
  appUrl: string;
  shopify: ShopifySimulator;
  shopifyProxy: FaultProxy;
  ifreturns: IfReturnsSimulator;
  rever: ReverSimulator;
  /** The merchant (or the carrier's app) acting in the Shopify admin: straight to the simulator, no faults. */
  merchant: AdminClient;
  workers: SoakWorker[];
  startWorker(): Promise<SoakWorker>;
  /** kill -9: the process gets no chance to finish or release anything. */
  killWorker(worker: SoakWorker): Promise<void>;
  setFaults(config: FaultConfig | null): void;
  /** Faults the simulators answered with so far (429, 5xx, no answer), from their request logs; the proxy's own for Shopify. */
  faultTally(): Record<string, Record<string, number>>;
  /** Webhook attempts Shopify made, distinct events among them, and attempts the app did not answer 2xx. */
  webhookTally(): { attempts: number; events: number; nonSuccess: number };
  /** Jobs due or running now, dead-letter queues excluded. */
  pendingJobs(): Promise<number>;
  /** The worker process running the shop's reconciliation pass, once one does within `waitMs` (the lease's owner
   *  names its process), else undefined. */
  reconcilingWorker(waitMs: number): Promise<SoakWorker | undefined>;
  /** Jobs running right now (SQLite: those held by the given worker process; pg-boss does not record who). */
  runningJobs(pid?: number): Promise<Array<{ id: string; name: string }>>;
  /** Where each of these jobs ended: its state and how many runs it took. */
  jobOutcomes(ids: Array<{ id: string; name: string }>): Promise<Array<{ id: string; name: string; state: string; attempts: number; lastError: string | null }>>;
  close(): Promise<void>;
}

const SOAK_API_KEY = "soak-api-key";

export async function startSoakWorld(opts: SoakWorldOptions): Promise<SoakWorld> {
  const kind = opts.databaseUrl.startsWith("postgres") ? "postgresql" : "sqlite";
  const seed = opts.seed ?? 1;
  const concurrency = opts.concurrency ?? 16;
  const ifreturns = await startIfReturnsSimulator({ seed });
  const rever = await startReverSimulator({ seed });

  let handle: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<boolean> | boolean) | null = null;
  const server: Server = createServer((req, res) => {
    Promise.resolve(handle ? handle(req, res) : false)
      .then((handled) => {
        if (!handled && !res.headersSent) res.writeHead(404).end();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A Shopify Plus shop's bucket (10,000 points, 1,000 restored per second): the merchant's seeding and the app
  // share it, as they would in a real shop.
  const shopify = await startShopifySimulator({
    apiSecret: TEST_SECRET,
    apiKey: SOAK_API_KEY,
    // The merchant's own token (a custom app) seeds the shop; the app installs itself by token exchange.
    merchantToken: TEST_MERCHANT_TOKEN,
    shop: TEST_SHOP,
    appUrl,
    webhookPaths: appWebhookPaths(),
    webhookRetryDelayMs: (attempt) => 250 * attempt,
    webhookAnswerTimeoutMs: 5000,
    webhookMaxAttempts: 19,
    restoreRate: 1000,
    bucketSize: 10_000,
  });
  // Every webhook twice (a real redelivery), and each 100 ms batch shuffled.
  shopify.webhooks.setMode({ duplicate: true, reorder: true, seed });
  const shopifyProxy = await startFaultProxy({ target: shopify.url, seed });

  // The app's configuration, the same for this process and its worker children.
  const env: Record<string, string> = {
    NODE_ENV: process.env.NODE_ENV === "test" ? "test" : "development",
    DATABASE_URL: opts.databaseUrl,
    SHOPIFY_API_KEY: SOAK_API_KEY,
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_API_ORIGIN: shopifyProxy.url,
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    // A pass whose worker was killed is taken over after 10 s instead of 2 minutes: the soak's passes are seconds apart.
    RECONCILE_LEASE_SECONDS: "10",
    LOG_LEVEL: "info",
  };
  const workInProcess = !opts.workerProcesses;
  const rt = await createRuntime(parseEnv(env), {
    runJobs: workInProcess,
    logSink: opts.logSink,
    schedules: SOAK_SCHEDULES,
    queue: {
      sqlite: { concurrency, pollMs: 20, leaseMs: 5000 },
      postgres: { ...SOAK_QUEUE_OPTIONS(concurrency).postgres, concurrency: Math.max(2, Math.round(concurrency / 2)), poolSize: 20 },
    },
  });
  const db = rt.db;
  handle = webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret: TEST_SECRET, maxBytes: 512 * 1024 });

  await installShop(rt, shopify);
  const common = { environment: "custom", warehouseAddress: SOAK_WAREHOUSE, defaultParcel: { weightGrams: 1000 }, notifyCustomer: false, syncToShopify: true, syncToProvider: true, requestsPerSecond: 100 };
  // The simulators run the default profile, which models decision 0004's assumptions: the soak turns on the same
  // ones (REVER's process search and summary statuses, iF's label items...), except the import of unknown returns.
  for (const input of [
    { ...common, provider: "IFRETURNS", baseUrl: ifreturns.url, credential: ifreturns.credential, shopCode: "returnsbridgedemo", defaultCarrierService: "IF-UPS-EXPRESS-SAVER", assumedCapabilities: assumedFor("IFRETURNS", {}) },
    { ...common, provider: "REVER", baseUrl: rever.url, credential: rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS", assumedCapabilities: assumedFor("REVER", {}) },
  ]) {
    const saved = await saveProviderConnection(rt.shop(TEST_SHOP), input);
    if (!saved.ok) throw new Error(`soak: connection not saved: ${JSON.stringify(saved.fieldErrors)}`);
  }
  // iF by default; the agent picks REVER for some returns. REVER's IN_WAREHOUSE closes the Shopify return.
  await db.shopSettings.upsert({
    where: { shop: TEST_SHOP },
    create: { shop: TEST_SHOP, defaultProvider: "IFRETURNS", closeOnWarehouse: true, reconcileIntervalMinutes: 1 },
    update: { defaultProvider: "IFRETURNS", closeOnWarehouse: true, reconcileIntervalMinutes: 1 },
  });
  const merchant = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: shopify.url, http: rt.http });

  const workers: SoakWorker[] = [];
  async function startWorker(): Promise<SoakWorker> {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/soak-worker.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_LEVEL: process.env.SOAK_WORKER_LOG_LEVEL ?? "info", SOAK_WORKER_CONCURRENCY: String(concurrency) } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line) opts.onWorkerOutput?.(line);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      const watch = (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes("job worker started")) {
          child.stdout?.off("data", watch);
          resolve();
        }
      };
      child.stdout?.on("data", watch);
      child.on("exit", (code) => reject(new Error(`soak worker exited (${code}) before it started:\n${seen.slice(-2000)}`)));
    });
    const worker = { child, pid: child.pid!, exited };
    workers.push(worker);
    void exited.then(() => workers.splice(workers.indexOf(worker), 1));
    return worker;
  }
  for (let i = 0; i < (opts.workerProcesses ?? 0); i++) await startWorker();

  // The provider simulators keep their fault counters to themselves: tally their request logs instead (429,
  // 5xx and unanswered are visible there; a truncated body is answered with the real status and is not).
  const tallies: Record<string, Record<string, number>> = { ifreturns: {}, rever: {} };
  const counted = new WeakSet<object>();
  const drainLogs = () => {
    for (const [name, log] of [["ifreturns", ifreturns.requests], ["rever", rever.requests]] as const) {
      let leading = 0;
      let stillLeading = true;
      for (const r of log) {
        if (r.answeredWith !== undefined && !counted.has(r)) {
          counted.add(r);
          const key = r.answeredWith === "timeout" ? "timeout" : r.answeredWith === 429 ? "429" : r.answeredWith >= 500 ? "5xx" : r.answeredWith >= 400 ? "4xx" : "ok";
          tallies[name][key] = (tallies[name][key] ?? 0) + 1;
        }
        if (stillLeading && counted.has(r)) leading++;
        else stillLeading = false;
      }
      if (leading > 1000) log.splice(0, leading);
    }
  };
  const drainer = setInterval(drainLogs, 200);

  const webhookEvents = new Set<string>();
  let webhookAttempts = 0;
  let webhookNonSuccess = 0;
  const tallyWebhooks = () => {
    const log = shopify.webhooks.delivered;
    for (const w of log) {
      webhookEvents.add(w.eventId);
      webhookAttempts++;
      if (w.status === null || w.status < 200 || w.status >= 300) webhookNonSuccess++;
    }
    log.splice(0, log.length);
  };

  let flushing = true;
  // Reordered deliveries wait for a flush: send what accumulated every 100 ms, shuffled.
  const flusher = setInterval(() => {
    if (flushing) void shopify.webhooks.flush();
    if (opts.trimWebhookLog) tallyWebhooks();
  }, 100);

  const world: SoakWorld = {
    kind,
    databaseUrl: opts.databaseUrl,
    rt,
    db,
    shop: TEST_SHOP,
    appUrl,
    shopify,
    shopifyProxy,
    ifreturns,
    rever,
    merchant,
    workers,
    startWorker,
    async killWorker(worker) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    },
    setFaults(config) {
      const c = config ?? {};
      ifreturns.setFaults({ ...c, seed: seed + 1 });
      rever.setFaults({ ...c, seed: seed + 2 });
      shopifyProxy.setFaults({ ...c, seed: seed + 3 });
    },
    webhookTally() {
      if (opts.trimWebhookLog) {
        tallyWebhooks();
        return { attempts: webhookAttempts, events: webhookEvents.size, nonSuccess: webhookNonSuccess };
      }
      const log = shopify.webhooks.delivered;
      return { attempts: log.length, events: new Set(log.map((w) => w.eventId)).size, nonSuccess: log.filter((w) => w.status === null || w.status < 200 || w.status >= 300).length };
    },
    faultTally() {
      drainLogs();
      return {
        ifreturns: { ...tallies.ifreturns },
        rever: { ...tallies.rever },
        shopify: { ...shopifyProxy.faults.counts, afterExecuting: shopifyProxy.afterExecuting, requests: shopifyProxy.requests },
      };
    },
    pendingJobs: () => rt.jobs.pendingCount(),
    async reconcilingWorker(waitMs) {
      for (const until = Date.now() + waitMs; ; await new Promise((r) => setTimeout(r, 250))) {
        const lease = await readLeaseState(db, TEST_SHOP);
        const pid = lease.kind === "held" ? ownerPid(lease.owner) : null;
        const worker = workers.find((w) => w.pid === pid);
        if (worker || Date.now() >= until) return worker;
      }
    },
    async runningJobs(pid) {
      if (kind === "sqlite") {
        const rows = await db.job.findMany({ where: { state: "RUNNING", ...(pid ? { lockedBy: { contains: `:${pid}:` } } : {}) }, select: { id: true, name: true } });
        return rows;
      }
      return db.$queryRawUnsafe<Array<{ id: string; name: string }>>("SELECT id::text AS id, name FROM pgboss.job WHERE state = 'active'");
    },
    async jobOutcomes(ids) {
      const out = [];
      for (const j of ids) {
        const s = await rt.jobs.getJob(j.name, j.id);
        out.push({ id: j.id, name: j.name, state: s?.state ?? "MISSING", attempts: s?.attempts ?? 0, lastError: s?.lastError ?? null });
      }
      return out;
    },
    async close() {
      flushing = false;
      clearInterval(flusher);
      clearInterval(drainer);
      for (const w of [...workers]) {
        w.child.kill("SIGTERM");
        await Promise.race([w.exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
      }
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.allSettled([shopify.close(), shopifyProxy.close(), ifreturns.close(), rever.close()]);
      await rt.close();
    },
  };
  if (opts.faults) world.setFaults(opts.faults);
  return world;
}
