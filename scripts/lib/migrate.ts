import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dbKind, sqlitePath } from "../../prisma/db-url";

// `prisma migrate deploy` (never `migrate dev`: it needs a shadow database and lingers 60 s).

/** A SQLite file that already has every committed migration applied needs no `migrate deploy` (about a second). */
function sqliteUpToDate(root: string, file: string): boolean {
  if (!existsSync(file)) return false;
  const wanted = readdirSync(path.join(root, "prisma", "migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.prepare(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as Array<{ name: string }>;
    const applied = new Set(rows.map((r) => r.name));
    return wanted.every((n) => applied.has(n));
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

export function migrateDatabase(root: string, url: string): void {
  if (dbKind(url) === "sqlite") {
    const file = path.resolve(root, sqlitePath(url));
    mkdirSync(path.dirname(file), { recursive: true });
    if (sqliteUpToDate(root, file)) return;
  }
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`prisma migrate deploy failed:\n${res.stdout}\n${res.stderr}`);
}
