import type { Schedule } from "../../app/jobs/jobs.server";
import type { APP_JOBS } from "../../app/jobs/registry.server";

/** The soak sends reconciliation passes itself (every few seconds); only the webhook sweep keeps its schedule. */
export const SOAK_SCHEDULES: ReadonlyArray<Schedule<typeof APP_JOBS>> = [{ job: "webhook.sweep", everyMinutes: 1, engines: ["postgresql"] }];
