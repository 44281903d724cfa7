import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECONCILE_SHOP_JOB } from "../../app/jobs/reconcile-jobs.server";
import type { Clock } from "../../app/runtime/clock";
import type { Runtime } from "../../app/runtime/runtime.server";
import * as dashboardRoute from "../../app/routes/app._index";
import * as orderReturnsRoute from "../../app/routes/api.orders.$orderId.returns";
import { offlineSessionId } from "../../app/shopify/session-vault.server";
import { approveReturnRequest } from "../../app/shopify/graphql/return-approve-request.server";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_SECRET } from "../../sandbox/shopify/test-helpers";
import { startAppHarness, type AppHarness } from "../app-harness";
import { testEngines } from "../db";
import { callRoute, legacy, type RouteModule } from "../order-page-harness";
import { createTestRuntime } from "../runtime";

// Issue 13's "done when" for tokens: four hours of a shop's life on the simulator's clock (four lifetimes of a
// 60-minute access token), a worker process running webhook and reconciliation jobs while a web process serves
// the order page, both refreshing the same shop's token; one refresh answer is lost on the way. Then Shopify
// revokes the app's tokens and the dashboard says so.

const MINUTE = 60_000;
const STEP = 20 * MINUTE;
const STEPS = 12;

const ORDER = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com" },
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Linen shirt", quantity: 2, price: "39.90", sku: "RB-1" }],
  returns: [{ status: "REQUESTED" as const, lines: [{ line: 0, quantity: 1 }] }],
};

describe.each(testEngines())("a shop's tokens across four hours on %s", (kind) => {
  let h: AppHarness;
  let web: Runtime;
  let sim: ShopifySimulator | undefined;
  const lines: string[] = [];
  // Both processes read the simulator's clock, so both see a token age as Shopify does.
  const clock: Clock = { now: () => sim?.clock.now().getTime() ?? Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) };

  beforeAll(async () => {
    h = await startAppHarness({ kind, runtime: { clock, logSink: (l) => lines.push(l) } });
    sim = h.shopify;
    web = await createTestRuntime(h.t, { clock, logSink: (l) => lines.push(l), env: { SHOPIFY_API_SECRET: TEST_SECRET, SHOPIFY_APP_URL: h.appUrl, SHOPIFY_ADMIN_API_ORIGIN: h.shopify.url, DEMO_MODE: "1", DEMO_SHOP: h.shop } });
  }, 60_000);
  afterAll(async () => {
    await web?.close();
    await h?.close();
  });

  const orderPage = async (order: SeededOrder) => {
    const { token } = await getJwt(h.shop.replace(/\.myshopify\.com$/, ""), web.env.SHOPIFY_API_KEY, web.env.SHOPIFY_API_SECRET);
    return callRoute(web, orderReturnsRoute as unknown as RouteModule, { path: `/api/orders/${legacy(order.id)}/returns`, params: { orderId: legacy(order.id) }, token });
  };
  const jobFailures = () => lines.filter((l) => /"msg":"job (will retry|dead)"/.test(l));

  it("keeps web and worker working through four token lifetimes: no 401 reaches a job, never logged out, a lost refresh answer recovered", async () => {
    const orders: SeededOrder[] = [];
    const installed = await h.t.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(h.shop) } });
    expect(installed.expires).not.toBeNull();
    for (let step = 0; step < STEPS; step++) {
      h.shopify.clock.advance(STEP);
      // The answer of the next refresh is lost after Shopify acted on it.
      if (step === 5) h.shopify.loseNextGrantAnswer("refresh_token");
      const [order] = await seedShop(h.merchant, { orders: [ORDER] });
      orders.push(order);
      h.ifreturns.registerReturn({ merchantReturnName: order.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
      // The worker: the returns/request webhook's job, an approval's, and a reconciliation pass; the web process: two order pages.
      const pages = await Promise.all([
        approveReturnRequest(h.merchant, { returnId: order.returns[0].id, notifyCustomer: false }),
        h.rt.jobs.send(RECONCILE_SHOP_JOB.name, { shop: h.shop }, { shop: h.shop }),
        orderPage(order),
        orderPage(orders[Math.floor(step / 2)]),
      ]);
      expect([pages[2].status, pages[3].status]).toEqual([200, 200]);
      await h.settle();
    }
    expect(h.shopify.clock.now().getTime() - installed.expires!.getTime()).toBeGreaterThan(3 * 60 * MINUTE);

    expect(jobFailures()).toEqual([]);
    const deliveries = await h.t.db.webhookDelivery.groupBy({ by: ["state"], where: { shop: h.shop }, _count: true });
    expect(deliveries.map((d) => d.state).sort()).toEqual(["PROCESSED"]);
    const links = await h.t.db.returnLink.findMany({ where: { shop: h.shop } });
    expect(links).toHaveLength(STEPS);
    expect(links.filter((l) => l.status !== "OPEN" || l.lastError)).toEqual([]);

    const stats = h.shopify.tokenStats();
    // One refresh per lifetime or so, shared by both processes, plus the repeat of the lost one; never a refused grant.
    expect(stats.refreshed).toBeGreaterThanOrEqual(4);
    expect(stats.refreshed).toBeLessThanOrEqual(STEPS);
    expect(stats.grantsRefused).toBe(0);
    expect(h.shopify.lostGrantAnswers()).toBe(1);
    // A 401 can happen when one process refreshes while the other's request is on its way; each is refreshed away.
    expect(lines.filter((l) => l.includes('"msg":"shopify.token_rejected"'))).toHaveLength(stats.rejected);
    expect(lines.filter((l) => l.includes('"msg":"shopify.disconnected"'))).toEqual([]);
    const session = await h.t.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(h.shop) } });
    expect(session.accessToken).not.toBe("");
    expect(session.expires!.getTime()).toBeGreaterThan(h.shopify.clock.now().getTime());
  });

  it("shows the shop as disconnected on the dashboard once Shopify refuses its refresh token, and its jobs stop with that reason", async () => {
    h.shopify.revokeTokens();
    h.shopify.clock.advance(60 * MINUTE);
    await h.rt.jobs.send(RECONCILE_SHOP_JOB.name, { shop: h.shop }, { shop: h.shop });
    const [order] = await seedShop(h.merchant, { orders: [ORDER] });
    await h.settle();

    const failed = await h.t.db.webhookDelivery.findFirstOrThrow({ where: { shop: h.shop, resourceGid: order.returns[0].id } });
    expect(failed).toMatchObject({ state: "FAILED", reason: expect.stringMatching(/Shopify disconnected .*Open Returns Bridge from the Shopify admin/) });
    expect(lines.filter((l) => l.includes('"msg":"shopify.disconnected"'))).toHaveLength(1);
    // Each job stopped at its first attempt: a disconnected shop is not retried.
    expect(lines.filter((l) => /"msg":"job will retry"/.test(l))).toEqual([]);

    const res = await dashboardRoute.loader({ request: new Request(`${h.appUrl}/app`), params: {}, context: { runtime: web } });
    const dashboard = (res instanceof Response ? await res.json() : res) as Awaited<ReturnType<typeof dashboardRoute.loader>>;
    expect(dashboard.setup.disconnected).toMatchObject({ reason: expect.stringMatching(/refused the refresh token \(401\)/) });
  });
});
