import path from "node:path";
import { pathToFileURL } from "node:url";
import { db } from "../app/db.server";
import { ConfigError, env } from "../app/env.server";
import type { AnyJob } from "../app/jobs/define-job.server";
import { createJobQueue, type JobQueueOptions } from "../app/jobs/queue.server";
import { allJobs } from "../app/jobs/registry.server";
import { setJobQueue } from "../app/jobs/runtime.server";
import { log } from "../app/logger.server";

// `npm run worker`: only the job queue, with the app's job registry, on DATABASE_URL. Run as many as you like
// on PostgreSQL (pg-boss shares the queue); on SQLite they share the file the web process uses.
//   --registry <module>   run the `allJobs` (and optional `queueOptions`) of another module (tests use a fixture)

async function loadRegistry(args: string[]): Promise<{ jobs: AnyJob[]; options: JobQueueOptions }> {
  const flag = args.indexOf("--registry");
  if (flag < 0) return { jobs: allJobs, options: {} };
  const mod = (await import(pathToFileURL(path.resolve(args[flag + 1] ?? "")).href)) as { allJobs?: AnyJob[]; queueOptions?: JobQueueOptions };
  if (!Array.isArray(mod.allJobs)) throw new Error(`${args[flag + 1]} exports no allJobs array`);
  return { jobs: mod.allJobs, options: mod.queueOptions ?? {} };
}

try {
  const config = env();
  const { jobs, options } = await loadRegistry(process.argv.slice(2));
  const database = await db();
  const queue = await createJobQueue(database, config.DATABASE_URL, jobs, options);
  // Handlers enqueue follow-up work (provider pushes after a webhook) through the process's queue.
  setJobQueue(queue);
  await queue.start();
  log.info("job worker started", { engine: queue.kind, jobs: jobs.map((j) => j.name), pid: process.pid });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("job worker stopping", { signal });
    await queue.stop();
    await database.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
