import { PrismaClient } from "@prisma/client";
import { dbKind, sqlitePath } from "../prisma/db-url";

// The runtime opens one Prisma client per process. SQLite: better-sqlite3 adapter in WAL mode so the web process and the
// job runner share the file. PostgreSQL: its own generated client (prisma/postgresql) with the pg adapter.

export type Db = PrismaClient;

export async function createDb(url: string): Promise<Db> {
  const kind = dbKind(url);
  if (kind === "postgresql") {
    const { createPostgresClient } = await import("./db-postgres.server");
    return createPostgresClient(url);
  }
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }) });
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return client;
}
