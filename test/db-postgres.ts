import type { TestDb } from "./db";

// Filled in by the PostgreSQL work (issue 5): a fresh database per test file on TEST_POSTGRES_URL.
export async function createPostgresTestDb(): Promise<TestDb> {
  throw new Error("PostgreSQL test databases are not available yet");
}
