import { AUTOMATION_JOB, BULK_LABEL_JOB, FLOW_ACTION_JOB, FLOW_SWEEP_JOB, FLOW_TRIGGER_JOB } from "./automation-jobs.server";
import type { Jobs, Schedule } from "./jobs.server";
import { RECONCILE_SHOP_JOB, RECONCILE_TICK_JOB, SYNC_LINK_JOB, PUSH_LINK_TRACKING_JOB } from "./reconcile-jobs.server";
import { RETENTION_JOB } from "./retention-job.server";
import { SWEEP_WEBHOOKS_JOB } from "./sweep-webhooks.server";
import { PROCESS_WEBHOOK_JOB, PUSH_STATUS_JOB, PUSH_TRACKING_JOB, RESOLVE_REFERENCE_JOB } from "./webhook-jobs.server";

// Every job the app runs, and what runs on a schedule. The runtime starts the queue with this list; a send
// names one of these jobs and passes its payload type (checked by the compiler, validated at send and run).
export const APP_JOBS = [
  PROCESS_WEBHOOK_JOB,
  RESOLVE_REFERENCE_JOB,
  PUSH_STATUS_JOB,
  PUSH_TRACKING_JOB,
  RECONCILE_SHOP_JOB,
  RECONCILE_TICK_JOB,
  SYNC_LINK_JOB,
  PUSH_LINK_TRACKING_JOB,
  SWEEP_WEBHOOKS_JOB,
  RETENTION_JOB,
  AUTOMATION_JOB,
  FLOW_TRIGGER_JOB,
  FLOW_SWEEP_JOB,
  FLOW_ACTION_JOB,
  BULK_LABEL_JOB,
] as const;

export type AppJobs = Jobs<typeof APP_JOBS>;
export type AppJobName = (typeof APP_JOBS)[number]["name"];

export const APP_SCHEDULES: ReadonlyArray<Schedule<typeof APP_JOBS>> = [
  // SQLite writes a delivery's job in the delivery's own transaction: only pg-boss's after-commit send can be lost.
  { job: SWEEP_WEBHOOKS_JOB.name, everyMinutes: 1, engines: ["postgresql"] },
  { job: RECONCILE_TICK_JOB.name, everyMinutes: 1 },
  { job: FLOW_SWEEP_JOB.name, everyMinutes: 1 },
  { job: RETENTION_JOB.name, everyMinutes: 60 },
];
