import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate";

// A new SQLite file is migrated without Prisma's CLI; Prisma's CLI must then find every migration applied.

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "rb-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migrating a new SQLite file", () => {
  it("applies every committed migration and records them so that `prisma migrate status` finds the file up to date", () => {
    const file = path.join(dir, "new.sqlite");
    migrateDatabase(root, `file:${file}`);
    const db = new Database(file, { readonly: true });
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
    db.close();
    expect(tables).toEqual(expect.arrayContaining(["ReturnLink", "AnalyticsDay", "_prisma_migrations"]));
    const status = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "status"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8",
    });
    expect(status.stdout + status.stderr).toContain("Database schema is up to date");
    expect(status.status).toBe(0);
  });
});
