import type { AnyJob } from "../../app/jobs/define-job.server";
import type { JobQueueOptions } from "../../app/jobs/queue.server";
import { allJobs as appJobs } from "../../app/jobs/registry.server";

// The app's own job registry for the soak's worker processes (`scripts/worker.ts --registry` this file), with
// one change: pg-boss hands a killed worker's run to another worker after the job's timeout, 15 minutes by
// default; the soak shortens that to 90 s (longer than any run under the injected faults) so a crash test
// finishes in minutes. The handlers, retries and dead letters are the app's.

export const SOAK_JOB_TIMEOUT_SECONDS = 90;

export function soakJobs(jobs: readonly AnyJob[] = appJobs): AnyJob[] {
  return jobs.map((j) => (j.timeoutSeconds === undefined ? { ...j, timeoutSeconds: SOAK_JOB_TIMEOUT_SECONDS } : j));
}

export const allJobs: AnyJob[] = soakJobs();

const concurrency = Number(process.env.SOAK_WORKER_CONCURRENCY ?? 16);

export const queueOptions: JobQueueOptions = {
  // The SQLite lease is renewed every leaseMs/3 while a handler runs; a killed process's jobs return after it.
  sqlite: { concurrency, pollMs: 25, leaseMs: 5000 },
  // pg-boss runs `concurrency` pollers per job name (seven names): a quarter keeps a small machine's database calm.
  postgres: { concurrency: Math.max(2, Math.round(concurrency / 4)), pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 5, poolSize: 10 },
};
