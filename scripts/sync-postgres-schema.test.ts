import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationSql } from "../test/db";
import {
  describeDrift,
  findDrift,
  pgMigrationsDir,
  pgSchemaPath,
  postgresSchemaFrom,
  prisma,
  sqliteSchemaPath,
} from "./sync-postgres-schema";

const tmp = mkdtempSync(path.join(tmpdir(), "rb-schema-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sqliteSchema = readFileSync(sqliteSchemaPath, "utf8");
const withExtraColumn = (schema: string) => schema.replace(/(model Job \{\n)/, "$1  driftProbe String?\n");

/** Tables, columns, indexes and foreign keys of a SQLite file, in a canonical order (column order ignored). */
function sqliteCatalog(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name")
      .pluck()
      .all() as string[];
    return tables.map((t) => ({
      table: t,
      columns: (db.pragma(`table_info("${t}")`) as Array<Record<string, unknown>>)
        .map(({ name, type, notnull, dflt_value, pk }) => ({ name, type, notnull, dflt_value, pk }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name))),
      indexes: (db.pragma(`index_list("${t}")`) as Array<{ name: string; unique: number; origin: string; partial: number }>)
        .map((i) => ({ ...i, seq: undefined, columns: (db.pragma(`index_info("${i.name}")`) as Array<{ name: string }>).map((c) => c.name) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: (db.pragma(`foreign_key_list("${t}")`) as Array<Record<string, unknown>>).map(({ table, from, to, on_update, on_delete }) => ({
        table,
        from,
        to,
        on_update,
        on_delete,
      })),
    }));
  } finally {
    db.close();
  }
}

function sqliteFrom(name: string, scripts: string[]): string {
  const file = path.join(tmp, `${name}.sqlite`);
  const db = new Database(file);
  for (const sql of scripts) db.exec(sql);
  db.close();
  return file;
}

function sqliteSqlFromEmpty(schemaPath: string): string {
  // A datamodel-only diff touches no database, but prisma.config.ts still opens its adapter: give it memory.
  return prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath, "--script"], "file::memory:");
}

describe("PostgreSQL schema sync", () => {
  it("the committed PostgreSQL schema, migration names and lock file match what the sync script generates", () => {
    expect(describeDrift(findDrift())).toEqual([]);
  });

  it("a change to the SQLite schema changes the generated PostgreSQL schema (the check above can fail)", () => {
    const generated = postgresSchemaFrom(withExtraColumn(sqliteSchema));
    expect(generated).not.toBe(readFileSync(pgSchemaPath, "utf8"));
    expect(generated).toContain("driftProbe String?");
  });

  it("swaps the provider and the URL and gives the PostgreSQL client its own output, keeping every model", () => {
    const generated = postgresSchemaFrom(sqliteSchema);
    expect(generated).toMatch(/provider\s*=\s*"postgresql"/);
    expect(generated).toMatch(/url\s*=\s*"postgresql:\/\//);
    expect(generated).toMatch(/output\s*=\s*"\.\/client"/);
    expect(generated).toMatch(/engineType\s*=\s*"client"/);
    expect(generated).not.toContain('"sqlite"');
    const models = (s: string) => [...s.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect(models(generated)).toEqual(models(sqliteSchema));
  });

  it("refuses SQLite-only native types that would not carry over", () => {
    expect(() => postgresSchemaFrom(sqliteSchema.replace("shop                String\n", "shop String @db.Text\n"))).toThrow(/portable/);
  });
});

describe("migrations produce their schema", () => {
  it("the SQLite migrations build the same tables, columns, indexes and keys as prisma/schema.prisma", () => {
    const migrated = sqliteCatalog(sqliteFrom("migrated", migrationSql("sqlite")));
    const expected = sqliteCatalog(sqliteFrom("expected", [sqliteSqlFromEmpty(sqliteSchemaPath)]));
    expect(migrated.length).toBeGreaterThan(5);
    expect(migrated).toEqual(expected);

    const driftedPath = path.join(tmp, "drifted.prisma");
    writeFileSync(driftedPath, withExtraColumn(sqliteSchema));
    expect(sqliteCatalog(sqliteFrom("drifted", [sqliteSqlFromEmpty(driftedPath)]))).not.toEqual(migrated);
  });

  const server = process.env.TEST_POSTGRES_URL;
  it.skipIf(!server)("the PostgreSQL migrations build prisma/postgresql/schema.prisma (prisma migrate diff, shadow database)", async () => {
    const url = server as string;
    const diff = (schema: string) =>
      prisma(["migrate", "diff", "--from-migrations", pgMigrationsDir, "--to-schema-datamodel", schema, "--exit-code"], url);
    expect(diff(pgSchemaPath)).toMatch(/No difference detected/);

    const driftedPath = path.join(tmp, "drifted-pg.prisma");
    writeFileSync(driftedPath, postgresSchemaFrom(withExtraColumn(sqliteSchema)));
    expect(diff(driftedPath)).toMatch(/driftProbe/);

    // The shadow databases were created by prisma/pg-adapter-fix.ts and dropped again.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'");
    await client.end();
    expect(rows).toEqual([]);
  });
});
