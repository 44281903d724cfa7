import { randomUUID } from "node:crypto";
import pg from "pg";
import type { PrismaPg } from "@prisma/adapter-pg";

// Two fixes for @prisma/adapter-pg 6.19.3 when the Prisma CLI (schema engine) uses it (STACK.md, pitfall 6):
// 1. Catalog columns of type `name`, `"char"`, `regclass`... cannot be deserialised (prisma/orm#27403):
//    relabel their type OIDs as text / text[] before the adapter maps them.
// 2. Its connectToShadowDb() points at the real database when given a connectionString (the URL wins over
//    `database`) and drops the shadow database before closing its pool: create and drop our own instead.

const RELABEL = new Map<number, number>([
  // char, name, int2vector, regproc, oidvector, pg_node_tree, regconfig, regdictionary -> text
  [18, 25], [19, 25], [22, 25], [24, 25], [30, 25], [194, 25], [2205, 25], [2206, 25],
  // their arrays -> text[]
  [1002, 1009], [1003, 1009], [1006, 1009], [1008, 1009], [1013, 1009],
]);
const TEXT_ARRAY = 1009;
// pg-types' TypeId lists scalar OIDs only, but a text[] parser is registered for 1009.
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY as never, "text") as (value: string) => unknown;

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type PerformIO = (query: unknown) => Promise<pg.QueryResult<unknown[]>>;

function relabelResult(result: pg.QueryResult<unknown[]>): void {
  (result.fields ?? []).forEach((field, i) => {
    const to = RELABEL.get(field.dataTypeID);
    if (to === undefined) return;
    field.dataTypeID = to;
    // pg has no parser for these array OIDs, so their values arrive as "{a,b}" strings.
    if (to === TEXT_ARRAY) for (const row of result.rows) if (typeof row[i] === "string") row[i] = parseTextArray(row[i] as string);
  });
}

/** Wraps a queryable's private performIO so unsupported catalog types reach Prisma as text. */
function relabel<T extends object>(queryable: T): T {
  const target = queryable as unknown as { performIO: PerformIO };
  const original = target.performIO;
  target.performIO = async function (this: unknown, query: unknown) {
    const result = await original.call(this, query);
    // A multi-statement script (migrations in the shadow database) yields one result per statement.
    for (const one of Array.isArray(result) ? (result as pg.QueryResult<unknown[]>[]) : [result]) relabelResult(one);
    return result;
  };
  return queryable;
}

function relabelAdapter(adapter: PgAdapter): PgAdapter {
  relabel(adapter);
  // The CLI never closes its pool: without this an idle connection holds the process open for 10 s.
  (adapter.underlyingDriver() as unknown as { options: { allowExitOnIdle?: boolean } }).options.allowExitOnIdle = true;
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => relabel(await startTransaction(isolationLevel));
  return adapter;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies both fixes to a PrismaPg factory built for `url` (used by prisma.config.ts). */
export function patchPgAdapter(factory: PrismaPg, url: string): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => relabelAdapter(await connect());
  factory.connectToShadowDb = async () => {
    const name = `prisma_shadow_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    await createDatabase(url, name);
    const { PrismaPg: Factory } = await import("@prisma/adapter-pg");
    const adapter = relabelAdapter(await new Factory({ connectionString: withDatabase(url, name) }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await dropDatabase(url, name);
    };
    return adapter;
  };
  return factory;
}
