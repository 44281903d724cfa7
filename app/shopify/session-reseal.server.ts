import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import type { SecretBox } from "../security/encryption.server";
import { isSealed, openToken, sealToken, type TokenField } from "./session-vault.server";

// Seals the Shopify tokens of session rows written before tokens were encrypted (plaintext shpat_...), and
// reseals those sealed with an older key or format, for `npm run secrets:reseal`. Each row is rewritten with a
// compare-and-set on the values it read, so a refresh landing meanwhile is never overwritten with older tokens.

export interface ResealReport {
  /** Rows that held a plaintext token. */
  sealed: number;
  /** Rows sealed with an old key or format. */
  resealed: number;
  /** Rows that changed while being resealed (left as the other writer stored them: already sealed). */
  skipped: number;
  total: number;
}

const BATCH = 200;

export async function resealShopifySessions(deps: { db: Db; secrets: SecretBox; log?: Logger }): Promise<ResealReport> {
  const { db, secrets } = deps;
  const report: ResealReport = { sealed: 0, resealed: 0, skipped: 0, total: 0 };
  const rewrite = (shop: string, id: string, field: TokenField, value: string | null): string | null => {
    if (!value) return value;
    if (!isSealed(value)) return sealToken(secrets, shop, id, field, value);
    return secrets.needsReseal(value) ? sealToken(secrets, shop, id, field, openToken(secrets, shop, id, field, value)) : value;
  };
  for (let after: string | undefined; ; ) {
    const rows = await db.session.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, shop: true, accessToken: true, refreshToken: true },
    });
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    for (const row of rows) {
      report.total++;
      const accessToken = rewrite(row.shop, row.id, "accessToken", row.accessToken) ?? "";
      const refreshToken = rewrite(row.shop, row.id, "refreshToken", row.refreshToken);
      if (accessToken === row.accessToken && refreshToken === row.refreshToken) continue;
      const plaintext = (!!row.accessToken && !isSealed(row.accessToken)) || (!!row.refreshToken && !isSealed(row.refreshToken));
      const r = await db.session.updateMany({ where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken }, data: { accessToken, refreshToken } });
      if (r.count !== 1) report.skipped++;
      else if (plaintext) report.sealed++;
      else report.resealed++;
    }
  }
  deps.log?.info("secrets.shopify_sessions_resealed", { ...report });
  return report;
}
