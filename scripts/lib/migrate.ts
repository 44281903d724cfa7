import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
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

// What `prisma migrate deploy` records for each migration it applies (its own table, as Prisma 6 creates it).
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * A new SQLite file gets the committed migrations applied in this process, recorded the way `migrate deploy`
 * records them (checksum: SHA-256 of the file), so Prisma finds them applied later; it takes milliseconds where
 * spawning Prisma's CLI takes about two seconds of the demo's start.
 */
export function createSqliteDatabase(root: string, file: string): void {
  const dir = path.join(root, "prisma", "migrations");
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(MIGRATIONS_TABLE);
    const record = db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`);
    const time = () => new Date().toISOString().replace("Z", "+00:00");
    for (const name of names) {
      const sql = readFileSync(path.join(dir, name, "migration.sql"));
      const started = time();
      db.transaction(() => {
        db.exec(sql.toString("utf8"));
        record.run(randomUUID(), createHash("sha256").update(sql).digest("hex"), time(), name, started);
      })();
    }
  } finally {
    db.close();
  }
}

export function migrateDatabase(root: string, url: string): void {
  if (dbKind(url) === "sqlite") {
    const file = path.resolve(root, sqlitePath(url));
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file)) return createSqliteDatabase(root, file);
    if (sqliteUpToDate(root, file)) return;
  }
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`prisma migrate deploy failed:\n${res.stdout}\n${res.stderr}`);
}
