import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../app/db.server";

// A real database per test file, migrated from the committed migrations (no `db push`, no mocks).

const root = path.resolve(import.meta.dirname, "..");

export function migrationSql(kind: "sqlite" | "postgresql"): string[] {
  const dir = kind === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgresql", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export interface TestDb {
  db: Db;
  url: string;
  kind: "sqlite" | "postgresql";
  cleanup(): Promise<void>;
}

export async function createSqliteTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "rb-test-"));
  const file = path.join(dir, "test.sqlite");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  for (const sql of migrationSql("sqlite")) raw.exec(sql);
  raw.close();
  const url = `file:${file}`;
  const db = await createDb(url);
  return {
    db,
    url,
    kind: "sqlite",
    async cleanup() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The engines a database suite runs on: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export function testEngines(): Array<"sqlite" | "postgresql"> {
  return process.env.TEST_POSTGRES_URL ? ["sqlite", "postgresql"] : ["sqlite"];
}

export async function createTestDb(kind: "sqlite" | "postgresql" = "sqlite"): Promise<TestDb> {
  if (kind === "sqlite") return createSqliteTestDb();
  const { createPostgresTestDb } = await import("./db-postgres");
  return createPostgresTestDb();
}
