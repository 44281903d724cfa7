import type { AnyJob } from "./define-job.server";

// Every job the app runs. Web processes and `npm run worker` start the queue with this list, so a job that
// is sent must be listed here (the lead adds the webhook, mapping and reconcile jobs).
export const allJobs: AnyJob[] = [];
