import { appendFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, type BenchDb } from "../../bench/lib/databases";
import { checkSoak, formatVerdict, type SoakVerdict } from "../../bench/lib/soak-check";
import { runSoak, type SoakRun } from "../../bench/lib/soak-run";
import { ISSUE_FAULTS, startSoakWorld, type SoakWorld } from "../../bench/lib/soak-world";
import { testLogSink } from "../runtime";
import { testEngines } from "../db";

// Crash mid-soak: the app's jobs run in `npm run worker` processes (one on SQLite, two sharing the pg-boss
// queue on PostgreSQL) while returns flow with faults injected; half-way, a worker holding running jobs is
// killed with SIGKILL and a new one started. Afterwards nothing is lost or doubled: the interrupted jobs ran
// again to the end, every link converged, one label and one pickup per return.

const RETURNS = Number(process.env.SOAK_CRASH_RETURNS ?? 100);

// Both engines whenever PostgreSQL is there (SOAK_CRASH_POSTGRES=0 skips it locally). The PostgreSQL variant used
// to need a quiet machine: a killed pass held the shop's reconciliation until pg-boss expired it (fix 13).
const engines = testEngines().filter((k) => k === "sqlite" || process.env.SOAK_CRASH_POSTGRES !== "0");

describe.each(engines)("a worker killed mid-soak on %s", (kind) => {
  let database: BenchDb;
  let world: SoakWorld;
  let run: SoakRun;
  let verdict: SoakVerdict;
  let interrupted: Array<{ id: string; name: string }> = [];
  let killedPid = 0;

  beforeAll(async () => {
    const logDir = process.env.RB_TEST_LOG_DIR;
    database = await freshDb(kind);
    world = await startSoakWorld({
      logSink: testLogSink(),
      databaseUrl: database.url,
      workerProcesses: kind === "sqlite" ? 1 : 2,
      concurrency: 16,
      faults: ISSUE_FAULTS,
      seed: 21,
      // The workers' log lines join the run's, so the secret scan reads them too.
      onWorkerOutput: (line) => (logDir ? appendFileSync(path.join(logDir, `soak-worker-${kind}.log`), `${line}\n`) : undefined),
    });
    run = await runSoak(world, {
      returns: RETURNS,
      ratePerSecond: 4,
      seed: 21,
      maxInFlight: 100,
      reconcileEveryMs: 2000,
      drainTimeoutMs: 300_000,
      stallTimeoutMs: 150_000,
      midway: {
        atShare: 0.5,
        action: async () => {
          // On PostgreSQL, the worker running the shop's reconciliation pass when one runs within 10 s, so the
          // crash also interrupts a pass that must be taken over.
          const victim = (kind === "postgresql" ? await world.reconcilingWorker(10_000) : undefined) ?? world.workers[0];
          // Kill it while it holds running jobs, so the crash interrupts real work.
          for (let i = 0; i < 400 && interrupted.length === 0; i++) {
            interrupted = await world.runningJobs(kind === "sqlite" ? victim.pid : undefined);
            if (!interrupted.length) await sleep(25);
          }
          killedPid = victim.pid;
          await world.killWorker(victim);
          await world.startWorker();
        },
      },
    });
    verdict = await checkSoak(world, run);
    // Evidence runs (docs/reliability.md) collect one line per run and engine.
    const report = process.env.SOAK_CRASH_REPORT;
    if (report) {
      const line = { at: new Date().toISOString(), kind, returns: RETURNS, converged: verdict.converged, notConverged: verdict.notConverged.length, invisible: verdict.invisibleFailures.length, duplicatePickups: verdict.duplicatePickups, duplicateLabels: verdict.duplicateLabels, pickupsBooked: verdict.pickupsBooked, lostLinks: verdict.lostLinks, agentFailures: verdict.agentFailuresByKind };
      appendFileSync(report, `${JSON.stringify(line)}\n`);
    }
  }, 900_000);
  afterAll(async () => {
    await world?.close();
    await database?.drop();
  });

  it("killed a worker while it was running jobs, and a new worker took over", () => {
    expect(killedPid).toBeGreaterThan(0);
    expect(interrupted.length).toBeGreaterThan(0);
    expect(world.workers.some((w) => w.pid === killedPid)).toBe(false);
    expect(world.workers).toHaveLength(kind === "sqlite" ? 1 : 2);
  });

  it("ran every interrupted job again to its end: none lost, none left running", { timeout: 240_000 }, async () => {
    // A run interrupted by the kill may still wait for its retry (backoff, or pg-boss expiring the dead run):
    // give it time to reach its end instead of reading it mid-way.
    let outcomes = await world.jobOutcomes(interrupted);
    for (let waited = 0; waited < 180_000 && outcomes.some((o) => o.state !== "DONE" && o.state !== "DEAD"); waited += 500) {
      await sleep(500);
      outcomes = await world.jobOutcomes(interrupted);
    }
    for (const o of outcomes) {
      expect(["DONE", "DEAD"], `${o.name} ${o.id}`).toContain(o.state);
      if (o.state === "DEAD") expect(o.lastError).toBeTruthy();
    }
    // At least one of them really ran a second time after the kill (SQLite: its lease expired; pg-boss: its run expired).
    expect(outcomes.some((o) => o.attempts >= 2), JSON.stringify(outcomes)).toBe(true);
    expect(await world.pendingJobs()).toBe(0);
  });

  it("loses no link and doubles no label, pickup or reverse delivery", () => {
    expect(verdict.lostLinks, formatVerdict(verdict)).toBe(0);
    expect(verdict.duplicateLabels + verdict.duplicatePickups + verdict.duplicateReverseDeliveries + verdict.duplicateRows, formatVerdict(verdict)).toBe(0);
    expect(verdict.labelCreates.ifreturns + verdict.labelCreates.rever).toBe(RETURNS);
    expect(verdict.pickupsBooked).toBe(run.plans.filter((p) => p.lane === "REVER_PICKUP").length);
  });

  it("converges every link and leaves no failure without its reason", () => {
    expect(verdict.converged, formatVerdict(verdict)).toBe(RETURNS);
    expect(verdict.invisibleFailures, formatVerdict(verdict)).toEqual([]);
  });
});
