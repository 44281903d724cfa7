import type { Db } from "../db.server";

// The plug-in point for "handled without a click", and the source it reads: automation's own records (issue 16).
// A return counts once it has a label: handled without a click when that label was made by a rule's label stage
// (app/automation, an AutomationRun LABEL DONE claimed before the label existed) or by the Shopify Flow action
// (app/flow, its "flow" timeline entry and a FlowActionRun received before the label), and nobody acted on the
// return in the app (no MERCHANT entry on its timeline: bulk labels, manual links, retries, "mark as received").
// A label made by a click leaves no automation record, so it counts as handled by hand.

export interface AutomationSource {
  /** Per link id: true when the return was handled without a click, false when someone acted. Unknown links are left out. */
  handledWithoutClick(db: Db, shop: string, linkIds: string[]): Promise<Map<string, boolean>>;
}

/** Every write these read also writes a timeline entry, so the roll-up's watermark sees them change. */
export const automationRecords: AutomationSource = {
  async handledWithoutClick(db, shop, linkIds) {
    const out = new Map<string, boolean>();
    if (!linkIds.length) return out;
    const [links, events, ruleRuns] = await Promise.all([
      db.returnLink.findMany({ where: { shop, id: { in: linkIds } }, select: { id: true, returnGid: true, orderGid: true } }),
      db.trackingEvent.findMany({
        where: {
          shop,
          returnLinkId: { in: linkIds },
          OR: [{ kind: { in: ["label", "tracking"] }, result: "OK" }, { kind: "flow", status: "LABEL_CREATED", result: "OK" }, { source: "MERCHANT" }],
        },
        select: { returnLinkId: true, source: true, kind: true, occurredAt: true },
      }),
      db.automationRun.findMany({ where: { shop, returnLinkId: { in: linkIds }, stage: { in: ["APPROVE", "LABEL"] }, state: "DONE" }, select: { returnLinkId: true, stage: true, createdAt: true } }),
    ]);
    const ruleApproved = new Set(ruleRuns.filter((r) => r.stage === "APPROVE").map((r) => r.returnLinkId));
    const ruleClaimedAt = new Map(ruleRuns.filter((r) => r.stage === "LABEL").map((r) => [r.returnLinkId, r.createdAt]));
    const labelAt = new Map<string, Date>();
    const clicked = new Set<string>();
    const byFlow = new Set<string>();
    for (const e of events) {
      // A rule approves with the order page's use-case, which records the approval as the merchant's.
      if (e.source === "MERCHANT" && !(e.kind === "status" && ruleApproved.has(e.returnLinkId))) clicked.add(e.returnLinkId);
      if (e.kind === "flow") byFlow.add(e.returnLinkId);
      else if (e.kind === "label" || e.kind === "tracking") {
        const seen = labelAt.get(e.returnLinkId);
        if (!seen || e.occurredAt < seen) labelAt.set(e.returnLinkId, e.occurredAt);
      }
    }
    const flowLinks = links.filter((l) => byFlow.has(l.id));
    // A Flow run names the return, or only the order (then it labels each open return of it).
    const flowRuns = flowLinks.length
      ? await db.flowActionRun.findMany({
          where: { shop, OR: [{ returnGid: { in: flowLinks.map((l) => l.returnGid) } }, { returnGid: null, orderGid: { in: flowLinks.map((l) => l.orderGid) } }] },
          select: { returnGid: true, orderGid: true, createdAt: true },
        })
      : [];
    for (const link of links) {
      const at = labelAt.get(link.id);
      if (!at) continue; // no label yet: nothing was handled, by a rule or by hand
      const claimed = ruleClaimedAt.get(link.id);
      // A rule that found a label already made ("label found") did not make it.
      const byRule = !!claimed && claimed <= at;
      const byFlowRun = byFlow.has(link.id) && flowRuns.some((r) => (r.returnGid === link.returnGid || (r.returnGid === null && r.orderGid === link.orderGid)) && r.createdAt <= at);
      out.set(link.id, (byRule || byFlowRun) && !clicked.has(link.id));
    }
    return out;
  },
};

/** The source the roll-up reads (null: the page says the figure is not available yet). */
export const AUTOMATION_SOURCE: AutomationSource | null = automationRecords;
