import { appendFileSync } from "node:fs";
import path from "node:path";
import { parseEnv, type Env } from "../app/env.server";
import { createHttpClient, type HttpClient } from "../app/http/client.server";
import { createOutboundGate, type OutboundGate } from "../app/http/outbound-gate.server";
import { controlledResolver, guardedOpener } from "./http/outbound-stand-ins";
import { IF_API_HOSTS } from "../app/platforms/provider-hosts";
import { createLogger, type LogSink, type ScopedLogger } from "../app/logger.server";
import type { Clock } from "../app/runtime/clock";
import type { OutboundOptions } from "../app/runtime/outbound.server";
import { createRuntime, type Runtime, type RuntimeOptions } from "../app/runtime/runtime.server";
import type { TestDb } from "./db";

// The app's runtime as tests build it: a fake but valid configuration, the test database, every log line into
// the file the global teardown scans for secrets (test/global-setup.ts), and fast job polling.

export const TEST_ENV_DEFAULTS = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret-0123456789",
  SHOPIFY_APP_URL: "http://127.0.0.1:3999",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  DATABASE_URL: "file:./unused-by-tests.sqlite",
  LOG_LEVEL: "debug",
} as const;

/** Where every test log line goes: the run's scan folder (RB_TEST_LOG_STDOUT=1 also prints them). */
export function testLogSink(): LogSink {
  const dir = process.env.RB_TEST_LOG_DIR;
  const file = dir ? path.join(dir, `worker-${process.pid}.log`) : null;
  return (line) => {
    if (file) appendFileSync(file, `${line}\n`);
    if (process.env.RB_TEST_LOG_STDOUT === "1") process.stdout.write(`${line}\n`);
  };
}

export function testLogger(): ScopedLogger {
  return createLogger({ sink: testLogSink(), level: "debug" });
}

/** A clock whose waits end on the next turn of the event loop (retry and pacing schedules run at once, while
 *  answers in flight still arrive; the time itself is real). */
export const instantClock: Clock = { now: () => Date.now(), sleep: () => new Promise((resolve) => setImmediate(resolve)) };

/**
 * The outbound gate's resolver and socket opener in tests: only "localhost" resolves (to 127.0.0.1, no DNS query)
 * and a socket to anything but loopback is an error, so no test sends a packet off this machine.
 */
export function testOutbound(overrides: OutboundOptions = {}): OutboundOptions {
  return { resolve: controlledResolver({ localhost: ["127.0.0.1"] }).resolve, openSocket: guardedOpener().open, ...overrides };
}

/** A development gate (simulators on loopback reachable per call) over the test resolver and socket guard. */
export function testGate(overrides: OutboundOptions = {}): OutboundGate {
  return createOutboundGate({ production: false, api: { hosts: [...IF_API_HOSTS, "*.myshopify.com"] }, ...testOutbound(overrides) });
}

export function testHttp(opts: { clock?: Clock; log?: ScopedLogger; gate?: OutboundGate } = {}): HttpClient {
  return createHttpClient({ clock: opts.clock ?? instantClock, log: opts.log ?? testLogger(), gate: opts.gate ?? testGate() });
}

export function testEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({ ...TEST_ENV_DEFAULTS, ...overrides });
}

export interface TestRuntimeOptions extends RuntimeOptions {
  env?: Record<string, string | undefined>;
  /** Poll the queue often so a pipeline settles in milliseconds (default true). */
  fast?: boolean;
}

/** The app's runtime on a test database; it sends jobs, and runs them only with `runJobs: true`. */
export async function createTestRuntime(t: TestDb, opts: TestRuntimeOptions = {}): Promise<Runtime> {
  const { env, fast = true, logSink, outbound, ...rest } = opts;
  const scan = testLogSink();
  return createRuntime(testEnv({ DATABASE_URL: t.url, ...env }), {
    db: t.db,
    // A test that reads the lines it caused still has them scanned for secrets.
    logSink: logSink ? (line) => (scan(line), logSink(line)) : scan,
    runJobs: false,
    outbound: testOutbound(outbound),
    ...(fast ? { queue: { sqlite: { pollMs: 20 }, postgres: { pollingIntervalSeconds: 0.5 } } } : {}),
    ...rest,
  });
}
