import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { AuthenticationError, UnavailableError } from "../http/errors.server";
import { createLogger } from "../logger.server";
import { testLogSink } from "../../test/runtime";
import { backoffMs, defineJob, TerminalJobError, type AnyJob, type JobContext, type JobErrorInfo } from "./define-job.server";
import { EFFECT_TABLES, allJobs as fixtureJobs } from "../../test/jobs/effect-jobs";
import { cronForMinutes } from "./pg-boss-queue.server";
import { createJobQueue, type JobHost, type JobQueue, type JobQueueOptions, type JobState } from "./queue.server";

const root = path.resolve(import.meta.dirname, "..", "..");
const HOUR = 60 * 60 * 1000;
const fast: JobQueueOptions = {
  sqlite: { pollMs: 20, leaseMs: 1000 },
  postgres: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
};

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// What the in-process jobs saw, keyed by the payload id (unique per test and engine).
const runs = new Map<string, JobContext<unknown>[]>();
const startedAt = new Map<string, number[]>();
const deaths = new Map<string, JobErrorInfo[]>();
const gates = new Map<string, () => void>();
const record = (id: string, ctx: JobContext<unknown>) => {
  runs.set(id, [...(runs.get(id) ?? []), ctx]);
  startedAt.set(id, [...(startedAt.get(id) ?? []), Date.now()]);
};
const onDead = async <P extends { id: string }>(p: P, error: JobErrorInfo) => void deaths.set(p.id, [...(deaths.get(p.id) ?? []), error]);

const jobs: AnyJob<unknown>[] = [
  defineJob({
    name: "echo",
    schema: z.object({ id: z.string(), shop: z.string().optional() }),
    async handler(p, ctx) {
      record(p.id, ctx);
    },
  }),
  defineJob({
    name: "flaky",
    schema: z.object({ id: z.string(), failures: z.number().int() }),
    retry: { maxAttempts: 5, backoffSeconds: 0.01 },
    async handler(p, ctx) {
      record(p.id, ctx);
      if (ctx.attempt <= p.failures) throw new UnavailableError("iF answered 503", { service: "ifreturns", status: 503 });
    },
  }),
  defineJob({
    name: "refused",
    schema: z.object({ id: z.string(), how: z.enum(["auth", "terminal"]) }),
    retry: { maxAttempts: 5, backoffSeconds: 0.01 },
    async handler(p, ctx) {
      record(p.id, ctx);
      if (p.how === "auth") throw new AuthenticationError("REVER rejected the API key", { service: "rever", status: 401 });
      throw new TerminalJobError("return has no order");
    },
    onDead,
  }),
  defineJob({
    name: "always-down",
    schema: z.object({ id: z.string() }),
    retry: { maxAttempts: 3, backoffSeconds: 0.01 },
    async handler(p, ctx) {
      record(p.id, ctx);
      throw new UnavailableError("connect ECONNREFUSED", { service: "ifreturns" });
    },
    onDead,
  }),
  defineJob({
    name: "gated",
    schema: z.object({ id: z.string(), group: z.string(), shop: z.string() }),
    singletonKey: (p) => p.group,
    async handler(p, ctx) {
      record(p.id, ctx);
      await new Promise<void>((resolve) => gates.set(p.id, resolve));
    },
  }),
];

describe("backoff and cron helpers", () => {
  it("doubles the retry delay per attempt with up to 100% jitter, capped", () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(1000);
    expect(backoffMs(2, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(backoffMs(3, 1000, 60_000, () => 0.999)).toBeLessThan(8000);
    expect(backoffMs(20, 1000, 60_000, () => 0.9)).toBe(60_000);
  });

  it("turns intervals into cron for pg-boss and refuses those cron cannot express", () => {
    expect(cronForMinutes(1)).toBe("* * * * *");
    expect(cronForMinutes(15)).toBe("*/15 * * * *");
    expect(cronForMinutes(120)).toBe("0 */2 * * *");
    expect(cronForMinutes(1440)).toBe("0 0 * * *");
    expect(() => cronForMinutes(7)).toThrow(/no cron equivalent/);
    expect(() => cronForMinutes(0.5)).toThrow(/whole number/);
  });

  it("refuses job names pg-boss or the dead-letter suffix would trip on", () => {
    const schema = z.object({});
    expect(() => defineJob({ name: "has space", schema, handler: async () => {} })).toThrow(/Invalid job name/);
    expect(() => defineJob({ name: "x__dead", schema, handler: async () => {} })).toThrow(/Invalid job name/);
  });
});

describe.each(testEngines())("job queue on %s", (kind) => {
  let t: TestDb;
  let queue: JobQueue;
  const children = new Set<ChildProcess>();
  const id = (name: string) => `${kind}-${name}`;
  const state = async (name: string, jobId: string | null) => (await queue.getJob(name, jobId as string))?.state;
  const settled = (name: string, jobId: string | null, want: JobState) =>
    waitFor(`${name} ${jobId} to be ${want}`, async () => {
      const s = await queue.getJob(name, jobId as string);
      return s?.state === want ? s : null;
    });

  const logLines: string[] = [];
  const scan = testLogSink();
  let host: JobHost;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const log = createLogger({ level: "debug", sink: (line) => (scan(line), logLines.push(line)) });
    host = { db: t.db, databaseUrl: t.url, log, rt: { db: t.db } };
    queue = await createJobQueue(host, jobs, fast);
    await queue.start();
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    for (const release of gates.values()) release();
    await queue?.stop();
    await t?.cleanup();
  });

  it("runs a job once with its validated payload", async () => {
    const jobId = await queue.send("echo", { id: id("once") });
    const status = await settled("echo", jobId, "DONE");
    expect(status.attempts).toBe(1);
    expect(runs.get(id("once"))?.map((c) => [c.attempt, c.id])).toEqual([[1, jobId]]);
  });

  it("refuses a payload that does not match the job's schema, and an unknown job", async () => {
    await expect(queue.send("echo", { id: 42 })).rejects.toBeInstanceOf(ZodError);
    await expect(queue.send("no-such-job", {})).rejects.toThrow(/Unknown job "no-such-job"/);
  });

  it.concurrent("retries a transient error after a backoff delay, then succeeds", async () => {
    const jobId = await queue.send("flaky", { id: id("flaky"), failures: 1 });
    const status = await settled("flaky", jobId, "DONE");
    expect(status.attempts).toBe(2);
    expect(runs.get(id("flaky"))?.map((c) => c.attempt)).toEqual([1, 2]);
    // The retry could not start before the first backoff step (10 ms here; pg-boss counts whole seconds).
    const [first, second] = startedAt.get(id("flaky")) ?? [];
    expect(second - first).toBeGreaterThanOrEqual(kind === "sqlite" ? 10 : 1000);
  });

  it.concurrent("stops at once on a terminal error (bad credentials, TerminalJobError) and records it", async () => {
    const auth = await queue.send("refused", { id: id("auth"), how: "auth" });
    const terminal = await queue.send("refused", { id: id("terminal"), how: "terminal" });
    const a = await settled("refused", auth, "DEAD");
    const b = await settled("refused", terminal, "DEAD");
    expect([a.attempts, b.attempts]).toEqual([1, 1]);
    expect(a.lastError).toBe("AuthenticationError: REVER rejected the API key");
    expect(b.lastError).toBe("TerminalJobError: return has no order");
    expect(runs.get(id("auth"))).toHaveLength(1);
    await waitFor("onDead", async () => deaths.get(id("terminal")));
    expect(deaths.get(id("auth"))).toEqual([{ name: "AuthenticationError", message: "REVER rejected the API key", terminal: true }]);
    expect(logLines.some((l) => l.includes('"msg":"job dead"') && l.includes(auth as string))).toBe(true);
  });

  it.concurrent("lands in the dead letter after maxAttempts transient failures", async () => {
    const jobId = await queue.send("always-down", { id: id("down") });
    const status = await settled("always-down", jobId, "DEAD");
    expect(status.attempts).toBe(3);
    expect(status.maxAttempts).toBe(3);
    expect(status.lastError).toMatch(/UnavailableError: connect ECONNREFUSED/);
    expect(runs.get(id("down"))?.map((c) => c.attempt)).toEqual([1, 2, 3]);
    await waitFor("onDead", async () => deaths.get(id("down")));
    expect(deaths.get(id("down"))?.[0]).toMatchObject({ terminal: false });
    if (kind === "postgresql") {
      // pg-boss copied it to the job's dead-letter queue.
      const rows = await t.db.$queryRawUnsafe<Array<{ n: bigint }>>(
        `SELECT COUNT(*) AS n FROM pgboss.job WHERE name = 'always-down__dead' AND data->'payload'->>'id' = $1`,
        id("down"),
      );
      expect(Number(rows[0].n)).toBe(1);
    }
  });

  it("deduplicates by singletonKey while a job waits, and accepts a new one once it has started", async () => {
    const shop = `${kind}-single.myshopify.com`;
    const later = new Date(Date.now() + HOUR);
    const first = await queue.send("echo", { id: id("s1"), shop }, { singletonKey: "k", startAfter: later });
    const dup = await queue.send("echo", { id: id("s2"), shop }, { singletonKey: "k", startAfter: later });
    const other = await queue.send("echo", { id: id("s3"), shop }, { singletonKey: "other", startAfter: later });
    expect(first).toBeTruthy();
    expect(dup).toBeNull();
    expect(other).toBeTruthy();

    // Key from the job definition: one is running (held), the next waits, a third is a duplicate of the waiting one.
    const running = await queue.send("gated", { id: id("g1"), group: "G", shop });
    await settled("gated", running, "RUNNING");
    const waiting = await queue.send("gated", { id: id("g2"), group: "G", shop }, { startAfter: later });
    const duplicate = await queue.send("gated", { id: id("g3"), group: "G", shop }, { startAfter: later });
    expect(waiting).toBeTruthy();
    expect(duplicate).toBeNull();
    gates.get(id("g1"))?.();
    await settled("gated", running, "DONE");
    expect(await queue.cancelShop(shop)).toBe(3);
  });

  it("cancels the waiting jobs of one shop only", async () => {
    const later = new Date(Date.now() + HOUR);
    const gone = `${kind}-gone.myshopify.com`;
    const a = await queue.send("echo", { id: id("c1"), shop: gone }, { startAfter: later });
    const b = await queue.send("echo", { id: id("c2") }, { shop: gone, startAfter: later });
    const kept = await queue.send("echo", { id: id("c3"), shop: `${kind}-kept.myshopify.com` }, { startAfter: later });
    expect(await queue.cancelShop(gone)).toBe(2);
    expect([await state("echo", a), await state("echo", b), await state("echo", kept)]).toEqual(["CANCELLED", "CANCELLED", "PENDING"]);
    expect((await queue.getJob("echo", b as string))?.shop).toBe(gone);
    expect(await queue.cancelShop(`${kind}-kept.myshopify.com`)).toBe(1);
  });

  it("sends many jobs of one name at once, each run once, and a repeated singleton key only once", async () => {
    const shop = `${kind}-many.myshopify.com`;
    await queue.sendMany("echo", [{ payload: { id: id("m1") }, shop }, { payload: { id: id("m2") }, shop }]);
    await waitFor("both ran", async () => runs.get(id("m1")) && runs.get(id("m2")));
    expect(runs.get(id("m1"))).toHaveLength(1);
    expect(runs.get(id("m2"))).toHaveLength(1);
    // The definition's key: a waiting "gated" job of group M swallows a second one sent in the same batch.
    const running = await queue.send("gated", { id: id("m-hold"), group: "M", shop });
    await settled("gated", running, "RUNNING");
    await queue.sendMany("gated", [{ payload: { id: id("m3"), group: "M", shop } }, { payload: { id: id("m4"), group: "M", shop } }]);
    gates.get(id("m-hold"))?.();
    const ran = await waitFor("one job of the batch ran", async () => (runs.get(id("m3")) ? "m3" : runs.get(id("m4")) ? "m4" : null));
    gates.get(id(ran))?.();
    // Either of the two may be the one kept; never both.
    expect([runs.get(id("m3"))?.length ?? 0, runs.get(id("m4"))?.length ?? 0].sort()).toEqual([0, 1]);
    expect(await queue.cancelShop(shop)).toBe(0);
  });

  it("enqueues inside a transaction: the job exists only if the transaction commits", async () => {
    let rolledBack: string | null = null;
    await expect(
      t.db.$transaction(async (tx) => {
        rolledBack = await queue.sendInTx(tx, "echo", { id: id("tx-rollback") });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(rolledBack).toBeTruthy();
    const committed = await t.db.$transaction((tx) => queue.sendInTx(tx, "echo", { id: id("tx-commit") }));
    await settled("echo", committed, "DONE");
    expect(await queue.getJob("echo", rolledBack as unknown as string)).toBeNull();
    expect(runs.get(id("tx-rollback"))).toBeUndefined();
  });

  it("schedules a recurring job", async () => {
    if (kind === "postgresql") {
      await queue.schedule("echo", { everyMinutes: 5 }, { id: id("cron") });
      const rows = await t.db.$queryRawUnsafe<Array<{ name: string; cron: string }>>("SELECT name, cron FROM pgboss.schedule");
      expect(rows).toEqual([{ name: "echo", cron: "*/5 * * * *" }]);
      return;
    }
    // Two processes sharing the file schedule the same job: each period still runs once.
    const other = await createJobQueue(host, jobs, fast);
    await queue.schedule("echo", { everyMinutes: 0.005 }, { id: id("every") });
    await other.schedule("echo", { everyMinutes: 0.005 }, { id: id("every") });
    await waitFor("three periods", async () => (runs.get(id("every"))?.length ?? 0) >= 3);
    await other.stop();
    const ids = runs.get(id("every"))?.map((c) => c.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Worker processes running the fixture's jobs (test/jobs/effect-jobs.ts) through test/jobs/effect-worker.ts.
  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/jobs/effect-worker.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    child.on("exit", () => children.delete(child));
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("job worker started")) resolve();
      });
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it started:\n${output}`)));
    });
    return child;
  }
  const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on("exit", () => resolve())));

  async function resetEffects(openGate: boolean) {
    for (const sql of EFFECT_TABLES) await t.db.$executeRawUnsafe(sql);
    for (const table of ["job_run", "job_effect", "job_gate"]) await t.db.$executeRawUnsafe(`DELETE FROM ${table}`);
    if (openGate) await t.db.$executeRawUnsafe("INSERT INTO job_gate (opened) VALUES (1)");
  }
  const runsByKey = async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ key: string; pid: number; attempt: number }>>("SELECT key, pid, attempt FROM job_run");
    const by = new Map<string, number>();
    for (const r of rows) by.set(r.key, (by.get(r.key) ?? 0) + 1);
    return { rows, by };
  };
  const effectCount = async () => Number((await t.db.$queryRawUnsafe<Array<{ n: number | bigint }>>("SELECT COUNT(*) AS n FROM job_effect"))[0].n);

  it("completes every job after its worker is killed mid-run and restarted, none twice in effect", { timeout: 90_000 }, async () => {
    await resetEffects(false);
    const sender = await createJobQueue(host, fixtureJobs, fast);
    const keys = Array.from({ length: 10 }, (_, i) => `restart-${i}`);
    const ids: Array<string | null> = [];
    for (const key of keys) ids.push(await sender.send("test-effect", { key }));

    const first = await startWorker();
    // Four handlers (the worker's concurrency) have written their effect and are held at the gate: kill -9.
    await waitFor("four runs in progress", async () => (await effectCount()) === 4);
    first.kill("SIGKILL");
    await exited(first);
    expect((await runsByKey()).rows).toHaveLength(4);

    await t.db.$executeRawUnsafe("INSERT INTO job_gate (opened) VALUES (1)");
    const second = await startWorker();
    const statuses = await waitFor("every job done", async () => {
      const all = await Promise.all(ids.map((jobId) => sender.getJob("test-effect", jobId as string)));
      return all.every((s) => s?.state === "DONE") ? all : null;
    });
    second.kill("SIGTERM");
    await exited(second);
    await sender.stop();

    expect(await effectCount()).toBe(keys.length);
    const { by } = await runsByKey();
    expect([...by.keys()].sort()).toEqual([...keys].sort());
    const rerun = [...by.entries()].filter(([, n]) => n > 1);
    // Exactly the four interrupted jobs ran again; their effect was written once (unique key).
    expect(rerun).toHaveLength(4);
    expect(rerun.every(([, n]) => n === 2)).toBe(true);
    expect(statuses.filter((s) => s?.attempts === 2)).toHaveLength(4);
  });

  it("shares one queue between two worker processes: each job is handled once", { timeout: 90_000 }, async () => {
    await resetEffects(true);
    const sender = await createJobQueue(host, fixtureJobs, fast);
    const workers = await Promise.all([startWorker(), startWorker()]);
    const keys = Array.from({ length: 24 }, (_, i) => `shared-${i}`);
    const ids: Array<string | null> = [];
    for (const key of keys) ids.push(await sender.send("test-effect", { key, holdMs: 100 }));
    await waitFor("every job done", async () => {
      const all = await Promise.all(ids.map((jobId) => sender.getJob("test-effect", jobId as string)));
      return all.every((s) => s?.state === "DONE");
    });
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map(exited));
    await sender.stop();

    const { rows, by } = await runsByKey();
    expect(rows).toHaveLength(keys.length);
    expect([...by.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.pid)).size).toBe(2);
  });
});
