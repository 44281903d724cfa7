import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import { createDb } from "../db.server";
import { OUTBOX_APPLICATION_NAME } from "../jobs/outbox-writer.server";
import type { Runtime } from "../runtime/runtime.server";
import { ingestWebhook, type IngestDeps } from "./ingest.server";
import { PROCESS_WEBHOOK as PROCESS_WEBHOOK_JOB, type Topic } from "./topics.server";

const secret = "ingest-test-secret";
const shop = "ingest-shop.myshopify.com";
let seq = 0;

function sign(body: string, key = secret) {
  return createHmac("sha256", key).update(body).digest("base64");
}

function hook(topic: Topic, payload: unknown, over: Record<string, string | null> = {}, raw?: string) {
  const body = raw ?? JSON.stringify(payload);
  const headers: Record<string, string | null> = {
    "x-shopify-hmac-sha256": sign(body),
    "x-shopify-shop-domain": shop,
    "x-shopify-topic": topic,
    "x-shopify-event-id": `evt-${++seq}`,
    "x-shopify-webhook-id": `wh-${seq}`,
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-api-version": "2026-07",
    ...over,
  };
  return { topic, rawBody: Buffer.from(body), headers: { get: (n: string) => headers[n.toLowerCase()] ?? null } };
}

/** The processing jobs queued for these deliveries: rows of the SQLite runner, or pg-boss jobs on PostgreSQL. */
async function processingJobs(t: TestDb, deliveryIds: string[]): Promise<Array<{ deliveryId: string; shop: string | null; payload: unknown }>> {
  if (t.kind === "sqlite") {
    const rows = await t.db.job.findMany({ where: { name: PROCESS_WEBHOOK_JOB, singletonKey: { in: deliveryIds.map((id) => `${PROCESS_WEBHOOK_JOB}:${id}`) } } });
    return rows.map((r) => ({ deliveryId: r.singletonKey!.slice(PROCESS_WEBHOOK_JOB.length + 1), shop: r.shop, payload: JSON.parse(r.payload) }));
  }
  const rows = await t.db.$queryRawUnsafe<Array<{ data: { shop: string | null; payload: { deliveryId: string } } }>>(
    `SELECT data FROM pgboss.job WHERE name = $1 AND data->'payload'->>'deliveryId' = ANY($2::text[])`,
    PROCESS_WEBHOOK_JOB,
    deliveryIds,
  );
  return rows.map((r) => ({ deliveryId: r.data.payload.deliveryId, shop: r.data.shop, payload: r.data.payload }));
}

async function ingestRig(kind: "sqlite" | "postgresql", env: Record<string, string> = {}): Promise<{ t: TestDb; rt: Runtime; deps: IngestDeps; close(): Promise<void> }> {
  const t = await createTestDb(kind);
  const rt = await createTestRuntime(t, { env });
  return { t, rt, deps: { jobs: rt.jobs, log: rt.log, secret, maxBytes: 64 * 1024 }, close: async () => (await rt.close(), await t.cleanup()) };
}

describe.each(testEngines())("webhook ingest on %s", (kind) => {
  let t: TestDb;
  let deps: IngestDeps;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, deps, close } = await ingestRig(kind));
  });
  afterAll(async () => close?.());

  const returnPayload = { id: 1, admin_graphql_api_id: "gid://shopify/Return/1", status: "requested", name: "#1001-R1" };

  it("stores a verified delivery with its processing job and acknowledges it", async () => {
    const res = await ingestWebhook(deps, hook("returns/request", returnPayload));
    expect(res).toMatchObject({ status: 200, outcome: "stored" });
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: res.deliveryId } });
    expect(d).toMatchObject({ shop, topic: "returns/request", resourceGid: "gid://shopify/Return/1", state: "RECEIVED" });
    expect(await processingJobs(t, [d.id])).toEqual([{ deliveryId: d.id, shop, payload: { deliveryId: d.id } }]);
  });

  it("acknowledges a duplicate event id without storing or enqueuing it again", async () => {
    const first = hook("returns/approve", returnPayload, { "x-shopify-event-id": "same-event" });
    const again = hook("returns/approve", returnPayload, { "x-shopify-event-id": "same-event" });
    expect((await ingestWebhook(deps, first)).outcome).toBe("stored");
    expect(await ingestWebhook(deps, again)).toMatchObject({ status: 200, outcome: "duplicate" });
    expect(await t.db.webhookDelivery.count({ where: { eventId: "same-event" } })).toBe(1);
  });

  it("stores one event id once per topic: an event that reaches two topics is processed by both", async () => {
    const headers = { "x-shopify-event-id": "shared-event" };
    expect((await ingestWebhook(deps, hook("returns/update", returnPayload, headers))).outcome).toBe("stored");
    expect((await ingestWebhook(deps, hook("returns/close", returnPayload, headers))).outcome).toBe("stored");
    expect((await ingestWebhook(deps, hook("returns/close", returnPayload, headers))).outcome).toBe("duplicate");
    const rows = await t.db.webhookDelivery.findMany({ where: { eventId: "shared-event" }, orderBy: { topic: "asc" } });
    expect(rows.map((r) => r.topic)).toEqual(["returns/close", "returns/update"]);
    expect(await processingJobs(t, rows.map((r) => r.id))).toHaveLength(2);
  });

  it("refuses a forged signature with 401 and stores nothing", async () => {
    const before = await t.db.webhookDelivery.count();
    const res = await ingestWebhook(deps, hook("returns/request", returnPayload, { "x-shopify-hmac-sha256": sign("{}", "wrong") }));
    expect(res.status).toBe(401);
    expect(await ingestWebhook(deps, hook("returns/request", returnPayload, { "x-shopify-hmac-sha256": null }))).toMatchObject({ status: 401 });
    expect(await t.db.webhookDelivery.count()).toBe(before);
  });

  it("answers 400 with a reason for a body that is not JSON, and stores nothing", async () => {
    const before = await t.db.webhookDelivery.count();
    const res = await ingestWebhook(deps, hook("returns/request", null, {}, "{not json"));
    expect(res).toMatchObject({ status: 400, body: "Body is not valid JSON" });
    expect(await t.db.webhookDelivery.count()).toBe(before);
  });

  it("answers 413 for a body above the limit", async () => {
    const res = await ingestWebhook(deps, hook("returns/request", { ...returnPayload, pad: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
  });

  it("records valid JSON without an admin_graphql_api_id as rejected with its reason, acknowledged and never queued", async () => {
    const res = await ingestWebhook(deps, hook("returns/cancel", { id: 5, status: "canceled" }));
    expect(res).toMatchObject({ status: 200, outcome: "rejected" });
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: res.deliveryId } });
    expect(d.state).toBe("REJECTED");
    expect(d.reason).toMatch(/admin_graphql_api_id/);
    expect(await processingJobs(t, [d.id])).toEqual([]);
  });

  it("refuses a topic header that does not match the endpoint", async () => {
    const res = await ingestWebhook(deps, hook("returns/close", returnPayload, { "x-shopify-topic": "returns/request" }));
    expect(res.status).toBe(400);
  });
});

describe.each(testEngines())("webhook ingest write path on %s", (kind) => {
  let t: TestDb;
  let deps: IngestDeps;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, deps, close } = await ingestRig(kind));
  });
  afterAll(async () => close?.());

  const payload = (n: number) => ({ id: n, admin_graphql_api_id: `gid://shopify/Return/${n}`, status: "requested" });

  it("stores a burst of concurrent deliveries once each, with one job per stored delivery, and flags repeats in the burst as duplicates", async () => {
    const burst = Array.from({ length: 40 }, (_, i) => hook("returns/request", payload(1000 + (i % 30)), { "x-shopify-event-id": `burst-${i % 30}` }));
    const results = await Promise.all(burst.map((h) => ingestWebhook(deps, h)));
    expect(results.filter((r) => r.outcome === "stored")).toHaveLength(30);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(10);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await t.db.webhookDelivery.findMany({ where: { eventId: { startsWith: "burst-" } } });
    expect(stored).toHaveLength(30);
    const jobs = await processingJobs(t, stored.map((d) => d.id));
    expect(jobs).toHaveLength(30);
    for (const job of jobs) expect(job.payload).toEqual({ deliveryId: job.deliveryId });
    expect(new Set(results.filter((r) => r.outcome === "stored").map((r) => r.deliveryId))).toEqual(new Set(stored.map((d) => d.id)));
  });

  it("stores a repeat once when it arrives while the first copy's transaction is still in flight", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `wave-${i}`);
    const first = ids.map((id, i) => ingestWebhook(deps, hook("returns/request", payload(500 + i), { "x-shopify-event-id": id })));
    await new Promise((r) => setImmediate(r)); // the first wave's transaction has started
    const second = ids.map((id, i) => ingestWebhook(deps, hook("returns/request", payload(500 + i), { "x-shopify-event-id": id })));
    const outcomes = (await Promise.all([...first, ...second])).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "stored")).toHaveLength(20);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(20);
    expect(await t.db.webhookDelivery.count({ where: { eventId: { in: ids } } })).toBe(20);
    expect(await processingJobs(t, (await t.db.webhookDelivery.findMany({ where: { eventId: { in: ids } } })).map((d) => d.id))).toHaveLength(20);
  });

  it("writes rows that read back exactly like rows created through Prisma", async () => {
    const triggered = "2026-11-20T10:00:00.000Z";
    const res = await ingestWebhook(deps, hook("returns/approve", payload(77), { "x-shopify-event-id": "same-as-prisma", "x-shopify-triggered-at": triggered }));
    const lean = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: res.deliveryId } });
    const viaPrisma = await t.db.webhookDelivery.create({
      data: { shop, eventId: "created-by-prisma", webhookId: lean.webhookId, topic: lean.topic, apiVersion: lean.apiVersion, triggeredAt: new Date(triggered), resourceGid: lean.resourceGid, payload: lean.payload },
    });
    const { id: _a, eventId: _b, receivedAt: leanAt, ...leanRest } = lean;
    const { id: _c, eventId: _d, receivedAt: prismaAt, ...prismaRest } = viaPrisma;
    expect(leanRest).toEqual(prismaRest);
    expect(lean.id).toMatch(/^c[a-z0-9]{24}$/);
    expect(Math.abs(leanAt.getTime() - prismaAt.getTime())).toBeLessThan(60_000);
    expect(lean.triggeredAt?.toISOString()).toBe(triggered);

    if (kind === "sqlite") {
      // The runner's own rows: the lean job row reads back like one Prisma created.
      const leanJob = await t.db.job.findUniqueOrThrow({ where: { singletonKey: `webhook.process:${lean.id}` } });
      const prismaJob = await t.db.job.create({ data: { name: PROCESS_WEBHOOK_JOB, shop, payload: JSON.stringify({ deliveryId: lean.id }) } });
      const pick = (j: typeof leanJob) => ({ name: j.name, shop: j.shop, payload: j.payload, state: j.state, attempts: j.attempts, maxAttempts: j.maxAttempts, lockedAt: j.lockedAt, lockedBy: j.lockedBy, lastError: j.lastError });
      expect(pick(leanJob)).toEqual(pick(prismaJob));
      expect(leanJob.runAt.getTime()).toBe(lean.receivedAt.getTime());
      expect(leanJob.updatedAt.getTime()).toBe(lean.receivedAt.getTime());

      // Date columns are compared as text by SQLite: the lean rows must use Prisma's stored format exactly.
      const raw = await t.db.$queryRawUnsafe<Array<{ eventId: string; receivedAt: string; triggeredAt: string }>>(
        `SELECT "eventId", CAST("receivedAt" AS TEXT) AS "receivedAt", CAST("triggeredAt" AS TEXT) AS "triggeredAt" FROM "WebhookDelivery" WHERE "eventId" IN ('same-as-prisma', 'created-by-prisma') ORDER BY "eventId" DESC`,
      );
      const shape = (v: string) => v.replace(/\d/g, "9");
      expect(raw.map((r) => [shape(r.receivedAt), r.triggeredAt])).toEqual([
        [shape(raw[1].receivedAt), raw[1].triggeredAt],
        [shape(raw[1].receivedAt), raw[1].triggeredAt],
      ]);
    }
  });

  it("queues the processing job only once the delivery is committed (pg-boss: after the commit; SQLite: in it)", async () => {
    const res = await ingestWebhook(deps, hook("returns/close", payload(88)));
    expect(res.outcome).toBe("stored");
    expect(await processingJobs(t, [res.deliveryId!])).toEqual([{ deliveryId: res.deliveryId, shop, payload: { deliveryId: res.deliveryId } }]);
    // pg-boss keeps its own tables: the runner's table stays empty there.
    expect(await t.db.job.count({ where: { singletonKey: `webhook.process:${res.deliveryId}` } })).toBe(kind === "sqlite" ? 1 : 0);
  });

  it("acknowledges the other deliveries of a transaction when one of them cannot be written", async () => {
    if (kind === "sqlite") {
      await t.db.$executeRawUnsafe(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "WebhookDelivery" WHEN NEW."eventId" = 'poison' BEGIN SELECT RAISE(ABORT, 'poison row'); END`);
    } else {
      await t.db.$executeRawUnsafe(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW."eventId" = 'poison' THEN RAISE EXCEPTION 'poison row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await t.db.$executeRawUnsafe(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "WebhookDelivery" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    }
    const ids = ["healthy-1", "healthy-2", "poison", "healthy-3"];
    const results = await Promise.allSettled(ids.map((id, i) => ingestWebhook(deps, hook("returns/request", payload(200 + i), { "x-shopify-event-id": id }))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/poison row/);
    const stored = await t.db.webhookDelivery.findMany({ where: { eventId: { in: ids } }, select: { eventId: true } });
    expect(stored.map((d) => d.eventId).sort()).toEqual(["healthy-1", "healthy-2", "healthy-3"]);
  });
});

describe.runIf(testEngines().includes("postgresql"))("webhook ingest on PostgreSQL with DATABASE_URL", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb("postgresql");
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  const ingestConnections = async () =>
    Number((await t.db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = '${OUTBOX_APPLICATION_NAME}' AND datname = current_database()`))[0].n);

  it("writes through its own pool when DATABASE_URL reaches the same database, with the same rows", async () => {
    const db = await createDb(t.url);
    const rt = await createTestRuntime({ ...t, db }, { env: { DATABASE_URL: t.url } });
    try {
      const deps = { jobs: rt.jobs, log: rt.log, secret, maxBytes: 64 * 1024 };
      const burst = Array.from({ length: 12 }, (_, i) => hook("returns/request", { admin_graphql_api_id: `gid://shopify/Return/${600 + (i % 10)}` }, { "x-shopify-event-id": `pool-${i % 10}` }));
      const results = await Promise.all(burst.map((h) => ingestWebhook(deps, h)));
      expect(results.filter((r) => r.outcome === "stored")).toHaveLength(10);
      expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(2);
      expect(await ingestConnections()).toBeGreaterThan(0);
      const stored = await t.db.webhookDelivery.findMany({ where: { eventId: { startsWith: "pool-" } } });
      expect(stored).toHaveLength(10);
      expect((await processingJobs(t, stored.map((d) => d.id))).map((j) => j.deliveryId).sort()).toEqual(stored.map((d) => d.id).sort());
    } finally {
      await rt.close();
      await db.$disconnect();
    }
  });

  it("goes through Prisma when DATABASE_URL names another database than the client it is given", async () => {
    const other = new URL(t.url);
    other.pathname = "/postgres";
    const db = await createDb(t.url);
    // The queue lives where DATABASE_URL points; only the delivery's own write is looked at here.
    const rt = await createTestRuntime({ ...t, db }, { env: { DATABASE_URL: other.toString() } });
    try {
      const before = await ingestConnections();
      const res = await ingestWebhook({ jobs: rt.jobs, log: rt.log, secret, maxBytes: 64 * 1024 }, hook("returns/request", { admin_graphql_api_id: "gid://shopify/Return/700" }, { "x-shopify-event-id": "via-prisma" }));
      expect(res.outcome).toBe("stored");
      expect(await t.db.webhookDelivery.count({ where: { id: res.deliveryId } })).toBe(1);
      expect(await ingestConnections()).toBe(before);
    } finally {
      await rt.close();
      await db.$disconnect();
    }
  });
});

describe("webhook ingest on SQLite, checkpoints", () => {
  let t: TestDb;
  let deps: IngestDeps;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, deps, close } = await ingestRig("sqlite"));
  });
  afterAll(async () => close?.());

  it("copies committed deliveries from the WAL into the database file outside the request path", async () => {
    const file = t.url.replace(/^file:/, "");
    await ingestWebhook(deps, hook("returns/request", { admin_graphql_api_id: "gid://shopify/Return/400" }));
    const before = statSync(file).size;
    // About 1 MB of WAL: below the point where our own commits would checkpoint (4000 pages).
    for (let i = 0; i < 300; i++) {
      const res = await ingestWebhook(deps, hook("returns/request", { admin_graphql_api_id: `gid://shopify/Return/${401 + i}`, note: "x".repeat(1500) }));
      expect(res.outcome).toBe("stored");
    }
    // Only the background checkpointer writes pages into the main file now.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before);
  });
});

describe("webhook ingest on SQLite while another process holds the write lock", () => {
  let t: TestDb;
  let deps: IngestDeps;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, deps, close } = await ingestRig("sqlite"));
  });
  afterAll(async () => close?.());

  it("waits for the lock through Prisma and stores the delivery once it is free", async () => {
    // Warm the lean writer up so the test exercises its fallback, not its first open.
    expect((await ingestWebhook(deps, hook("returns/request", { admin_graphql_api_id: "gid://shopify/Return/300" }))).outcome).toBe("stored");
    const file = t.url.replace(/^file:/, "");
    const holder = spawn(
      process.execPath,
      ["-e", `const db = new (require("better-sqlite3"))(${JSON.stringify(file)}); db.exec("BEGIN IMMEDIATE"); process.stdout.write("locked\\n"); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); db.exec("COMMIT"); db.close();`],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise<number | null>((resolve) => holder.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (c: Buffer) => c.toString().includes("locked") && resolve());
      holder.once("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
    const res = await ingestWebhook(deps, hook("returns/request", { admin_graphql_api_id: "gid://shopify/Return/301" }, { "x-shopify-event-id": "while-locked" }));
    expect(await exited).toBe(0);
    expect(res).toMatchObject({ status: 200, outcome: "stored" });
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { eventId: "while-locked" } });
    expect(d).toMatchObject({ id: res.deliveryId, shop, state: "RECEIVED", resourceGid: "gid://shopify/Return/301" });
    const job = await t.db.job.findUniqueOrThrow({ where: { singletonKey: `webhook.process:${d.id}` } });
    expect(job).toMatchObject({ name: PROCESS_WEBHOOK_JOB, shop, state: "PENDING", payload: JSON.stringify({ deliveryId: d.id }) });
    expect(job.runAt.getTime()).toBe(d.receivedAt.getTime());
  });
});
