import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Keeps the PostgreSQL variant of the Prisma schema and its migrations in step with the SQLite ones
// (docs/decisions/0003-jobs-and-databases.md). prisma/schema.prisma is the source of truth.
//
//   npx tsx scripts/sync-postgres-schema.ts            write prisma/postgresql/schema.prisma and any missing migration
//   npx tsx scripts/sync-postgres-schema.ts --check    exit 1 when they drift (also enforced by a vitest test)
//
// Writing a migration needs a PostgreSQL server (the later ones are diffed against the committed migrations in
// a shadow database): pass --postgres-url or set TEST_POSTGRES_URL (scripts/postgres-dev.sh start prints one).

export const root = path.resolve(import.meta.dirname, "..");
export const sqliteSchemaPath = path.join(root, "prisma", "schema.prisma");
export const sqliteMigrationsDir = path.join(root, "prisma", "migrations");
export const pgDir = path.join(root, "prisma", "postgresql");
export const pgSchemaPath = path.join(pgDir, "schema.prisma");
export const pgMigrationsDir = path.join(pgDir, "migrations");

/** A literal URL keeps Prisma on the offline engine; the real one comes from DATABASE_URL via prisma.config.ts. */
export const PG_PLACEHOLDER_URL = "postgresql://postgres@127.0.0.1:5432/returns_bridge";

const HEADER = [
  "// GENERATED from prisma/schema.prisma by scripts/sync-postgres-schema.ts: do not edit by hand.",
  "// Change prisma/schema.prisma, add its SQLite migration, then run `npx tsx scripts/sync-postgres-schema.ts`.",
  "",
].join("\n");

function replaceBlock(schema: string, kind: "generator" | "datasource", name: string, render: (body: string) => string): string {
  const re = new RegExp(`^${kind}\\s+${name}\\s*\\{([\\s\\S]*?)^\\}`, "m");
  const match = re.exec(schema);
  if (!match) throw new Error(`prisma/schema.prisma has no \`${kind} ${name} { ... }\` block`);
  return schema.slice(0, match.index) + render(match[1]) + schema.slice(match.index + match[0].length);
}

/** The PostgreSQL schema for a SQLite schema: same models, other provider, its own client output. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let out = replaceBlock(sqliteSchema, "generator", "client", (body) => {
    if (/^\s*output\s*=/m.test(body)) throw new Error("the SQLite generator must not set `output` (the PostgreSQL one does)");
    const lines = body.replace(/\s+$/, "").split("\n");
    lines.push(`  output = "./client"`);
    return `generator client {${align(lines).join("\n")}\n}`;
  });
  out = replaceBlock(out, "datasource", "db", (body) => {
    if (!/^\s*provider\s*=\s*"sqlite"/m.test(body)) throw new Error('the SQLite datasource must say provider = "sqlite"');
    const next = body
      .replace(/^(\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"')
      .replace(/^(\s*url\s*=\s*)"[^"]*"/m, `$1"${PG_PLACEHOLDER_URL}"`);
    return `datasource db {${align(next.replace(/\s+$/, "").split("\n")).join("\n")}\n}`;
  });
  if (/@db\.|"sqlite"/.test(out.replace(/^\s*\/\/.*$/gm, ""))) {
    throw new Error("prisma/schema.prisma uses a SQLite-only construct: keep it portable (no @db.* native types)");
  }
  return HEADER + out.replace(/^\/\/ SQLite \(embedded default\)[^\n]*\n(\/\/[^\n]*\n)*/, "");
}

/** Aligns `key = value` lines the way `prisma format` does, so formatting the file changes nothing. */
function align(lines: string[]): string[] {
  const keyed = lines.map((l) => /^(\s*)(\w+)(\s*)=\s*(.*)$/.exec(l));
  const width = Math.max(0, ...keyed.map((m) => (m ? m[2].length : 0)));
  return lines.map((l, i) => {
    const m = keyed[i];
    return m ? `${m[1]}${m[2].padEnd(width)} = ${m[4]}` : l;
  });
}

export function migrationNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export interface Drift {
  schemaDiffers: boolean;
  missingInPostgres: string[];
  extraInPostgres: string[];
  lockFileWrong: boolean;
}

export function findDrift(): Drift {
  const expected = postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8"));
  const actual = existsSync(pgSchemaPath) ? readFileSync(pgSchemaPath, "utf8") : "";
  const sqlite = migrationNames(sqliteMigrationsDir);
  const pg = migrationNames(pgMigrationsDir);
  const lock = path.join(pgMigrationsDir, "migration_lock.toml");
  return {
    schemaDiffers: expected !== actual,
    missingInPostgres: sqlite.filter((n) => !pg.includes(n)),
    extraInPostgres: pg.filter((n) => !sqlite.includes(n)),
    lockFileWrong: !existsSync(lock) || !/^provider\s*=\s*"postgresql"\s*$/m.test(readFileSync(lock, "utf8")),
  };
}

export function describeDrift(d: Drift): string[] {
  const out: string[] = [];
  if (d.schemaDiffers) out.push("prisma/postgresql/schema.prisma is not what prisma/schema.prisma generates");
  if (d.missingInPostgres.length) out.push(`PostgreSQL migrations missing: ${d.missingInPostgres.join(", ")}`);
  if (d.extraInPostgres.length) out.push(`PostgreSQL migrations with no SQLite counterpart: ${d.extraInPostgres.join(", ")}`);
  if (d.lockFileWrong) out.push('prisma/postgresql/migrations/migration_lock.toml must say provider = "postgresql"');
  return out;
}

/** Runs the Prisma CLI of this repository (offline config in prisma.config.ts) and returns stdout. */
export function prisma(args: string[], databaseUrl: string): string {
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (res.status !== 0 && !(args.includes("--exit-code") && res.status === 2)) {
    throw new Error(`prisma ${args.join(" ")} failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  }
  return res.stdout;
}

/** SQL that creates the PostgreSQL schema from nothing (the PostgreSQL connector needs a reachable server). */
export function postgresSqlFromEmpty(serverUrl: string): string {
  return prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", pgSchemaPath, "--script"], serverUrl);
}

/** SQL that brings the committed PostgreSQL migrations to the current schema (needs a server for the shadow DB). */
export function postgresSqlFromMigrations(serverUrl: string): string {
  return prisma(["migrate", "diff", "--from-migrations", pgMigrationsDir, "--to-schema-datamodel", pgSchemaPath, "--script"], serverUrl);
}

function sync(serverUrl: string | undefined): void {
  const drift = findDrift();
  if (drift.extraInPostgres.length) {
    throw new Error(`PostgreSQL migrations with no SQLite counterpart (remove or rename them): ${drift.extraInPostgres.join(", ")}`);
  }
  mkdirSync(pgMigrationsDir, { recursive: true });
  writeFileSync(pgSchemaPath, postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8")));
  writeFileSync(path.join(pgMigrationsDir, "migration_lock.toml"), readFileSync(path.join(sqliteMigrationsDir, "migration_lock.toml"), "utf8").replace(/"sqlite"/, '"postgresql"'));
  const missing = drift.missingInPostgres;
  if (!missing.length) {
    console.log("prisma/postgresql is in sync with prisma/schema.prisma.");
    return;
  }
  const sqlite = migrationNames(sqliteMigrationsDir);
  const firstMissing = sqlite.indexOf(missing[0]);
  if (missing.some((n, i) => sqlite.indexOf(n) !== firstMissing + i) || firstMissing + missing.length !== sqlite.length) {
    throw new Error(`only the newest SQLite migrations can be missing in PostgreSQL; missing: ${missing.join(", ")}`);
  }
  if (!serverUrl) throw new Error("a PostgreSQL server is needed: pass --postgres-url or set TEST_POSTGRES_URL (scripts/postgres-dev.sh start prints one)");
  const sql = migrationNames(pgMigrationsDir).length === 0 ? postgresSqlFromEmpty(serverUrl) : postgresSqlFromMigrations(serverUrl);
  const last = missing[missing.length - 1];
  for (const name of missing) {
    mkdirSync(path.join(pgMigrationsDir, name), { recursive: true });
    const body = name === last ? sql : `-- Folded into ${last}: the PostgreSQL schema was synced after several SQLite migrations.\nSELECT 1;\n`;
    writeFileSync(path.join(pgMigrationsDir, name, "migration.sql"), body);
    console.log(`wrote prisma/postgresql/migrations/${name}/migration.sql`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const urlFlag = args.indexOf("--postgres-url");
  const serverUrl = urlFlag >= 0 ? args[urlFlag + 1] : process.env.TEST_POSTGRES_URL;
  try {
    if (args.includes("--check")) {
      const problems = describeDrift(findDrift());
      if (problems.length) {
        console.error(`PostgreSQL schema drift:\n${problems.map((p) => `  - ${p}`).join("\n")}\nRun: npx tsx scripts/sync-postgres-schema.ts`);
        process.exit(1);
      }
      console.log("prisma/postgresql is in sync with prisma/schema.prisma.");
    } else {
      sync(serverUrl);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
