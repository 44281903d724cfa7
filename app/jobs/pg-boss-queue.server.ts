import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import PgBoss from "pg-boss";
import type { Logger } from "../logger.server";
import {
  backoffSecondsOf,
  DEAD_LETTER_SUFFIX,
  DEFAULT_TIMEOUT_SECONDS,
  jobErrorInfo,
  maxAttemptsOf,
  shopOf,
  type AnyJob,
  type JobContext,
} from "./define-job.server";
import type { JobHost, JobQueue, JobState, JobStatus, PostgresQueueOptions, ScheduleSpec, SendOptions, StartOptions } from "./queue.server";

// The PostgreSQL engine: pg-boss 10 does the queueing, retries with backoff, expiry of runs whose worker died,
// dead letters, singleton keys and cron, so any number of web and worker processes share one queue.
// This file only maps the job interface onto it.

const SCHEMA = "pgboss";

/** What a pg-boss job carries: the payload plus the shop, so cancelShop() can find the shop's jobs. */
interface Envelope {
  shop: string | null;
  payload: unknown;
}

/** The error pg-boss stores as the job's output: redacted message, no stack. */
class JobFailure extends Error {
  constructor(
    name: string,
    message: string,
    readonly terminal: boolean,
  ) {
    super(message);
    this.name = name;
    delete (this as { stack?: string }).stack;
  }
}

const STATES: Record<string, JobState> = {
  created: "PENDING",
  retry: "PENDING",
  active: "RUNNING",
  completed: "DONE",
  cancelled: "CANCELLED",
  failed: "DEAD",
};

/** pg-boss schedules are cron; an interval must map onto one exactly. */
export function cronForMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`everyMinutes must be a whole number >= 1 on PostgreSQL (got ${minutes})`);
  if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) return minutes === 1440 ? "0 0 * * *" : `0 */${minutes / 60} * * *`;
  throw new Error(`every ${minutes} minutes has no cron equivalent: use a divisor of 60, or whole hours dividing 24`);
}

/** pg-boss's `db` option over a Prisma interactive transaction, so the job commits or rolls back with it. */
function transactionDb(tx: Prisma.TransactionClient): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const args = values.map((v) => (v === undefined ? null : v instanceof Date ? v.toISOString() : v !== null && typeof v === "object" ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...args) };
    },
  };
}

export class PgBossJobQueue implements JobQueue {
  readonly kind = "postgresql" as const;
  private readonly boss: PgBoss;
  private readonly jobs: Map<string, AnyJob>;
  private readonly workers = new Map<string, string[]>();
  private readonly concurrency: number;
  private readonly pollingIntervalSeconds: number;
  private readonly defaultTimeoutSeconds: number;
  private ready?: Promise<void>;
  private stopped = false;

  private readonly log: Logger;

  constructor(
    private readonly host: JobHost,
    url: string,
    jobs: readonly AnyJob[],
    options: PostgresQueueOptions = {},
  ) {
    this.log = host.log;
    this.jobs = new Map(jobs.map((j) => [j.name, j]));
    this.concurrency = options.concurrency ?? 4;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.defaultTimeoutSeconds = options.defaultTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    this.boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: options.poolSize ?? 10,
      application_name: "returns-bridge-jobs",
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.boss.on("error", (err) => this.log.error("pg-boss error", { err }));
  }

  async start({ work = true }: StartOptions = {}): Promise<void> {
    await this.ensureReady();
    if (!work) return;
    for (const job of this.jobs.values()) {
      if (this.workers.has(job.name)) continue;
      const ids: string[] = [];
      for (let i = 0; i < this.concurrency; i++) {
        ids.push(
          await this.boss.work<Envelope>(
            job.name,
            { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.pollingIntervalSeconds },
            ([item]) => this.run(job, item),
          ),
        );
      }
      this.workers.set(job.name, ids);
    }
  }

  async stop(): Promise<void> {
    if (!this.ready || this.stopped) return;
    this.stopped = true;
    this.workers.clear();
    await this.ready.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }

  send<P>(name: string, payload: P, options: SendOptions = {}): Promise<string | null> {
    return this.insert(name, payload, options);
  }

  async sendMany(name: string, items: ReadonlyArray<{ payload: unknown; shop?: string }>): Promise<void> {
    if (!items.length) return;
    const job = this.job(name);
    await this.ensureReady();
    const jobs = items.map((item) => {
      const parsed = job.schema.parse(item.payload);
      const id = randomUUID();
      const key = job.singletonKey?.(parsed);
      const envelope: Envelope = { shop: shopOf(item.payload, item.shop), payload: item.payload };
      return { id, name, data: envelope, singletonKey: key ? `key:${key}` : `id:${id}` };
    });
    await this.boss.insert(jobs);
    for (const worker of this.workers.get(name) ?? []) this.boss.notifyWorker(worker);
  }

  sendInTx<P>(tx: Prisma.TransactionClient, name: string, payload: P, options: SendOptions = {}): Promise<string | null> {
    return this.insert(name, payload, options, transactionDb(tx));
  }

  async schedule<P>(name: string, spec: ScheduleSpec, payload: P): Promise<void> {
    const job = this.job(name);
    job.schema.parse(payload);
    await this.ensureReady();
    const envelope: Envelope = { shop: shopOf(payload), payload };
    await this.boss.schedule(name, cronForMinutes(spec.everyMinutes), envelope);
  }

  async cancelShop(shop: string): Promise<number> {
    await this.ensureReady();
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT name, id FROM ${SCHEMA}.job WHERE state < 'active' AND data->>'shop' = $1`, [shop]);
    const byName = new Map<string, string[]>();
    for (const row of rows as Array<{ name: string; id: string }>) byName.set(row.name, [...(byName.get(row.name) ?? []), row.id]);
    for (const [name, ids] of byName) await this.boss.cancel(name, ids);
    return rows.length;
  }

  async getJob(name: string, id: string): Promise<JobStatus | null> {
    await this.ensureReady();
    const job = await this.boss.getJobById<Envelope>(name, id, { includeArchive: true });
    if (!job) return null;
    const started = job.state !== "created" && (job.state !== "cancelled" || job.startedOn !== null);
    const output = job.output as { message?: string; name?: string } | null;
    return {
      id: job.id,
      name: job.name,
      state: STATES[job.state],
      attempts: started ? job.retryCount + 1 : 0,
      maxAttempts: job.retryLimit + 1,
      lastError: (job.state === "retry" || job.state === "failed") && output?.message ? `${output.name ?? "Error"}: ${output.message}` : null,
      shop: job.data?.shop ?? null,
    };
  }

  async liveKeys(name: string, keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    await this.ensureReady();
    // created, retry and active sort before completed in pg-boss's job_state enum.
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT singleton_key FROM ${SCHEMA}.job WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'completed'`, [name, keys.map((k) => `key:${k}`)]);
    return new Set((rows as Array<{ singleton_key: string }>).map((r) => r.singleton_key.slice(4)));
  }

  private job(name: string): AnyJob {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job "${name}": add it to app/jobs/registry.server.ts`);
    return job;
  }

  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      await this.boss.start();
      for (const job of this.jobs.values()) {
        const deadLetter = `${job.name}${DEAD_LETTER_SUFFIX}`;
        await this.boss.createQueue(deadLetter, { name: deadLetter, policy: "standard" });
        const queue: PgBoss.Queue = {
          name: job.name,
          // "short": a singleton key is held while the job waits to start (keyless jobs get a unique key).
          policy: "short",
          retryLimit: maxAttemptsOf(job) - 1,
          retryDelay: Math.max(1, Math.ceil(backoffSecondsOf(job))),
          retryBackoff: true,
          expireInSeconds: job.timeoutSeconds ?? this.defaultTimeoutSeconds,
          deadLetter,
        };
        await this.boss.createQueue(job.name, queue);
        await this.boss.updateQueue(job.name, queue);
      }
    })();
    return this.ready;
  }

  private async insert<P>(name: string, payload: P, options: SendOptions, db?: PgBoss.Db): Promise<string | null> {
    const job = this.job(name);
    const parsed = job.schema.parse(payload);
    await this.ensureReady();
    const id = randomUUID();
    const key = options.singletonKey ?? job.singletonKey?.(parsed);
    const envelope: Envelope = { shop: shopOf(payload, options.shop), payload };
    const result = await this.boss.send(name, envelope, {
      id,
      // Under the "short" policy a missing key is one shared key: give keyless jobs their own.
      singletonKey: key ? `key:${key}` : `id:${id}`,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(db ? { db } : {}),
    });
    if (result && !db && !(options.startAfter && options.startAfter.getTime() > Date.now())) {
      for (const worker of this.workers.get(name) ?? []) this.boss.notifyWorker(worker);
    }
    return result;
  }

  private async run(job: AnyJob, item: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const ctx: JobContext<unknown> = {
      id: item.id,
      name: job.name,
      attempt: item.retryCount + 1,
      maxAttempts: item.retryLimit + 1,
      shop: item.data?.shop ?? null,
      rt: this.host.rt,
      log: this.log.child({ job: job.name, jobId: item.id }),
    };
    let payload: unknown;
    try {
      payload = job.schema.parse(item.data?.payload);
      await job.handler(payload, ctx);
    } catch (err) {
      const info = jobErrorInfo(err);
      const dead = info.terminal || ctx.attempt >= ctx.maxAttempts;
      if (info.terminal && !(ctx.attempt >= ctx.maxAttempts)) {
        // pg-boss has no "fail without retry": spend the remaining retries so its own fail path marks the job
        // failed and copies it to the dead-letter queue.
        await this.boss.getDb().executeSql(`UPDATE ${SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`, [job.name, item.id]);
      }
      if (dead) {
        this.log.warn("job dead", { job: job.name, id: item.id, attempt: ctx.attempt, terminal: info.terminal, error: `${info.name}: ${info.message}` });
        if (job.onDead && payload !== undefined) {
          await job.onDead(payload, info, ctx).catch((e) => this.log.error("job onDead failed", { job: job.name, id: item.id, err: e }));
        }
      } else {
        this.log.info("job will retry", { job: job.name, id: item.id, attempt: ctx.attempt, error: `${info.name}: ${info.message}` });
      }
      throw new JobFailure(info.name, info.message, info.terminal);
    }
  }
}
