import { z } from "zod";
import { applyRetention } from "../privacy/retention.server";
import { defineJob } from "./define-job.server";

// The scheduled side of retention (app/privacy/retention.server.ts): one pass an hour in a process that runs jobs.
export const RETENTION_JOB = defineJob({
  name: "privacy.retention",
  schema: z.object({}).passthrough(),
  retry: { maxAttempts: 1 },
  async handler(_payload, { rt, log }) {
    const result = await applyRetention(rt.db, rt.env, rt.clock.now());
    if (result.deliveriesDeleted || result.labelUrlsForgotten) log.info("privacy.retention", { ...result });
  },
});
