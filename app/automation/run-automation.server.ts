import type { ReturnLink } from "@prisma/client";
import { ConflictError, NotFoundError, ValidationError, isRetryable } from "../http/errors.server";
import { emitFlowEvent } from "../flow/emit.server";
import { approveReturn } from "../returns/approve-return.server";
import { createLabel, LABEL_MAY_EXIST } from "../returns/create-label.server";
import type { FollowUp } from "../returns/follow-ups";
import type { ShopContext } from "../returns/shop-context.server";
import { recordEvent } from "../returns/timeline.server";
import { PROVIDER_NAMES } from "../returns/provider-ref.server";
import { isUniqueViolation } from "../returns/claim-once.server";
import { fetchReturnForAutomation, type ReturnForAutomation } from "../shopify/graphql/return-for-automation.server";
import { chooseRule, type ReturnFacts } from "./conditions";
import { processArrivedReturn } from "./process-return.server";
import type { AutomationRuleView } from "./rule-types";
import { toRuleView } from "./rules.server";
import { claimStage, finishStage, type AutomationStageName } from "./stage-runs.server";

// The rules at work, one stage per event that makes them true: a return requested (approve it), approved (create
// its label and attach it, Shopify notifying the customer), its parcel seen arriving (process it). The first enabled
// rule whose conditions hold decides; the timeline says which one did what, or why none matched. Every stage is
// claimed once per return, so redelivered and replayed webhooks change nothing.

export type AutomationEvent = "requested" | "approved" | "arrived";
export type ArrivalSource = "REVER" | "SHOPIFY" | "MERCHANT";

export interface AutomationInput {
  linkId: string;
  event: AutomationEvent;
  /** Who saw the parcel arrive (event "arrived"). */
  source?: ArrivalSource;
  /** The job run (its retries carry the same id). */
  owner: string;
  /** The merchant asked to retry a stage that failed. */
  retry?: boolean;
}

/** The stage each event runs. */
export const STAGE_OF: Record<AutomationEvent, Exclude<AutomationStageName, "ARRIVAL">> = { requested: "APPROVE", approved: "LABEL", arrived: "PROCESS" };

/** Not now, maybe later: another run holds the stage, a label is being made, a REVER process is not linked yet.
 *  A plain Error, so the job layer retries it with backoff; when the attempts run out the stage fails with it. */
export class StageRetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StageRetryLater";
  }
}

const ARRIVAL_TEXT: Record<ArrivalSource, string> = {
  REVER: "REVER reports the parcel in the warehouse",
  SHOPIFY: "The warehouse disposed of the items in Shopify",
  MERCHANT: "Marked as received in the app",
};

function factsOf(ret: ReturnForAutomation): ReturnFacts {
  return {
    country: ret.order.shippingAddress?.countryCodeV2 ?? null,
    reasonHandles: ret.returnLineItems.nodes.map((l) => l.returnReasonDefinition?.handle ?? null),
    orderTotal: ret.order.totalPriceSet.shopMoney.amount,
    currency: ret.order.totalPriceSet.shopMoney.currencyCode,
    tags: ret.order.tags,
  };
}

const subjectOf = (link: ReturnLink) => ({ linkId: link.id, returnGid: link.returnGid, returnName: link.returnName, orderGid: link.orderGid });

/** The first time the parcel is seen arriving: recorded once (whoever saw it first), on the timeline and for Flow. */
export async function recordArrival(ctx: ShopContext, link: ReturnLink, source: ArrivalSource): Promise<boolean> {
  const { db, shop } = ctx;
  try {
    await db.automationRun.create({ data: { shop, returnLinkId: link.id, stage: "ARRIVAL", state: "DONE", detail: source } });
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
  await recordEvent(db, { shop, returnLinkId: link.id, source: source === "MERCHANT" ? "MERCHANT" : source === "REVER" ? "REVER" : "SHOPIFY", kind: "automation", status: "ARRIVED", detail: ARRIVAL_TEXT[source], dedupeKey: `arrival:${link.id}` });
  await emitFlowEvent(ctx, { trigger: "parcel-arrived", subject: subjectOf(link), key: link.id, extra: { "Arrival source": source } });
  return true;
}

/** Runs one stage of the rule under its claim; a failure the job cannot fix by retrying leaves the return needing attention. */
async function runStage(ctx: ShopContext, link: ReturnLink, stage: AutomationStageName, rule: AutomationRuleView, input: AutomationInput, act: () => Promise<string>): Promise<"done" | "skipped" | "failed"> {
  const { db, shop } = ctx;
  const claim = await claimStage(db, { shop, linkId: link.id, stage, rule: { id: rule.id, name: rule.name }, owner: input.owner, retry: input.retry });
  if (claim.kind === "done") return "skipped";
  if (claim.kind === "failed") return "failed";
  if (claim.kind === "busy") throw new StageRetryLater(`The ${stage.toLowerCase()} stage is being run by another job`);
  try {
    const detail = await act();
    await finishStage(db, claim.run, "DONE", { detail });
    await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "automation", status: stage, detail: `Rule "${rule.name}": ${detail}`, dedupeKey: `automation:${stage}:${link.id}:${claim.run.attempts}` });
    return "done";
  } catch (err) {
    // Retried by the job (its own retry takes the claim back): network, 429, 5xx, and what only needs time.
    if (isRetryable(err)) throw err;
    if ((err instanceof ConflictError && (err.code === "IN_PROGRESS" || err.code === LABEL_MAY_EXIST)) || (err instanceof ValidationError && err.code === "REFERENCE_MISSING")) throw new StageRetryLater(err.message);
    await stageFailed(ctx, link, stage, rule.name, err instanceof Error ? err.message : String(err), claim.run.attempts);
    ctx.log.warn("automation.stage_failed", { shop, linkId: link.id, stage, rule: rule.name, err });
    return "failed";
  }
}

/** Needs attention: the stage's row FAILED with the reason, the link's error, the timeline, and Flow's "sync failed". */
async function stageFailed(ctx: ShopContext, link: ReturnLink, stage: AutomationStageName, ruleName: string | null, message: string, attempt: number): Promise<void> {
  const { db, shop } = ctx;
  await db.automationRun.updateMany({ where: { shop, returnLinkId: link.id, stage, state: "CLAIMED" }, data: { state: "FAILED", claimedBy: null, error: message.slice(0, 1000) } });
  await db.returnLink.updateMany({ where: { id: link.id, shop }, data: { lastError: `Automation${ruleName ? ` (${ruleName})` : ""}: ${message}`.slice(0, 1000), lastErrorAt: new Date() } });
  await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "automation", status: stage, result: "ERROR", detail: `${ruleName ? `Rule "${ruleName}"` : "Automation"} could not ${stage.toLowerCase()}: ${message}`, dedupeKey: `automation:failed:${stage}:${link.id}:${attempt}` });
  await emitFlowEvent(ctx, { trigger: "sync-failed", subject: subjectOf(link), key: `${link.id}:${stage}:${attempt}`, extra: { "Error message": message } });
}

/** The job ran out of attempts (or met a terminal error outside a stage): the stage it was running needs attention. */
export async function automationGaveUp(ctx: ShopContext, input: Pick<AutomationInput, "linkId" | "event">, message: string): Promise<void> {
  const link = await ctx.db.returnLink.findFirst({ where: { id: input.linkId, shop: ctx.shop } });
  if (!link) return;
  const stage = STAGE_OF[input.event];
  const run = await ctx.db.automationRun.findUnique({ where: { shop_returnLinkId_stage: { shop: ctx.shop, returnLinkId: link.id, stage } } });
  if (run && run.state !== "CLAIMED") return;
  if (!run) await ctx.db.automationRun.create({ data: { shop: ctx.shop, returnLinkId: link.id, stage, state: "CLAIMED", attempts: 1 } }).catch(() => undefined);
  await stageFailed(ctx, link, stage, run?.ruleName ?? null, message, run?.attempts ?? 1);
}

export async function runAutomation(ctx: ShopContext, input: AutomationInput): Promise<{ followUps: FollowUp[] }> {
  const { db, shop } = ctx;
  const followUps: FollowUp[] = [];
  const link = await db.returnLink.findFirst({ where: { id: input.linkId, shop } });
  if (!link) return { followUps };
  if (input.event === "arrived") await recordArrival(ctx, link, input.source ?? "MERCHANT");
  const rules = (await db.automationRule.findMany({ where: { shop, enabled: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] })).map(toRuleView);
  if (!rules.length) return { followUps };

  const ret = await fetchReturnForAutomation(await ctx.admin(), link.returnGid);
  if (!ret) throw new NotFoundError(`Shopify has no return ${link.returnGid}`, { service: "shopify" });
  const choice = chooseRule(rules, factsOf(ret));
  const stage = STAGE_OF[input.event];
  await recordEvent(db, { shop, returnLinkId: link.id, source: "APP", kind: "automation", status: stage, detail: `${choice.explanation} (${input.event})`, result: choice.rule ? "OK" : "SKIPPED", dedupeKey: `automation:rule:${input.event}:${link.id}` });
  const rule = choice.rule;
  if (!rule) return { followUps };

  if (input.event === "requested" && rule.autoApprove && ret.status === "REQUESTED") {
    const outcome = await runStage(ctx, link, "APPROVE", rule, input, async () => {
      await approveReturn(ctx, { returnGid: link.returnGid, notifyCustomer: rule.notifyCustomer, approvedBy: { source: "APP", phrase: `by automation rule "${rule.name}"` } });
      return `approved${rule.notifyCustomer ? " (customer notified)" : ""}`;
    });
    // The label follows at once; Shopify's returns/approve would bring it too (one claim, one label).
    if (outcome === "done" && rule.createLabel) followUps.push({ kind: "automation", linkId: link.id, event: "approved" });
  }
  if (input.event === "approved" && rule.createLabel && ret.status === "OPEN") {
    await runStage(ctx, link, "LABEL", rule, input, async () => {
      const label = await createLabel(ctx, {
        returnGid: link.returnGid,
        provider: rule.provider ?? undefined,
        carrierService: rule.carrierService ?? undefined,
        notifyCustomer: rule.notifyCustomer,
        ...(rule.returnMethod ? { returnMethod: rule.returnMethod } : {}),
        ...(rule.returnMethod === "HOME_PICK_UP" ? { pickupWindows: rule.pickupWindows } : {}),
      });
      const method = rule.returnMethod === "HOME_PICK_UP" ? "home pickup booked" : "drop-off";
      return `label ${label.reused ? "found" : "created"} at ${PROVIDER_NAMES[label.provider]} (${[label.carrier, label.trackingNumber].filter(Boolean).join(" ") || "no tracking yet"}, ${method})${label.attachedToShopify ? ", attached to Shopify" : ""}${rule.notifyCustomer ? ", customer notified" : ""}`;
    });
  }
  if (input.event === "arrived" && rule.processOnArrival) {
    const arrival = await db.automationRun.findUnique({ where: { shop_returnLinkId_stage: { shop, returnLinkId: link.id, stage: "ARRIVAL" } } });
    // Never for a return whose parcel was not seen arriving.
    if (arrival?.state === "DONE") await runStage(ctx, link, "PROCESS", rule, input, async () => (await processArrivedReturn(ctx, link.returnGid, rule)).detail);
  }
  return { followUps };
}
