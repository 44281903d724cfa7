import { createServer } from "node:http";
import { createDb } from "../../app/db.server";
import { reconcileShop } from "../../app/returns/reconcile-shop.server";
import { createShopContext } from "../../app/returns/shop-context.server";
import { requireEnv, runServerMain } from "./child";

// The app side of the sync benchmark, alone in its process: the database client and reconcileShop, nothing
// else, so process.resourceUsage().maxRSS is the app's peak. The parent (simulators) drives it over loopback:
// POST /reconcile runs one pass and answers its report with this process's memory figures.

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

const mib = (bytes: number) => bytes / 1024 / 1024;

runServerMain(async () => {
  const db = await createDb(requireEnv("DATABASE_URL"));
  const shop = requireEnv("BENCH_SHOP");
  const server = createServer((req, res) => {
    if (req.method !== "POST" || req.url?.split("?")[0] !== "/reconcile") return void res.writeHead(404).end();
    const q = new URL(req.url, "http://127.0.0.1").searchParams;
    void (async () => {
      const rssBefore = process.memoryUsage.rss();
      const cpu0 = process.cpuUsage();
      let peakHeap = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
      try {
        const report = await reconcileShop(createShopContext(db, shop), {
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
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
      } catch (err) {
        res.writeHead(500, { "content-type": "text/plain" }).end(err instanceof Error ? (err.stack ?? err.message) : String(err));
      } finally {
        clearInterval(sampler);
      }
    })();
  });
  return { server, close: () => db.$disconnect() };
});
