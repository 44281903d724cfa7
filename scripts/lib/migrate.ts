import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { dbKind, sqlitePath } from "../../prisma/db-url";

// `prisma migrate deploy` (never `migrate dev`: it needs a shadow database and lingers 60 s).
export function migrateDatabase(root: string, url: string): void {
  if (dbKind(url) === "sqlite") mkdirSync(path.dirname(path.resolve(root, sqlitePath(url))), { recursive: true });
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`prisma migrate deploy failed:\n${res.stdout}\n${res.stderr}`);
}
