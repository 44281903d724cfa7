import type { Db } from "../db.server";
import { log } from "../logger.server";
import { PROCESS_WEBHOOK_JOB } from "../webhooks/ingest.server";
import { createJobQueue, type JobQueue } from "./queue.server";
import { allJobs } from "./registry.server";
import { setJobQueue } from "./runtime.server";
import { SWEEP_WEBHOOKS_JOB } from "./sweep-webhooks.server";

// Starts the process's queue: SQLite runs jobs in-process; PostgreSQL (pg-boss) shares one queue across
// web and `npm run worker` processes. Webhook jobs are sent after the commit only where the queue is elsewhere.

export interface RunningJobs {
  queue: JobQueue;
  enqueueAfterCommit?: (deliveryId: string, shop: string) => Promise<void>;
  stop(): Promise<void>;
}

export async function startJobs(db: Db, databaseUrl: string, opts: { work: boolean }): Promise<RunningJobs> {
  const queue = await createJobQueue(db, databaseUrl, allJobs);
  setJobQueue(queue);
  await queue.start({ work: opts.work });
  await queue.schedule(SWEEP_WEBHOOKS_JOB.name, { everyMinutes: 1 }, {});
  log.info("jobs.started", { engine: queue.kind, work: opts.work, jobs: allJobs.length });
  return {
    queue,
    enqueueAfterCommit:
      queue.kind === "postgresql"
        ? async (deliveryId, shop) => {
            await queue.send(PROCESS_WEBHOOK_JOB, { deliveryId }, { shop });
          }
        : undefined,
    async stop() {
      await queue.stop();
      setJobQueue(null);
    },
  };
}
