import type { AnyJob } from "./define-job.server";
import { SWEEP_WEBHOOKS_JOB } from "./sweep-webhooks.server";
import { webhookJobs } from "./webhook-jobs.server";
import { reconcileJobs } from "./reconcile-jobs.server";

// Every job the app runs. Web processes and `npm run worker` start the queue with this list, so a job that
// is sent must be listed here.
export const allJobs: AnyJob[] = [...(webhookJobs as AnyJob[]), ...(reconcileJobs as AnyJob[]), SWEEP_WEBHOOKS_JOB as AnyJob];
