import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import { maxAttemptsOf, type AnyJob, type JobDefinition } from "./define-job.server";
import { createOutboxWriter, type OutboxTable, type OutboxWriter } from "./outbox-writer.server";
import { createJobQueue, type JobHost, type JobQueue, type JobQueueOptions, type JobStatus, type ScheduleSpec, type SendOptions } from "./queue.server";

// The job layer as the rest of the app sees it: typed sends for the jobs of one registry, the outbox that
// stores a row with its job, schedules, and the health and backlog of the queue. The engines (SQLite runner,
// pg-boss) and their storage stay behind it.

type NameOf<J> = J extends { name: infer N } ? N : never;
type PayloadOf<J> = J extends JobDefinition<infer P, string, unknown> ? P : never;
type JobNamed<J extends readonly AnyJob[], N> = Extract<J[number], { name: N }>;

export interface Schedule<J extends readonly AnyJob[]> {
  job: NameOf<J[number]>;
  everyMinutes: number;
  /** Only on these engines (default: both). */
  engines?: ReadonlyArray<JobQueue["kind"]>;
}

export interface Jobs<J extends readonly AnyJob[] = readonly AnyJob[]> {
  readonly kind: JobQueue["kind"];
  send<N extends NameOf<J[number]>>(name: N, payload: z.input<JobNamed<J, N>["schema"]> & PayloadOf<JobNamed<J, N>>, options?: SendOptions): Promise<string | null>;
  /** Inside the caller's Prisma interactive transaction: the job exists if and only if it commits. */
  sendInTx<N extends NameOf<J[number]>>(tx: Prisma.TransactionClient, name: N, payload: PayloadOf<JobNamed<J, N>>, options?: SendOptions): Promise<string | null>;
  schedule<N extends NameOf<J[number]>>(name: N, spec: ScheduleSpec, payload: PayloadOf<JobNamed<J, N>>): Promise<void>;
  /** Cancels every job of the shop that has not started yet (app/uninstalled, shop/redact). */
  cancelShop(shop: string): Promise<number>;
  getJob(name: string, id: string): Promise<JobStatus | null>;
  /** Of these singleton keys of job `name`, the ones whose job is still waiting, retrying or running. */
  liveKeys(name: NameOf<J[number]>, keys: readonly string[]): Promise<Set<string>>;
  /** Jobs due or running now (tests wait for 0; the dashboard can show a backlog). */
  pendingCount(): Promise<number>;
  /** Whether the queue's storage answers (for /healthz). */
  health(): Promise<{ ok: boolean; detail: string }>;
  /** A writer that stores rows of `table` each with its job, in one commit (the webhook ingest's hot path). */
  outbox<Row extends { id: string; shop: string }>(table: OutboxTable<Row>): OutboxWriter<Row>;
  /** Whether this process runs jobs (every process sends them). */
  readonly working: boolean;
  /** Starts running jobs and schedules (when `work`): call once whatever handlers receive is complete. */
  start(): Promise<void>;
  /** Stops running jobs and closes the outboxes' connections. */
  stop(): Promise<void>;
}

export interface JobsOptions<J extends readonly AnyJob[]> {
  /** false: only send and schedule from this process (a web process beside `npm run worker` ones). */
  work: boolean;
  schedules?: ReadonlyArray<Schedule<J>>;
  queue?: JobQueueOptions;
}

export async function createJobs<const J extends readonly AnyJob[]>(host: JobHost, registry: J, options: JobsOptions<J>): Promise<Jobs<J>> {
  const queue = await createJobQueue(host, registry, options.queue ?? {});
  const outboxes = new Map<object, OutboxWriter<never>>();
  const { db } = host;

  async function pendingCount(): Promise<number> {
    if (queue.kind === "sqlite") return db.job.count({ where: { OR: [{ state: "RUNNING" }, { state: "PENDING", runAt: { lte: new Date() } }] } });
    const rows = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(
      "SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now() AND name NOT LIKE '%\\_\\_dead'",
    );
    return Number(rows[0]?.n ?? 0);
  }

  return {
    kind: queue.kind,
    working: options.work,
    send: (name, payload, opts) => queue.send(name, payload, opts),
    sendInTx: (tx, name, payload, opts) => queue.sendInTx(tx, name, payload, opts),
    schedule: (name, spec, payload) => queue.schedule(name, spec, payload),
    cancelShop: (shop) => queue.cancelShop(shop),
    getJob: (name, id) => queue.getJob(name, id),
    liveKeys: (name, keys) => queue.liveKeys(name, keys),
    pendingCount,
    async health() {
      try {
        const backlog = await pendingCount();
        return { ok: true, detail: `${queue.kind}: ${backlog} due or running` };
      } catch (err) {
        return { ok: false, detail: `${queue.kind}: ${(err as Error).message.slice(0, 200)}` };
      }
    },
    outbox<Row extends { id: string; shop: string }>(table: OutboxTable<Row>): OutboxWriter<Row> {
      let w = outboxes.get(table) as OutboxWriter<Row> | undefined;
      if (!w) {
        const job = registry.find((j) => j.name === table.job.name);
        if (!job) throw new Error(`The outbox of ${table.table} names job "${table.job.name}", which is not in the registry`);
        w = createOutboxWriter<Row>(
          { db, databaseUrl: host.databaseUrl, log: host.log, engine: queue.kind, jobMaxAttempts: maxAttemptsOf(job), sendManyAfterCommit: (name, items) => queue.sendMany(name, items) },
          table,
        );
        outboxes.set(table, w as OutboxWriter<never>);
      }
      return w;
    },
    async start() {
      await queue.start({ work: options.work });
      if (!options.work) return;
      for (const s of options.schedules ?? []) if (!s.engines || s.engines.includes(queue.kind)) await queue.schedule(s.job, { everyMinutes: s.everyMinutes }, {});
    },
    async stop() {
      await queue.stop();
      for (const w of outboxes.values()) await w.close();
      outboxes.clear();
    },
  };
}
