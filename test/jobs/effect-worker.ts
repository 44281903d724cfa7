import { createDb } from "../../app/db.server";
import { createJobQueue } from "../../app/jobs/queue.server";
import { createLogger } from "../../app/logger.server";
import { allJobs, queueOptions } from "./effect-jobs";

// A worker process for the job-layer tests: the queue engine with the fixture's jobs on DATABASE_URL (the app's
// own `npm run worker` runs the app's registry; this one lets a test kill a process that holds running jobs).
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const db = await createDb(databaseUrl);
const log = createLogger({ level: "info" });
const queue = await createJobQueue({ db, databaseUrl, log, rt: { db } }, allJobs, queueOptions);
await queue.start();
log.info("job worker started", { engine: queue.kind, pid: process.pid });
process.on("SIGTERM", () => {
  void queue.stop().then(() => db.$disconnect()).then(() => process.exit(0));
});
