import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { env } from "./env.server";

// The Admin API version is pinned here and in shopify.app.toml; the gateway uses the same constant.
export const ADMIN_API_VERSION = ApiVersion.July26;

function build(prisma: Awaited<ReturnType<typeof db>>) {
  const e = env();
  return shopifyApp({
    apiKey: e.SHOPIFY_API_KEY,
    apiSecretKey: e.SHOPIFY_API_SECRET,
    apiVersion: ADMIN_API_VERSION,
    scopes: e.SCOPES.split(","),
    appUrl: e.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage: new PrismaSessionStorage(prisma),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    ...(e.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [e.SHOP_CUSTOM_DOMAIN] } : {}),
  });
}

export type ShopifyApp = ReturnType<typeof build>;
const g = globalThis as unknown as { __rbShopify?: Promise<ShopifyApp> };

/** The configured @shopify/shopify-app-remix instance (created once, after the database is open). */
export function shopify(): Promise<ShopifyApp> {
  g.__rbShopify ??= db().then(build);
  return g.__rbShopify;
}
