import { z } from "zod";
import type { HttpClient } from "../http/client.server";
import { AppError, RateLimitedError } from "../http/errors.server";
import type { Logger } from "../logger.server";
import type { Clock } from "../runtime/clock";
import { shopAdminAccess } from "./graphql-client.server";
import type { TokenPair } from "./session-vault.server";

// POST /admin/oauth/access_token, as @shopify/shopify-api 13.1.0 sends it (auth/oauth/token-exchange.mjs and
// refresh-token.mjs: a JSON body with the client credentials), through the app's HTTP client and on its clock,
// so the sandbox's simulator origin and the tests' clock apply. Expiries are counted from the answer's arrival,
// as the library's createSession does.
// - token exchange: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
// - refresh: https://shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh
// - a refresh may be repeated with the same refresh token until its replacement is first used (lost answers):
//   https://shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_ACCESS_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";

const answerSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string().optional(),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

export interface TokenGrants {
  /** An App Bridge session token for an expiring offline access token and its refresh token. */
  exchange(shop: string, sessionToken: string): Promise<TokenPair>;
  refresh(shop: string, refreshToken: string): Promise<TokenPair>;
}

export interface TokenGrantsOptions {
  http: HttpClient;
  clock: Clock;
  log: Logger;
  apiKey: string;
  apiSecret: string;
  /** The sandbox's Shopify origin (SHOPIFY_ADMIN_API_ORIGIN); https://{shop} otherwise. */
  apiOrigin?: string;
}

/** Shopify refused the grant (4xx other than 429): the refresh token is dead, no retry will bring it back. */
export function isGrantRefused(err: unknown): err is AppError {
  return err instanceof AppError && typeof err.status === "number" && err.status >= 400 && err.status < 500 && !(err instanceof RateLimitedError);
}

export function createTokenGrants(opts: TokenGrantsOptions): TokenGrants {
  async function post(shop: string, body: Record<string, string>, secrets: string[]): Promise<TokenPair> {
    const origin = (opts.apiOrigin ?? `https://${shop}`).replace(/\/+$/, "");
    const res = await opts.http.request({
      service: "shopify",
      // The app's secret goes to the shop's own host only.
      access: shopAdminAccess(origin),
      method: "POST",
      url: `${origin}/admin/oauth/access_token`,
      json: { client_id: opts.apiKey, client_secret: opts.apiSecret, ...body },
      schema: answerSchema,
      secrets: [opts.apiSecret, ...secrets],
      timeoutMs: 10_000,
      // Three tries stay well inside the refresh lease (60 s), so no other process refreshes while one is in flight.
      retry: { maxAttempts: 3 },
      log: opts.log,
    });
    const now = opts.clock.now();
    const a = res.data;
    return {
      accessToken: a.access_token,
      expires: a.expires_in ? new Date(now + a.expires_in * 1000) : null,
      refreshToken: a.refresh_token && a.refresh_token_expires_in ? a.refresh_token : null,
      refreshTokenExpires: a.refresh_token && a.refresh_token_expires_in ? new Date(now + a.refresh_token_expires_in * 1000) : null,
      scope: a.scope ?? null,
    };
  }
  return {
    exchange: (shop, sessionToken) =>
      post(shop, { grant_type: TOKEN_EXCHANGE, subject_token: sessionToken, subject_token_type: ID_TOKEN, requested_token_type: OFFLINE_ACCESS_TOKEN, expiring: "1" }, [sessionToken]),
    refresh: (shop, refreshToken) => post(shop, { grant_type: "refresh_token", refresh_token: refreshToken }, [refreshToken]),
  };
}
