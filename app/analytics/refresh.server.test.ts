import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScenarios, type Scenario, type SeededScenario } from "../../test/analytics-seed";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { loadAnalytics } from "./analytics.server";
import type { AutomationSource } from "./automation-source.server";
import { BUCKET_RELATIVE_ERROR } from "./histogram";
import { parseAnalyticsQuery } from "./query";
import { refreshAll, refreshAnalytics } from "./refresh.server";

const SHOP = "analytics.myshopify.com";
const OTHER = "other-analytics.myshopify.com";
const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h));
const NO_PROCESS = "No REVER process found for this order yet: link it by hand from the return page";
const GLS = (p: string) => `REVER answered code 3: carrier GLS is not available for provider SendCloud (process ${p})`;

// What each scenario must count as (written out, not derived by the code under test).
const SCENARIOS: Array<Scenario & { stage: string }> = [
  { name: "if-labelled", at: day(2), provider: "IFRETURNS", status: "OPEN", providerStatus: "LABEL_CREATED", labelAfter: 120, carrier: "ups", stage: "LABEL_CREATED" },
  { name: "if-closed", at: day(3), provider: "IFRETURNS", status: "CLOSED", providerStatus: "LABEL_CREATED", labelAfter: 300, carrier: "SEUR", stage: "CLOSED" },
  { name: "rever-transit", at: day(4), provider: "REVER", status: "OPEN", providerStatus: "IN_TRANSIT", labelAfter: 60, carrier: "UPS", pickup: true, statuses: [["LABEL_CREATED", 61], ["PICKED_UP", 660], ["IN_TRANSIT", 960]], stage: "IN_TRANSIT" },
  { name: "rever-arrived", at: day(10), provider: "REVER", status: "CLOSED", providerStatus: "IN_WAREHOUSE", labelAfter: 30, carrier: "DHL", statuses: [["PICKED_UP", 230], ["IN_WAREHOUSE", 3030]], stage: "CLOSED" },
  { name: "rever-pickup", at: day(11), provider: "REVER", status: "OPEN", providerStatus: "PICKUP_IN_PROGRESS", labelAfter: 45, carrier: "UPS", pickup: true, stage: "PICKUP_BOOKED" },
  { name: "if-requested", at: day(12), provider: "IFRETURNS", status: "REQUESTED", stage: "REQUESTED" },
  { name: "rever-canceled", at: day(16), provider: "REVER", status: "CANCELED", stage: "CANCELED" },
  { name: "if-error", at: day(17), provider: "IFRETURNS", status: "OPEN", errors: [[GLS("proc_1"), 10]], stage: "APPROVED" },
  { name: "rever-failed", at: day(18), provider: "REVER", status: "OPEN", providerStatus: "FAILED", labelAfter: 20, carrier: "UPS", statuses: [["FAILED", 500]], errors: [[GLS("proc_2"), 5]], stage: "PROBLEM" },
  { name: "unlinked", at: day(24), provider: null, status: "REQUESTED", stage: "REQUESTED" },
  { name: "waiting", at: day(25), provider: "REVER", status: "REQUESTED", lastError: [NO_PROCESS, 2], stage: "REQUESTED" },
  { name: "booked", at: day(26), provider: "REVER", status: "OPEN", providerStatus: "LABEL_CREATED", labelAfter: 50, carrier: "UPS", pickup: true, stage: "PICKUP_BOOKED" },
  { name: "before-range", at: day(1, 1), provider: "REVER", status: "CLOSED", providerStatus: "IN_WAREHOUSE", labelAfter: 10, carrier: "UPS", statuses: [["IN_WAREHOUSE", 100]], stage: "CLOSED" },
];
const RANGE = new URLSearchParams("from=2026-11-02&to=2026-11-29");

/** Nearest-rank quantile of exact values, the definition the page uses. */
function exact(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1];
}

function expectClose(actual: number | null, expected: number | null, what: string) {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(Math.abs(actual! - expected) / expected, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(BUCKET_RELATIVE_ERROR + 1e-9);
}

/** Label -> the first carrier event, label -> arrival, in seconds, from the scenario's own numbers. */
function durations(s: Scenario) {
  const label = s.labelAfter;
  const after = (test: (st: string) => boolean) => (label === undefined ? undefined : (s.statuses ?? []).filter(([st, m]) => test(st) && m >= label).map(([, m]) => m).sort((a, b) => a - b)[0]);
  const scan = after((st) => ["PICKED_UP", "IN_TRANSIT", "IN_WAREHOUSE"].includes(st));
  const arrival = after((st) => st === "IN_WAREHOUSE");
  return {
    label: label === undefined ? null : label * 60,
    scan: scan === undefined ? null : (scan - label!) * 60,
    arrival: arrival === undefined ? null : (arrival - label!) * 60,
  };
}

describe.each(testEngines())("analytics roll-up on %s", (engine) => {
  let t: TestDb;
  let seeded: SeededScenario[];
  const inRange = () => SCENARIOS.filter((s) => s.at >= day(2, 0) && s.at < day(30, 0));

  beforeAll(async () => {
    t = await createTestDb(engine);
    seeded = await seedScenarios(t.db, SHOP, SCENARIOS);
    await seedScenarios(t.db, OTHER, [{ name: "other", at: day(5), provider: "REVER", status: "OPEN", providerStatus: "IN_TRANSIT", labelAfter: 1, carrier: "UPS", errors: [[GLS("proc_9"), 3]] }]);
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  it("builds from nothing in batches and counts each return once, per week, stage and platform", async () => {
    expect(await refreshAll(t.db, SHOP, { maxLinks: 3 })).toBeGreaterThanOrEqual(SCENARIOS.length);
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    const expected = inRange();
    expect(view.total).toBe(expected.length);
    for (const s of new Set(expected.map((e) => e.stage))) expect(view.byStage[s as keyof typeof view.byStage], s).toBe(expected.filter((e) => e.stage === s).length);
    expect(view.byProvider).toEqual({ IFRETURNS: 4, REVER: 7, NONE: 1 });
    expect(view.weeks.map((w) => [w.start, w.total])).toEqual([
      ["2026-11-02", 3],
      ["2026-11-09", 3],
      ["2026-11-16", 3],
      ["2026-11-23", 3],
    ]);
    expect(view.weeks[0].byProvider).toEqual({ IFRETURNS: 2, REVER: 1 });
    expect(view.freshness.catchingUp).toBe(false);
  });

  it("reads medians and 90th percentiles of each step within the histogram's error, per provider, carrier and method", async () => {
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    const expected = inRange();
    const check = (rowKey: string, rows: typeof expected, got: (typeof view.durations.overall) | undefined) => {
      expect(got, rowKey).toBeDefined();
      for (const step of ["label", "scan", "arrival"] as const) {
        const values = rows.map((s) => durations(s)[step]).filter((v): v is number => v !== null);
        expect(got![step].n, `${rowKey} ${step} n`).toBe(values.length);
        expectClose(got![step].median, exact(values, 0.5), `${rowKey} ${step} median`);
        expectClose(got![step].p90, exact(values, 0.9), `${rowKey} ${step} p90`);
      }
    };
    check("overall", expected, view.durations.overall);
    check("REVER", expected.filter((s) => s.provider === "REVER"), view.durations.byProvider.find((r) => r.key === "REVER"));
    check("UPS", expected.filter((s) => s.carrier?.toUpperCase() === "UPS"), view.durations.byCarrier.find((r) => r.key === "UPS"));
    check("PICKUP", expected.filter((s) => s.pickup), view.durations.byMethod.find((r) => r.key === "PICKUP"));
    check("DROP_OFF", expected.filter((s) => s.labelAfter !== undefined && !s.pickup), view.durations.byMethod.find((r) => r.key === "DROP_OFF"));
  });

  it("says iF returns does not report carrier events or arrivals, where REVER does once its summary statuses are assumed", async () => {
    const connection = (provider: string, assumedCapabilities: string | null) =>
      t.db.providerConnection.create({ data: { shop: SHOP, provider, environment: "custom", baseUrl: "https://example.test", credentialsEncrypted: "v1:x", assumedCapabilities } });
    await connection("IFRETURNS", null);
    const rever = await connection("REVER", null);
    // Documented only: REVER reads no status either (decision 0004).
    const documented = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect(documented.durations.byProvider.find((r) => r.key === "REVER")!.scan.reported).toBe(false);
    await t.db.providerConnection.update({ where: { id: rever.id }, data: { assumedCapabilities: JSON.stringify(["summaryStatuses"]) } });
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    const iF = view.durations.byProvider.find((r) => r.key === "IFRETURNS")!;
    expect([iF.label.reported, iF.scan.reported, iF.arrival.reported]).toEqual([true, false, false]);
    const reverRow = view.durations.byProvider.find((r) => r.key === "REVER")!;
    expect([reverRow.scan.reported, reverRow.arrival.reported]).toEqual([true, true]);
    expect(view.durations.byCarrier.find((r) => r.key === "SEUR")!.arrival.reported).toBe(false);
    const onlyIf = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(new URLSearchParams(`${RANGE}&provider=IFRETURNS`), "2026-11-30"));
    expect(onlyIf.durations.overall.arrival.reported).toBe(false);
    expect(onlyIf.total).toBe(4);
  });

  it("counts failure reasons by return, one reason for the same message about different returns", async () => {
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect(view.failures.rows.map((f) => [f.returns, f.key.startsWith("status-") ? f.key : f.message.slice(0, 20)])).toEqual([
      [2, "REVER answered code "],
      [1, "No REVER process fou"],
      [1, "status-FAILED"],
    ]);
    expect(view.failures.rows[0].message).toBe(GLS("proc_2"));
    // The other shop's identical failure is not counted.
    expect(view.failures.others).toBe(0);
  });

  it("follows a change: a status moved, a pickup booked without touching the link, a return added", async () => {
    const pickup = seeded.find((s) => s.name === "if-labelled")!;
    await t.db.returnLink.update({ where: { id: seeded.find((s) => s.name === "if-requested")!.id }, data: { status: "CANCELED" } });
    // Only a timeline entry and a pickup row: the link itself is not written.
    await t.db.pickup.create({ data: { shop: SHOP, returnLinkId: pickup.id, provider: "IFRETURNS", idempotencyKey: "late-pickup", state: "SCHEDULED" } });
    await t.db.trackingEvent.create({ data: { shop: SHOP, returnLinkId: pickup.id, source: "IFRETURNS", kind: "pickup", status: "PICKUP_IN_PROGRESS", occurredAt: day(3) } });
    await seedScenarios(t.db, SHOP, [{ name: "late", at: day(29), provider: "REVER", status: "REQUESTED" }]);
    const r = await refreshAnalytics(t.db, SHOP);
    expect(r.processed).toBeGreaterThanOrEqual(3);
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect(view.total).toBe(inRange().length + 1);
    expect(view.byStage.CANCELED).toBe(2);
    expect(view.durations.byMethod.find((m) => m.key === "PICKUP")!.returns).toBe(4);
    // Changes of the last seconds are read once more (a transaction may still have been open); after that, nothing.
    await refreshAnalytics(t.db, SHOP, { now: new Date(Date.now() + 10_000) });
    expect((await refreshAnalytics(t.db, SHOP, { now: new Date(Date.now() + 20_000) })).processed).toBe(0);
  });

  it("is rebuilt the same from nothing when its tables are emptied", async () => {
    const before = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    await t.db.analyticsDay.deleteMany({ where: { shop: SHOP } });
    await t.db.analyticsState.deleteMany({ where: { shop: SHOP } });
    await refreshAll(t.db, SHOP, { maxLinks: 4 });
    const after = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect({ ...after, freshness: null }).toEqual({ ...before, freshness: null });
  });

  it("shows the share handled without a click from the automation source it reads: labels with no automation record are handled by hand", async () => {
    const view = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect(view.automation).toEqual({ available: true, handled: 0, known: inRange().filter((s) => s.labelAfter !== undefined).length });
    const rever = new Set(seeded.filter((s) => s.provider === "REVER").map((s) => s.id));
    const source: AutomationSource = { handledWithoutClick: async (_db, _shop, ids) => new Map(ids.filter((id) => rever.has(id) || seeded.some((s) => s.id === id)).map((id) => [id, rever.has(id)])) };
    await t.db.analyticsState.deleteMany({ where: { shop: SHOP } });
    await refreshAll(t.db, SHOP, { automation: source });
    const withSource = await loadAnalytics(t.db, SHOP, parseAnalyticsQuery(RANGE, "2026-11-30"));
    expect(withSource.automation.handled).toBe(inRange().filter((s) => s.provider === "REVER").length);
    expect(withSource.automation.known).toBe(inRange().length);
  });
});
