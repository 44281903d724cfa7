import type { Db } from "../db.server";

// Plain SQL for the roll-up's bulk reads and writes, on both engines. Prisma.sql values cannot be used: the
// PostgreSQL client is generated apart from @prisma/client and does not recognise them, so placeholders are
// written here ("?" on SQLite, "$n" on PostgreSQL) and the values passed alongside.

function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly pg: boolean) {}

  /** A placeholder for `value`. */
  p(value: unknown): string {
    this.values.push(value);
    return this.pg ? `$${this.values.length}` : "?";
  }

  /** A parenthesised row of placeholders. */
  row(values: unknown[]): string {
    return `(${values.map((v) => this.p(v)).join(", ")})`;
  }
}

export function sqlParams(db: Db): SqlParams {
  return new SqlParams(isPostgres(db));
}
