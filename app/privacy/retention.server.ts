import type { Db } from "../db.server";

// What the app forgets on a schedule (docs/security.md, "Privacy"): handled webhook deliveries (their payloads
// name customers) after WEBHOOK_RETENTION_DAYS, and the label file URLs of returns that ended (the files show the
// customer's address) after LABEL_URL_RETENTION_DAYS.

const DAY_MS = 24 * 60 * 60 * 1000;
/** Returns that are over: their labels are no longer printed. */
export const ENDED_RETURN_STATUSES = ["CLOSED", "DECLINED", "CANCELED"] as const;

export interface RetentionSettings {
  WEBHOOK_RETENTION_DAYS: number;
  LABEL_URL_RETENTION_DAYS: number;
}

export interface RetentionResult {
  deliveriesDeleted: number;
  labelUrlsForgotten: number;
}

export async function applyRetention(db: Db, settings: RetentionSettings, now: number): Promise<RetentionResult> {
  const deliveriesBefore = new Date(now - settings.WEBHOOK_RETENTION_DAYS * DAY_MS);
  const labelsBefore = new Date(now - settings.LABEL_URL_RETENTION_DAYS * DAY_MS);
  // A delivery still waiting to be processed is kept whatever its age: the sweep may still hand it to a job.
  const deliveries = await db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: deliveriesBefore }, state: { not: "RECEIVED" } } });
  const labels = await db.shipment.updateMany({
    where: { labelUrl: { not: null }, returnLink: { status: { in: [...ENDED_RETURN_STATUSES] }, updatedAt: { lt: labelsBefore } } },
    data: { labelUrl: null },
  });
  return { deliveriesDeleted: deliveries.count, labelUrlsForgotten: labels.count };
}
