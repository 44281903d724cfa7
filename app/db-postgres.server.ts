import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";

// PostgreSQL client: generated from prisma/postgresql/schema.prisma (same models, other provider) into
// prisma/postgresql/client by `prisma generate --schema prisma/postgresql/schema.prisma` (postinstall).
//
// It is returned as the SQLite PrismaClient type on purpose: both are generated from the same models
// (scripts/sync-postgres-schema.ts and its test keep them identical), so the app has one `Db` type and
// its code stays within what both providers support (no `mode: "insensitive"`, no createMany skipDuplicates).

const CLIENT_DIR = path.join("prisma", "postgresql", "client");

/** Finds the generated client from the source tree, a Vite build (build/server) or the working directory. */
function clientEntry(): string {
  const starts = [import.meta.dirname, process.cwd()].filter((d): d is string => typeof d === "string");
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const entry = path.join(dir, CLIENT_DIR, "index.js");
      if (existsSync(entry)) return entry;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`The PostgreSQL Prisma client is not generated: run \`npx prisma generate --schema prisma/postgresql/schema.prisma\``);
}

type ClientModule = { PrismaClient: new (options: { adapter: unknown }) => unknown };

export async function createPostgresClient(url: string): Promise<PrismaClient> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  // A CommonJS module outside node_modules: load it with Node's require, not through Vite's transform.
  const { PrismaClient: PgPrismaClient } = createRequire(import.meta.url)(clientEntry()) as ClientModule;
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as PrismaClient;
  await client.$connect();
  return client;
}
