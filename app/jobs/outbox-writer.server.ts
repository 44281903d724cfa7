import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import { newRowId } from "./row-id.server";

// "Store this row and its job, or neither", on the hot path (webhook ingest; docs/benchmarks.md "Webhook
// ingest"). Rows are written by plain INSERTs: no interactive Prisma transaction, no ORM work per row. Rows that
// arrive in the same event-loop turn, or while a commit is in flight, share the next transaction, so under load
// one commit acknowledges many requests; alone, a row is written at once. Every caller resumes after the commit
// that holds its row.
// SQLite (the in-process runner): the job row goes into the same transaction, through prepared statements on a
// second better-sqlite3 connection to the same WAL file (synchronous=NORMAL like the app's). PostgreSQL (pg-boss
// keeps its own tables): one WITH ... INSERT statement for the rows, then the batch's jobs in one pg-boss insert
// after the commit, and a sweep re-sends the job of any row left waiting (the owner of the table knows which).

/** The table written beside the jobs: its columns in insert order, the unique key that makes a repeat a no-op. */
export interface OutboxTable<Row extends { id: string; shop: string }> {
  table: string;
  columns: ReadonlyArray<{ name: keyof Row & string; pgType: "text" | "timestamp(3)" }>;
  conflict: ReadonlyArray<keyof Row & string>;
  /** The job each stored row gets, keyed (singleton) by the row's id. */
  job: { name: string; payload(row: Row): Record<string, unknown> };
  /** The column whose time stamps the job (its runAt and creation). */
  timeColumn: keyof Row & string;
  /** Bytes a row adds to a batch (batches stay under 4 MiB). */
  sizeOf(row: Row): number;
}

export interface OutboxWriter<Row> {
  /** Resolves true once the row is committed (with its job when `enqueue`), false when its key was already stored. */
  write(row: Row, options: { enqueue: boolean }): Promise<boolean>;
  /** Closes its own connections (the lean writer's pool or file handle and the checkpointer thread). */
  close(): Promise<void>;
}

interface PendingWrite<Row> {
  row: Row;
  /** Whether the row gets its job. */
  enqueue: boolean;
  /** The job row's id when the job is written in the same transaction (SQLite runner), else null. */
  jobId: string | null;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

const MAX_BATCH_ROWS = 64;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const POSTGRES_COMMITS_IN_FLIGHT = 4;
export const OUTBOX_APPLICATION_NAME = "returns-bridge-webhook-ingest";

const JOB_COLUMNS = `"id", "name", "shop", "payload", "singletonKey", "runAt", "createdAt", "updatedAt", "maxAttempts"`;
/** Names the server instance and database a connection reaches. */
const POSTGRES_IDENTITY = `SELECT current_database()::text AS db, coalesce(host(inet_server_addr()), '') AS host, coalesce(inet_server_port()::text, '') AS port, pg_postmaster_start_time()::text AS started`;

/** Prisma's better-sqlite3 adapter stores DateTime as ISO 8601 with "+00:00"; rows written here must match. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

type Engine = "sqlite" | "postgresql";
type FastWrite<Row> = ((batch: PendingWrite<Row>[]) => Set<string> | Promise<Set<string>>) & { close(): Promise<void> };

export interface OutboxDeps {
  db: Db;
  databaseUrl: string;
  log: Logger;
  engine: Engine;
  /** The row's job's attempts (its definition's), written into the SQLite runner's job row. */
  jobMaxAttempts: number;
  /** PostgreSQL: sends the jobs of a committed batch in one go (a lost send is swept up by the table's owner). */
  sendManyAfterCommit(name: string, items: Array<{ payload: Record<string, unknown>; shop: string }>): Promise<unknown>;
}

export function createOutboxWriter<Row extends { id: string; shop: string }>(deps: OutboxDeps, spec: OutboxTable<Row>): OutboxWriter<Row> {
  const { db, log } = deps;
  const cols = spec.columns.map((c) => `"${c.name}"`).join(", ");
  const conflict = spec.conflict.map((c) => `"${c}"`).join(", ");
  const values = (r: Row) => spec.columns.map((c) => r[c.name] as unknown);
  const jobPayload = (r: Row) => JSON.stringify(spec.job.payload(r));
  const jobName = spec.job.name;
  const time = `"${spec.timeColumn}"`;
  const jobsInTransaction = deps.engine === "sqlite";

  // PostgreSQL: the whole batch as one JSON parameter in one statement, atomic on its own: one round trip, no
  // BEGIN/COMMIT, one parameter whatever the batch size.
  const pgRecord = spec.columns.map((c) => `"${c.name}" ${c.pgType}`).join(", ");
  const POSTGRES_INSERT = `WITH v AS (SELECT * FROM json_to_recordset($1::json) AS x(${pgRecord})),
ins AS (INSERT INTO "${spec.table}" (${cols}) SELECT ${cols} FROM v ON CONFLICT (${conflict}) DO NOTHING RETURNING "id")
SELECT "id" FROM ins`;
  const postgresBatch = (batch: PendingWrite<Row>[]) => JSON.stringify(batch.map(({ row }) => row));

  /** SQLite through Prisma, when the lean connection cannot take the lock: both INSERTs in one Prisma transaction. */
  async function insertOnSqliteWithPrisma(batch: PendingWrite<Row>[]): Promise<Array<{ id: string }>> {
    const rows = Prisma.join(batch.map((p) => Prisma.sql`(${Prisma.join(values(p.row))})`));
    const inserted = db.$queryRaw<Array<{ id: string }>>`INSERT INTO ${Prisma.raw(`"${spec.table}"`)} (${Prisma.raw(cols)}) VALUES ${rows} ON CONFLICT (${Prisma.raw(conflict)}) DO NOTHING RETURNING "id"`;
    const withJobs = batch.filter((p) => p.jobId !== null);
    if (withJobs.length === 0) return (await db.$transaction([inserted]))[0];
    // Jobs only for the rows just inserted (the join skips duplicates), stamped like their row.
    const jobRows = Prisma.join(withJobs.map((p) => Prisma.sql`(${p.jobId}, ${p.row.id}, ${jobPayload(p.row)})`));
    const jobs = db.$executeRaw`INSERT INTO "Job" (${Prisma.raw(JOB_COLUMNS)}) SELECT v.column1, ${Prisma.raw(`'${jobName}'`)}, d."shop", v.column3, ${Prisma.raw(`'${jobName}:'`)} || d."id", d.${Prisma.raw(time)}, d.${Prisma.raw(time)}, d.${Prisma.raw(time)}, ${deps.jobMaxAttempts} FROM (VALUES ${jobRows}) AS v JOIN ${Prisma.raw(`"${spec.table}"`)} d ON d."id" = v.column2`;
    return (await db.$transaction([inserted, jobs]))[0];
  }

  /** PostgreSQL: a small pg pool of our own when it reaches the very database `db` is on, else null (Prisma then). */
  async function openPostgresWriter(): Promise<FastWrite<Row> | null> {
    const url = deps.databaseUrl;
    if (!/^postgres(ql)?:\/\//i.test(url)) return null;
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: url, max: POSTGRES_COMMITS_IN_FLIGHT, application_name: OUTBOX_APPLICATION_NAME, allowExitOnIdle: true });
    pool.on("error", (err) => log.warn("outbox.pool_error", { err }));
    try {
      const [viaPrisma] = await db.$queryRawUnsafe<unknown[]>(POSTGRES_IDENTITY);
      const viaPool = (await pool.query(POSTGRES_IDENTITY)).rows[0];
      if (JSON.stringify(viaPrisma) === JSON.stringify(viaPool)) {
        const write = async (batch: PendingWrite<Row>[]) => new Set((await pool.query<{ id: string }>(POSTGRES_INSERT, [postgresBatch(batch)])).rows.map((r) => r.id));
        return Object.assign(write, { close: () => pool.end().catch(() => {}) });
      }
    } catch (err) {
      log.warn("outbox.pool_unavailable", { err });
    }
    await pool.end().catch(() => {});
    return null;
  }

  /** SQLite in WAL mode: a connection that never waits for a lock (busy timeout 0, BEGIN IMMEDIATE); SQLITE_BUSY sends the batch through Prisma. */
  async function openSqliteWriter(): Promise<FastWrite<Row> | null> {
    const dbs = await db.$queryRawUnsafe<Array<{ name: string; file: string }>>("PRAGMA database_list");
    const file = dbs.find((d) => d.name === "main")?.file;
    if (!file) return null;
    const { default: Database } = await import("better-sqlite3");
    const conn = new Database(file, { timeout: 0 });
    if (String(conn.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") {
      conn.close();
      return null;
    }
    conn.pragma("synchronous = NORMAL");
    conn.pragma("foreign_keys = ON");
    const checkpointer = startCheckpointer(file, conn, log);
    const insertRow = conn.prepare(`INSERT INTO "${spec.table}" (${cols}) VALUES (${spec.columns.map(() => "?").join(", ")}) ON CONFLICT (${conflict}) DO NOTHING`);
    const insertJob = conn.prepare(`INSERT INTO "Job" (${JOB_COLUMNS}) VALUES (?, '${jobName}', ?, ?, ?, ?, ?, ?, ${Number(deps.jobMaxAttempts)})`);
    const write = conn.transaction((batch: PendingWrite<Row>[]) => {
      const stored = new Set<string>();
      for (const { row: r, jobId } of batch) {
        if (insertRow.run(...values(r).map((v) => (v instanceof Date ? sqliteTime(v) : v))).changes !== 1) continue;
        stored.add(r.id);
        if (jobId) {
          const at = sqliteTime(r[spec.timeColumn] as Date);
          insertJob.run(jobId, r.shop, jobPayload(r), `${jobName}:${r.id}`, at, at, at);
        }
      }
      return stored;
    });
    return Object.assign((batch: PendingWrite<Row>[]) => write.immediate(batch), {
      async close() {
        await checkpointer?.terminate();
        conn.close();
      },
    });
  }

  let fast: Promise<FastWrite<Row> | null> | undefined;
  async function insert(batch: PendingWrite<Row>[]): Promise<Set<string>> {
    const stored = await insertRows(batch);
    if (!jobsInTransaction) {
      const items = batch.filter((p) => p.enqueue && stored.has(p.row.id)).map((p) => ({ payload: spec.job.payload(p.row), shop: p.row.shop }));
      // Each row is acknowledged after its job is sent; if this fails the table's owner re-sends what waits.
      if (items.length) await deps.sendManyAfterCommit(jobName, items).catch((err) => log.warn("outbox.enqueue_failed", { table: spec.table, rows: items.length, err }));
    }
    return stored;
  }

  async function insertRows(batch: PendingWrite<Row>[]): Promise<Set<string>> {
    fast ??= (deps.engine === "sqlite" ? openSqliteWriter() : openPostgresWriter()).catch((err) => {
      log.warn("outbox.lean_writer_unavailable", { err });
      return null;
    });
    const lean = await fast;
    if (lean) {
      try {
        return await lean(batch);
      } catch (err) {
        if (!isSqliteBusy(err)) throw err;
      }
    }
    const inserted = deps.engine === "postgresql" ? await db.$queryRawUnsafe<Array<{ id: string }>>(POSTGRES_INSERT, postgresBatch(batch)) : await insertOnSqliteWithPrisma(batch);
    return new Set(inserted.map((r) => r.id));
  }

  const group = new GroupCommit<Row>(insert, deps.engine === "postgresql" ? POSTGRES_COMMITS_IN_FLIGHT : 1, spec.sizeOf);

  return {
    write: (row, { enqueue }) => group.write(row, enqueue, enqueue && jobsInTransaction ? newRowId() : null),
    async close() {
      const lean = await fast;
      fast = undefined;
      await lean?.close();
    },
  };
}

/** Batches writes: one transaction in flight on SQLite (one writer), several on PostgreSQL (its group commit). */
class GroupCommit<Row extends { id: string }> {
  private queue: PendingWrite<Row>[] = [];
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly insert: (batch: PendingWrite<Row>[]) => Promise<Set<string>>,
    private readonly concurrency: number,
    private readonly sizeOf: (row: Row) => number,
  ) {}

  write(row: Row, enqueue: boolean, jobId: string | null): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, enqueue, jobId, resolve, reject });
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

  private take(): PendingWrite<Row>[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_BATCH_ROWS && (n === 0 || bytes + this.sizeOf(this.queue[n].row) <= MAX_BATCH_BYTES)) {
      bytes += this.sizeOf(this.queue[n].row);
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

function startCheckpointer(file: string, conn: { pragma(source: string): unknown }, log: Logger): Worker | null {
  try {
    const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve("better-sqlite3"), everyMs: 100 } });
    worker.unref();
    worker.on("error", (err) => {
      conn.pragma("wal_autocheckpoint = 1000");
      log.warn("outbox.checkpointer_failed", { err });
    });
    conn.pragma("wal_autocheckpoint = 4000");
    return worker;
  } catch (err) {
    log.warn("outbox.checkpointer_unavailable", { err });
    return null;
  }
}
