import type { JobQueue } from "./queue.server";

// The process's job queue, set once at start-up, so job handlers can enqueue follow-up work.
let current: JobQueue | null = null;

export function setJobQueue(queue: JobQueue | null): void {
  current = queue;
}

export function jobQueue(): JobQueue {
  if (!current) throw new Error("The job queue is not started in this process");
  return current;
}

/** The queue when this process started one (web and worker processes), else null (scripts, some tests). */
export function tryJobQueue(): JobQueue | null {
  return current;
}
