import http from "node:http";
import { performance } from "node:perf_hooks";
import type { SignedDelivery } from "./payload";

// The load generator: plain node:http with a keep-alive agent. Two modes: closed-loop maximum throughput over
// N connections, and an open-loop fixed rate whose latency is measured from each request's SCHEDULED send
// time, so a server that falls behind is charged for the queue it causes (no coordinated omission).

export interface LoadTarget {
  host: string;
  port: number;
}

/** Returns the next delivery to send; each call must give a new event id. */
export type MakeDelivery = () => SignedDelivery;

const REQUEST_TIMEOUT_MS = 30_000;

function send(agent: http.Agent, target: LoadTarget, d: SignedDelivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.host, port: target.port, method: "POST", path: d.path, headers: d.headers, agent }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(d.body);
  });
}

export interface ThroughputResult {
  connections: number;
  durationMs: number;
  completed: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  rps: number;
}

/** Closed loop: each of `connections` workers sends its next request as soon as the previous one is answered. */
export async function runMaxThroughput(o: { target: LoadTarget; connections: number; durationMs: number; make: MakeDelivery }): Promise<ThroughputResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const statuses: Record<string, number> = {};
  let completed = 0;
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + o.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        const status = await send(agent, o.target, o.make());
        completed++;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) ok++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const durationMs = performance.now() - start;
  agent.destroy();
  return { connections: o.connections, durationMs, completed, ok, errors, statuses, rps: ok / (durationMs / 1000) };
}

export interface RateResult {
  ratePerSec: number;
  scheduled: number;
  completed: number;
  ok: number;
  errors: number;
  /** Requests still unanswered when the drain timeout ended the run. */
  unanswered: number;
  statuses: Record<string, number>;
  /** Latency from the scheduled send time to the end of the response, in ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** How late the generator itself sent (actual minus scheduled), in ms: shows the generator kept up. */
  maxSendLagMs: number;
  meanSendLagMs: number;
  /** Every latency, ascending (to pool several runs). */
  latencies: number[];
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Several fixed-rate runs as one: counts added up, percentiles over all their latencies. */
export function poolRates(runs: RateResult[]): RateResult {
  const sorted = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sum = (k: "scheduled" | "completed" | "ok" | "errors" | "unanswered") => runs.reduce((n, r) => n + r[k], 0);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const scheduled = sum("scheduled");
  return {
    ratePerSec: runs[0]?.ratePerSec ?? 0,
    scheduled,
    completed: sum("completed"),
    ok: sum("ok"),
    errors: sum("errors"),
    unanswered: sum("unanswered"),
    statuses,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    maxSendLagMs: Math.max(0, ...runs.map((r) => r.maxSendLagMs)),
    meanSendLagMs: scheduled ? runs.reduce((n, r) => n + r.meanSendLagMs * r.scheduled, 0) / scheduled : 0,
    latencies: sorted,
  };
}

/** Open loop: request i is due at start + i/rate whatever happened to the earlier ones. */
export async function runFixedRate(o: {
  target: LoadTarget;
  ratePerSec: number;
  durationMs: number;
  make: MakeDelivery;
  maxSockets?: number;
  drainTimeoutMs?: number;
}): Promise<RateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const interval = 1000 / o.ratePerSec;
  const total = Math.floor((o.durationMs / 1000) * o.ratePerSec);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let maxSendLagMs = 0;
  let sumSendLagMs = 0;
  let outstanding = 0;
  let onIdle: (() => void) | null = null;
  const settle = () => {
    outstanding--;
    if (outstanding === 0 && onIdle) onIdle();
  };

  const t0 = performance.now() + 20;
  let i = 0;
  await new Promise<void>((scheduled) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        const due = t0 + i * interval;
        const d = o.make();
        const lag = performance.now() - due;
        maxSendLagMs = Math.max(maxSendLagMs, lag);
        sumSendLagMs += lag;
        outstanding++;
        send(agent, o.target, d).then(
          (status) => {
            latencies.push(performance.now() - due);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status >= 200 && status < 300) ok++;
            settle();
          },
          () => {
            errors++;
            settle();
          },
        );
        i++;
      }
      if (i >= total) return scheduled();
      // Timers fire on whole milliseconds: sleep until about 1 ms before the next send, then poll the loop.
      const wait = t0 + i * interval - performance.now();
      if (wait > 1.5) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  if (outstanding > 0) {
    await new Promise<void>((drained) => {
      const timer = setTimeout(drained, o.drainTimeoutMs ?? 15_000);
      onIdle = () => {
        clearTimeout(timer);
        drained();
      };
    });
  }
  agent.destroy();
  const sorted = latencies.slice().sort((a, b) => a - b);
  return {
    ratePerSec: o.ratePerSec,
    scheduled: total,
    completed: latencies.length,
    ok,
    errors,
    unanswered: total - latencies.length - errors,
    statuses,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    maxSendLagMs,
    meanSendLagMs: total ? sumSendLagMs / total : 0,
    latencies: sorted,
  };
}
