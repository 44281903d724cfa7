import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop, type SeedOrderSpec } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness, type RouteAction } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { runAutomationAction } from "../automation/return-page-actions.server";
import { emptyRule } from "../automation/rule-types";
import { saveAutomationRules } from "../automation/rules.server";
import { createLabel } from "../returns/create-label.server";
import { action as flowActionRoute } from "../routes/flow.actions.create-return-label";
import { loadAnalytics } from "./analytics.server";
import { automationRecords } from "./automation-source.server";
import { parseAnalyticsQuery } from "./query";
import { refreshAll } from "./refresh.server";

// Decision 0015's "handled without a click", read from what the real automation wrote: a return labelled by a
// rule or by the Flow action counts, one labelled by a click does not, one without a label is not counted yet.

const PERSON = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com" },
  email: "lucia@example.com",
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Linen shirt", quantity: 1, price: "39.90" }],
};

describe.each(testEngines())("handled without a click, from automation's records, on %s", (kind) => {
  let h: AppHarness;
  const links: Record<"rule" | "click" | "flow" | "waiting", string> = { rule: "", click: "", flow: "", waiting: "" };

  async function order(spec: Partial<SeedOrderSpec>) {
    const [o] = await seedShop(h.merchant, { orders: [{ ...PERSON, ...spec }] });
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    return o;
  }
  const linkOf = async (returnGid: string) => (await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, returnGid } })).id;

  beforeAll(async () => {
    h = await startAppHarness({ kind, routes: { "/flow/actions/create-return-label": flowActionRoute as unknown as RouteAction } });
    const ctx = h.rt.shop(h.shop);
    const saved = await saveAutomationRules(ctx, [{ ...emptyRule(0), name: "Tagged auto: approve and label", orderTags: ["auto"], autoApprove: true, createLabel: true, notifyCustomer: false }]);
    expect(saved.ok).toBe(true);
    const byRule = await order({ tags: ["auto"], returns: [{ status: "REQUESTED" }] });
    const byClick = await order({ returns: [{ status: "OPEN" }] });
    const byFlow = await order({ returns: [{ status: "OPEN" }] });
    const waiting = await order({ returns: [{ status: "REQUESTED" }] });
    await h.settle(60_000);
    // The merchant's click on the order page runs the label use-case; Flow runs its action.
    await createLabel(ctx, { returnGid: byClick.returns[0].id, provider: "IFRETURNS" });
    const ran = await h.shopify.flow.runAction("create-return-label", { order_id: byFlow.id.split("/").pop()!, return_id: byFlow.returns[0].id }, { actionRunId: "run-analytics" });
    expect(ran.map((a) => a.status)).toEqual([200]);
    await h.settle(60_000);
    Object.assign(links, { rule: await linkOf(byRule.returns[0].id), click: await linkOf(byClick.returns[0].id), flow: await linkOf(byFlow.returns[0].id), waiting: await linkOf(waiting.returns[0].id) });
  }, 120_000);
  afterAll(async () => h?.close());

  it("counts a return labelled by a rule or by the Flow action, not one labelled by a click, and leaves out one with no label yet", async () => {
    expect(await h.t.db.shipment.count({ where: { shop: h.shop, returnLinkId: { in: [links.rule, links.click, links.flow] }, state: { in: ["CREATED", "ATTACHED"] } } })).toBe(3);
    const handled = await automationRecords.handledWithoutClick(h.t.db, h.shop, Object.values(links));
    expect(Object.fromEntries(handled)).toEqual({ [links.rule]: true, [links.flow]: true, [links.click]: false });
  });

  it("puts that share on the analytics page", async () => {
    await refreshAll(h.t.db, h.shop);
    const view = await loadAnalytics(h.t.db, h.shop, parseAnalyticsQuery(new URLSearchParams()));
    expect(view.automation).toEqual({ available: true, handled: 2, known: 3 });
  });

  it("no longer counts the rule's return once the merchant acts on it in the app (marks its parcel received)", async () => {
    await runAutomationAction(h.rt.shop(h.shop), links.rule, "mark-received");
    await h.settle(60_000);
    expect((await automationRecords.handledWithoutClick(h.t.db, h.shop, [links.rule])).get(links.rule)).toBe(false);
    await refreshAll(h.t.db, h.shop);
    const view = await loadAnalytics(h.t.db, h.shop, parseAnalyticsQuery(new URLSearchParams()));
    expect(view.automation).toEqual({ available: true, handled: 1, known: 3 });
  });
});
