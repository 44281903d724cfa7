import type { Db } from "../db.server";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import type { AppJobs } from "../jobs/registry.server";
import type { FollowUp } from "./follow-ups";
import { recordEvent } from "./timeline.server";

// The dashboard's and return page's "retry sync" and "push tracking": recorded on each link, done by jobs.

export type LinkSyncAction = "sync" | "push-tracking";
export const MAX_BULK_LINKS = 250;

export interface LinkSyncRequest {
  action: LinkSyncAction;
  /** The ids that belong to the shop (others are dropped silently: they are not this merchant's). */
  accepted: string[];
  requestedAt: Date;
  /** One job per accepted link, for the job layer to enqueue. */
  followUps: FollowUp[];
}

/**
 * The merchant asked to re-sync (or re-push tracking for) some links: recorded on each link's timeline, where
 * the return page shows it. The work itself is one follow-up per link, enqueued by the caller's job layer.
 */
export async function requestLinkSync(db: Db, shop: string, linkIds: string[], action: LinkSyncAction = "sync"): Promise<LinkSyncRequest> {
  const ids = [...new Set(linkIds.filter((id) => typeof id === "string" && id.length > 0 && id.length <= 64))].slice(0, MAX_BULK_LINKS);
  const requestedAt = new Date();
  if (!ids.length) return { action, accepted: [], requestedAt, followUps: [] };
  const owned = await db.returnLink.findMany({ where: { shop, id: { in: ids } }, select: { id: true } });
  for (const { id } of owned) {
    await recordEvent(db, {
      shop,
      returnLinkId: id,
      source: "MERCHANT",
      kind: action === "sync" ? "sync" : "push",
      status: action === "sync" ? "SYNC_REQUESTED" : "PUSH_TRACKING_REQUESTED",
      occurredAt: requestedAt,
    });
  }
  const followUps = owned.map(({ id }): FollowUp => ({ kind: action === "sync" ? "sync-link" : "push-link-tracking", linkId: id }));
  return { action, accepted: owned.map((o) => o.id), requestedAt, followUps };
}

/** The dashboard's bulk form: its `ids` field (a JSON list of link ids; anything else is none), recorded and enqueued. */
export async function runLinkSyncForm(rt: { db: Db; jobs: AppJobs }, shop: string, intent: "retry-sync" | "push-tracking", form: FormData) {
  let ids: unknown = [];
  try {
    ids = JSON.parse(String(form.get("ids") ?? "[]"));
  } catch {
    ids = [];
  }
  const list = Array.isArray(ids) ? ids.filter((v): v is string => typeof v === "string") : [];
  const result = await requestLinkSync(rt.db, shop, list, intent === "retry-sync" ? "sync" : "push-tracking");
  await enqueueFollowUps(rt.jobs, shop, result.followUps);
  return { ok: true as const, intent, accepted: result.accepted.length, at: result.requestedAt.toISOString() };
}
