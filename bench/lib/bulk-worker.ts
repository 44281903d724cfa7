import { loadEnv } from "../../app/env.server";
import { createRuntime } from "../../app/runtime/runtime.server";

// A job worker for the bulk labels benchmark: `npm run worker` as the app runs it (its runtime, its job registry),
// with the SQLite lease short enough that a killed worker's jobs are taken over within seconds, and no schedules.

const concurrency = Number(process.env.BULK_WORKER_CONCURRENCY ?? 16);

if (process.argv[1]?.endsWith("bulk-worker.ts")) {
  const rt = await createRuntime(loadEnv(), { runJobs: true, queue: { sqlite: { concurrency, pollMs: 20, leaseMs: 5000 }, postgres: { concurrency, pollingIntervalSeconds: 0.5 } }, schedules: [] });
  console.log(`bulk worker ready ${process.pid}`);
  process.on("SIGTERM", () => void rt.close().then(() => process.exit(0)));
}
