import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScenarios, type Scenario, type SeededScenario } from "../../test/analytics-seed";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { loadAnalytics } from "../analytics/analytics.server";
import { parseAnalyticsQuery, dashboardHref } from "../analytics/query";
import { refreshAll } from "../analytics/refresh.server";
import { STAGES } from "../analytics/stages";
import { factFilterWhere } from "./dashboard-filters.server";
import { listDashboardPage, loadDashboard, parseDashboardQuery, type DashboardQuery } from "./dashboard.server";

const SHOP = "filters.myshopify.com";
const day = (d: number, h = 10) => new Date(Date.UTC(2026, 10, d, h));
const GLS = (p: string) => `REVER answered code 3: carrier GLS is not available for provider SendCloud (process ${p})`;

const SCENARIOS: Scenario[] = [
  { name: "a", at: day(2), provider: "IFRETURNS", status: "OPEN", providerStatus: "LABEL_CREATED", labelAfter: 60, carrier: "UPS" },
  { name: "b", at: day(3), provider: "REVER", status: "OPEN", providerStatus: "IN_TRANSIT", labelAfter: 30, carrier: "UPS", pickup: true, statuses: [["IN_TRANSIT", 300]] },
  { name: "c", at: day(9), provider: "REVER", status: "OPEN", providerStatus: "PICKUP_IN_PROGRESS", labelAfter: 20, carrier: "DHL", pickup: true },
  { name: "d", at: day(10), provider: "REVER", status: "CLOSED", providerStatus: "IN_WAREHOUSE", labelAfter: 10, carrier: "DHL", statuses: [["IN_WAREHOUSE", 900]] },
  { name: "e", at: day(16), provider: "IFRETURNS", status: "OPEN", errors: [[GLS("p1"), 5]] },
  { name: "f", at: day(17), provider: "REVER", status: "OPEN", providerStatus: "FAILED", labelAfter: 15, carrier: "UPS", statuses: [["FAILED", 200]], errors: [[GLS("p2"), 3]] },
  { name: "g", at: day(17, 23), provider: "IFRETURNS", status: "REQUESTED" },
  { name: "h", at: day(18, 0), provider: null, status: "REQUESTED" },
  { name: "i", at: day(24), provider: "REVER", status: "CANCELED" },
  { name: "j", at: day(25), provider: "IFRETURNS", status: "DECLINED" },
  { name: "k", at: day(26), provider: "IFRETURNS", status: "OPEN" },
  { name: "l", at: day(27), provider: "REVER", status: "OPEN", providerStatus: "LABEL_CREATED", labelAfter: 40, carrier: "CORREOS", pickup: true },
  { name: "old", at: new Date(Date.UTC(2026, 8, 1)), provider: "IFRETURNS", status: "CLOSED", labelAfter: 100, carrier: "UPS" },
];

describe.each(testEngines())("dashboard filters the analytics link to, on %s", (engine) => {
  let t: TestDb;
  let seeded: SeededScenario[];

  beforeAll(async () => {
    t = await createTestDb(engine);
    seeded = await seedScenarios(t.db, SHOP, SCENARIOS);
    await seedScenarios(t.db, "other-filters.myshopify.com", [{ name: "x", at: day(3), provider: "REVER", status: "OPEN", labelAfter: 5, carrier: "UPS", errors: [[GLS("p3"), 1]] }]);
    await refreshAll(t.db, SHOP);
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  /** Every link the dashboard lists for these parameters, walking its pages. */
  async function listed(search: string, take = 2): Promise<string[]> {
    const q: DashboardQuery = { ...parseDashboardQuery(new URLSearchParams(search)), take };
    const out: string[] = [];
    let page = await listDashboardPage(t.db, SHOP, q);
    for (;;) {
      out.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) return out;
      page = await listDashboardPage(t.db, SHOP, { ...q, after: page.nextCursor });
    }
  }
  const ids = (names: string[]) => names.map((n) => seeded.find((s) => s.name === n)!.id).sort().reverse();

  it("lists the returns received between two days, both included, newest first", async () => {
    expect(await listed("from=2026-11-09&to=2026-11-17")).toEqual(ids(["c", "d", "e", "f", "g"]));
    expect(await listed("from=2026-11-18")).toEqual(ids(["h", "i", "j", "k", "l"]));
    expect(await listed("to=2026-11-02")).toEqual(ids(["a", "old"]));
  });

  it("lists the returns at a stage, from Shopify's status and the provider's", async () => {
    // A booked pickup on a label is "pickup booked", whatever the provider says yet.
    expect(await listed("stage=PICKUP_BOOKED")).toEqual(ids(["c", "l"]));
    expect(await listed("stage=LABEL_CREATED")).toEqual(ids(["a"]));
    expect(await listed("stage=IN_TRANSIT")).toEqual(ids(["b"]));
    expect(await listed("stage=APPROVED")).toEqual(ids(["e", "k"]));
    expect(await listed("stage=PROBLEM")).toEqual(ids(["f"]));
    expect(await listed("stage=REQUESTED&provider=IFRETURNS")).toEqual(ids(["g"]));
  });

  it("lists the returns of a carrier, a return method or a failure reason, alone or with other filters and a search", async () => {
    expect(await listed("carrier=ups")).toEqual(ids(["a", "b", "f", "old"]));
    expect(await listed("carrier=UPS&from=2026-11-01")).toEqual(ids(["a", "b", "f"]));
    expect(await listed("method=PICKUP")).toEqual(ids(["b", "c", "l"]));
    expect(await listed("method=PICKUP&stage=PICKUP_BOOKED&q=%235")).toEqual(ids(["c", "l"]));
    expect(await listed("method=DROP_OFF&provider=REVER")).toEqual(ids(["d", "f"]));
    const failure = (await t.db.returnFailure.findFirst({ where: { shop: SHOP, reasonKey: { startsWith: "e-" } } }))!.reasonKey;
    expect(await listed(`failure=${failure}`)).toEqual(ids(["e", "f"]));
    expect(await listed(`failure=${failure}&status=OPEN&provider=REVER`)).toEqual(ids(["f"]));
    const f = seeded.find((s) => s.name === "f")!;
    const name = (await t.db.returnLink.findUniqueOrThrow({ where: { id: f.id } })).orderName;
    expect(await listed(`failure=${failure}&q=${encodeURIComponent(name)}`)).toEqual([f.id]);
    const dashboard = await loadDashboard(t.db, SHOP, parseDashboardQuery(new URLSearchParams(`failure=${failure}`)));
    expect(dashboard.filterLabels.failure).toBe(GLS("p2"));
  });

  it("has the same meaning in SQL as from the candidates (used when a filter matches thousands)", async () => {
    for (const search of ["carrier=UPS", "method=PICKUP", "failure=status-FAILED", "carrier=DHL&method=DROP_OFF"]) {
      const q = parseDashboardQuery(new URLSearchParams(search));
      const inSql = await t.db.returnLink.findMany({ where: { AND: [{ shop: SHOP }, ...factFilterWhere(q)] }, select: { id: true }, orderBy: { id: "desc" } });
      expect(inSql.map((r) => r.id), search).toEqual(await listed(search, 50));
    }
  });

  it("lists exactly the returns each number of the analytics page counts", async () => {
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(new URLSearchParams("from=2026-11-01&to=2026-11-30"), "2026-11-30"));
    const checks: Array<[string, number]> = [[dashboardHref(view.query), view.total]];
    for (const w of view.weeks) {
      for (const stage of STAGES) if (w.byStage[stage]) checks.push([dashboardHref({ ...view.query, from: w.from, to: w.to }, { stage }), w.byStage[stage]!]);
      for (const [p, n] of Object.entries(w.byProvider)) checks.push([dashboardHref({ ...view.query, from: w.from, to: w.to, provider: null }, { provider: p }), n]);
    }
    for (const r of view.durations.byCarrier) checks.push([dashboardHref(view.query, { carrier: r.key }), r.returns]);
    for (const r of view.durations.byMethod) checks.push([dashboardHref(view.query, { method: r.key }), r.returns]);
    for (const f of view.failures.rows) checks.push([dashboardHref(view.query, { failure: f.key }), f.returns]);
    expect(checks.length).toBeGreaterThan(15);
    for (const [href, n] of checks) expect((await listed(href.split("?")[1], 50)).length, href).toBe(n);
  });
});
