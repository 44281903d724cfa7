import type { AutomationRun } from "@prisma/client";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../returns/claim-once.server";

// One AutomationRun row per return and stage, claimed before the stage acts: a redelivered or replayed webhook finds
// the row and does nothing twice; a job that died mid-stage is taken over by its own retry (same owner) or, after
// the lease, by anyone; a failed stage waits for the merchant's retry.

export type AutomationStageName = "APPROVE" | "LABEL" | "ARRIVAL" | "PROCESS";

export type StageClaim =
  | { kind: "claimed"; run: AutomationRun }
  /** Finished (DONE or SKIPPED): nothing to do again. */
  | { kind: "done"; run: AutomationRun }
  /** Failed earlier: only the merchant's retry claims it again. */
  | { kind: "failed"; run: AutomationRun }
  /** Another live run holds it. */
  | { kind: "busy"; run: AutomationRun };

export interface ClaimStageInput {
  shop: string;
  linkId: string;
  stage: AutomationStageName;
  rule: { id: string | null; name: string } | null;
  /** The job run asking (its retries carry the same id). */
  owner: string;
  /** The merchant asked to retry a failed stage. */
  retry?: boolean;
  leaseMs?: number;
}

export const STAGE_LEASE_MS = 120_000;

async function takeOver(db: Db, run: AutomationRun, input: ClaimStageInput): Promise<AutomationRun | null> {
  const moved = await db.automationRun.updateMany({
    where: { id: run.id, state: run.state, updatedAt: run.updatedAt },
    data: { state: "CLAIMED", claimedBy: input.owner, error: null, attempts: { increment: 1 }, ruleId: input.rule?.id ?? run.ruleId, ruleName: input.rule?.name ?? run.ruleName, updatedAt: new Date() },
  });
  return moved.count === 1 ? db.automationRun.findUnique({ where: { id: run.id } }) : null;
}

export async function claimStage(db: Db, input: ClaimStageInput): Promise<StageClaim> {
  const { shop, linkId, stage } = input;
  for (let tries = 0; tries < 5; tries++) {
    try {
      const run = await db.automationRun.create({ data: { shop, returnLinkId: linkId, stage, state: "CLAIMED", claimedBy: input.owner, ruleId: input.rule?.id ?? null, ruleName: input.rule?.name ?? null, attempts: 1 } });
      return { kind: "claimed", run };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const run = await db.automationRun.findUnique({ where: { shop_returnLinkId_stage: { shop, returnLinkId: linkId, stage } } });
    if (!run) continue;
    if (run.state === "DONE" || run.state === "SKIPPED") return { kind: "done", run };
    const stale = Date.now() - run.updatedAt.getTime() > (input.leaseMs ?? STAGE_LEASE_MS);
    const mayTake = run.state === "FAILED" ? !!input.retry : run.claimedBy === input.owner || stale;
    if (!mayTake) return { kind: run.state === "FAILED" ? "failed" : "busy", run };
    const taken = await takeOver(db, run, input);
    if (taken) return { kind: "claimed", run: taken };
  }
  throw new Error(`automation: could not claim ${stage} of link ${linkId}`);
}

export async function finishStage(db: Db, run: AutomationRun, state: "DONE" | "SKIPPED" | "FAILED", text: { detail?: string | null; error?: string | null }): Promise<AutomationRun> {
  return db.automationRun.update({
    where: { id: run.id },
    data: { state, claimedBy: null, detail: text.detail?.slice(0, 1000) ?? null, error: text.error?.slice(0, 1000) ?? null },
  });
}

/** A stage whose job ran out of attempts: failed with the reason, where the merchant sees it. */
export async function failStage(db: Db, shop: string, linkId: string, stage: AutomationStageName, error: string): Promise<void> {
  await db.automationRun.updateMany({ where: { shop, returnLinkId: linkId, stage, state: "CLAIMED" }, data: { state: "FAILED", claimedBy: null, error: error.slice(0, 1000) } });
}
