import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { log } from "../logger.server";
import { TOPICS, type Topic } from "./topics.server";
import { verifyShopifyHmac } from "./verify-hmac.server";

// The webhook request path: verify, store one delivery (+ its job), acknowledge. Nothing slow runs here:
// no session load, no Shopify or provider call. Processing happens in the `webhook.process` job.

export const PROCESS_WEBHOOK_JOB = "webhook.process";

export interface IncomingWebhook {
  topic: Topic;
  headers: { get(name: string): string | null };
  rawBody: Buffer;
}

export interface IngestResult {
  status: 200 | 400 | 401 | 413;
  body: string;
  deliveryId?: string;
  outcome: "stored" | "duplicate" | "rejected" | "unauthorized" | "malformed" | "too_large";
}

export interface IngestDeps {
  db: Db;
  secret: string;
  maxBytes: number;
  /** Where the queue lives in another store (pg-boss), jobs are sent after the commit and swept if lost. */
  enqueueAfterCommit?: (deliveryId: string, shop: string) => Promise<void>;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

// ---- The write: group commit of raw inserts (see docs/benchmarks.md, "Webhook ingest") ----------------------
// A delivery is one WebhookDelivery row (+ its Job row) written by plain INSERTs in one transaction: no interactive
// Prisma transaction, no ORM model work per request. Deliveries received in the same event-loop turn, or while a
// commit is in flight, share the next transaction, so under load one commit acknowledges many requests; alone, a
// delivery is written at once. Every acknowledgement follows the commit that holds its rows.
// SQLite: prepared statements on a second better-sqlite3 connection to the same WAL file (synchronous=NORMAL like
// the app's: durable against a process crash, not a power loss). PostgreSQL: one WITH ... INSERT statement via Prisma.

interface DeliveryRow {
  id: string;
  shop: string;
  eventId: string;
  webhookId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  resourceGid: string | null;
  payload: string;
  state: "RECEIVED" | "REJECTED";
  reason: string | null;
  receivedAt: Date;
}

interface PendingWrite {
  row: DeliveryRow;
  /** The job row's id when the job is written in the same transaction (SQLite runner), else null. */
  jobId: string | null;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

const MAX_BATCH_ROWS = 64;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const POSTGRES_COMMITS_IN_FLIGHT = 4;

// cuid-shaped ids ("c" + time + counter + process + random, 25 chars), like Prisma's @default(cuid()).
const PROCESS_TAG = (process.pid % 36 ** 4).toString(36).padStart(4, "0");
let idCounter = Math.floor(Math.random() * 36 ** 4);
let entropy = Buffer.alloc(0);
let entropyAt = 0;
function newRowId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  // randomBytes per id costs a syscall: draw 6 bytes at a time from a 3 KiB pool instead.
  if (entropyAt + 6 > entropy.length) [entropy, entropyAt] = [randomBytes(3072), 0];
  const random = entropy.readUIntBE(entropyAt, 6).toString(36).padStart(10, "0").slice(-8);
  entropyAt += 6;
  return `c${Date.now().toString(36).padStart(8, "0")}${idCounter.toString(36).padStart(4, "0")}${PROCESS_TAG}${random}`;
}

type InsertBatch = (batch: PendingWrite[]) => Promise<Set<string>>;
type Provider = "sqlite" | "postgresql";
type SqliteWrite = (batch: PendingWrite[]) => Set<string>;
/** The lean path on a raw driver connection to the same database; SQLITE_BUSY from it sends the batch through Prisma. */
type FastWrite = (batch: PendingWrite[]) => Set<string> | Promise<Set<string>>;

const DELIVERY_COLUMNS = `"id", "shop", "eventId", "webhookId", "topic", "apiVersion", "triggeredAt", "resourceGid", "payload", "state", "reason", "receivedAt"`;
const JOB_COLUMNS = `"id", "name", "shop", "payload", "singletonKey", "runAt", "createdAt", "updatedAt"`;
const deliveryValues = (r: DeliveryRow) => [r.id, r.shop, r.eventId, r.webhookId, r.topic, r.apiVersion, r.triggeredAt, r.resourceGid, r.payload, r.state, r.reason, r.receivedAt];
const jobPayload = (deliveryId: string) => JSON.stringify({ deliveryId });

/** SQLite through Prisma, when the lean connection cannot take the lock: both INSERTs in one Prisma transaction. */
async function insertOnSqliteWithPrisma(db: Db, batch: PendingWrite[]): Promise<Array<{ id: string }>> {
  const rows = Prisma.join(batch.map((p) => Prisma.sql`(${Prisma.join(deliveryValues(p.row))})`));
  const deliveries = db.$queryRaw<Array<{ id: string }>>`INSERT INTO "WebhookDelivery" (${Prisma.raw(DELIVERY_COLUMNS)}) VALUES ${rows} ON CONFLICT ("shop", "eventId") DO NOTHING RETURNING "id"`;
  const withJobs = batch.filter((p) => p.jobId !== null);
  if (withJobs.length === 0) return (await db.$transaction([deliveries]))[0];
  // Jobs only for the deliveries just inserted (the join skips duplicates), stamped like their delivery.
  const jobRows = Prisma.join(withJobs.map((p) => Prisma.sql`(${p.jobId}, ${p.row.id}, ${jobPayload(p.row.id)})`));
  const jobs = db.$executeRaw`INSERT INTO "Job" (${Prisma.raw(JOB_COLUMNS)}) SELECT v.column1, ${Prisma.raw(`'${PROCESS_WEBHOOK_JOB}'`)}, d."shop", v.column3, ${Prisma.raw(`'${PROCESS_WEBHOOK_JOB}:'`)} || d."id", d."receivedAt", d."receivedAt", d."receivedAt" FROM (VALUES ${jobRows}) AS v JOIN "WebhookDelivery" d ON d."id" = v.column2`;
  return (await db.$transaction([deliveries, jobs]))[0];
}

/**
 * PostgreSQL: the whole batch as one JSON parameter in one statement, atomic on its own: one round trip, no
 * BEGIN/COMMIT, one parameter whatever the batch size. (Raw SQL with `$1`: the PostgreSQL Prisma client is
 * generated with its own runtime, which does not take @prisma/client's Prisma.sql objects.)
 */
const POSTGRES_INSERT = `WITH v AS (SELECT * FROM json_to_recordset($1::json) AS x("id" text, "shop" text, "eventId" text, "webhookId" text, "topic" text, "apiVersion" text, "triggeredAt" timestamp(3), "resourceGid" text, "payload" text, "state" text, "reason" text, "receivedAt" timestamp(3), "jobId" text, "jobPayload" text)),
ins AS (INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) SELECT ${DELIVERY_COLUMNS} FROM v ON CONFLICT ("shop", "eventId") DO NOTHING RETURNING "id"),
jobs AS (INSERT INTO "Job" (${JOB_COLUMNS}) SELECT v."jobId", '${PROCESS_WEBHOOK_JOB}', v."shop", v."jobPayload", '${PROCESS_WEBHOOK_JOB}:' || v."id", v."receivedAt", v."receivedAt", v."receivedAt" FROM v JOIN ins ON ins."id" = v."id" WHERE v."jobId" IS NOT NULL)
SELECT "id" FROM ins`;
const postgresBatch = (batch: PendingWrite[]) => JSON.stringify(batch.map(({ row, jobId }) => ({ ...row, jobId, jobPayload: jobPayload(row.id) })));

function insertOnPostgres(db: Db, batch: PendingWrite[]): Promise<Array<{ id: string }>> {
  return db.$queryRawUnsafe<Array<{ id: string }>>(POSTGRES_INSERT, postgresBatch(batch));
}

/** Names the server instance and database a connection reaches. */
const POSTGRES_IDENTITY = `SELECT current_database()::text AS db, coalesce(host(inet_server_addr()), '') AS host, coalesce(inet_server_port()::text, '') AS port, pg_postmaster_start_time()::text AS started`;
export const INGEST_APPLICATION_NAME = "returns-bridge-webhook-ingest";

/**
 * PostgreSQL: a small pg pool of our own when DATABASE_URL reaches the very database `db` is on (the app's
 * case), so the batch skips Prisma's per-query work; otherwise null and the batch goes through Prisma.
 */
async function openPostgresWriter(db: Db): Promise<FastWrite | null> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//i.test(url)) return null;
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_COMMITS_IN_FLIGHT, application_name: INGEST_APPLICATION_NAME, allowExitOnIdle: true });
  pool.on("error", (err) => log.warn("webhook.ingest_pool_error", { err }));
  try {
    const [viaPrisma] = await db.$queryRawUnsafe<unknown[]>(POSTGRES_IDENTITY);
    const viaPool = (await pool.query(POSTGRES_IDENTITY)).rows[0];
    if (JSON.stringify(viaPrisma) === JSON.stringify(viaPool)) {
      return async (batch) => new Set((await pool.query<{ id: string }>(POSTGRES_INSERT, [postgresBatch(batch)])).rows.map((r) => r.id));
    }
  } catch (err) {
    log.warn("webhook.ingest_pool_unavailable", { err });
  }
  await pool.end().catch(() => {});
  return null;
}

/** Prisma's better-sqlite3 adapter stores DateTime as ISO 8601 with "+00:00"; rows written here must match. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Which provider `db` talks to, and its lean writer if it can have one. On SQLite (a file in WAL mode) the writer
 * never waits for a lock (busy timeout 0, BEGIN IMMEDIATE): while another writer holds the file it throws
 * SQLITE_BUSY and the batch goes through Prisma instead, which waits as every other query of the app does.
 */
async function openWriter(db: Db): Promise<{ provider: Provider; fast: FastWrite | null }> {
  try {
    await db.$queryRawUnsafe("SELECT version()");
  } catch {
    // SQLite has no version().
    const dbs = await db.$queryRawUnsafe<Array<{ name: string; file: string }>>("PRAGMA database_list");
    const file = dbs.find((d) => d.name === "main")?.file;
    const fast = file
      ? await openSqliteWriter(file).catch((err) => {
          log.warn("webhook.sqlite_writer_unavailable", { err });
          return null;
        })
      : null;
    return { provider: "sqlite", fast };
  }
  return { provider: "postgresql", fast: await openPostgresWriter(db) };
}

async function openSqliteWriter(file: string): Promise<SqliteWrite | null> {
  const { default: Database } = await import("better-sqlite3");
  const conn = new Database(file, { timeout: 0 });
  if (String(conn.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") {
    conn.close();
    return null;
  }
  conn.pragma("synchronous = NORMAL");
  conn.pragma("foreign_keys = ON");
  startCheckpointer(file, conn);
  const insertDelivery = conn.prepare(`INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) VALUES (${DELIVERY_COLUMNS.split(",").map(() => "?").join(", ")}) ON CONFLICT ("shop", "eventId") DO NOTHING`);
  const insertJob = conn.prepare(`INSERT INTO "Job" (${JOB_COLUMNS}) VALUES (?, '${PROCESS_WEBHOOK_JOB}', ?, ?, ?, ?, ?, ?)`);
  const write = conn.transaction((batch: PendingWrite[]) => {
    const stored = new Set<string>();
    for (const { row: r, jobId } of batch) {
      const at = sqliteTime(r.receivedAt);
      if (insertDelivery.run(...deliveryValues(r).map((v) => (v instanceof Date ? sqliteTime(v) : v))).changes !== 1) continue;
      stored.add(r.id);
      if (jobId) insertJob.run(jobId, r.shop, jobPayload(r.id), `${PROCESS_WEBHOOK_JOB}:${r.id}`, at, at, at);
    }
    return stored;
  });
  return (batch) => write.immediate(batch);
}

// A WAL checkpoint copies pages into the database file and fsyncs it: 2-15 ms here. Run by SQLite's auto-checkpoint
// it lands inside whichever commit crosses 1000 WAL pages, blocking the event loop and every acknowledgement
// behind it. A worker thread checkpoints the file instead every 100 ms; our commits only auto-checkpoint past
// 4000 pages (a sustained burst, or a dead worker). Durability is unchanged: commits are in the WAL either way.
const CHECKPOINTER = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
}, workerData.everyMs);
`;

function startCheckpointer(file: string, conn: { pragma(source: string): unknown }): void {
  try {
    const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve("better-sqlite3"), everyMs: 100 } });
    worker.unref();
    worker.on("error", (err) => {
      conn.pragma("wal_autocheckpoint = 1000");
      log.warn("webhook.checkpointer_failed", { err });
    });
    conn.pragma("wal_autocheckpoint = 4000");
  } catch (err) {
    log.warn("webhook.checkpointer_unavailable", { err });
  }
}

class GroupCommitWriter {
  private queue: PendingWrite[] = [];
  private scheduled = false;
  private running = 0;
  /** Transactions in flight at once: SQLite has one writer; PostgreSQL commits several in parallel (its group commit). */
  private concurrency = 1;
  private writer?: Promise<{ provider: Provider; fast: FastWrite | null }>;

  constructor(private readonly db: Db) {}

  /** Resolves true once the row is committed, false when (shop, eventId) was already stored. */
  write(row: DeliveryRow, withJob: boolean): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, jobId: withJob ? newRowId() : null, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate runs after I/O polling: requests whose bytes have already arrived join this commit.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private readonly insert: InsertBatch = async (batch) => {
    this.writer ??= openWriter(this.db).then((w) => {
      if (w.provider === "postgresql") this.concurrency = POSTGRES_COMMITS_IN_FLIGHT;
      return w;
    });
    const { provider, fast } = await this.writer;
    if (fast) {
      try {
        return await fast(batch);
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
      }
    }
    const inserted = provider === "postgresql" ? await insertOnPostgres(this.db, batch) : await insertOnSqliteWithPrisma(this.db, batch);
    return new Set(inserted.map((r) => r.id));
  };

  private take(): PendingWrite[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_BATCH_ROWS && (n === 0 || bytes + this.queue[n].row.payload.length <= MAX_BATCH_BYTES)) {
      bytes += this.queue[n].row.payload.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        this.kick(); // Room for another transaction in flight: let it take what arrives meanwhile.
        try {
          const stored = await this.insert(batch);
          for (const p of batch) p.resolve(stored.has(p.row.id));
        } catch (err) {
          if (batch.length === 1) batch[0].reject(err);
          // One bad row must not fail the others that happened to share its transaction: retry each alone.
          else for (const p of batch) await this.insert([p]).then((stored) => p.resolve(stored.has(p.row.id)), p.reject);
        }
      }
    } finally {
      this.running--;
      this.kick();
    }
  }
}

const writers = new WeakMap<Db, GroupCommitWriter>();
function writerFor(db: Db): GroupCommitWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new GroupCommitWriter(db)));
  return w;
}

export async function ingestWebhook(deps: IngestDeps, hook: IncomingWebhook): Promise<IngestResult> {
  if (hook.rawBody.length > deps.maxBytes) return { status: 413, body: "Payload too large", outcome: "too_large" };
  if (!verifyShopifyHmac(hook.rawBody, hook.headers.get("x-shopify-hmac-sha256"), deps.secret)) {
    return { status: 401, body: "Invalid HMAC", outcome: "unauthorized" };
  }
  const shop = (hook.headers.get("x-shopify-shop-domain") ?? "").toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) return { status: 400, body: "X-Shopify-Shop-Domain must be a *.myshopify.com domain", outcome: "malformed" };
  const headerTopic = hook.headers.get("x-shopify-topic");
  if (headerTopic && headerTopic !== hook.topic) {
    return { status: 400, body: `X-Shopify-Topic "${headerTopic.slice(0, 64)}" does not match this endpoint (${hook.topic})`, outcome: "malformed" };
  }
  const eventId = hook.headers.get("x-shopify-event-id") ?? hook.headers.get("x-shopify-webhook-id");
  if (!eventId || eventId.length > 255) return { status: 400, body: "X-Shopify-Event-Id is required", outcome: "malformed" };

  const text = hook.rawBody.toString("utf8");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { status: 400, body: "Body is not valid JSON", outcome: "malformed" };
  }
  const triggeredRaw = hook.headers.get("x-shopify-triggered-at");
  const triggeredAt = triggeredRaw && !Number.isNaN(Date.parse(triggeredRaw)) ? new Date(triggeredRaw) : null;

  // Valid JSON without what we key on: acknowledged (a 4xx makes Shopify retry for hours), recorded, never processed.
  const parsed = TOPICS[hook.topic].schema.safeParse(payload);
  const reason = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  const resourceGid =
    parsed.success && payload && typeof payload === "object" && "admin_graphql_api_id" in payload
      ? String((payload as { admin_graphql_api_id: unknown }).admin_graphql_api_id)
      : null;

  const row: DeliveryRow = {
    id: newRowId(),
    shop,
    eventId,
    webhookId: hook.headers.get("x-shopify-webhook-id"),
    topic: hook.topic,
    apiVersion: hook.headers.get("x-shopify-api-version"),
    triggeredAt,
    resourceGid,
    payload: text,
    state: reason ? "REJECTED" : "RECEIVED",
    reason,
    receivedAt: new Date(),
  };
  // SQLite runner: the job row is written in the same transaction as the delivery.
  const stored = await writerFor(deps.db).write(row, !reason && !deps.enqueueAfterCommit);
  if (!stored) return { status: 200, body: "Duplicate delivery", outcome: "duplicate" };
  const deliveryId = row.id;
  if (reason) {
    log.warn("webhook.rejected", { shop, topic: hook.topic, eventId, reason });
    return { status: 200, body: "Accepted (not processable)", deliveryId, outcome: "rejected" };
  }
  if (deps.enqueueAfterCommit) {
    // If this fails the sweeper re-enqueues RECEIVED deliveries that have no job.
    await deps.enqueueAfterCommit(deliveryId, shop).catch((err) => log.warn("webhook.enqueue_failed", { deliveryId, err }));
  }
  return { status: 200, body: "OK", deliveryId, outcome: "stored" };
}

/** Read a body with a hard limit so an oversized request is refused without buffering it all. */
export async function readLimitedBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | "too_large"> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
