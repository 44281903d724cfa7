import type { Db } from "../db.server";
import { credentialsSealContext, isProviderId } from "../platforms/registry.server";
import type { SealContext, SecretBox } from "./encryption.server";

// `npm run secrets:reseal`: every sealed value the current key did not seal (v1 envelopes, values sealed by a key
// now in ENCRYPTION_OLD_KEYS) is opened and sealed again with ENCRYPTION_KEY, so an old key can then be dropped.
// Each column that holds sealed values is one entry of SEALED_COLUMNS; Shopify's session tokens have their own
// pass (app/shopify/session-reseal.server.ts), which the script runs after these.

export interface SealedRow {
  id: string;
  envelope: string;
  context: SealContext;
}

export interface SealedColumn {
  /** Named in the script's report. */
  name: string;
  /** Rows after `cursor` (by id), at most `take`, with their envelope and what they are sealed to. */
  list(db: Db, cursor: string | undefined, take: number): Promise<SealedRow[]>;
  /** Replace `from` with `to` only if the row still holds `from` (a save meanwhile wins); true when written. */
  write(db: Db, id: string, from: string, to: string): Promise<boolean>;
}

export const PROVIDER_CREDENTIALS: SealedColumn = {
  name: "ProviderConnection.credentialsEncrypted",
  async list(db, cursor, take) {
    const rows = await db.providerConnection.findMany({
      where: cursor ? { id: { gt: cursor } } : {},
      orderBy: { id: "asc" },
      take,
      select: { id: true, shop: true, provider: true, credentialsEncrypted: true },
    });
    return rows.filter((r) => isProviderId(r.provider)).map((r) => ({ id: r.id, envelope: r.credentialsEncrypted, context: credentialsSealContext(r.shop, r.provider as "IFRETURNS" | "REVER") }));
  },
  async write(db, id, from, to) {
    const { count } = await db.providerConnection.updateMany({ where: { id, credentialsEncrypted: from }, data: { credentialsEncrypted: to } });
    return count === 1;
  },
};

/** Every column holding sealed values. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [PROVIDER_CREDENTIALS];

export interface ResealReport {
  column: string;
  scanned: number;
  resealed: number;
  /** Rows no configured key opens (or sealed to another row): listed by id, left as they are. */
  unreadable: string[];
}

export async function resealAll(db: Db, box: SecretBox, columns: readonly SealedColumn[] = SEALED_COLUMNS, batch = 200): Promise<ResealReport[]> {
  const reports: ResealReport[] = [];
  for (const column of columns) {
    const report: ResealReport = { column: column.name, scanned: 0, resealed: 0, unreadable: [] };
    let cursor: string | undefined;
    for (;;) {
      const rows = await column.list(db, cursor, batch);
      if (!rows.length) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        report.scanned++;
        if (!box.needsReseal(row.envelope)) continue;
        let plaintext: string;
        try {
          plaintext = box.open(row.envelope, row.context);
        } catch {
          report.unreadable.push(row.id);
          continue;
        }
        if (await column.write(db, row.id, row.envelope, box.seal(plaintext, row.context))) report.resealed++;
      }
    }
    reports.push(report);
  }
  return reports;
}
