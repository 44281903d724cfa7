import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDatabase, dropDatabase, withDatabase } from "../../prisma/pg-adapter-fix";
import { migrationSql } from "../../test/db";
import { applyPostgresMigrations } from "../../test/db-postgres";

// A fresh database per server under test, migrated from the committed migrations, removed afterwards.

export type Engine = "sqlite" | "postgresql";

export interface BenchDb {
  engine: Engine;
  url: string;
  /** Row counts, read after the server under test has stopped. */
  count(table: "WebhookDelivery" | "Job"): Promise<number>;
  drop(): Promise<void>;
}

export function postgresServerUrl(): string | undefined {
  return process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined;
}

export async function freshDb(engine: Engine): Promise<BenchDb> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "rb-bench-"));
    const file = path.join(dir, "bench.sqlite");
    const raw = new Database(file);
    raw.pragma("journal_mode = WAL");
    for (const sql of migrationSql("sqlite")) raw.exec(sql);
    raw.close();
    return {
      engine,
      url: `file:${file}`,
      async count(table) {
        const db = new Database(file, { readonly: true });
        try {
          return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        } finally {
          db.close();
        }
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = postgresServerUrl();
  if (!server) throw new Error("No PostgreSQL server: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL");
  const name = `rb_bench_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await createDatabase(server, name);
  const url = withDatabase(server, name);
  try {
    await applyPostgresMigrations(url);
  } catch (err) {
    await dropDatabase(server, name);
    throw err;
  }
  return {
    engine,
    url,
    async count(table) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
      } finally {
        await client.end();
      }
    },
    drop: () => dropDatabase(server, name),
  };
}

/** The settings that decide whether a PostgreSQL commit is durable, and the server version. */
export async function postgresSettings(): Promise<{ version: string; fsync: string; synchronousCommit: string } | null> {
  const server = postgresServerUrl();
  if (!server) return null;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    const q = async (sql: string) => String(Object.values((await client.query(sql)).rows[0])[0]);
    return { version: await q("SHOW server_version"), fsync: await q("SHOW fsync"), synchronousCommit: await q("SHOW synchronous_commit") };
  } finally {
    await client.end();
  }
}

export function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}
