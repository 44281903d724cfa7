import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { percentile, poolRates, runFixedRate, runMaxThroughput } from "./load";
import { signedDelivery } from "./payload";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ host: string; port: number }> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { host: "127.0.0.1", port: (server.address() as { port: number }).port };
}

describe("load generator", () => {
  it("takes nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it("counts only 2xx answers as throughput and tells the other statuses apart", async () => {
    let n = 0;
    const target = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(n++ % 2 ? 401 : 200).end());
    });
    let seq = 0;
    const r = await runMaxThroughput({ target, connections: 4, durationMs: 150, make: () => signedDelivery(seq++, "t") });
    expect(r.completed).toBeGreaterThan(0);
    expect(r.ok + (r.statuses["401"] ?? 0)).toBe(r.completed);
    expect(r.statuses["401"]).toBeGreaterThan(0);
    expect(r.errors).toBe(0);
  });

  it("charges a stalled server's queue to every request from its scheduled send time", async () => {
    const held: Array<() => void> = [];
    let open = false;
    const target = await listen((req, res) => {
      req.resume();
      const answer = () => res.writeHead(200).end("OK");
      if (open) answer();
      else held.push(answer);
    });
    // The server answers nothing for the first 200 ms, then everything at once.
    setTimeout(() => {
      open = true;
      held.splice(0).forEach((f) => f());
    }, 200);
    let seq = 0;
    const r = await runFixedRate({ target, ratePerSec: 100, durationMs: 400, make: () => signedDelivery(seq++, "s") });
    expect(r.scheduled).toBe(40);
    expect(r.ok).toBe(40);
    // The first request was due at the start and answered after the stall: its latency covers the whole stall,
    // although it waited on the server, not in the generator.
    expect(r.max).toBeGreaterThanOrEqual(150);
    expect(r.latencies).toHaveLength(40);
  });

  it("pools several fixed-rate runs into one set of percentiles", () => {
    const run = (lat: number[]) => ({ ratePerSec: 200, scheduled: lat.length, completed: lat.length, ok: lat.length, errors: 0, unanswered: 0, statuses: { "200": lat.length }, p50: 0, p90: 0, p99: 0, max: 0, maxSendLagMs: 1, meanSendLagMs: 0.5, latencies: lat });
    const pooled = poolRates([run([1, 2, 3]), run([10, 20])]);
    expect(pooled).toMatchObject({ scheduled: 5, ok: 5, statuses: { "200": 5 }, p50: 3, max: 20, maxSendLagMs: 1 });
    expect(pooled.latencies).toEqual([1, 2, 3, 10, 20]);
  });
});
