import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { AuthenticationError, UnavailableError } from "../http/errors.server";
import type { Logger } from "../logger.server";
import type { Clock } from "../runtime/clock";
import type { TokenSource } from "./graphql-client.server";
import { createSessionVault, type OfflineSession, type SessionVault } from "./session-vault.server";
import { isGrantRefused, type TokenGrants } from "./token-grants.server";
import type { SecretBox } from "../security/encryption.server";
import { upsertShopSettings } from "../settings/shop-settings-row.server";

// Where every Admin API client gets a shop's offline access token, in web and worker processes alike. Expiring
// offline tokens last 60 minutes: a token is refreshed ahead of its expiry and once when Shopify answers 401
// (as @shopify/shopify-app-remix 4.2.1 does in ensureOfflineTokenIsNotExpired, 5 minutes ahead), one refresh per
// shop at a time across processes (a lease on the session row; the others wait for the pair it stores), each new
// pair stored in one compare-and-set. A refresh whose answer was lost is repeated with the same refresh token
// (Shopify keeps it usable until its replacement is first used). A refresh Shopify refuses (4xx: revoked,
// uninstalled) disconnects the shop: its tokens are cleared, the dashboard shows why, and its jobs fail at once
// until the merchant opens the app again, which exchanges a new session token for a new pair.

/** The library refreshes within 5 minutes of expiry; one more minute here, so it never finds a token it would replace. */
export const REFRESH_AHEAD_MS = 6 * 60 * 1000;
export const REFRESH_LEASE_MS = 60 * 1000;
const LEASE_POLL_MS = 200;

export class ShopifyDisconnectedError extends AuthenticationError {
  constructor(shop: string, reason: string) {
    super(`Shopify disconnected ${shop}: ${reason}. Open Returns Bridge from the Shopify admin to reconnect it.`, { service: "shopify", code: "SHOPIFY_DISCONNECTED" });
  }
}

function notInstalled(shop: string): AuthenticationError {
  return new AuthenticationError(`${shop} has no offline session: the app is not installed`, { service: "shopify", code: "NOT_INSTALLED" });
}

export interface ShopifyTokens {
  /** The token source of one shop context (a request or a job run). */
  source(shop: string): TokenSource;
  /** The shop's session with a token valid for at least REFRESH_AHEAD_MS (refreshed if needed). */
  current(shop: string): Promise<OfflineSession>;
  /** Install or reconnect: exchange an App Bridge session token for a new pair. */
  exchange(shop: string, sessionToken: string): Promise<OfflineSession>;
  /** Shopify refused `token`: the token to use now (another process's, or a refreshed one). */
  rejected(shop: string, token: string): Promise<string>;
}

export interface ShopifyTokensDeps {
  db: Db;
  secrets: SecretBox;
  grants: TokenGrants;
  clock: Clock;
  log: Logger;
  /** Names this process in the lease (tests run several "processes" in one). */
  owner?: string;
}

type Want = { kind: "ahead" } | { kind: "rejected"; token: string };

export function createShopifyTokens(deps: ShopifyTokensDeps): ShopifyTokens {
  const vault: SessionVault = createSessionVault(deps);
  const owner = deps.owner ?? `${process.pid}:${randomUUID().slice(0, 8)}`;
  const inFlight = new Map<string, Promise<OfflineSession>>();

  const fresh = (s: OfflineSession) => !s.expires || s.expires.getTime() - deps.clock.now() > REFRESH_AHEAD_MS;
  const serves = (s: OfflineSession, want: Want) => !!s.accessToken && fresh(s) && (want.kind !== "rejected" || s.accessToken !== want.token);

  async function disconnect(shop: string, seen: OfflineSession, reason: string): Promise<never> {
    if (await vault.clearTokens(seen)) {
      const at = new Date(deps.clock.now());
      await upsertShopSettings(deps.db, shop, { disconnectedAt: at, disconnectedReason: reason }, { disconnectedAt: at, disconnectedReason: reason });
      deps.log.error("shopify.disconnected", { shop, reason });
    }
    throw new ShopifyDisconnectedError(shop, reason);
  }

  async function disconnectedError(shop: string): Promise<ShopifyDisconnectedError> {
    const s = await deps.db.shopSettings.findUnique({ where: { shop }, select: { disconnectedReason: true } });
    return new ShopifyDisconnectedError(shop, s?.disconnectedReason ?? "the stored access token is gone");
  }

  /** One refresh in this process per shop; across processes the lease decides who calls Shopify. */
  async function leasedRefresh(shop: string, want: Want): Promise<OfflineSession> {
    for (let waited = 0; ; ) {
      const row = await vault.read(shop);
      if (!row) throw notInstalled(shop);
      if (serves(row, want)) return row;
      if (!row.accessToken) throw await disconnectedError(shop);
      if (!row.refreshToken) return disconnect(shop, row, "Shopify refused the stored access token and there is no refresh token to replace it");
      const now = deps.clock.now();
      if (row.leaseUntil && row.leaseUntil.getTime() > now) {
        // Another process is refreshing: its pair will be in the row within one lease.
        if (waited++ * LEASE_POLL_MS > REFRESH_LEASE_MS * 2) throw new UnavailableError(`Another process has been refreshing the Shopify token of ${shop} for too long`, { service: "shopify" });
        await deps.clock.sleep(LEASE_POLL_MS);
        continue;
      }
      if (!(await vault.takeLease(row, owner, new Date(now + REFRESH_LEASE_MS), new Date(now)))) continue;
      let pair;
      try {
        pair = await deps.grants.refresh(shop, row.refreshToken);
      } catch (err) {
        await vault.releaseLease(shop, owner);
        if (!isGrantRefused(err)) throw err;
        // A new install (token exchange) may have replaced the row meanwhile: its pair stands.
        const now2 = await vault.read(shop);
        if (now2 && now2.refreshSealed !== row.refreshSealed && now2.accessToken) continue;
        return disconnect(shop, row, `Shopify refused the refresh token (${err.status}${err.code ? ` ${err.code}` : ""}): the app was uninstalled or its access revoked`);
      }
      if (await vault.storeRefreshed(row, owner, pair)) {
        deps.log.info("shopify.token_refreshed", { shop, reason: want.kind, expires: pair.expires?.toISOString() ?? null });
        return { ...row, ...pair, leaseOwner: null, leaseUntil: null };
      }
      // The row moved on while we asked (a reinstall): read it again; ours is dropped.
      deps.log.warn("shopify.token_refresh_superseded", { shop });
    }
  }

  function refresh(shop: string, want: Want): Promise<OfflineSession> {
    const key = want.kind === "rejected" ? `${shop}\u0000${want.token}` : shop;
    let p = inFlight.get(key);
    if (!p) {
      p = leasedRefresh(shop, want).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  }

  const tokens: ShopifyTokens = {
    async current(shop) {
      const row = await vault.read(shop);
      if (!row) throw notInstalled(shop);
      if (!row.accessToken) throw await disconnectedError(shop);
      return fresh(row) ? row : refresh(shop, { kind: "ahead" });
    },
    async exchange(shop, sessionToken) {
      const pair = await deps.grants.exchange(shop, sessionToken);
      await vault.install(shop, pair);
      const cleared = await deps.db.shopSettings.updateMany({ where: { shop, disconnectedAt: { not: null } }, data: { disconnectedAt: null, disconnectedReason: null } });
      deps.log.info(cleared.count ? "shopify.reconnected" : "shopify.installed", { shop, expiring: !!pair.expires });
      return (await vault.read(shop))!;
    },
    async rejected(shop, token) {
      deps.log.warn("shopify.token_rejected", { shop });
      return (await refresh(shop, { kind: "rejected", token })).accessToken;
    },
    source(shop) {
      let held: OfflineSession | undefined;
      return {
        async get() {
          if (!held || !fresh(held)) held = await tokens.current(shop);
          return held.accessToken;
        },
        async rejected(token) {
          await tokens.rejected(shop, token);
          held = undefined;
        },
      };
    },
  };
  return tokens;
}
