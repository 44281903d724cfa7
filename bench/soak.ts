import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshDb, postgresServerUrl, type Engine } from "./lib/databases";
import { updateSection } from "./lib/docs";
import { describeMachine, machineInfo } from "./lib/machine";
import { checkSoak, formatVerdict, type SoakVerdict } from "./lib/soak-check";
import { runSoak, type SoakRun } from "./lib/soak-run";
import { ISSUE_FAULTS, startSoakWorld } from "./lib/soak-world";

// `npm run soak [-- --returns 10000 --rate 3 --postgres --workers 2 --crash --no-write]`: the long soak with
// faults. Every return walks request -> approve -> label -> tracking -> close through the simulators with the
// issue's fault mix; the verdict (lost links, duplicates, convergence, visible failures) and the machine, date
// and duration go to docs/reliability.md unless --no-write. Exits 1 when a promise does not hold.

const root = path.resolve(import.meta.dirname, "..");
const docPath = path.join(root, "docs", "reliability.md");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

function fmt(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function soakMarkdown(opts: { engine: Engine; workers: number; crash: boolean; rate: number; killedPass?: boolean }, run: SoakRun, v: SoakVerdict, machine: string, date: string, tookMs: number): string {
  const held = (ok: boolean) => (ok ? "held" : "**NOT HELD**");
  const lanes = run.plans.reduce<Record<string, number>>((a, p) => ((a[p.lane] = (a[p.lane] ?? 0) + 1), a), {});
  const viaApi = run.plans.filter((p) => p.viaApi).length;
  const doubles = run.plans.filter((p) => p.doubleSubmit).length;
  const fault = (f: Record<string, number> | undefined) => Object.entries(f ?? {}).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    `Run ${date} on ${machine}; took ${fmt(tookMs)} (returns started over ${fmt(run.injectedMs)}, all flows done at ${fmt(run.flowsMs)}, converged after a further ${fmt(run.drainMs)}).`,
    "",
    `- ${v.returns} returns on ${opts.engine === "sqlite" ? "SQLite (in-process runner)" : "PostgreSQL (pg-boss)"}, ${opts.workers ? `${opts.workers} \`npm run worker\` process(es)` : "jobs in the app process"}${opts.crash ? `, one worker killed with SIGKILL half-way and restarted${opts.killedPass ? " (the one running the shop's reconciliation pass)" : ""}` : ""}; paced at ${opts.rate} new returns/s (at most ${run.maxInFlightSeen} walking at once).`,
    `- Lanes: iF returns ${lanes.IFRETURNS ?? 0}, REVER drop-off ${lanes.REVER ?? 0}, REVER home pick-up ${lanes.REVER_PICKUP ?? 0}; ${viaApi} labels through the extension API route, the rest through the use-case; ${doubles} double submits.`,
    `- Faults: 10% 5xx, 5% 429, 2% timeouts, 1% malformed bodies at iF returns, REVER and Shopify (the Shopify proxy loses half of its faulted answers after executing); webhooks duplicated and reordered. Answered by the simulators: iF ${fault(v.faults.ifreturns)}; REVER ${fault(v.faults.rever)}; Shopify proxy ${fault(v.faults.shopify)}.`,
    `- Webhooks: Shopify made ${v.webhooks.attempts} delivery attempts for ${v.webhooks.events} events (${v.webhooks.nonSuccess} not answered 2xx); the app stored ${v.webhooks.deliveries} (one per event; processed ${v.webhooks.processed}, ignored as stale or our own echo ${v.webhooks.ignored}); ${run.reconcilePasses} reconciliation passes.`,
    "",
    "| Promise | Figure | |",
    "|---|---|---|",
    `| No lost link | ${v.lostLinks} lost of ${v.returns} (${v.links} links) | ${held(v.lostLinks === 0)} |`,
    `| No duplicate label | ${v.duplicateLabels} duplicates at the providers (iF creates ${v.labelCreates.ifreturns}, REVER logistic orders ${v.labelCreates.rever}); ${v.duplicateReverseDeliveries} extra reverse deliveries in Shopify; ${v.duplicateRows} extra rows in the app | ${held(v.duplicateLabels + v.duplicateReverseDeliveries + v.duplicateRows === 0)} |`,
    `| No duplicate pickup | ${v.duplicatePickups} duplicates (${v.pickupsBooked} pickups booked) | ${held(v.duplicatePickups === 0)} |`,
    `| Every link converged | ${v.converged} of ${v.returns} (Shopify, link and provider all CLOSED / IN_WAREHOUSE, one tracking number on all three) | ${held(v.converged === v.returns)} |`,
    `| Every failure visible | ${v.invisibleFailures.length} invisible; ${v.agentFailures} failures answered to the agent with their reason, ${Object.values(v.deadJobs).reduce((a, b) => a + b, 0)} dead jobs with their error, ${v.failedDeliveries} failed deliveries, ${v.timelineErrors} error entries on timelines | ${held(v.invisibleFailures.length === 0)} |`,
    "",
    `Agent-side failures by kind (each retried by the agent as a merchant would click again): ${Object.entries(v.agentFailuresByKind).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}.`,
    v.notConverged.length ? `\nNot converged (first 10):\n${v.notConverged.slice(0, 10).map((n) => `- #${n.index} ${n.lane}: ${n.why} (${n.visible ?? "no visible reason"})`).join("\n")}` : "",
  ].join("\n");
}

async function main(): Promise<void> {
  const engine: Engine = flag("postgres") ? "postgresql" : "sqlite";
  const returns = Number(arg("returns") ?? 10_000);
  const rate = Number(arg("rate") ?? 3);
  const workers = Number(arg("workers") ?? (engine === "postgresql" ? 2 : 0));
  const crash = flag("crash");
  const write = !flag("no-write");
  if (engine === "postgresql" && !postgresServerUrl()) throw new Error("--postgres needs BENCH_POSTGRES_URL or TEST_POSTGRES_URL");
  if (crash && !workers) throw new Error("--crash needs --workers >= 1 (the worker process is what gets killed)");

  // The app's log lines (and the workers') go to a file, not the console: a 10,000-return soak writes many.
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "rb-soak-")), "soak.log");
  const machine = describeMachine(machineInfo());
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  console.log(`Soak: ${returns} returns at ${rate}/s on ${engine}${workers ? ` with ${workers} worker process(es)` : ""}${crash ? ", killing a worker half-way" : ""}; ${machine}; app log ${logFile}`);

  const database = await freshDb(engine);
  const world = await startSoakWorld({ databaseUrl: database.url, workerProcesses: workers, concurrency: 32, faults: ISSUE_FAULTS, seed: 7, trimWebhookLog: true, onWorkerOutput: (line) => appendFileSync(logFile, `${line}\n`), logSink: (line) => appendFileSync(logFile, `${line}\n`) });
  const started = Date.now();
  let killedPass = false;
  let verdict: SoakVerdict;
  let run: SoakRun;
  try {
    run = await runSoak(world, {
      returns,
      ratePerSecond: rate,
      seed: 7,
      maxInFlight: 400,
      reconcileEveryMs: 3000,
      drainTimeoutMs: 15 * 60_000,
      onProgress: (l) => console.log(l),
      midway: crash
        ? {
            atShare: 0.5,
            action: async () => {
              // The worker running the shop's reconciliation pass, when one runs within a minute: the crash then
              // also interrupts a pass, which must be taken over.
              const holder = await world.reconcilingWorker(60_000);
              const victim = holder ?? world.workers[0];
              killedPass = holder !== undefined;
              console.log(`kill -9 worker ${victim.pid}${killedPass ? " (running the reconciliation pass)" : ""}`);
              await world.killWorker(victim);
              await world.startWorker();
            },
          }
        : undefined,
    });
    verdict = await checkSoak(world, run);
  } finally {
    await world.close();
    await database.drop();
  }
  const took = Date.now() - started;
  console.log(formatVerdict(verdict));
  console.log(`took ${fmt(took)}`);
  const ok = verdict.lostLinks === 0 && verdict.duplicateLabels + verdict.duplicatePickups + verdict.duplicateReverseDeliveries + verdict.duplicateRows === 0 && verdict.converged === verdict.returns && verdict.invisibleFailures.length === 0;
  if (write) {
    const id = `soak-${engine}${crash ? "-crash" : ""}`;
    const title = `Soak with faults: ${returns.toLocaleString("en")} returns on ${engine === "sqlite" ? "SQLite" : "PostgreSQL"}${crash ? ", worker killed half-way" : ""}`;
    const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Reliability\n";
    writeFileSync(docPath, updateSection(doc, id, title, soakMarkdown({ engine, workers, crash, rate, killedPass }, run, verdict, machine, date, took)));
    console.log(`wrote ${path.relative(root, docPath)} (section ${id})`);
  }
  process.exit(ok ? 0 : 1);
}

await main();
