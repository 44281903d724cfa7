import "./lib/production-mode";
import { ConfigError, loadEnv } from "../app/env.server";
import { isDatabaseNotReady } from "../app/runtime/database-ready.server";
import { createRuntime } from "../app/runtime/runtime.server";

// `npm run worker`: a process that only runs jobs (always with NODE_ENV=production), with the app's runtime on DATABASE_URL. Run as many as you
// like on PostgreSQL (pg-boss shares the queue); on SQLite they share the file the web process uses.
try {
  const rt = await createRuntime(loadEnv(), { runJobs: true });
  rt.log.info("worker.started", { engine: rt.jobs.kind, pid: process.pid });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.log.info("worker.stopping", { signal });
    await rt.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
} catch (err) {
  console.error(err instanceof ConfigError || isDatabaseNotReady(err) ? (err as Error).message : err);
  process.exit(1);
}
