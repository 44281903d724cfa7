import type { Session as SessionRow } from "@prisma/client";
import type { Db } from "../db.server";
import type { SealContext, SecretBox } from "../security/encryption.server";

// A shop's offline session row with its tokens sealed at rest (AES-256-GCM, bound to the shop, the session id
// and the column), and the compare-and-set writes that keep one refresh per shop at a time across processes:
// a lease on the row, and a store that only lands when the row still holds the refresh token that was used.

export type TokenField = "accessToken" | "refreshToken";

/** What a token grant answers, with its expiries computed on the app's clock when the answer arrived. */
export interface TokenPair {
  accessToken: string;
  expires: Date | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
  scope: string | null;
}

export interface OfflineSession extends TokenPair {
  id: string;
  shop: string;
  /** The refresh token column as stored (sealed): the row's identity for compare-and-set writes. */
  refreshSealed: string | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

/** @shopify/shopify-api's id for a shop's offline session (getOfflineId). */
export function offlineSessionId(shop: string): string {
  return `offline_${shop}`;
}

export function sealContext(shop: string, sessionId: string, field: TokenField): SealContext {
  return { purpose: "shopify-session", shop, subject: `${sessionId}/${field}` };
}

/** Rows written before tokens were sealed hold them as Shopify gave them (shpat_...). */
export function isSealed(value: string): boolean {
  return /^v[12]:/.test(value);
}

export function sealToken(secrets: SecretBox, shop: string, sessionId: string, field: TokenField, value: string): string {
  return secrets.seal(value, sealContext(shop, sessionId, field));
}

/** The token in clear; a plaintext legacy value is returned as it is (resealSessions rewrites it). */
export function openToken(secrets: SecretBox, shop: string, sessionId: string, field: TokenField, stored: string): string {
  if (!stored || !isSealed(stored)) return stored;
  return secrets.open(stored, sealContext(shop, sessionId, field));
}

export function openRow(secrets: SecretBox, row: SessionRow): OfflineSession {
  return {
    id: row.id,
    shop: row.shop,
    accessToken: openToken(secrets, row.shop, row.id, "accessToken", row.accessToken),
    expires: row.expires,
    refreshToken: row.refreshToken ? openToken(secrets, row.shop, row.id, "refreshToken", row.refreshToken) : null,
    refreshTokenExpires: row.refreshTokenExpires,
    scope: row.scope,
    refreshSealed: row.refreshToken,
    leaseOwner: row.refreshLeaseOwner,
    leaseUntil: row.refreshLeaseUntil,
  };
}

export interface SessionVault {
  read(shop: string): Promise<OfflineSession | null>;
  /** A new install or a reconnection (token exchange): the pair replaces whatever the row held. */
  install(shop: string, pair: TokenPair): Promise<void>;
  /** Takes the refresh lease unless another process holds a live one or the row changed since `seen`. */
  takeLease(seen: OfflineSession, owner: string, until: Date, now: Date): Promise<boolean>;
  releaseLease(shop: string, owner: string): Promise<void>;
  /** Stores a refreshed pair only while `owner` holds the lease on the row `seen` (else false: the row moved on). */
  storeRefreshed(seen: OfflineSession, owner: string, pair: TokenPair): Promise<boolean>;
  /** Shopify refused the row's refresh token for good: the tokens are cleared (so the next admin load exchanges anew). */
  clearTokens(seen: OfflineSession): Promise<boolean>;
}

export function createSessionVault(deps: { db: Db; secrets: SecretBox }): SessionVault {
  const { db, secrets } = deps;
  const sealed = (shop: string, id: string, pair: TokenPair) => ({
    accessToken: sealToken(secrets, shop, id, "accessToken", pair.accessToken),
    expires: pair.expires,
    refreshToken: pair.refreshToken ? sealToken(secrets, shop, id, "refreshToken", pair.refreshToken) : null,
    refreshTokenExpires: pair.refreshTokenExpires,
    ...(pair.scope !== null ? { scope: pair.scope } : {}),
  });
  return {
    async read(shop) {
      const row = await db.session.findUnique({ where: { id: offlineSessionId(shop) } });
      return row ? openRow(secrets, row) : null;
    },
    async install(shop, pair) {
      const id = offlineSessionId(shop);
      const data = { ...sealed(shop, id, pair), refreshLeaseOwner: null, refreshLeaseUntil: null };
      // The library stores "" as state for token-exchange sessions (no OAuth state to keep).
      await db.session.upsert({ where: { id }, create: { id, shop, state: "", isOnline: false, ...data }, update: data });
    },
    async takeLease(seen, owner, until, now) {
      const r = await db.session.updateMany({
        where: { id: seen.id, refreshToken: seen.refreshSealed, OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lte: now } }] },
        data: { refreshLeaseOwner: owner, refreshLeaseUntil: until },
      });
      return r.count === 1;
    },
    async releaseLease(shop, owner) {
      await db.session.updateMany({ where: { id: offlineSessionId(shop), refreshLeaseOwner: owner }, data: { refreshLeaseOwner: null, refreshLeaseUntil: null } });
    },
    async storeRefreshed(seen, owner, pair) {
      const r = await db.session.updateMany({
        where: { id: seen.id, refreshLeaseOwner: owner, refreshToken: seen.refreshSealed },
        data: { ...sealed(seen.shop, seen.id, pair), refreshLeaseOwner: null, refreshLeaseUntil: null },
      });
      return r.count === 1;
    },
    async clearTokens(seen) {
      const r = await db.session.updateMany({
        where: { id: seen.id, refreshToken: seen.refreshSealed },
        data: { accessToken: "", refreshToken: null, refreshTokenExpires: null, refreshLeaseOwner: null, refreshLeaseUntil: null },
      });
      return r.count === 1;
    },
  };
}
