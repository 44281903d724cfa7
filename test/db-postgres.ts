import { randomUUID } from "node:crypto";
import pg from "pg";
import { createDb } from "../app/db.server";
import { createDatabase, dropDatabase, withDatabase } from "../prisma/pg-adapter-fix";
import { migrationSql, type TestDb } from "./db";

// A fresh, uniquely named database per call on the server at TEST_POSTGRES_URL, migrated from the
// committed PostgreSQL migrations with the pg driver (no `db push`), dropped WITH (FORCE) on cleanup.

export function testPostgresServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_POSTGRES_URL is not set (scripts/postgres-dev.sh start prints one)");
  return url;
}

/** An empty database (no tables) on the test server; for tests that migrate it themselves. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = testPostgresServerUrl();
  const name = `rb_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  await createDatabase(server, name);
  return { url: withDatabase(server, name), drop: () => dropDatabase(server, name) };
}

export async function applyPostgresMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Simple-query protocol: each migration file runs as one multi-statement script.
    for (const sql of migrationSql("postgresql")) await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createPostgresTestDb(): Promise<TestDb> {
  const database = await createEmptyPostgresDatabase();
  try {
    await applyPostgresMigrations(database.url);
    const db = await createDb(database.url);
    return {
      db,
      url: database.url,
      kind: "postgresql",
      async cleanup() {
        await db.$disconnect();
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
