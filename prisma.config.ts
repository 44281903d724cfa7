import path from "node:path";
import { defineConfig } from "prisma/config";
import { dbKind, sqlitePath } from "./prisma/db-url";

// Offline Prisma recipe (docs/decisions/0002-prisma-offline.md): JS engine + driver adapters, no downloads.
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const kind = dbKind(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: kind === "postgresql" ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: {
    path: kind === "postgresql" ? path.join("prisma", "postgresql", "migrations") : path.join("prisma", "migrations"),
  },
  async adapter() {
    if (kind === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const { patchPgAdapter } = await import("./prisma/pg-adapter-fix");
      return patchPgAdapter(new PrismaPg({ connectionString: url }), url);
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: sqlitePath(url) });
  },
});
