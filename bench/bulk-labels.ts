import type { Benchmark, BenchContext } from "./lib/benchmark";
import { bulkRunView, startBulkLabels } from "../app/bulk/bulk-labels.server";
import type { RecordedRequest } from "../sandbox/lib/sim-server";
import { freshDb } from "./lib/databases";
import { startBulkWorld, type BulkLimits, type BulkWorld } from "./lib/bulk-world";
import { BENCH_SHOP } from "./lib/sync-seed";

// Bulk labels (issue 16): 500 returns selected on the dashboard (half iF returns, half REVER), one job per return
// through the label use-case, paced by each connection's requestsPerSecond and the shop's Shopify bucket, the jobs run
// by a worker process. Each run is set beside the fastest the simulators' limits allow for what it sent; the button
// is pressed twice; one run kills the worker half-way (SIGKILL) and starts another. Duplicates are counted at the
// providers (creates per return), in Shopify (reverse deliveries per reverse fulfillment order) and in the database.

const LIMITS: BulkLimits = { ifRps: 10, reverRps: 10, restoreRate: 1000, bucketSize: 10_000 };
const CONCURRENCY = 16;

interface Figures {
  name: string;
  returns: number;
  wallMs: number;
  minMs: number;
  binding: string;
  mins: Record<string, number>;
  provider: Record<"ifreturns" | "rever", { admitted: number; throttled: number }>;
  shopifyCost: number;
  shopifyCalls: number;
  shopifyThrottled: number;
  secondPressSameRun: boolean;
  failed: number;
  duplicates: { providerCreates: number; reverseDeliveries: number; shipments: number };
  killedAt: number | null;
}

function tally(requests: RecordedRequest[], from: number) {
  const mine = requests.slice(from);
  return { admitted: mine.filter((r) => r.answeredWith !== 429).length, throttled: mine.filter((r) => r.answeredWith === 429).length };
}

function over(counts: Map<string, number>): number {
  return [...counts.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
}

async function duplicates(world: BulkWorld) {
  const creates = new Map<string, number>();
  for (const r of world.ifreturns.requests) if (r.method === "POST" && r.path.endsWith("/shipping_labels") && r.answeredWith === 200) {
    const id = String((r.body as { clientShipmentId?: string }).clientShipmentId);
    creates.set(id, (creates.get(id) ?? 0) + 1);
  }
  for (const r of world.rever.requests) if (r.method === "PUT" && /\/logistics\/?$/.test(r.path) && r.answeredWith === 200) creates.set(r.path, (creates.get(r.path) ?? 0) + 1);
  const deliveries = new Map<string, number>();
  for (const d of world.shopify.store.reverseDeliveries.values()) deliveries.set(d.rfoId, (deliveries.get(d.rfoId) ?? 0) + 1);
  const rows = await world.rt.db.shipment.groupBy({ by: ["returnLinkId"], where: { shop: BENCH_SHOP, source: "APP" }, _count: { _all: true } });
  return { providerCreates: over(creates), reverseDeliveries: over(deliveries), shipments: rows.reduce((s, r) => s + Math.max(0, r._count._all - 1), 0) };
}

async function scenario(name: string, returns: number, kill: boolean, ctx: BenchContext): Promise<Figures> {
  const db = await freshDb("sqlite");
  const world = await startBulkWorld({ databaseUrl: db.url, returns, limits: LIMITS, concurrency: CONCURRENCY });
  try {
    await world.startWorker();
    const from = { ifreturns: world.ifreturns.requests.length, rever: world.rever.requests.length, calls: world.shopify.calls.length, cost: world.meter.actualCost() };
    const availableAtStart = world.shopify.throttleStatus().currentlyAvailable;
    const shopCtx = world.rt.shop(BENCH_SHOP);
    const started = Date.now();
    // The merchant presses twice (a double click): the same run.
    const [first, second] = await Promise.all([startBulkLabels(shopCtx, { ids: world.linkIds }), startBulkLabels(shopCtx, { ids: world.linkIds })]);
    let killedAt: number | null = null;
    let view = await bulkRunView(world.rt.db, BENCH_SHOP, first.runId);
    while (!view?.finished) {
      await new Promise((r) => setTimeout(r, 100));
      view = await bulkRunView(world.rt.db, BENCH_SHOP, first.runId);
      if (kill && killedAt === null && view && view.done + view.failed >= returns / 2) {
        killedAt = view.done + view.failed;
        await world.killWorker();
        await world.startWorker();
        ctx.log(`${name}: worker killed after ${killedAt} labels, a new one started`);
      }
    }
    const wallMs = Date.now() - started;
    const provider = { ifreturns: tally(world.ifreturns.requests, from.ifreturns), rever: tally(world.rever.requests, from.rever) };
    const shopifyCost = world.meter.actualCost() - from.cost;
    // Fastest possible: each provider's admitted requests beyond the full bucket it starts with, at its rate; Shopify's
    // points beyond those available at the start, at the restore rate. The slowest of them bounds the run.
    const mins = {
      "iF returns": (Math.max(0, provider.ifreturns.admitted - LIMITS.ifRps) / LIMITS.ifRps) * 1000,
      REVER: (Math.max(0, provider.rever.admitted - LIMITS.reverRps) / LIMITS.reverRps) * 1000,
      Shopify: (Math.max(0, shopifyCost - availableAtStart) / LIMITS.restoreRate) * 1000,
    };
    const [binding, minMs] = Object.entries(mins).sort((a, b) => b[1] - a[1])[0];
    const calls = world.shopify.calls.slice(from.calls);
    return {
      name,
      returns,
      wallMs,
      minMs,
      binding,
      mins,
      provider,
      shopifyCost,
      shopifyCalls: calls.length,
      shopifyThrottled: calls.filter((c) => c.throttled).length,
      secondPressSameRun: first.runId === second.runId && [first.started, second.started].filter(Boolean).length === 1,
      failed: view.failed,
      duplicates: await duplicates(world),
      killedAt,
    };
  } finally {
    await world.close();
    await db.drop();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const benchmark: Benchmark = {
  id: "bulk-labels",
  title: "Bulk labels (issue 16)",
  async run(ctx) {
    const returns = ctx.quick ? 60 : 500;
    const runs = [await scenario("clean run", returns, false, ctx), await scenario("worker killed half-way", returns, true, ctx)];
    const problems = runs.flatMap((r) => [
      ...(r.failed ? [`${r.name}: ${r.failed} labels failed`] : []),
      ...(!r.secondPressSameRun ? [`${r.name}: the second press started another run`] : []),
      ...Object.entries(r.duplicates).filter(([, n]) => n).map(([k, n]) => `${r.name}: ${n} duplicate ${k}`),
    ]);
    const rows = runs.map(
      (r) =>
        `| ${r.name} | ${r.returns} | ${s(r.wallMs)} | ${s(r.minMs)} (${r.binding}) | **${(r.wallMs / r.minMs).toFixed(2)}x** | ${r.provider.ifreturns.admitted} / ${r.provider.ifreturns.throttled} | ${r.provider.rever.admitted} / ${r.provider.rever.throttled} | ${Math.round(r.shopifyCost)} pts, ${r.shopifyCalls} calls, ${r.shopifyThrottled} throttled | ${r.secondPressSameRun ? "yes" : "NO"} | ${r.duplicates.providerCreates + r.duplicates.reverseDeliveries + r.duplicates.shipments} |`,
    );
    const markdown = [
      `Limits: iF returns ${LIMITS.ifRps} req/s, REVER ${LIMITS.reverRps} req/s (each simulator's budget and its connection's requestsPerSecond), Shopify ${LIMITS.restoreRate} points/s (bucket ${LIMITS.bucketSize}); one worker process, ${CONCURRENCY} jobs at once (SQLite).`,
      "",
      "| run | returns | wall time | minimum the limits allow | ratio | iF requests admitted / 429 | REVER requests admitted / 429 | Shopify | pressed twice: one run | duplicates |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |",
      ...rows,
      "",
      ...runs.map((r) => `- ${r.name}: minimum per limit ${Object.entries(r.mins).map(([k, v]) => `${k} ${s(v)}`).join(", ")}${r.killedAt !== null ? `; worker killed (SIGKILL) after ${r.killedAt} labels, its jobs run again after the 5 s job lease, and the labels it was making when killed after their claim's 2-minute lease (DEFAULT_CLAIM_TIMING in app/returns/claim-once.server.ts), looked up at the provider before any new request` : ""}.`),
      "",
      "Minimum = the slowest of: each provider's admitted requests beyond the one-second bucket its simulator starts with, at its rate; Shopify's actual cost (sum of `actualQueryCost`, read by `bench/lib/sync-shopify-meter.ts`) beyond the points available at the start, at the restore rate. Wall time runs from the press to the last item's result. Duplicates: provider creates per return (iF POST /shipping_labels per clientShipmentId, REVER PUT logistics per process), reverse deliveries per reverse fulfillment order, label rows per return.",
      ...(problems.length ? ["", `Problems: ${problems.join("; ")}`] : []),
    ].join("\n");
    const summary = runs.map((r) => `${r.name}: ${r.returns} labels in ${s(r.wallMs)}, minimum ${s(r.minMs)} (${r.binding}), ${(r.wallMs / r.minMs).toFixed(2)}x, duplicates ${r.duplicates.providerCreates + r.duplicates.reverseDeliveries + r.duplicates.shipments}`).join("\n");
    if (problems.length) throw new Error(`${problems.join("; ")}\n${markdown}`);
    return { markdown, summary };
  },
};
