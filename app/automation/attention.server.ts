import type { Db } from "../db.server";
import { enqueueFollowUps } from "../jobs/follow-ups.server";
import type { FollowUp } from "../returns/follow-ups";
import type { ShopContext } from "../returns/shop-context.server";
import { recordEvent } from "../returns/timeline.server";
import type { AutomationEvent } from "./run-automation.server";
import type { AutomationStageName } from "./stage-runs.server";

// What the merchant sees of automation and does about it: the returns a rule could not finish ("needs attention",
// with the reason and a one-click retry on the dashboard and the return page), each return's stages, and "mark
// received" for parcels whose platform reports no arrival.

export interface AttentionRow {
  linkId: string;
  returnName: string;
  stage: AutomationStageName;
  ruleName: string | null;
  error: string | null;
  at: string;
}

export interface StageView {
  stage: AutomationStageName;
  state: string;
  ruleName: string | null;
  detail: string | null;
  error: string | null;
  at: string;
}

const EVENT_OF: Record<Exclude<AutomationStageName, "ARRIVAL">, AutomationEvent> = { APPROVE: "requested", LABEL: "approved", PROCESS: "arrived" };

export async function listNeedsAttention(db: Db, shop: string, take = 10): Promise<{ rows: AttentionRow[]; total: number }> {
  const where = { shop, state: "FAILED" };
  const [runs, total] = await Promise.all([db.automationRun.findMany({ where, orderBy: { updatedAt: "desc" }, take, include: { returnLink: { select: { returnName: true } } } }), db.automationRun.count({ where })]);
  return {
    total,
    rows: runs.map((r) => ({ linkId: r.returnLinkId, returnName: r.returnLink.returnName, stage: r.stage as AutomationStageName, ruleName: r.ruleName, error: r.error, at: r.updatedAt.toISOString() })),
  };
}

export async function automationStages(db: Db, shop: string, linkId: string): Promise<StageView[]> {
  const order: AutomationStageName[] = ["APPROVE", "LABEL", "ARRIVAL", "PROCESS"];
  const runs = await db.automationRun.findMany({ where: { shop, returnLinkId: linkId } });
  return runs
    .sort((a, b) => order.indexOf(a.stage as AutomationStageName) - order.indexOf(b.stage as AutomationStageName))
    .map((r) => ({ stage: r.stage as AutomationStageName, state: r.state, ruleName: r.ruleName, detail: r.detail, error: r.error, at: r.updatedAt.toISOString() }));
}

/** Sends the failed stages of these links (all of the shop's when none are named) to run again; a label already made is found, not made again. */
export async function retryAutomation(ctx: ShopContext, linkIds?: string[]): Promise<number> {
  const { db, shop } = ctx;
  const failed = await db.automationRun.findMany({ where: { shop, state: "FAILED", ...(linkIds ? { returnLinkId: { in: linkIds } } : {}) }, take: 500 });
  const followUps: FollowUp[] = [];
  for (const run of failed) {
    if (run.stage === "ARRIVAL") continue;
    followUps.push({ kind: "automation", linkId: run.returnLinkId, event: EVENT_OF[run.stage as keyof typeof EVENT_OF], retry: true, ...(run.stage === "PROCESS" ? { source: "MERCHANT" as const } : {}) });
    await recordEvent(db, { shop, returnLinkId: run.returnLinkId, source: "MERCHANT", kind: "automation", status: run.stage, detail: `Retry of the ${run.stage.toLowerCase()} stage requested` });
  }
  await enqueueFollowUps(ctx.rt.jobs, shop, followUps);
  return followUps.length;
}

/** The merchant saw the parcel arrive: the rules act as on a platform's report (once: a second mark changes nothing). */
export async function markReceived(ctx: ShopContext, linkId: string): Promise<boolean> {
  const link = await ctx.db.returnLink.findFirst({ where: { id: linkId, shop: ctx.shop }, select: { id: true } });
  if (!link) return false;
  await enqueueFollowUps(ctx.rt.jobs, ctx.shop, [{ kind: "automation", linkId: link.id, event: "arrived", source: "MERCHANT" }]);
  return true;
}
