import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

// Shopify session tokens (App Bridge ID tokens): HS256 JWTs signed with the app's client secret, whose `dest`
// is the shop and `aud` the app's client id.
// https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** A session token for `shop` as App Bridge would hand it to the app (lifetime one minute). */
export function signSessionToken(opts: { shop: string; apiKey: string; apiSecret: string; now?: Date; lifetimeSeconds?: number; claims?: Partial<SessionTokenClaims> }): string {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${opts.shop}/admin`,
    dest: `https://${opts.shop}`,
    aud: opts.apiKey,
    sub: "1",
    exp: iat + (opts.lifetimeSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomUUID(),
    ...opts.claims,
  };
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${b64url(createHmac("sha256", opts.apiSecret).update(head).digest())}`;
}

/** The verified claims, or why the token is refused; `now` is the simulator's clock. */
export function verifySessionToken(token: string, opts: { apiKey: string; apiSecret: string; shop: string; now: Date }): { claims: SessionTokenClaims } | { problem: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "not a JWT" };
  let header: { alg?: string };
  let claims: SessionTokenClaims;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { problem: "undecodable" };
  }
  if (header.alg !== "HS256") return { problem: "algorithm is not HS256" };
  const expected = createHmac("sha256", opts.apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "signature does not match the app secret" };
  const nowS = Math.floor(opts.now.getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= nowS) return { problem: "expired" };
  if (typeof claims.nbf === "number" && claims.nbf > nowS) return { problem: "not yet valid" };
  if (claims.aud !== opts.apiKey) return { problem: "aud is not the app's client id" };
  let destHost: string | null = null;
  try {
    destHost = new URL(claims.dest).host;
  } catch {
    destHost = null;
  }
  if (destHost !== opts.shop) return { problem: "dest is not this shop" };
  return { claims };
}
