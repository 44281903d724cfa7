import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { testEngines } from "../../test/db";
import { createLabel } from "../returns/create-label.server";
import { bulkRunView, selectedLinkIds, startBulkLabels } from "./bulk-labels.server";

// Bulk labels from the dashboard: a run keyed by its selection (pressing twice starts it once), a job per return
// through the label use-case (a label already made is found, not made again), a result per row, and pressing again
// after a failure sends only the failed rows.

const PERSON = {
  customer: { firstName: "Ana", lastName: "Santos", email: "ana@example.com" },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" },
  lineItems: [{ title: "Cotton socks", quantity: 3, price: "9.99" }],
};

describe.each(testEngines())("bulk labels on %s", (kind) => {
  let h: AppHarness;
  const labelPosts = () => h.ifreturns.requests.filter((r) => r.method === "POST" && r.path.endsWith("/shipping_labels")).length;

  beforeAll(async () => {
    h = await startAppHarness({ kind });
    const orders = await seedShop(h.merchant, { orders: Array.from({ length: 6 }, (_, i) => ({ ...PERSON, returns: [{ status: i === 5 ? ("REQUESTED" as const) : ("OPEN" as const) }] })) });
    for (const o of orders) h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    // One of them already has its label: the run finds it.
    await createLabel(h.rt.shop(h.shop), { returnGid: orders[0].returns[0].id });
  }, 60_000);
  afterAll(async () => h?.close());

  it("starts one run however often it is pressed, and labels every selected return once", async () => {
    const ctx = h.rt.shop(h.shop);
    const ids = await selectedLinkIds(h.t.db, h.shop, { filter: { status: null, provider: null, hasError: false, q: "" } });
    expect(ids).toHaveLength(6);
    const before = labelPosts();
    const [a, b] = await Promise.all([startBulkLabels(ctx, { ids }), startBulkLabels(ctx, { ids: [...ids].reverse() })]);
    expect(a.runId).toBe(b.runId);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(await startBulkLabels(ctx, { filter: { status: null, provider: null, hasError: false, q: "" } })).toMatchObject({ runId: a.runId, started: false });
    await h.settle(60_000);
    const view = (await bulkRunView(h.t.db, h.shop, a.runId))!;
    expect(view).toMatchObject({ total: 6, done: 5, failed: 1, pending: 0, finished: true });
    expect(labelPosts() - before).toBe(4);
    const existing = await h.t.db.shipment.findFirstOrThrow({ where: { shop: h.shop, source: "APP" }, orderBy: { createdAt: "asc" } });
    expect(view.items.find((i) => i.linkId === existing.returnLinkId)).toMatchObject({ state: "DONE", detail: existing.trackingNumber });
    expect(view.items.find((i) => i.state === "FAILED")?.detail).toMatch(/requested, not approved/);
    expect(await h.t.db.bulkRun.count({ where: { shop: h.shop } })).toBe(1);
  });

  it("sends only the failed rows again when pressed after the run finished", async () => {
    const ctx = h.rt.shop(h.shop);
    const ids = await selectedLinkIds(h.t.db, h.shop, { filter: { status: null, provider: null, hasError: false, q: "" } });
    const requested = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop, status: "REQUESTED" } });
    await h.merchant.request(`mutation($input: ReturnApproveRequestInput!) { returnApproveRequest(input: $input) { userErrors { code } } }`, { input: { id: requested.returnGid, notifyCustomer: false } });
    await h.settle();
    const before = labelPosts();
    const again = await startBulkLabels(ctx, { ids });
    expect(again.started).toBe(false);
    await h.settle(60_000);
    expect(await bulkRunView(h.t.db, h.shop, again.runId)).toMatchObject({ done: 6, failed: 0, finished: true });
    expect(labelPosts() - before).toBe(1);
  });

  it("keeps another shop's returns out of a selection", async () => {
    expect(await selectedLinkIds(h.t.db, "someone-else.myshopify.com", { filter: { status: null, provider: null, hasError: false, q: "" } })).toEqual([]);
    const mine = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: h.shop } });
    expect(await selectedLinkIds(h.t.db, "someone-else.myshopify.com", { ids: [mine.id] })).toEqual([]);
  });
});
