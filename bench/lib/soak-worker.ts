import { loadEnv } from "../../app/env.server";
import type { JobQueueOptions } from "../../app/jobs/queue.server";
import { createRuntime } from "../../app/runtime/runtime.server";
import { SOAK_SCHEDULES } from "./soak-schedules";

// A soak worker process: `npm run worker` as the app runs it (its runtime, its job registry and handlers) with two
// soak settings: pg-boss hands a killed worker's run to another after 90 s instead of 15 minutes (longer than any
// run under the injected faults, so a crash test finishes in minutes), and the reconciliation passes are sent by
// the soak itself every few seconds instead of by the minute tick.

const concurrency = Number(process.env.SOAK_WORKER_CONCURRENCY ?? 16);

export const SOAK_QUEUE_OPTIONS = (n: number): JobQueueOptions => ({
  // The SQLite lease is renewed every leaseMs/3 while a handler runs; a killed process's jobs return after it.
  sqlite: { concurrency: n, pollMs: 25, leaseMs: 5000 },
  // pg-boss runs `n` pollers per job name (nine names): a quarter keeps a small machine's database calm.
  postgres: { concurrency: Math.max(2, Math.round(n / 4)), pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 5, poolSize: 10, defaultTimeoutSeconds: 90 },
});

if (process.argv[1]?.endsWith("soak-worker.ts")) {
  const rt = await createRuntime(loadEnv(), { runJobs: true, queue: SOAK_QUEUE_OPTIONS(concurrency), schedules: SOAK_SCHEDULES });
  rt.log.info("job worker started", { engine: rt.jobs.kind, pid: process.pid });
  process.on("SIGTERM", () => void rt.close().then(() => process.exit(0)));
}
