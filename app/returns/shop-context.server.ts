import type { ProviderConnection, ShopSettings } from "@prisma/client";
import type { Db } from "../db.server";
import { env } from "../env.server";
import { AuthenticationError } from "../http/errors.server";
import { loadPlatform } from "../platforms/registry.server";
import type { ProviderId, ReturnsPlatform } from "../platforms/types";
import { createAdminClient, type AdminClient } from "../shopify/graphql-client.server";

// Everything a use-case needs for one shop, built lazily: the Admin API client from the shop's offline
// session, the provider adapters, the shop's settings. Every query made through it is scoped by `shop`.

export interface ShopContext {
  db: Db;
  shop: string;
  admin(): Promise<AdminClient>;
  platform(provider: ProviderId): Promise<ReturnsPlatform>;
  /** The stored connection row (settings such as notifyCustomer and sync directions; no decrypted secret). */
  connection(provider: ProviderId): Promise<ProviderConnection>;
  settings(): Promise<ShopSettings>;
  connectedProviders(): Promise<ProviderId[]>;
}

export function createShopContext(db: Db, shop: string, opts: { accessToken?: string } = {}): ShopContext {
  let admin: Promise<AdminClient> | undefined;
  let settings: Promise<ShopSettings> | undefined;
  const platforms = new Map<ProviderId, Promise<ReturnsPlatform>>();
  const connections = new Map<ProviderId, Promise<ProviderConnection>>();
  return {
    db,
    shop,
    admin() {
      admin ??= (async () => {
        const token =
          opts.accessToken ?? (await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } }))?.accessToken;
        if (!token) throw new AuthenticationError(`${shop} has no offline session: the app is not installed`, { service: "shopify" });
        return createAdminClient({ shop, accessToken: token, apiOrigin: env().SHOPIFY_ADMIN_API_ORIGIN });
      })();
      return admin;
    },
    platform(provider) {
      let p = platforms.get(provider);
      if (!p) {
        p = loadPlatform(db, shop, provider);
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
      settings ??= db.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
      return settings;
    },
    async connectedProviders() {
      const rows = await db.providerConnection.findMany({ where: { shop }, select: { provider: true }, orderBy: { provider: "asc" } });
      return rows.map((r) => r.provider as ProviderId);
    },
  };
}
