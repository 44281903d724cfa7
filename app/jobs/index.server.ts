import { db } from "../db.server";
import { createJobQueue, type JobQueue } from "./queue.server";
import { allJobs } from "./registry.server";

// The process-wide job queue for DATABASE_URL and the app's registry (kept on globalThis so Vite HMR does not
// build a second one). send()/sendInTx() work before start(); start() makes this process work jobs too.

const g = globalThis as unknown as { __rbJobs?: Promise<JobQueue>; __rbJobsUrl?: string };

export function jobQueue(): Promise<JobQueue> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  if (!g.__rbJobs || g.__rbJobsUrl !== url) {
    g.__rbJobsUrl = url;
    g.__rbJobs = db().then((database) => createJobQueue(database, url, allJobs));
  }
  return g.__rbJobs;
}

export { defineJob, TerminalJobError, type AnyJob, type JobContext, type JobDefinition } from "./define-job.server";
export type { JobQueue, JobStatus, SendOptions } from "./queue.server";
