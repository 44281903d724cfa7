import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueFollowUps } from "../../app/jobs/follow-ups.server";
import { createLabel } from "../../app/returns/create-label.server";
import { requestLinkSync } from "../../app/returns/dashboard.server";
import { findDropOffPointsForReturn } from "../../app/returns/find-drop-off-points.server";
import { importLinksCsv } from "../../app/returns/import-links.server";
import { linkReturn } from "../../app/returns/manual-link.server";
import { reconcileShop } from "../../app/returns/reconcile-shop.server";
import { schedulePickup } from "../../app/returns/schedule-pickup.server";
import { testProviderConnection } from "../../app/settings/provider-connections.server";
import { closeReturn } from "../../app/shopify/graphql/return-close.server";
import { fetchReturnForSync } from "../../app/shopify/graphql/return-for-sync.server";
import { createReverseDeliveryWithShipping } from "../../app/shopify/graphql/reverse-delivery-create-with-shipping.server";
import { endpointsCalled } from "../../sandbox/lib";
import { demoSeedSpec, seedShop } from "../../sandbox/shopify/seed";
import { startAppHarness, type AppHarness } from "../app-harness";

// A full demo day with the merchant's default settings (no assumed capability on), against simulators that would
// answer the assumed endpoints too: every request the app sends is a documented method and path. Seeded like
// `npm run demo`, then labels, a pickup, a drop-off search, tracking added in Shopify, cancellations, closings,
// the dashboard's retry sync, a CSV import, connection tests and reconciliation passes.

describe("a demo day with default settings", () => {
  let h: AppHarness;

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["IFRETURNS", "REVER"], assumed: "none" });
  }, 60_000);
  afterAll(async () => h?.close());

  it("sends only documented method and path pairs to iF returns and REVER", { timeout: 180_000 }, async () => {
    const ctx = () => h.rt.shop(h.shop);
    const orders = await seedShop(h.merchant, demoSeedSpec());
    const returns = orders.flatMap((o) => o.returns.map((r) => ({ ...r, orderName: o.name })));
    const rever = returns.filter((_, i) => i % 3 === 2);
    for (const r of returns) {
      if (rever.includes(r)) h.rever.createProcess({ processId: `proc_${r.name.replace("#", "")}`, orderNumber: r.orderName.replace("#", "") });
      else h.ifreturns.registerReturn({ merchantReturnName: r.name.replace("#", ""), shopCode: "returnsbridgedemo" });
    }
    await h.settle();

    // The merchant links REVER returns by hand (half on the return page, half from a CSV) and tests both connections.
    const [byPage, byCsv] = [rever.filter((_, i) => i % 2 === 0), rever.filter((_, i) => i % 2 === 1)];
    for (const r of byPage) await linkReturn(ctx(), { returnGid: r.id, provider: "REVER", reference: `proc_${r.name.replace("#", "")}` });
    const csv = await importLinksCsv(ctx(), byCsv.map((r) => `${r.name},proc_${r.name.replace("#", "")},REVER`).join("\n"));
    expect(csv.failed).toBe(0);
    for (const p of ["IFRETURNS", "REVER"]) expect(await testProviderConnection(ctx(), p)).toEqual({ ok: true });

    // Labels for the open returns, a home pickup on one REVER return, a drop-off search on an iF one.
    const open = returns.filter((r) => r.status === "OPEN");
    const made: string[] = [];
    for (const r of open) {
      const isRever = rever.includes(r);
      const result = await createLabel(ctx(), { returnGid: r.id, ...(isRever && made.length === 1 ? { returnMethod: "HOME_PICK_UP", pickupWindows: [{ startHour: 9, endHour: 12 }] } : {}) });
      made.push(result.state);
      if (isRever && made.length === 2) await schedulePickup(ctx(), { returnGid: r.id, windows: [{ startHour: 9, endHour: 12 }] });
    }
    expect(made.length).toBeGreaterThan(0);
    // A return the merchant moves to REVER without its process id waits for the link (no search is made).
    const unlinked = returns.find((r) => r.status === "REQUESTED" && r !== returns.find((x) => x.status === "REQUESTED"));
    if (unlinked) await expect(createLabel(ctx(), { returnGid: unlinked.id, provider: "REVER", approveFirst: true })).rejects.toMatchObject({ code: "REFERENCE_MISSING" });
    const ifOpen = open.find((r) => !rever.includes(r));
    if (ifOpen) await expect(findDropOffPointsForReturn(ctx(), { returnGid: ifOpen.id })).rejects.toMatchObject({ code: "ASSUMPTION_OFF" });

    // Someone adds tracking in Shopify, returns are cancelled and closed there, parcels move at REVER.
    const reverOpen = open.filter((r) => rever.includes(r));
    const ifOpenAll = open.filter((r) => !rever.includes(r));
    const requested = returns.filter((r) => r.status === "REQUESTED");
    for (const r of [requested[0], reverOpen[0]].filter(Boolean)) {
      await h.merchant.request(`#graphql
        mutation ReturnCancel($id: ID!) { returnCancel(id: $id) { return { id status } userErrors { field message } } }`, { id: r.id });
    }
    for (const r of ifOpenAll.slice(0, 2)) {
      const snap = await fetchReturnForSync(h.merchant, r.id);
      const rfo = snap?.reverseFulfillmentOrders.nodes.find((n) => n.status === "OPEN");
      if (rfo && !rfo.reverseDeliveries.nodes.length) {
        await createReverseDeliveryWithShipping(h.merchant, { reverseFulfillmentOrderId: rfo.id, tracking: { number: `EXT${r.name.replace(/\D/g, "")}`, url: "https://carrier.example/t" }, labelFileUrl: "https://cdn.example.com/labels/other-app.pdf", notifyCustomer: false });
      }
    }
    for (const r of rever) h.rever.advanceTracking(`proc_${r.name.replace("#", "")}`, "IN_WAREHOUSE");
    for (const r of [reverOpen.at(-1), ifOpenAll.at(-1)].filter((r) => r && r !== reverOpen[0])) await closeReturn(h.merchant, r!.id);
    await h.settle();

    // The dashboard's retry sync on every link, and two reconciliation passes.
    const links = await h.t.db.returnLink.findMany({ where: { shop: h.shop }, select: { id: true } });
    await enqueueFollowUps(h.rt.jobs, h.shop, (await requestLinkSync(h.t.db, h.shop, links.map((l) => l.id), "sync")).followUps);
    await h.settle();
    for (let pass = 0; pass < 2; pass++) await enqueueFollowUps(h.rt.jobs, h.shop, (await reconcileShop(ctx())).followUps);
    await h.settle();

    const ifCalls = endpointsCalled(h.ifreturns.requests);
    const reverCalls = endpointsCalled(h.rever.requests);
    expect(ifCalls.filter((e) => !e.documented)).toEqual([]);
    expect(reverCalls.filter((e) => !e.documented)).toEqual([]);
    // The day did exercise the documented surface (the test cannot pass by calling nothing).
    expect(ifCalls.map((e) => `${e.method} ${e.route}`)).toEqual(expect.arrayContaining(["POST /integration/v1/shipping_labels", "GET /integration/v1/shipping_labels", "PUT /integration/v1/shipping_labels"]));
    expect(reverCalls.map((e) => `${e.method} ${e.route}`)).toEqual(
      expect.arrayContaining(["GET /v1/processes/:processId/logistics", "PUT /v1/processes/:processId/logistics/", "POST /v1/processes/:processId/pickup", "POST /v1/processes/:processId/shipping_status"]),
    );
    expect(h.rever.requests.some((r) => r.kind === "assumed")).toBe(false);
  });
});
