import { afterEach, describe, expect, it } from "vitest";
import type { Loose } from "./loose";
import { ACCESS_TOKEN_TTL_S, REFRESH_RECOVERY_MS, REFRESH_TOKEN_TTL_S } from "./oauth";
import { signSessionToken } from "./session-token";
import type { ShopifySimulator, ShopifySimulatorOptions } from "./simulator";
import { TEST_API_KEY, TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP, TEST_TOKEN, mintSessionToken, startTestSimulator } from "./test-helpers";

let sim: ShopifySimulator;
afterEach(async () => {
  await sim?.close();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function start(extra: Partial<ShopifySimulatorOptions> = {}) {
  sim = await startTestSimulator("http://127.0.0.1:9", extra);
  return sim;
}

async function tokenRequest(body: Record<string, unknown>, asForm = false) {
  const res = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": asForm ? "application/x-www-form-urlencoded" : "application/json", accept: "application/json" },
    body: asForm ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Loose> };
}

const exchange = (sessionToken = mintSessionToken(sim), extra: Record<string, unknown> = {}) =>
  tokenRequest({
    client_id: TEST_API_KEY,
    client_secret: TEST_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: sessionToken,
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    expiring: "1",
    ...extra,
  });

const refresh = (refreshToken: string) => tokenRequest({ client_id: TEST_API_KEY, client_secret: TEST_SECRET, grant_type: "refresh_token", refresh_token: refreshToken });

async function gqlStatus(token: string) {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query: "{ locations(first: 1) { nodes { id } } }" }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Loose> };
}

describe("Shopify simulator OAuth token endpoint", () => {
  it("exchanges a session token for an expiring offline token pair with Shopify's field names and lifetimes", async () => {
    await start();
    const r = await exchange();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 90 * 24 * 3600,
      scope: "read_orders,read_returns,write_returns,read_locations",
    });
    expect((await gqlStatus(r.body.access_token)).status).toBe(200);
  });

  it("accepts the same request form-encoded", async () => {
    await start();
    const r = await tokenRequest({ client_id: TEST_API_KEY, client_secret: TEST_SECRET, grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: mintSessionToken(sim), subject_token_type: "urn:ietf:params:oauth:token-type:id_token", expiring: "1" }, true);
    expect(r.status).toBe(200);
    expect(r.body.refresh_token).toMatch(/^shprt_/);
  });

  it("refuses a session token that expired, is signed with another secret, or names another shop, with 400 invalid_subject_token", async () => {
    await start();
    const expired = mintSessionToken(sim);
    sim.clock.advance(2 * MINUTE);
    const forged = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: "another-secret", now: sim.clock.now() });
    const otherShop = mintSessionToken(sim, { shop: "someone-else.myshopify.com" });
    for (const token of [expired, forged, otherShop]) {
      const r = await exchange(token);
      expect(r).toEqual({ status: 400, body: { error: "invalid_subject_token", error_description: "Token exchange cannot be performed due to an invalid subject." } });
    }
    expect(sim.tokenStats()).toMatchObject({ issued: 0, grantsRefused: 3 });
  });

  it("refuses a wrong client secret with 401 invalid_client before looking at the grant", async () => {
    await start();
    const r = await exchange(undefined, { client_secret: "not-the-secret" });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("invalid_client");
  });

  it("answers 401 with Shopify's body once the access token is 60 minutes old, and counts the rejection", async () => {
    await start();
    const { access_token } = (await exchange()).body;
    sim.clock.advance(ACCESS_TOKEN_TTL_S * 1000 - 1000);
    expect((await gqlStatus(access_token)).status).toBe(200);
    sim.clock.advance(1000);
    expect(await gqlStatus(access_token)).toEqual({ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } });
    expect(sim.tokenStats()).toMatchObject({ issued: 1, rejected: 1 });
  });

  it("refreshes into a new pair; the new access token works and the previous one is revoked", async () => {
    await start();
    const first = (await exchange()).body;
    sim.clock.advance(61 * MINUTE);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(Object.keys(second.body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "scope"]);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await gqlStatus(second.body.access_token)).status).toBe(200);
    expect((await gqlStatus(first.access_token)).status).toBe(401);
    expect(sim.tokenStats()).toMatchObject({ issued: 2, refreshed: 1 });
  });

  it("keeps the previous refresh token usable until its replacement is first used, then retires it", async () => {
    await start();
    const first = (await exchange()).body;
    const lost = (await refresh(first.refresh_token)).body; // the app never stored this answer
    const retried = await refresh(first.refresh_token);
    expect(retried.status).toBe(200);
    expect((await refresh(lost.refresh_token)).status).toBe(401); // superseded by the retry's pair
    const next = await refresh(retried.body.refresh_token);
    expect(next.status).toBe(200);
    const dead = await refresh(first.refresh_token);
    expect(dead.status).toBe(401);
    expect(dead.body.error).toBe("invalid_request");
  });

  it("ends the previous refresh token's recovery 30 days after its first use", async () => {
    await start();
    const first = (await exchange()).body;
    await refresh(first.refresh_token);
    sim.clock.advance(REFRESH_RECOVERY_MS - DAY);
    expect((await refresh(first.refresh_token)).status).toBe(200);
    sim.clock.advance(2 * DAY);
    expect((await refresh(first.refresh_token)).status).toBe(401);
  });

  it("lets a refresh token die 90 days after it was issued", async () => {
    await start();
    const first = (await exchange()).body;
    sim.clock.advance(REFRESH_TOKEN_TTL_S * 1000);
    expect((await refresh(first.refresh_token)).status).toBe(401);
  });

  it("keeps a shop alive for months by refreshing before each token dies", async () => {
    await start();
    let pair = (await exchange()).body;
    for (let hour = 0; hour < 24 * 120; hour += 12) {
      sim.clock.advance(12 * 60 * MINUTE);
      pair = (await refresh(pair.refresh_token)).body;
      expect(pair.access_token).toBeDefined();
    }
    expect((await gqlStatus(pair.access_token)).status).toBe(200);
  });

  it("revokes every token of the shop on uninstall, the fixed legacy token included, but not the merchant's own app's", async () => {
    // Legacy mode: the fixed non-expiring token only works there.
    await start({ tokens: "legacy" });
    const pair = (await exchange(undefined, { expiring: "0" })).body;
    expect(pair).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: "read_orders,read_returns,write_returns,read_locations" });
    sim.revokeTokens(TEST_SHOP);
    expect((await gqlStatus(pair.access_token)).status).toBe(401);
    expect((await gqlStatus(TEST_TOKEN)).status).toBe(401);
    expect((await gqlStatus(TEST_MERCHANT_TOKEN)).status).toBe(200);
  });

  it("retires the fixed non-expiring token once the shop has an expiring one", async () => {
    // Legacy mode: the fixed non-expiring token only works there.
    await start({ tokens: "legacy" });
    expect((await gqlStatus(TEST_TOKEN)).status).toBe(200);
    await exchange();
    expect((await gqlStatus(TEST_TOKEN)).status).toBe(401);
  });

  it("by default (tokens: expiring) answers a non-expiring token with 403 and serves only issued expiring tokens, and the merchant's own app", async () => {
    await start();
    expect((await gqlStatus(TEST_MERCHANT_TOKEN)).status).toBe(200);
    const legacy = await gqlStatus(TEST_TOKEN);
    expect(legacy.status).toBe(403);
    expect(legacy.body.errors).toMatch(/Non-expiring access tokens are no longer accepted/);
    const { access_token } = (await exchange()).body;
    expect((await gqlStatus(access_token)).status).toBe(200);
  });

  it("says what it does not simulate instead of guessing: online tokens and token migration", async () => {
    await start();
    const online = await exchange(undefined, { requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" });
    expect(online).toMatchObject({ status: 400, body: { error: "not_simulated" } });
    const migration = await exchange(TEST_TOKEN, { subject_token_type: "urn:shopify:params:oauth:token-type:offline-access-token" });
    expect(migration).toMatchObject({ status: 400, body: { error: "not_simulated" } });
  });
});
