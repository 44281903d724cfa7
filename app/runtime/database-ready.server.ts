import type { Db } from "../db.server";

// A process that opens the database from DATABASE_URL checks it was set up before it starts anything: a database
// that was never migrated stops the boot with what to do, instead of a Prisma stack trace about a missing table.

export const DATABASE_NOT_READY = "DATABASE_NOT_READY";

export class DatabaseNotReadyError extends Error {
  /** Checked by the entry scripts, which may see this class from another bundle (instanceof would fail). */
  readonly code = DATABASE_NOT_READY;
  constructor(message: string) {
    super(message);
    this.name = "DatabaseNotReadyError";
  }
}

function missingTable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  // P2021: "The table does not exist in the current database" (https://www.prisma.io/docs/orm/reference/error-reference#p2021).
  return e?.code === "P2021" || (typeof e?.message === "string" && /no such table|does not exist/i.test(e.message));
}

export async function assertDatabaseReady(db: Db, url: string): Promise<void> {
  try {
    await db.session.findFirst({ select: { id: true } });
    await db.providerConnection.findFirst({ select: { id: true } });
  } catch (err) {
    if (!missingTable(err)) throw err;
    const where = url.startsWith("file:") ? url : url.replace(/\/\/[^@/]*@/, "//");
    throw new DatabaseNotReadyError(`The database at ${where} has not been set up (its tables are missing): run \`npm run setup\` with the same DATABASE_URL, then start again.`);
  }
}

export function isDatabaseNotReady(err: unknown): err is DatabaseNotReadyError {
  return (err as { code?: unknown })?.code === DATABASE_NOT_READY;
}
