import type { ProviderConnection, ShopSettings } from "@prisma/client";
import type { Db } from "../db.server";
import type { ScopedLogger } from "../logger.server";
import { loadPlatform } from "../platforms/registry.server";
import type { ProviderId, ReturnsPlatform } from "../platforms/types";
import type { Runtime } from "../runtime/runtime.server";
import type { Clock } from "../runtime/clock";
import { createAdminClient, type AdminClient } from "../shopify/graphql-client.server";
import { upsertShopSettings } from "../settings/shop-settings-row.server";

// Everything a use-case needs for one shop, built lazily by the runtime: the Admin API client (its token from the
// runtime's token source), the provider adapters, the shop's settings, a logger that knows the shop's decrypted
// secrets. Every query made through it is scoped by `shop`. One per request or job run.

export interface ShopContext {
  rt: Runtime;
  db: Db;
  shop: string;
  log: ScopedLogger;
  clock: Clock;
  admin(): Promise<AdminClient>;
  platform(provider: ProviderId): Promise<ReturnsPlatform>;
  /** The stored connection row (settings such as notifyCustomer and sync directions; no decrypted secret). */
  connection(provider: ProviderId): Promise<ProviderConnection>;
  settings(): Promise<ShopSettings>;
  connectedProviders(): Promise<ProviderId[]>;
}

export function createShopContext(rt: Runtime, shop: string): ShopContext {
  const { db } = rt;
  const log = rt.log.child({ shop });
  let admin: Promise<AdminClient> | undefined;
  let settings: Promise<ShopSettings> | undefined;
  const platforms = new Map<ProviderId, Promise<ReturnsPlatform>>();
  const connections = new Map<ProviderId, Promise<ProviderConnection>>();
  return {
    rt,
    db,
    shop,
    log,
    clock: rt.clock,
    admin() {
      admin ??= Promise.resolve(
        createAdminClient({
          shop,
          accessToken: rt.tokens.source(shop),
          http: rt.http,
          bucket: rt.buckets.for(shop),
          clock: rt.clock,
          log,
          apiOrigin: rt.env.SHOPIFY_ADMIN_API_ORIGIN,
        }),
      );
      return admin;
    },
    platform(provider) {
      let p = platforms.get(provider);
      if (!p) {
        p = loadPlatform({ db, shop, secrets: rt.secrets }, provider, { http: rt.http, log, limiters: rt.limiters, allowedHosts: rt.providerHosts[provider], ...rt.providerTransport });
        platforms.set(provider, p);
      }
      return p;
    },
    connection(provider) {
      let c = connections.get(provider);
      if (!c) {
        c = db.providerConnection.findUniqueOrThrow({ where: { shop_provider: { shop, provider } } });
        connections.set(provider, c);
      }
      return c;
    },
    settings() {
      settings ??= upsertShopSettings(db, shop);
      return settings;
    },
    async connectedProviders() {
      const rows = await db.providerConnection.findMany({ where: { shop }, select: { provider: true }, orderBy: { provider: "asc" } });
      return rows.map((r) => r.provider as ProviderId);
    },
  };
}
