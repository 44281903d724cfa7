import type { Db } from "../db.server";
import { AuthenticationError } from "../http/errors.server";
import type { Logger } from "../logger.server";
import type { TokenSource } from "./graphql-client.server";

// Where the app's Admin API clients get a shop's offline access token: the session the library stored at
// install (token exchange). One source per shop context; a 401 makes it read the session again, in case
// another process replaced the token meanwhile, and fail for good when the stored token is the refused one.

export interface ShopifyTokens {
  source(shop: string): TokenSource;
}

export function createShopifyTokens(deps: { db: Db; log: Logger }): ShopifyTokens {
  async function stored(shop: string): Promise<string> {
    const session = await deps.db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { expires: "desc" } });
    if (!session?.accessToken) throw new AuthenticationError(`${shop} has no offline session: the app is not installed`, { service: "shopify" });
    return session.accessToken;
  }
  return {
    source(shop) {
      let current: Promise<string> | undefined;
      return {
        get() {
          current ??= stored(shop);
          current.catch(() => (current = undefined));
          return current;
        },
        async rejected(token) {
          current = undefined;
          const fresh = await stored(shop);
          if (fresh === token) {
            deps.log.warn("shopify.token_rejected", { shop });
            throw new AuthenticationError(`Shopify refused the stored access token of ${shop}: open the app in the Shopify admin to reconnect it`, { service: "shopify", status: 401 });
          }
          current = Promise.resolve(fresh);
        },
      };
    },
  };
}
