import { createHmac, timingSafeEqual } from "node:crypto";

// App Bridge session tokens (ID tokens): HS256 JWTs signed with the app's client secret, `aud` the client id,
// `dest` the shop's URL, valid for a minute. Checked as @shopify/shopify-api 13.1.0 does (decode-session-token:
// HS256 only, 10 s of clock tolerance, audience), on the app's clock, before the app exchanges one for tokens.
// https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens

const CLOCK_TOLERANCE_S = 10;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface SessionTokenClaims {
  shop: string;
  /** The staff member (online tokens); unused for offline access. */
  sub?: string;
}

/** The token of a request: the Authorization header (fetch calls) or `id_token` (document loads from the admin). */
export function sessionTokenOf(request: Request): string | null {
  const header = request.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? new URL(request.url).searchParams.get("id_token");
}

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The claims of a valid token, or null (bad signature, algorithm, audience, time or shop). */
export function verifySessionToken(token: string, opts: { apiKey: string; apiSecret: string; now: number; customShopDomain?: string }): SessionTokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const header = base64urlJson(parts[0]);
  const payload = base64urlJson(parts[1]);
  if (!header || !payload || header.alg !== "HS256") return null;
  const expected = createHmac("sha256", opts.apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const nowS = opts.now / 1000;
  if (typeof payload.exp !== "number" || payload.exp + CLOCK_TOLERANCE_S <= nowS) return null;
  if (typeof payload.nbf === "number" && payload.nbf - CLOCK_TOLERANCE_S > nowS) return null;
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(opts.apiKey)) return null;
  let shop: string;
  try {
    shop = new URL(String(payload.dest)).hostname;
  } catch {
    return null;
  }
  const custom = opts.customShopDomain ? shop.endsWith(`.${opts.customShopDomain}`) : false;
  if (!SHOP_DOMAIN.test(shop) && !custom) return null;
  return { shop, ...(typeof payload.sub === "string" ? { sub: payload.sub } : {}) };
}
