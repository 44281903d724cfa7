import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { requireEnv, runServerMain } from "./child";

// The app side of the sync benchmark, alone in its process: the app's runtime and reconcileShop, nothing else, so
// process.resourceUsage().maxRSS is the app's peak. The parent (simulators) drives it over loopback:
// POST /reconcile runs one pass and answers its report with this process's memory figures.
// With BENCH_SYNC_IDLE=1 it loads none of the app: its RSS is the floor of any child (Node.js, the tsx loader
// that bench/lib/child.ts starts every child with, and this control server).

export interface PassResult {
  links: number;
  changed: number;
  mutations: number;
  shopifyQueries: number;
  providerCalls: number;
  errors: number;
  followUps: number;
  durationMs: number;
  /** RSS when the pass started and the process's peak RSS so far (maxRSS), in MiB. */
  rssBeforeMiB: number;
  maxRssMiB: number;
  /** Highest heapUsed sampled every 100 ms during the pass, in MiB. */
  peakHeapMiB: number;
  cpuMs: number;
}

export interface Usage {
  rssMiB: number;
  maxRssMiB: number;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

type Reconcile = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function appHandler(): Promise<{ reconcile: Reconcile; close: () => Promise<void> }> {
  const { loadEnv } = await import("../../app/env.server");
  const { createRuntime } = await import("../../app/runtime/runtime.server");
  const { reconcileShop } = await import("../../app/returns/reconcile-shop.server");
  // The app's runtime as a web process builds it (its jobs off: the benchmark runs the pass itself).
  const rt = await createRuntime(loadEnv(), { runJobs: false });
  const shop = requireEnv("BENCH_SHOP");
  const reconcile: Reconcile = async (req, res) => {
    const q = new URL(req.url ?? "/", "http://127.0.0.1").searchParams;
    const rssBefore = process.memoryUsage.rss();
    const cpu0 = process.cpuUsage();
    let peakHeap = process.memoryUsage().heapUsed;
    let ticks = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      // BENCH_SYNC_TRACE=1 with BENCH_CHILD_STDERR=1 prints the app's memory every 2 s; BENCH_SYNC_TRACE=gc with
      // BENCH_SYNC_NODE_OPTIONS=--expose-gc collects first, to show the live heap (this changes the peak).
      if (process.env.BENCH_SYNC_TRACE && ++ticks % 20 === 0) {
        if (process.env.BENCH_SYNC_TRACE === "gc") (globalThis as { gc?: () => void }).gc?.();
        process.stderr.write(`[sync-app] rss ${mib(m.rss).toFixed(0)} heapUsed ${mib(m.heapUsed).toFixed(0)} heapTotal ${mib(m.heapTotal).toFixed(0)} live after gc ${mib(process.memoryUsage().heapUsed).toFixed(0)}\n`);
      }
    }, 100);
    try {
      const report = await reconcileShop(rt.shop(shop), {
        ...(q.get("pageSize") ? { pageSize: Number(q.get("pageSize")) } : {}),
        ...(q.get("concurrency") ? { concurrency: Number(q.get("concurrency")) } : {}),
      });
      const cpu = process.cpuUsage(cpu0);
      const result: PassResult = {
        ...report,
        followUps: report.followUps.length,
        rssBeforeMiB: mib(rssBefore),
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        peakHeapMiB: mib(peakHeap),
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
      json(res, 200, result);
    } finally {
      clearInterval(sampler);
    }
  };
  return { reconcile, close: () => rt.close() };
}

runServerMain(async () => {
  const app = process.env.BENCH_SYNC_IDLE ? null : await appHandler();
  const server = createServer((req, res) => {
    const route = `${req.method} ${req.url?.split("?")[0]}`;
    if (route === "POST /usage") return json(res, 200, { rssMiB: mib(process.memoryUsage.rss()), maxRssMiB: process.resourceUsage().maxRSS / 1024 } satisfies Usage);
    if (route === "POST /reconcile" && app) {
      app.reconcile(req, res).catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(err instanceof Error ? (err.stack ?? err.message) : String(err));
      });
      return;
    }
    res.writeHead(404).end();
  });
  return { server, close: app?.close };
});
