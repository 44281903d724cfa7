import { randomBytes } from "node:crypto";
import type http from "node:http";
import { readBody, sendJson } from "./http-util";
import { verifySessionToken } from "./session-token";
import { simWording } from "./store-model";

// POST /admin/oauth/access_token and the check of X-Shopify-Access-Token, for one shop, on the simulator's clock.
// Sources (decision record 0005, "OAuth tokens"):
// - token exchange: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
// - expiring offline tokens (60 min access, 90-day refresh, one active expiring token per app and shop):
//   https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens
// - the previous refresh token stays usable until its replacement is first used, at most 30 days:
//   https://shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens

export type TokenMode = "legacy" | "expiring";

export const ACCESS_TOKEN_TTL_S = 60 * 60;
export const REFRESH_TOKEN_TTL_S = 90 * 24 * 60 * 60;
export const REFRESH_RECOVERY_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";

/** The Admin API's answer to an unknown, expired or revoked token (HTTP 401). */
export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
/** Public apps' non-expiring tokens after the cut-over (HTTP 403), as reported by app developers. */
export const NON_EXPIRING_REFUSED_BODY = { errors: "Non-expiring access tokens are no longer accepted for the Admin API. Start using expiring offline tokens." };

export interface TokenStats {
  /** Access tokens issued by token exchange or refresh. */
  issued: number;
  /** Successful refresh grants. */
  refreshed: number;
  /** GraphQL requests refused for their token. */
  rejected: number;
  /** Token requests (exchange or refresh) refused. */
  grantsRefused: number;
}

interface AccessRecord {
  expiresAt: number | null;
  revoked: boolean;
}
interface RefreshRecord {
  expiresAt: number;
  firstUsedAt: number | null;
  /** The refresh token this one replaced: using this one retires it. */
  previous: string | null;
  retired: boolean;
  revoked: boolean;
}

export interface TokenAuthorityOptions {
  shop: string;
  apiKey?: string;
  apiSecret: string;
  legacyToken?: string;
  /** Another app's token on the shop (see ShopifySimulatorOptions.merchantToken): outside this app's token rules. */
  merchantToken?: string;
  mode: TokenMode;
  now: () => Date;
  scope: () => string;
}

type Answer = { status: number; body: Record<string, unknown> };

const oauthError = (status: number, error: string, description: string): Answer => ({ status, body: { error, error_description: description } });

export class TokenAuthority {
  readonly stats: TokenStats = { issued: 0, refreshed: 0, rejected: 0, grantsRefused: 0 };
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private legacyRevoked = false;

  constructor(private readonly opts: TokenAuthorityOptions) {}

  /** Whether a GraphQL request may go on with this X-Shopify-Access-Token, else Shopify's answer. */
  authenticate(token: string | undefined): Answer | null {
    const refuse = (a: Answer) => {
      this.stats.rejected++;
      return a;
    };
    const now = this.opts.now().getTime();
    if (token && token === this.opts.merchantToken) return null;
    if (token && token === this.opts.legacyToken && !this.legacyRevoked) {
      return this.opts.mode === "expiring" ? refuse({ status: 403, body: NON_EXPIRING_REFUSED_BODY }) : null;
    }
    const rec = token ? this.access.get(token) : undefined;
    if (!rec || rec.revoked || (rec.expiresAt !== null && now >= rec.expiresAt)) return refuse({ status: 401, body: INVALID_TOKEN_BODY });
    if (rec.expiresAt === null && this.opts.mode === "expiring") return refuse({ status: 403, body: NON_EXPIRING_REFUSED_BODY });
    return null;
  }

  /** The app is uninstalled: every token it holds for the shop stops working, the fixed one too. */
  revokeAll(): void {
    this.legacyRevoked = true;
    for (const r of this.access.values()) r.revoked = true;
    for (const r of this.refresh.values()) r.revoked = true;
  }

  grant(body: Record<string, unknown>): Answer {
    const answer = this.answerGrant(body);
    if (answer.status !== 200) this.stats.grantsRefused++;
    return answer;
  }

  private answerGrant(body: Record<string, unknown>): Answer {
    // RFC 6749 section 5.2 for client authentication (assumed: Shopify's exact answer is not documented).
    if (!this.opts.apiKey) return oauthError(401, "invalid_client", simWording("the simulator was started without apiKey (the app's client id)"));
    if (body.client_id !== this.opts.apiKey || body.client_secret !== this.opts.apiSecret) return oauthError(401, "invalid_client", simWording("client_id or client_secret is wrong"));
    if (body.grant_type === TOKEN_EXCHANGE) return this.exchange(body);
    if (body.grant_type === "refresh_token") return this.refreshGrant(String(body.refresh_token ?? ""));
    return oauthError(400, "unsupported_grant_type", simWording(`grant_type ${String(body.grant_type)} is not supported`));
  }

  private exchange(body: Record<string, unknown>): Answer {
    if (!body.subject_token) return oauthError(400, "missing_subject_token", simWording("subject_token is required"));
    if (body.subject_token_type === OFFLINE_TOKEN) return oauthError(400, "not_simulated", "not simulated: migrating a non-expiring offline token by token exchange");
    if (body.subject_token_type !== ID_TOKEN) return oauthError(400, "invalid_request", simWording("subject_token_type must be urn:ietf:params:oauth:token-type:id_token"));
    if ((body.requested_token_type ?? OFFLINE_TOKEN) !== OFFLINE_TOKEN) return oauthError(400, "not_simulated", `not simulated: requested_token_type ${String(body.requested_token_type)}`);
    const verdict = verifySessionToken(String(body.subject_token), { apiKey: this.opts.apiKey!, apiSecret: this.opts.apiSecret, shop: this.opts.shop, now: this.opts.now() });
    // Documented: an expired or otherwise invalid session token fails with 400; the body is as captured by app developers.
    if ("problem" in verdict) return oauthError(400, "invalid_subject_token", "Token exchange cannot be performed due to an invalid subject.");
    const expiring = body.expiring === 1 || body.expiring === "1" || body.expiring === true;
    if (!expiring) return { status: 200, body: { access_token: this.nonExpiringToken(), scope: this.opts.scope() } };
    return { status: 200, body: this.issuePair(null) };
  }

  private refreshGrant(token: string): Answer {
    const now = this.opts.now().getTime();
    const r = this.refresh.get(token);
    const recoveryOver = r?.firstUsedAt != null && now > r.firstUsedAt + REFRESH_RECOVERY_MS;
    if (!r || r.revoked || r.retired || now >= r.expiresAt || recoveryOver) {
      // Status and error code as observed by app developers (401 invalid_request); Shopify does not document them.
      return oauthError(401, "invalid_request", simWording("refresh token is unknown, expired, retired or revoked"));
    }
    if (r.previous) this.refresh.get(r.previous)!.retired = true;
    r.firstUsedAt ??= now;
    this.stats.refreshed++;
    return { status: 200, body: this.issuePair(token) };
  }

  /** One expiring token is active per app and shop: a new pair revokes every other token, the previous refresh token aside. */
  private issuePair(previous: string | null): Record<string, unknown> {
    const now = this.opts.now().getTime();
    this.legacyRevoked = true;
    for (const a of this.access.values()) a.revoked = true;
    for (const [t, r] of this.refresh) if (t !== previous) r.revoked = true;
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    this.access.set(accessToken, { expiresAt: now + ACCESS_TOKEN_TTL_S * 1000, revoked: false });
    this.refresh.set(refreshToken, { expiresAt: now + REFRESH_TOKEN_TTL_S * 1000, firstUsedAt: null, previous, retired: false, revoked: false });
    this.stats.issued++;
    return { access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_S, refresh_token: refreshToken, refresh_token_expires_in: REFRESH_TOKEN_TTL_S, scope: this.opts.scope() };
  }

  /** Authorizing offline without expiry again returns the same token (Shopify's non-expiring offline tokens). */
  private nonExpiringToken(): string {
    for (const [t, a] of this.access) if (a.expiresAt === null && !a.revoked) return t;
    const t = `shpat_${randomBytes(16).toString("hex")}`;
    this.access.set(t, { expiresAt: null, revoked: false });
    this.stats.issued++;
    return t;
  }
}

/** POST /admin/oauth/access_token with a JSON or form-encoded body (Shopify's libraries send JSON). */
export async function handleTokenRequest(
  authority: TokenAuthority,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  /** Network fault: the grant is made, then the connection is reset before the answer (the answer is lost). */
  loseAnswer: (grantType: string) => boolean = () => false,
): Promise<void> {
  const raw = (await readBody(req, 64 * 1024)).toString("utf8");
  let body: Record<string, unknown>;
  try {
    body = (req.headers["content-type"] ?? "").includes("application/json") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    body = {};
  }
  const grant = body && typeof body === "object" ? body : {};
  const answer = authority.grant(grant);
  if (answer.status === 200 && loseAnswer(String(grant.grant_type ?? ""))) {
    req.socket.destroy();
    return;
  }
  sendJson(res, answer.status, answer.body);
}
