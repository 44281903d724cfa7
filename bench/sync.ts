import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { createDb, type Db } from "../app/db.server";
import { startReverSimulator, type ReverSimulator } from "../sandbox/rever";
import { startShopifySimulator, type ShopifySimulator } from "../sandbox/shopify";
import type { Benchmark, BenchContext } from "./lib/benchmark";
import { startServerChild, type ServerChild } from "./lib/child";
import { freshDb, type BenchDb } from "./lib/databases";
import { cpuBusyPercent } from "./lib/machine";
import type { PassResult, Usage } from "./lib/sync-app";
import { startShopifyMeter, type ShopifyMeter } from "./lib/sync-shopify-meter";
import { appEnv, BENCH_API_SECRET, BENCH_SHOP, BENCH_TOKEN, seedShop, type SeedCounts } from "./lib/sync-seed";
import { appMutationNames, countProviderRequests, diffProvider, tallyShopify, type ProviderCounter, type ProviderTally, type ShopifyTally } from "./lib/sync-tally";

// Reconciliation (issue 7): reconcileShop over thousands of open REVER links against the Shopify and REVER
// simulators with real rate limits. The app (database + reconcileShop) runs alone in a child process; the
// simulators run here. Each pass is compared with the fastest time the limits allow for what it sent.

const root = path.resolve(import.meta.dirname, "..");

/** The Node.js flags `npm start` and `npm run worker` run the app with (package.json `config.nodeFlags`). */
function appNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { config?: { nodeFlags?: string } };
  return (process.env.BENCH_SYNC_NODE_FLAGS ?? pkg.config?.nodeFlags ?? "").split(" ").filter(Boolean);
}

interface Limits {
  /** Shopify's leaky bucket: points restored per second and its size. */
  restoreRate: number;
  bucketSize: number;
  /** REVER's budget (simulator) and the connection's requestsPerSecond (app), the same number. */
  providerRps: number;
}

const STANDARD: Limits = { restoreRate: 100, bucketSize: 1000, providerRps: 100 };
/** The 100,000-link memory run: limits raised 10x so it takes minutes; the app's pacing is the same code. */
const RAISED: Limits = { restoreRate: 1000, bucketSize: 10_000, providerRps: 1000 };

interface PassFigures {
  name: string;
  app: PassResult;
  wallMs: number;
  provider: ProviderTally;
  shopify: ShopifyTally;
  shopifyAvailableAtStart: number;
  /** Sum of actualQueryCost the simulator answered with (what its bucket kept). */
  shopifyActualCost: number;
  providerMinMs: number;
  shopifyMinMs: number;
  minMs: number;
  throttledShare: number;
  /** Shopify mutations plus provider writes sent during the pass. */
  mutationsSent: number;
}

interface RunFigures {
  label: string;
  limits: Limits;
  seed: SeedCounts;
  seedMs: number;
  /** The whole run: simulators, seeding, app process start, passes and clean-up. */
  runMs: number;
  analyzed: boolean;
  passes: PassFigures[];
  checks: string[];
  problems: string[];
}

function post(port: number, pathAndQuery: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // node:http has no overall timeout by default: a pass may take minutes.
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: pathAndQuery }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode === 200) resolve(text);
        else reject(new Error(`app process answered ${res.statusCode}: ${text.slice(0, 2000)}`));
      });
    });
    req.on("error", reject);
    req.end();
  });
}

async function runPass(name: string, child: ServerChild, shopify: ShopifySimulator, meter: ShopifyMeter, rever: ReverSimulator, counter: ProviderCounter, limits: Limits, mutationNames: Set<string>, ctx: BenchContext): Promise<PassFigures> {
  // REVER's bucket refills in one second: start each pass with it full, as after any idle second.
  await new Promise((r) => setTimeout(r, 1100));
  const providerBefore = counter.snapshot();
  const callsFrom = shopify.calls.length;
  const actualBefore = meter.actualCost();
  const shopifyAvailableAtStart = shopify.throttleStatus().currentlyAvailable;
  const started = Date.now();
  const progress = process.env.BENCH_SYNC_TRACE
    ? setInterval(() => ctx.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: REVER ${counter.snapshot().sent - providerBefore.sent}, Shopify ${shopify.calls.length - callsFrom}`), 5000)
    : undefined;
  const app = JSON.parse(await post(child.port, `/reconcile${process.env.BENCH_SYNC_CONCURRENCY ? `?concurrency=${process.env.BENCH_SYNC_CONCURRENCY}` : ""}`)) as PassResult;
  clearInterval(progress);
  const wallMs = Date.now() - started;
  const provider = diffProvider(providerBefore, counter.snapshot());
  const shopifyTally = tallyShopify(shopify.calls, callsFrom, mutationNames);
  const shopifyActualCost = meter.actualCost() - actualBefore;
  // Fastest possible: every admitted provider request beyond the full bucket needs 1/rps s; every Shopify point
  // beyond what the bucket held at the start needs 1/restoreRate s. The slower of the two bounds the pass.
  const admitted = provider.sent - provider.throttled;
  const providerMinMs = (Math.max(0, admitted - limits.providerRps) / limits.providerRps) * 1000;
  const shopifyMinMs = (Math.max(0, shopifyActualCost - shopifyAvailableAtStart) / limits.restoreRate) * 1000;
  const minMs = Math.max(providerMinMs, shopifyMinMs);
  const allCalls = provider.sent + shopifyTally.calls;
  const figures: PassFigures = {
    name,
    app,
    wallMs,
    provider,
    shopify: shopifyTally,
    shopifyAvailableAtStart,
    shopifyActualCost,
    providerMinMs,
    shopifyMinMs,
    minMs,
    throttledShare: allCalls ? (provider.throttled + shopifyTally.throttled) / allCalls : 0,
    mutationsSent: shopifyTally.mutations + provider.writes,
  };
  ctx.log(
    `${name}: ${app.links} links in ${(wallMs / 1000).toFixed(1)} s (minimum ${(minMs / 1000).toFixed(1)} s, x${(wallMs / Math.max(1, minMs)).toFixed(3)}); ` +
      `REVER ${provider.sent} requests (${provider.throttled} x 429), Shopify ${shopifyTally.calls} calls (${shopifyTally.throttled} throttled, cost ${shopifyActualCost} actual / ${shopifyTally.requestedCost} requested, ${shopifyAvailableAtStart} available at start); ` +
      `${figures.mutationsSent} mutations; changed ${app.changed}, errors ${app.errors}; maxRSS ${app.maxRssMiB.toFixed(0)} MiB (at start ${app.rssBeforeMiB.toFixed(0)}, peak heap ${app.peakHeapMiB.toFixed(0)}), app CPU ${(app.cpuMs / 1000).toFixed(1)} s`,
  );
  ctx.log(`  REVER ${routes(provider)}; Shopify ${[...shopifyTally.byOperation].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  return figures;
}

/** After the first pass: every difference seeded must have been found and repaired, and nothing else. */
async function convergenceChecks(db: Db, shopify: ShopifySimulator, seed: SeedCounts, pass: PassResult): Promise<{ checks: string[]; problems: string[] }> {
  const checks: string[] = [];
  const problems: string[] = [];
  const expect = (what: string, got: number, want: number) => (got === want ? checks : problems).push(`${what}: ${got}${got === want ? "" : ` (expected ${want})`}`);
  expect("links closed in Shopify found", await db.returnLink.count({ where: { shop: BENCH_SHOP, status: "CLOSED" } }), seed.byKind.closed);
  expect("links canceled in Shopify found", await db.returnLink.count({ where: { shop: BENCH_SHOP, status: "CANCELED" } }), seed.byKind.canceled);
  const attached = [...shopify.store.reverseDeliveries.values()].filter((d) => d.tracking?.number && d.label).length;
  expect("REVER trackings attached to Shopify (with label)", attached, seed.byKind["new-tracking"]);
  expect("links changed by the pass", pass.changed, seed.byKind.closed + seed.byKind.canceled + seed.byKind["new-tracking"]);
  expect("links with a sync error", pass.errors, 0);
  expect("links synced", pass.links, seed.links);
  return { checks, problems };
}

async function runScenario(label: string, links: number, limits: Limits, analyze: boolean, passNames: string[], mutationNames: Set<string>, ctx: BenchContext): Promise<RunFigures> {
  let shopify: ShopifySimulator | undefined;
  let meter: ShopifyMeter | undefined;
  let rever: ReverSimulator | undefined;
  let bench: BenchDb | undefined;
  let db: Db | undefined;
  let child: ServerChild | undefined;
  try {
    // Legacy tokens: the benchmark measures reconciliation on a shop seeded with a fixed token, not token upkeep
    // (the token service is exercised by app/shopify/tokens.server.test.ts and test/e2e/token-lifetimes.test.ts).
    shopify = await startShopifySimulator({ apiSecret: BENCH_API_SECRET, tokens: "legacy", accessToken: BENCH_TOKEN, shop: BENCH_SHOP, appUrl: "http://127.0.0.1:9", webhookPaths: {}, restoreRate: limits.restoreRate, bucketSize: limits.bucketSize });
    meter = await startShopifyMeter(shopify.url);
    rever = await startReverSimulator();
    const counter = countProviderRequests(rever.requests);
    bench = await freshDb("sqlite");
    const env = { ...appEnv(bench.url, meter.url), BENCH_SHOP };
    db = await createDb(bench.url);
    const seedStarted = Date.now();
    const seed = await seedShop(db, shopify, rever, links, limits.providerRps);
    // Statistics for SQLite's planner, which the app never gathers (see the notes).
    if (analyze) await db.$executeRawUnsafe("ANALYZE");
    const seedMs = Date.now() - seedStarted;
    ctx.log(`${label}: seeded ${links} links in ${(seedMs / 1000).toFixed(1)} s (stores ${(seed.storeMs / 1000).toFixed(1)} s, database ${(seed.dbMs / 1000).toFixed(1)} s; ${JSON.stringify(seed.byKind)})`);
    rever.setRateLimit(limits.providerRps);
    child = await startServerChild(`sync app (${label})`, path.join(import.meta.dirname, "lib", "sync-app.ts"), { ...env, ...(process.env.BENCH_SYNC_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SYNC_NODE_OPTIONS } : {}) }, undefined, appNodeFlags());

    const passes: PassFigures[] = [];
    let checks: string[] = [];
    let problems: string[] = [];
    for (const name of passNames) {
      passes.push(await runPass(name, child, shopify, meter, rever, counter, limits, mutationNames, ctx));
      if (passes.length === 1) ({ checks, problems } = await convergenceChecks(db, shopify, seed, passes[0].app));
    }
    // runMs is set by the caller, around clean-up too.
    return { label, limits, seed, seedMs, runMs: 0, analyzed: analyze, passes, checks, problems };
  } finally {
    await child?.stop();
    await db?.$disconnect();
    await bench?.drop();
    await Promise.all([shopify?.close(), rever?.close(), meter?.close()]);
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const mark = (ok: boolean) => (ok ? " ✅" : " ❌");
const limitsText = (l: Limits) => `Shopify ${l.restoreRate} points/s (bucket ${l.bucketSize}), REVER ${l.providerRps} req/s`;
const routes = (t: ProviderTally) => [...t.byRoute].map(([k, v]) => `${v} ${k}`).join(", ");

async function idleChildUsage(): Promise<Usage> {
  const child = await startServerChild("idle child", path.join(import.meta.dirname, "lib", "sync-app.ts"), { BENCH_SYNC_IDLE: "1" }, undefined, appNodeFlags());
  try {
    return JSON.parse(await post(child.port, "/usage")) as Usage;
  } finally {
    await child.stop();
  }
}

const dbState = (r: RunFigures) => (r.analyzed ? "the database ANALYZEd after seeding (see below)" : "the database as the app leaves it (never analyzed)");
const MB = (mibValue: number) => (mibValue * 1024 * 1024) / 1e6;

function render(standard: RunFigures, memory: RunFigures, idle: Usage, notes: string[]): { markdown: string; summary: string } {
  const runText = (r: RunFigures) => `${s(r.runMs)} (seeding ${s(r.seedMs)}, ${r.passes.map((p) => `${p.name.split(" (")[0].toLowerCase()} ${s(p.wallMs)}`).join(", ")})`;
  const lines: string[] = [
    `Duration of each run: Standard limits ${runText(standard)}; memory ${runText(memory)}.`,
    "",
    `**Passes at Standard limits** (${limitsText(standard.limits)}): ${standard.seed.links.toLocaleString("en")} open REVER links, seeded in ${s(standard.seedMs)}; ${dbState(standard)}.`,
    "",
    "| Pass | Wall time | Theoretical minimum (binding limit; the other) | Wall / minimum (goal <= 1.1) | REVER requests (429) | Shopify calls (THROTTLED); actual / requested cost | Throttled share (goal <= 1%) | Mutations sent | Links changed | Errors | Follow-ups queued |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const p of standard.passes) {
    const ratio = p.wallMs / Math.max(1, p.minMs);
    const binding = p.providerMinMs >= p.shopifyMinMs ? "REVER" : "Shopify";
    const mutationGoal = p === standard.passes[1] ? `${mark(p.mutationsSent === 0)} (goal 0)` : "";
    lines.push(
      `| ${p.name} | ${s(p.wallMs)} | ${s(p.minMs)} (${binding}; ${s(Math.min(p.providerMinMs, p.shopifyMinMs))}) | ${ratio.toFixed(3)}${mark(ratio <= 1.1)} | ${p.provider.sent} (${p.provider.throttled}) | ${p.shopify.calls} (${p.shopify.throttled}); ${p.shopifyActualCost} / ${p.shopify.requestedCost} | ${pct(p.throttledShare)}${mark(p.throttledShare <= 0.01)} | ${p.mutationsSent}${mutationGoal} | ${p.app.changed} | ${p.app.errors} | ${p.app.followUps} |`,
    );
  }
  lines.push("", `After pass 1: ${[...standard.checks, ...standard.problems.map((x) => `**${x}**`)].join("; ")}.`, "");
  for (const p of standard.passes) lines.push(`- ${p.name}: REVER ${routes(p.provider)}; Shopify ${[...p.shopify.byOperation].map(([k, v]) => `${v} ${k}`).join(", ")}; app CPU ${s(p.app.cpuMs)}, peak RSS ${p.app.maxRssMiB.toFixed(0)} MiB.`);

  const m = memory.passes[0];
  lines.push(
    "",
    `**Memory** (limits raised tenfold: ${limitsText(memory.limits)}): ${memory.seed.links.toLocaleString("en")} open REVER links, seeded in ${s(memory.seedMs)}; ${dbState(memory)}.`,
    "",
    "| Links | Pass duration | Peak RSS of the app process (goal <= 250 MB) | RSS when the pass started | Idle child (no app) | Peak heap used | App CPU | Wall / minimum | Throttled share | Changed | Errors |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${m.app.links.toLocaleString("en")} | ${s(m.wallMs)} | ${m.app.maxRssMiB.toFixed(0)} MiB = ${MB(m.app.maxRssMiB).toFixed(0)} MB${mark(MB(m.app.maxRssMiB) <= 250)} | ${m.app.rssBeforeMiB.toFixed(0)} MiB | ${idle.maxRssMiB.toFixed(0)} MiB | ${m.app.peakHeapMiB.toFixed(0)} MiB | ${s(m.app.cpuMs)} | ${(m.wallMs / Math.max(1, m.minMs)).toFixed(3)} (minimum ${s(m.minMs)}) | ${pct(m.throttledShare)} | ${m.app.changed} | ${m.app.errors} |`,
    "",
    `After the memory pass: ${[...memory.checks, ...memory.problems.map((x) => `**${x}**`)].join("; ")}.`,
    "",
    ...notes.map((n) => `- ${n}`),
  );
  const summary = [
    ...standard.passes.map((p) => `${p.name}: ${s(p.wallMs)} vs minimum ${s(p.minMs)} (x${(p.wallMs / Math.max(1, p.minMs)).toFixed(3)}), throttled ${pct(p.throttledShare)}, mutations ${p.mutationsSent}, changed ${p.app.changed}, errors ${p.app.errors}`),
    `memory: ${m.app.links} links in ${s(m.wallMs)}, peak RSS ${m.app.maxRssMiB.toFixed(0)} MiB (${MB(m.app.maxRssMiB).toFixed(0)} MB), idle child ${idle.maxRssMiB.toFixed(0)} MiB`,
    ...[...standard.problems, ...memory.problems].map((x) => `PROBLEM ${x}`),
  ].join("\n");
  return { markdown: lines.join("\n"), summary };
}

export const benchmark: Benchmark = {
  id: "sync",
  title: "Reconciliation within rate limits",
  async run(ctx) {
    const notes: string[] = [];
    const busy = await cpuBusyPercent(2000);
    if (busy !== undefined) notes.push(`Other processes kept the machine ${busy.toFixed(0)}% busy in the 2 s before the run (2 cores: the app child needs one, the simulators a fraction of the other).`);
    const mutationNames = appMutationNames(root);
    // BENCH_SYNC_LINKS / BENCH_SYNC_MEMORY_LINKS change the sizes for an investigation.
    const standardLinks = Number(process.env.BENCH_SYNC_LINKS ?? (ctx.quick ? 1000 : 10_000));
    const memoryLinks = Number(process.env.BENCH_SYNC_MEMORY_LINKS ?? (ctx.quick ? 5000 : 100_000));
    const timed = async (run: () => Promise<RunFigures>): Promise<RunFigures> => {
      const started = Date.now();
      const figures = await run();
      return { ...figures, runMs: Date.now() - started };
    };
    const standard = await timed(() => runScenario("standard", standardLinks, STANDARD, false, ["Pass 1 (1% new tracking, 1% status changed)", "Pass 2 (nothing changed)"], mutationNames, ctx));
    const memory = await timed(() => runScenario("memory", memoryLinks, RAISED, true, ["Memory pass"], mutationNames, ctx));
    const idle = await idleChildUsage();
    notes.push(
      "Processes: the Shopify and REVER simulators run in the benchmark's process; the app (its SQLite client, WAL mode, and `reconcileShop` with its defaults: pages of 250, 64 links at once) runs alone in a child process (`bench/lib/sync-app.ts`, started by `bench/lib/child.ts` as `node <flags> --import tsx`, with the flags `npm start` and `npm run worker` use: package.json `config.nodeFlags`, `--max-old-space-size=96`), driven over loopback. Peak RSS is that child's `process.resourceUsage().maxRSS` read when the pass ends: the peak over the child's whole life (start-up, imports, the pass), and the child does nothing else. Heap is sampled every 100 ms. The idle child is the same script loading none of the app: Node.js, the tsx loader thread (about 30 MiB: plain `node` starts at about 41 MiB, `node --import tsx` at about 71 MiB) and the control server. The app's own `start` and `worker` scripts run the same way (`node $npm_package_config_nodeFlags --import tsx ...`, one process; the `tsx` command would add a second), so this is its footprint in production.",
      "Seeding: straight into the simulators' stores and the database (`createMany` in chunks of 1,000), no webhooks. Per 200 links: 2 whose REVER process got a logistic order that Shopify does not show (tracking and label to attach), 1 closed and 1 canceled in Shopify without a webhook; of the rest, half already have their REVER tracking in a Shipment row, half have no logistic order yet. Every link costs one REVER read (`GET .../logistics`); a new tracking also reads the label (`GET .../logistics`, `GET .../label`, the label file) and writes to Shopify (return read, staged upload, reverse delivery).",
      "Theoretical minimum of a pass = max(REVER: (admitted requests - the 1 s burst its bucket holds at the start) / rps; Shopify: (actual cost - points available at the start) / restore rate). Actual cost is the sum of `actualQueryCost` in the simulator's answers (its bucket takes the requested cost and refunds the unused part at once), read by a loopback pass-through (`bench/lib/sync-shopify-meter.ts`). Wall time runs from the request to the app process to its answer. Each pass starts after a 1.1 s pause, so REVER's bucket is full as after any idle second.",
      "Throttled share = (REVER 429 + Shopify THROTTLED answers) / (REVER requests + Shopify GraphQL calls) in the pass, counted at the simulators (the REVER simulator's log keeps only 5,000 entries, so requests are counted as they are logged). Mutations sent = Shopify GraphQL mutations (operations the app declares as `mutation`) + REVER writes (non-GET). Status pushes found by reconciliation are follow-ups for the job runner, not sent by the pass.",
      "Pacing fixes found by this benchmark (app/http/rate-limiter.server.ts, app/returns/reconcile-shop.server.ts): a few 429s at the start of pass 1 used to cut the connection's rate by 10% each, for good (in a 1,000-link run, pass 2 then went at 66% of the limit: 1.4x the minimum); the limiter now cuts once per push-back and recovers after calm seconds, and keeps a quarter of a second of burst instead of the server's whole second (jitter no longer meets an empty bucket, and a busy moment of the event loop can still be caught up). The walk no longer waits at page boundaries for a page's slowest link. A label file on the provider's own origin is now fetched through the connection's limiter too (it used to go around it, and each new tracking spent one request the limiter did not know of: the odd 429 of earlier runs).",
      "Memory: the walk holds at most two pages of links, and the app's live heap stayed at 16-23 MiB through a 100,000-link pass (forced GCs every 2 s, in a separate run: BENCH_SYNC_TRACE=gc): nothing grows with the number of links. What grows is garbage V8 has not collected yet: with no limit on a 24 GiB machine it let the heap reach 117 MiB and the process 261 MiB (274 MB) in the memory pass. The app's processes therefore run with `--max-old-space-size=96` (docs/decisions/0006-process-memory.md): V8 collects sooner, the heap peaks at about 48 MiB and the process at 193 MiB, for 6% more CPU in that pass (83.7 s against 78.8 s without the limit) (`--optimize-for-size` reached 162 MiB for 66% more CPU). The rest is Node.js and the tsx loader (the idle child), the app's modules and Prisma (RSS when the pass started) and memory outside the JS heap that is not given back (malloc arenas, Prisma's WebAssembly memory, SQLite's page cache). BENCH_SYNC_NODE_FLAGS replaces the flags for an investigation.",
      "Speed: a link costs the app about 0.8 ms of CPU (79 s for the 100,000-link pass without the heap limit, 305 s before): a page's shipments are read in one query and its unchanged links marked synced in one write (it used to be two Prisma queries per link, about 0.9 ms each on SQLite). The lookup goes through `Shipment(shop, returnLinkId, source, createdAt)`, which SQLite picks even without statistics (it used to scan the shop's shipments through `Shipment(shop, trackingNumber)` until ANALYZE; a test checks the plan). The memory pass's database is still ANALYZEd after seeding, as in earlier runs; the 10,000-link passes run on the database as the app leaves it.",
    );
    return render(standard, memory, idle, notes);
  },
};
