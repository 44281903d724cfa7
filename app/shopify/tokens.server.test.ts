import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testEngines, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_SECRET, TEST_SHOP, mintSessionToken, startTestSimulator } from "../../sandbox/shopify/test-helpers";
import type { Clock } from "../runtime/clock";
import type { Runtime } from "../runtime/runtime.server";
import { resealShopifySessions } from "./session-reseal.server";
import { createSessionVault, isSealed, offlineSessionId } from "./session-vault.server";
import { REFRESH_AHEAD_MS, ShopifyDisconnectedError } from "./tokens.server";

// The app's token service against the Shopify simulator issuing expiring tokens, on the simulator's clock:
// install by token exchange, refresh ahead of expiry and on a 401, a lost answer, several processes, revocation.

const MINUTE = 60_000;
const PROBE = "query Probe { locations(first: 1) { nodes { id } } }";

describe.each(testEngines())("Shopify token service on %s", (kind) => {
  let t: TestDb;
  let sim: ShopifySimulator;
  const runtimes: Runtime[] = [];
  let lines: string[];

  beforeEach(async () => {
    t = await createTestDb(kind);
    sim = await startTestSimulator("http://127.0.0.1:9", { tokens: "expiring" });
    lines = [];
  });
  afterEach(async () => {
    await Promise.allSettled(runtimes.splice(0).map((r) => r.close()));
    await sim.close();
    await t.cleanup();
  });

  /** A process of the app: its own runtime (its own token service and lease owner) on the shared database. */
  async function app(): Promise<Runtime> {
    const clock: Clock = { now: () => sim.clock.now().getTime(), sleep: () => new Promise((r) => setImmediate(r)) };
    const rt = await createTestRuntime(t, { clock, logSink: (l) => lines.push(l), env: { SHOPIFY_API_SECRET: TEST_SECRET, SHOPIFY_ADMIN_API_ORIGIN: sim.url } });
    runtimes.push(rt);
    return rt;
  }

  const probe = async (rt: Runtime) => (await (await rt.shop(TEST_SHOP).admin()).request(PROBE)).data;

  it("installs by token exchange and keeps both tokens sealed at rest", async () => {
    const rt = await app();
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    const row = await t.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(TEST_SHOP) } });
    expect(isSealed(row.accessToken)).toBe(true);
    expect(isSealed(row.refreshToken!)).toBe(true);
    expect(row.expires!.getTime() - sim.clock.now().getTime()).toBeGreaterThan(59 * MINUTE);
    expect(await probe(rt)).toMatchObject({ locations: { nodes: expect.any(Array) } });
    const opened = await createSessionVault(rt).read(TEST_SHOP);
    expect(opened!.accessToken).toMatch(/^shpat_/);
  });

  it("refreshes a token before it expires, so Shopify never sees an expired one", async () => {
    const rt = await app();
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    for (let hour = 0; hour < 3; hour++) {
      sim.clock.advance(60 * MINUTE - REFRESH_AHEAD_MS + MINUTE);
      await probe(rt);
    }
    expect(sim.tokenStats()).toMatchObject({ refreshed: 3, rejected: 0, grantsRefused: 0 });
  });

  it("refreshes once when Shopify refuses a token it has replaced, and the request goes through", async () => {
    const rt = await app();
    const installed = await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    // A refresh whose answer never reached the app: Shopify revoked the stored access token, kept the refresh token.
    const lost = await fetch(`${sim.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: rt.env.SHOPIFY_API_KEY, client_secret: TEST_SECRET, grant_type: "refresh_token", refresh_token: installed.refreshToken }),
    });
    expect(lost.status).toBe(200);
    await probe(rt);
    expect(sim.tokenStats()).toMatchObject({ refreshed: 2, rejected: 1, grantsRefused: 0 });
    expect(lines.some((l) => l.includes("shopify.token_rejected"))).toBe(true);
  });

  it("repeats a refresh whose answer was lost with the same refresh token and stores the pair it then gets", async () => {
    const rt = await app();
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    sim.loseNextGrantAnswer("refresh_token");
    sim.clock.advance(59 * MINUTE);
    await probe(rt);
    expect(sim.lostGrantAnswers()).toBe(1);
    expect(sim.tokenStats()).toMatchObject({ refreshed: 2, rejected: 0, grantsRefused: 0 });
    sim.clock.advance(59 * MINUTE);
    await probe(rt);
    expect(sim.tokenStats()).toMatchObject({ refreshed: 3, rejected: 0, grantsRefused: 0 });
  });

  it("lets one process refresh a shop's token while the others wait for the pair it stores", async () => {
    const processes = [await app(), await app(), await app()];
    await processes[0].tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    sim.clock.advance(58 * MINUTE);
    const tokens = await Promise.all(processes.flatMap((rt) => [rt.tokens.current(TEST_SHOP), rt.tokens.current(TEST_SHOP)]));
    expect(new Set(tokens.map((s) => s.accessToken)).size).toBe(1);
    expect(sim.tokenStats()).toMatchObject({ refreshed: 1, grantsRefused: 0 });
  });

  it("takes over the lease of a process that died while refreshing", async () => {
    const rt = await app();
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    sim.clock.advance(58 * MINUTE);
    await t.db.session.update({ where: { id: offlineSessionId(TEST_SHOP) }, data: { refreshLeaseOwner: "dead-process", refreshLeaseUntil: new Date(sim.clock.now().getTime() + 5000) } });
    const waiting = rt.tokens.current(TEST_SHOP);
    sim.clock.advance(6000);
    await waiting;
    expect(sim.tokenStats()).toMatchObject({ refreshed: 1, grantsRefused: 0 });
  });

  it("disconnects a shop whose refresh token Shopify refuses, once, with the reason, and stops calling Shopify for it", async () => {
    const rt = await app();
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    sim.revokeTokens();
    sim.clock.advance(58 * MINUTE);
    const err = await probe(rt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShopifyDisconnectedError);
    expect((err as Error).message).toMatch(/Open Returns Bridge from the Shopify admin/);
    const settings = await t.db.shopSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    expect(settings.disconnectedAt).not.toBeNull();
    expect(settings.disconnectedReason).toMatch(/refused the refresh token \(401\)/);
    expect(lines.filter((l) => l.includes("shopify.disconnected"))).toHaveLength(1);
    await expect(probe(rt)).rejects.toBeInstanceOf(ShopifyDisconnectedError);
    expect(sim.tokenStats().grantsRefused).toBe(1);
  });

  it("reconnects a disconnected shop when the merchant opens the app again (a new session token)", async () => {
    const rt = await app();
    const installed = await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    sim.revokeTokens();
    await expect(rt.tokens.rejected(TEST_SHOP, installed.accessToken)).rejects.toBeInstanceOf(ShopifyDisconnectedError);
    await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    expect(await t.db.shopSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ disconnectedAt: null, disconnectedReason: null });
    await probe(rt);
  });

  it("reads a session stored before tokens were sealed, and the reseal seals it without changing the tokens", async () => {
    const rt = await app();
    const pair = await rt.tokens.exchange(TEST_SHOP, mintSessionToken(sim));
    await t.db.session.update({ where: { id: pair.id }, data: { accessToken: pair.accessToken, refreshToken: pair.refreshToken } });
    await probe(rt);
    expect(await resealShopifySessions(rt)).toEqual({ sealed: 1, resealed: 0, skipped: 0, total: 1 });
    const row = await t.db.session.findUniqueOrThrow({ where: { id: pair.id } });
    expect([isSealed(row.accessToken), isSealed(row.refreshToken!)]).toEqual([true, true]);
    expect((await createSessionVault(rt).read(TEST_SHOP))!.refreshToken).toBe(pair.refreshToken);
    expect(await resealShopifySessions(rt)).toEqual({ sealed: 0, resealed: 0, skipped: 0, total: 1 });
  });
});
