import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Job, Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import {
  backoffMs,
  backoffSecondsOf,
  jobErrorInfo,
  maxAttemptsOf,
  shopOf,
  type AnyJob,
  type JobContext,
} from "./define-job.server";
import type { JobHost, JobQueue, JobState, JobStatus, ScheduleSpec, SendOptions, SqliteQueueOptions, StartOptions } from "./queue.server";

// The embedded engine: a durable in-process runner over the Prisma `Job` table. Any number of processes may
// share the SQLite file: a job is claimed by a conditional UPDATE (state PENDING -> RUNNING), so only one wins.
// A running job's lease is renewed while its handler runs; a lease left to expire (the process died) hands the
// job back to PENDING, so handlers must be idempotent in effect (unique keys), as they are on pg-boss.

const DAY = 24 * 60 * 60 * 1000;
const KEEP_FINISHED_MS = 7 * DAY;
const KEEP_DEAD_MS = 30 * DAY;

type Client = Db | Prisma.TransactionClient;

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}

export class SqliteJobQueue implements JobQueue {
  readonly kind = "sqlite" as const;
  private readonly jobs: Map<string, AnyJob>;
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Promise<void>>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxBackoffMs: number;
  private readonly stopGraceMs: number;
  private working = false;
  private pollTimer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private ticking = false;
  private tickAgain = false;

  private readonly db: Db;
  private readonly log: Logger;

  constructor(
    private readonly host: JobHost,
    jobs: readonly AnyJob[],
    options: SqliteQueueOptions = {},
  ) {
    this.db = host.db;
    this.log = host.log;
    this.jobs = new Map(jobs.map((j) => [j.name, j]));
    this.concurrency = options.concurrency ?? 4;
    this.pollMs = options.pollMs ?? 500;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60 * 60 * 1000;
    this.stopGraceMs = options.stopGraceMs ?? 30_000;
  }

  async start({ work = true }: StartOptions = {}): Promise<void> {
    if (!work || this.working) return;
    this.working = true;
    await this.reclaimExpired();
    this.leaseTimer = setInterval(() => void this.renewAndReclaim(), Math.max(20, Math.floor(this.leaseMs / 3)));
    this.pruneTimer = setInterval(() => void this.prune(), 60 * 60 * 1000);
    void this.prune();
    this.wake(0);
  }

  async stop(): Promise<void> {
    const wasWorking = this.working;
    this.working = false;
    clearTimeout(this.pollTimer);
    clearInterval(this.pruneTimer);
    for (const timer of this.schedules.values()) clearInterval(timer);
    this.schedules.clear();
    if (wasWorking && this.running.size) {
      // Leases keep being renewed while running handlers finish; unfinished ones are reclaimed after a restart.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.stopGraceMs)));
      await Promise.race([Promise.allSettled(this.running.values()), grace]);
      clearTimeout(timer);
    }
    clearInterval(this.leaseTimer);
  }

  send<P>(name: string, payload: P, options: SendOptions = {}): Promise<string | null> {
    return this.insert(this.db, name, payload, options).then((id) => {
      if (id && !(options.startAfter && options.startAfter.getTime() > Date.now())) this.wake(0);
      return id;
    });
  }

  async sendMany(name: string, items: ReadonlyArray<{ payload: unknown; shop?: string }>): Promise<void> {
    for (const item of items) await this.insert(this.db, name, item.payload, { shop: item.shop });
    if (items.length) this.wake(0);
  }

  sendInTx<P>(tx: Prisma.TransactionClient, name: string, payload: P, options: SendOptions = {}): Promise<string | null> {
    // Not visible to the poller until the caller commits; the next poll picks it up.
    return this.insert(tx, name, payload, options);
  }

  async schedule<P>(name: string, spec: ScheduleSpec, payload: P): Promise<void> {
    const job = this.job(name);
    job.schema.parse(payload);
    if (!(spec.everyMinutes > 0)) throw new Error(`schedule ${name}: everyMinutes must be > 0`);
    const periodMs = Math.round(spec.everyMinutes * 60_000);
    clearInterval(this.schedules.get(name));
    // One row per period, keyed by the period number: processes sharing the file enqueue each period once.
    const fire = async () => {
      const period = Math.floor(Date.now() / periodMs);
      try {
        await this.db.job.create({
          data: {
            id: `schedule:${name}:${periodMs}:${period}`,
            name,
            shop: shopOf(payload),
            payload: JSON.stringify(payload),
            maxAttempts: maxAttemptsOf(job),
          },
        });
        this.wake(0);
      } catch (err) {
        if (!isUniqueViolation(err)) this.log.error("job schedule failed to enqueue", { job: name, err });
      }
    };
    this.schedules.set(name, setInterval(() => void fire(), periodMs));
    await fire();
  }

  async cancelShop(shop: string): Promise<number> {
    const res = await this.db.job.updateMany({
      where: { shop, state: "PENDING" },
      data: { state: "CANCELLED", singletonKey: null },
    });
    return res.count;
  }

  async getJob(name: string, id: string): Promise<JobStatus | null> {
    const row = await this.db.job.findUnique({ where: { id } });
    if (!row || row.name !== name) return null;
    return {
      id: row.id,
      name: row.name,
      state: row.state as JobState,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      lastError: row.lastError,
      shop: row.shop,
    };
  }

  async liveKeys(name: string, keys: readonly string[]): Promise<Set<string>> {
    const job = this.job(name);
    if (!keys.length || !job.singletonKey) return new Set();
    // The key column is released when a job starts: compute it from the payloads of the live jobs instead.
    const rows = await this.db.job.findMany({ where: { name, state: { in: ["PENDING", "RUNNING"] } }, select: { payload: true } });
    const wanted = new Set(keys);
    const live = new Set<string>();
    for (const r of rows) {
      const parsed = job.schema.safeParse(JSON.parse(r.payload));
      const key = parsed.success ? job.singletonKey(parsed.data) : undefined;
      if (key && wanted.has(key)) live.add(key);
    }
    return live;
  }

  private job(name: string): AnyJob {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job "${name}": add it to app/jobs/registry.server.ts`);
    return job;
  }

  private async insert<P>(client: Client, name: string, payload: P, options: SendOptions): Promise<string | null> {
    const job = this.job(name);
    const parsed = job.schema.parse(payload);
    const key = options.singletonKey ?? job.singletonKey?.(parsed);
    try {
      const row = await client.job.create({
        data: {
          name,
          shop: shopOf(payload, options.shop),
          payload: JSON.stringify(payload),
          maxAttempts: maxAttemptsOf(job),
          runAt: options.startAfter ?? new Date(),
          // Unique column: held while the job waits to start, released when it is claimed (pg-boss "short").
          singletonKey: key ? `${name}:${key}` : null,
        },
        select: { id: true },
      });
      return row.id;
    } catch (err) {
      if (key && isUniqueViolation(err)) return null;
      throw err;
    }
  }

  private wake(delayMs: number): void {
    if (!this.working) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    let more = false;
    try {
      more = await this.claimDue();
    } catch (err) {
      this.log.error("job runner poll failed", { err });
    } finally {
      this.ticking = false;
    }
    const again = this.tickAgain || (more && this.running.size < this.concurrency);
    this.tickAgain = false;
    this.wake(again ? 0 : this.pollMs);
  }

  /** Claims due jobs up to the free capacity; true when there may be more due right now. */
  private async claimDue(): Promise<boolean> {
    const free = this.concurrency - this.running.size;
    if (free <= 0 || !this.working) return false;
    const now = new Date();
    const due = await this.db.job.findMany({
      where: { state: "PENDING", runAt: { lte: now }, name: { in: [...this.jobs.keys()] } },
      orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
      take: free,
      select: { id: true },
    });
    for (const { id } of due) {
      // The claim: only one process's UPDATE matches state = PENDING.
      const claimed = await this.db.job.updateMany({
        where: { id, state: "PENDING" },
        data: { state: "RUNNING", lockedAt: now, lockedBy: this.workerId, attempts: { increment: 1 }, singletonKey: null },
      });
      if (claimed.count !== 1) continue;
      const row = await this.db.job.findUnique({ where: { id } });
      if (row) this.track(row);
    }
    return due.length === free;
  }

  private track(row: Job): void {
    const run = this.run(row)
      .catch((err) => this.log.error("job bookkeeping failed", { job: row.name, id: row.id, err }))
      .finally(() => {
        this.running.delete(row.id);
        this.wake(0);
      });
    this.running.set(row.id, run);
  }

  private async run(row: Job): Promise<void> {
    const job = this.job(row.name);
    const ctx: JobContext<unknown> = { id: row.id, name: row.name, attempt: row.attempts, maxAttempts: row.maxAttempts, shop: row.shop, rt: this.host.rt, log: this.log.child({ job: row.name, jobId: row.id }) };
    let payload: unknown;
    try {
      payload = job.schema.parse(JSON.parse(row.payload));
      await job.handler(payload, ctx);
    } catch (err) {
      const info = jobErrorInfo(err);
      const lastError = `${info.name}: ${info.message}`;
      if (info.terminal || row.attempts >= row.maxAttempts) {
        const recorded = await this.finish(row, { state: "DEAD", lastError });
        this.log.warn("job dead", { job: row.name, id: row.id, attempt: row.attempts, terminal: info.terminal, error: lastError });
        if (recorded && job.onDead && payload !== undefined) {
          await job.onDead(payload, info, ctx).catch((e) => this.log.error("job onDead failed", { job: row.name, id: row.id, err: e }));
        }
      } else {
        const delay = backoffMs(row.attempts, backoffSecondsOf(job) * 1000, this.maxBackoffMs);
        await this.finish(row, { state: "PENDING", runAt: new Date(Date.now() + delay), lastError });
        this.log.info("job will retry", { job: row.name, id: row.id, attempt: row.attempts, retryInMs: delay, error: lastError });
      }
      return;
    }
    await this.finish(row, { state: "DONE", lastError: null });
  }

  /** Records the outcome if this process still holds the job; false when its lease was lost meanwhile. */
  private async finish(row: Job, data: Prisma.JobUpdateManyMutationInput): Promise<boolean> {
    const res = await this.db.job.updateMany({
      where: { id: row.id, state: "RUNNING", lockedBy: this.workerId },
      data: { ...data, lockedAt: null, lockedBy: null },
    });
    if (res.count !== 1) this.log.warn("job lease was lost before it finished; outcome not recorded", { job: row.name, id: row.id });
    return res.count === 1;
  }

  private async renewAndReclaim(): Promise<void> {
    try {
      if (this.running.size) {
        await this.db.job.updateMany({
          where: { id: { in: [...this.running.keys()] }, state: "RUNNING", lockedBy: this.workerId },
          data: { lockedAt: new Date() },
        });
      }
      if (this.working) await this.reclaimExpired();
    } catch (err) {
      this.log.error("job lease renewal failed", { err });
    }
  }

  /** RUNNING jobs whose lease expired belong to a process that died: run them again (or bury them). */
  private async reclaimExpired(): Promise<void> {
    const expired = { state: "RUNNING", lockedAt: { lt: new Date(Date.now() - this.leaseMs) }, lockedBy: { not: this.workerId } };
    const buried = await this.db.job.updateMany({
      where: { ...expired, attempts: { gte: this.db.job.fields.maxAttempts } },
      data: { state: "DEAD", lockedAt: null, lockedBy: null, lastError: "The process running this job stopped during its last attempt" },
    });
    const back = await this.db.job.updateMany({
      where: expired,
      data: { state: "PENDING", runAt: new Date(), lockedAt: null, lockedBy: null, lastError: "The process running this job stopped; running it again" },
    });
    if (buried.count) this.log.warn("jobs dead after their process stopped", { count: buried.count });
    if (back.count) {
      this.log.info("jobs taken over from a stopped process", { count: back.count });
      this.wake(0);
    }
  }

  private async prune(): Promise<void> {
    try {
      const now = Date.now();
      await this.db.job.deleteMany({ where: { state: { in: ["DONE", "CANCELLED"] }, updatedAt: { lt: new Date(now - KEEP_FINISHED_MS) } } });
      await this.db.job.deleteMany({ where: { state: "DEAD", updatedAt: { lt: new Date(now - KEEP_DEAD_MS) } } });
    } catch (err) {
      this.log.error("job prune failed", { err });
    }
  }
}
