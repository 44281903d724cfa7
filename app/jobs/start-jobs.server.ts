import type { Db } from "../db.server";
import { log } from "../logger.server";
import { PROCESS_WEBHOOK_JOB } from "../webhooks/ingest.server";
import { createJobQueue, type JobQueue } from "./queue.server";
import { allJobs } from "./registry.server";
import { setJobQueue } from "./runtime.server";
import { SWEEP_WEBHOOKS_JOB } from "./sweep-webhooks.server";
import { RECONCILE_TICK_JOB } from "./reconcile-jobs.server";

// Starts the process's queue: SQLite runs jobs in-process; PostgreSQL (pg-boss) shares one queue across
// web and `npm run worker` processes. Webhook jobs are sent after the commit only where the queue is elsewhere.

export interface RunningJobs {
  queue: JobQueue;
  /** Jobs due or running now (tests wait for 0; the dashboard can show a backlog). */
  pendingCount(): Promise<number>;
  enqueueAfterCommit?: (deliveryId: string, shop: string) => Promise<void>;
  stop(): Promise<void>;
}

export async function startJobs(db: Db, databaseUrl: string, opts: { work: boolean; fast?: boolean }): Promise<RunningJobs> {
  // `fast`: tests poll often so a pipeline settles in milliseconds rather than seconds.
  const queue = await createJobQueue(db, databaseUrl, allJobs, opts.fast ? { sqlite: { pollMs: 20 }, postgres: { pollingIntervalSeconds: 0.5 } } : {});
  setJobQueue(queue);
  await queue.start({ work: opts.work });
  await queue.schedule(SWEEP_WEBHOOKS_JOB.name, { everyMinutes: 1 }, {});
  await queue.schedule(RECONCILE_TICK_JOB.name, { everyMinutes: 1 }, {});
  log.info("jobs.started", { engine: queue.kind, work: opts.work, jobs: allJobs.length });
  return {
    queue,
    enqueueAfterCommit:
      queue.kind === "postgresql"
        ? async (deliveryId, shop) => {
            await queue.send(PROCESS_WEBHOOK_JOB, { deliveryId }, { shop });
          }
        : undefined,
    async pendingCount() {
      if (queue.kind === "sqlite") return db.job.count({ where: { OR: [{ state: "RUNNING" }, { state: "PENDING", runAt: { lte: new Date() } }] } });
      const rows = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(
        "SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now() AND name NOT LIKE '%\\_\\_dead'",
      );
      return Number(rows[0]?.n ?? 0);
    },
    async stop() {
      await queue.stop();
      setJobQueue(null);
    },
  };
}
