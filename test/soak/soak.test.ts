import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, type BenchDb } from "../../bench/lib/databases";
import { checkSoak, formatVerdict, type SoakVerdict } from "../../bench/lib/soak-check";
import { runSoak, type SoakRun } from "../../bench/lib/soak-run";
import { ISSUE_FAULTS, startSoakWorld, type SoakWorld } from "../../bench/lib/soak-world";
import { testLogSink } from "../runtime";
import { testEngines } from "../db";

// The CI-sized soak (the full 10,000 returns run behind `npm run soak`): returns walk request -> approve ->
// label -> tracking -> close through the simulators with 10% 5xx, 5% 429, 2% timeouts and 1% malformed bodies
// at iF returns, REVER and Shopify, webhooks duplicated and reordered. Afterwards: no lost link, no duplicate
// label, pickup or reverse delivery, every link converged, every failure visible with its reason.

const RETURNS = Number(process.env.SOAK_CI_RETURNS ?? 150);

describe.each(testEngines())("soak with faults on %s", (kind) => {
  let database: BenchDb;
  let world: SoakWorld;
  let run: SoakRun;
  let verdict: SoakVerdict;

  beforeAll(async () => {
    database = await freshDb(kind);
    world = await startSoakWorld({ databaseUrl: database.url, concurrency: 24, faults: ISSUE_FAULTS, seed: kind === "sqlite" ? 11 : 13, logSink: testLogSink() });
    run = await runSoak(world, { returns: RETURNS, ratePerSecond: 4, seed: kind === "sqlite" ? 11 : 13, maxInFlight: 150, reconcileEveryMs: 2000, drainTimeoutMs: 240_000 });
    verdict = await checkSoak(world, run);
  }, 900_000);
  afterAll(async () => {
    await world?.close();
    await database?.drop();
  });

  it("injected every kind of fault at the providers and at Shopify, and delivered webhooks twice and out of order", () => {
    const f = verdict.faults;
    for (const side of ["ifreturns", "rever"] as const) {
      expect(f[side]["5xx"] ?? 0, side).toBeGreaterThan(0);
      expect(f[side]["429"] ?? 0, side).toBeGreaterThan(0);
    }
    expect((f.ifreturns.timeout ?? 0) + (f.rever.timeout ?? 0)).toBeGreaterThan(0);
    expect(f.shopify["5xx"]).toBeGreaterThan(0);
    expect(f.shopify["429"]).toBeGreaterThan(0);
    expect(f.shopify.timeout).toBeGreaterThan(0);
    expect(f.shopify.malformed).toBeGreaterThan(0);
    expect(f.shopify.afterExecuting).toBeGreaterThan(0);
    // Every event at least twice; the app stored each event once.
    expect(verdict.webhooks.attempts).toBeGreaterThanOrEqual(2 * verdict.webhooks.events);
    expect(verdict.webhooks.deliveries).toBe(verdict.webhooks.events);
  });

  it("loses no link and makes no duplicate label, pickup or reverse delivery", () => {
    expect(verdict.lostLinks, formatVerdict(verdict)).toBe(0);
    expect(verdict.links).toBe(RETURNS);
    expect(verdict.duplicateLabels, formatVerdict(verdict)).toBe(0);
    expect(verdict.duplicatePickups, formatVerdict(verdict)).toBe(0);
    expect(verdict.duplicateReverseDeliveries, formatVerdict(verdict)).toBe(0);
    expect(verdict.duplicateRows, formatVerdict(verdict)).toBe(0);
    // Exactly one label per return at its provider, and a pickup for each return that asked for one.
    expect(verdict.labelCreates.ifreturns + verdict.labelCreates.rever).toBe(RETURNS);
    expect(verdict.pickupsBooked).toBe(run.plans.filter((p) => p.lane === "REVER_PICKUP").length);
  });

  it("converges every link: Shopify, the app and the provider agree on status and tracking", () => {
    expect(run.converged, formatVerdict(verdict)).toBe(true);
    expect(verdict.converged, formatVerdict(verdict)).toBe(RETURNS);
    expect(verdict.notConverged).toEqual([]);
  });

  it("leaves no failure without its reason", () => {
    expect(verdict.invisibleFailures, formatVerdict(verdict)).toEqual([]);
    for (const f of run.failures) expect(f.message.length, `${f.action}: ${f.kind}`).toBeGreaterThan(10);
  });
});
