import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import { dbKind } from "../../prisma/db-url";
import type { AnyJob } from "./define-job.server";

// One queue interface over two engines, chosen by DATABASE_URL: the SQLite in-process runner
// (sqlite-queue.server.ts) or pg-boss on PostgreSQL (pg-boss-queue.server.ts).

export type JobState = "PENDING" | "RUNNING" | "DONE" | "DEAD" | "CANCELLED";

export interface SendOptions {
  /** While a job with this name and key waits to start, another send is a no-op and returns null. */
  singletonKey?: string;
  startAfter?: Date;
  /** Defaults to a `shop` string in the payload; cancelShop() cancels by it. */
  shop?: string;
}

export interface ScheduleSpec {
  /** Run every N minutes. pg-boss turns it into cron, so N must divide an hour or be whole hours dividing a day. */
  everyMinutes: number;
}

export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  /** Runs started so far (an interrupted run counts). */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  shop: string | null;
}

export interface StartOptions {
  /** false: only send and schedule from this process (a web process when `npm run worker` does the work). */
  work?: boolean;
}

export interface JobQueue {
  readonly kind: "sqlite" | "postgresql";
  start(options?: StartOptions): Promise<void>;
  /** Stops taking jobs and waits for running handlers (up to the engine's grace period). */
  stop(): Promise<void>;
  /** Validates the payload with the job's schema; returns the job id, or null when deduplicated by singletonKey. */
  send<P>(name: string, payload: P, options?: SendOptions): Promise<string | null>;
  /** Several jobs of one name in one round trip (the outbox's batches); singleton keys apply as in send. */
  sendMany(name: string, items: ReadonlyArray<{ payload: unknown; shop?: string }>): Promise<void>;
  /** Same as send, inside the caller's Prisma interactive transaction: the job exists if and only if it commits. */
  sendInTx<P>(tx: Prisma.TransactionClient, name: string, payload: P, options?: SendOptions): Promise<string | null>;
  /** A recurring job; calling it again replaces the schedule. Each period runs once however many processes run. */
  schedule<P>(name: string, spec: ScheduleSpec, payload: P): Promise<void>;
  /** Cancels every job of the shop that has not started yet (app/uninstalled, shop/redact). Returns how many. */
  cancelShop(shop: string): Promise<number>;
  getJob(name: string, id: string): Promise<JobStatus | null>;
  /** Of these singleton keys of job `name`, the ones whose job is still waiting, retrying or running. */
  liveKeys(name: string, keys: readonly string[]): Promise<Set<string>>;
}

export interface SqliteQueueOptions {
  /** Handlers running at once in this process. Default 4. */
  concurrency?: number;
  /** How often to look for due jobs when idle. Default 500 ms. */
  pollMs?: number;
  /** A RUNNING job whose lease was not renewed for this long is taken over (its process died). Default 60 s. */
  leaseMs?: number;
  /** Cap of the retry backoff. Default 1 h. */
  maxBackoffMs?: number;
  /** Wait this long in stop() for running handlers. Default 30 s. */
  stopGraceMs?: number;
}

export interface PostgresQueueOptions {
  /** pg-boss workers per queue in this process. Default 4. */
  concurrency?: number;
  /** Default 2 s (pg-boss minimum 0.5 s); sends from this process wake its workers at once. */
  pollingIntervalSeconds?: number;
  /** pg-boss maintenance (expiring runs of dead workers, archiving). Default 60 s. */
  maintenanceIntervalSeconds?: number;
  /** Connections in pg-boss's pool. Default 10. */
  poolSize?: number;
  /** A run longer than this is failed and retried, for jobs that set no timeoutSeconds of their own (default 15 min). */
  defaultTimeoutSeconds?: number;
}

export interface JobQueueOptions {
  sqlite?: SqliteQueueOptions;
  postgres?: PostgresQueueOptions;
}

/** What an engine runs jobs with: the database, a logger, and what handlers receive as `ctx.rt`. */
export interface JobHost {
  db: Db;
  databaseUrl: string;
  log: Logger;
  rt: unknown;
}

export async function createJobQueue(host: JobHost, jobs: readonly AnyJob[], options: JobQueueOptions = {}): Promise<JobQueue> {
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`Two jobs are named "${job.name}"`);
    names.add(job.name);
  }
  if (dbKind(host.databaseUrl) === "postgresql") {
    const { PgBossJobQueue } = await import("./pg-boss-queue.server");
    return new PgBossJobQueue(host, host.databaseUrl, jobs, options.postgres);
  }
  const { SqliteJobQueue } = await import("./sqlite-queue.server");
  return new SqliteJobQueue(host, jobs, options.sqlite);
}
