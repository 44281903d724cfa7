import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../../test/db";
import { createTestRuntime, testHttp } from "../../test/runtime";
import { installShop } from "../../test/install-shop";
import { AuthenticationError, NotFoundError, RateLimitedError, UnavailableError, ValidationError } from "../http/errors.server";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "../../sandbox/shopify/test-helpers";
import { systemClock } from "../runtime/clock";
import { createAdminClient, ShopifyBuckets, type AdminClient, type AdminClientOptions, type TokenSource } from "./graphql-client.server";
import { fetchOrderForExtension } from "./graphql/order-for-extension.server";
import { fetchReturnForSync } from "./graphql/return-for-sync.server";

// The gateway against the Shopify simulator over real HTTP: pacing, retries and error mapping.

let receiver: WebhookReceiver;
let sim: ShopifySimulator;
let buckets: ShopifyBuckets;
let client: AdminClient;
let order: SeededOrder;

// HTTP retry backoff runs instantly in these tests (testHttp's clock); pacing and THROTTLED waits are real.
const http = testHttp();

/** A client of the simulator; extra options override the defaults. */
function simClient(extra: Partial<AdminClientOptions> = {}): AdminClient {
  return createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http, ...extra });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  sim = await startTestSimulator(receiver.url);
  // Seeding paces in a bucket of its own, so the client under test starts knowing nothing of the shop's bucket.
  [order] = await seedShop(simClient(), {
    orders: [
      {
        customer: { firstName: "Ana", lastName: "Ruiz", email: "ana@example.com", phone: "+34600000001" },
        shippingAddress: { firstName: "Ana", lastName: "Ruiz", address1: "Gran Via 1", city: "Madrid", zip: "28013", countryCode: "ES" },
        lineItems: [{ title: "Shirt", quantity: 2, price: "20.00", sku: "SH-1" }],
        returns: [{ status: "OPEN" }],
      },
    ],
  });
  buckets = new ShopifyBuckets(systemClock);
  client = simClient({ bucket: buckets.for(TEST_SHOP) });
  return () => sim.close();
});

describe("Shopify Admin GraphQL client", () => {
  it("posts to the shop's versioned endpoint with the access token and returns the data", async () => {
    expect(client.endpoint).toBe(`${sim.url}/admin/api/2026-07/graphql.json`);
    const o = await fetchOrderForExtension(client, order.id);
    expect(o).toMatchObject({ name: order.name, email: "ana@example.com", shippingAddress: { firstName: "Ana", lastName: "Ruiz" } });
    expect(createAdminClient({ shop: "x.myshopify.com", accessToken: "t0ken-value", http }).endpoint).toBe("https://x.myshopify.com/admin/api/2026-07/graphql.json");
  });

  it("talks to the simulator when the runtime's SHOPIFY_ADMIN_API_ORIGIN is set, to the shop otherwise", async () => {
    const t = await createTestDb();
    try {
      // The runtime's clients take the shop's token from its offline session, stored at install.
      const viaEnv = await createTestRuntime(t, { env: { SHOPIFY_ADMIN_API_ORIGIN: sim.url, SHOPIFY_API_SECRET: TEST_SECRET } });
      try {
        await installShop(viaEnv, sim);
        const admin = await viaEnv.shop(TEST_SHOP).admin();
        expect(admin.endpoint).toBe(`${sim.url}/admin/api/2026-07/graphql.json`);
        expect((await fetchOrderForExtension(admin, order.id))?.id).toBe(order.id);
        expect(viaEnv.buckets.state(TEST_SHOP)).toMatchObject({ maximumAvailable: 1000 });
      } finally {
        await viaEnv.close();
      }
      const production = await createTestRuntime(t);
      try {
        expect((await production.shop(TEST_SHOP).admin()).endpoint).toBe(`https://${TEST_SHOP}/admin/api/2026-07/graphql.json`);
      } finally {
        await production.close();
      }
    } finally {
      await t.cleanup();
    }
  });

  it("completes a burst larger than the bucket without a single THROTTLED reaching the caller", async () => {
    sim.setThrottle({ bucketSize: 120, currentlyAvailable: 120, restoreRate: 1000 });
    const burst = Array.from({ length: 40 }, () => fetchOrderForExtension(client, order.id));
    const results = await Promise.all(burst);
    expect(results.every((o) => o?.id === order.id)).toBe(true);
    const served = sim.calls.filter((c) => c.operationName === "OrderForExtension");
    const spent = served.reduce((s, c) => s + (c.throttled ? 0 : c.requestedQueryCost ?? 0), 0);
    expect(spent).toBeGreaterThan(120); // the burst really was larger than the bucket
    expect(served.filter((c) => c.throttled)).toEqual([]); // paced: Shopify never had to say THROTTLED
    expect(buckets.state(TEST_SHOP)).toMatchObject({ maximumAvailable: 120, restoreRate: 1000 });
  });

  it("waits and retries when Shopify answers THROTTLED anyway (another app drained the bucket)", async () => {
    await fetchOrderForExtension(client, order.id); // learn the bucket: full
    sim.setThrottle({ currentlyAvailable: 0, restoreRate: 200 });
    const o = await fetchOrderForExtension(client, order.id);
    expect(o?.id).toBe(order.id);
    const served = sim.calls.filter((c) => c.operationName === "OrderForExtension");
    expect(served.map((c) => c.throttled)).toEqual([false, true, false]);
  });

  it("gives up with RateLimitedError when THROTTLED keeps coming", async () => {
    const stubborn = simClient({ shop: "other.myshopify.com", maxThrottleRetries: 1 });
    sim.setThrottle({ currentlyAvailable: 0, restoreRate: 0.001 });
    await expect(fetchOrderForExtension(stubborn, order.id)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("retries a 5xx answer with backoff and then returns the data", async () => {
    sim.failNext(2, 502);
    const o = await fetchOrderForExtension(client, order.id);
    expect(o?.id).toBe(order.id);
    expect(sim.calls.slice(-3).map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it("reports a Shopify outage as a retryable UnavailableError once retries run out", async () => {
    sim.failNext(10, 503);
    const err = await fetchOrderForExtension(client, order.id).catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.retryable).toBe(true);
  });

  it("turns a wrong access token into AuthenticationError without leaking the token", async () => {
    const bad = simClient({ shop: "bad.myshopify.com", accessToken: "shpat_wrong_token_123" });
    const err = await fetchOrderForExtension(bad, order.id).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(err.toJSON()) + err.message).not.toContain("shpat_wrong_token_123");
  });

  it("turns an id of the wrong type (RESOURCE_NOT_FOUND with a null payload) into NotFoundError", async () => {
    const err = await fetchReturnForSync(client, order.id).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("RESOURCE_NOT_FOUND");
    expect(err.message).toContain(`Invalid id: ${order.id}`);
  });

  it("returns null for a return that does not exist", async () => {
    expect(await fetchReturnForSync(client, "gid://shopify/Return/1")).toBeNull();
  });

  it("turns a validation error into a terminal ValidationError naming the field", async () => {
    const err = await client.request(`query Broken { shop { notAShopField } }`).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe("undefinedField");
    expect(err.retryable).toBe(false);
  });

  it("remembers each operation's requested cost for planning", async () => {
    await fetchOrderForExtension(client, order.id);
    expect(client.knownCost("OrderForExtension")).toBe(sim.calls.at(-1)!.requestedQueryCost);
    expect(client.throttleState()).toMatchObject({ maximumAvailable: 1000, restoreRate: 100, inFlight: 0 });
  });

  it("shares what it learnt of a shop's bucket with the runtime's other clients of that shop, not with a fresh runtime's", async () => {
    await fetchOrderForExtension(client, order.id);
    const sibling = simClient({ bucket: buckets.for(TEST_SHOP) });
    expect(sibling.throttleState()).toMatchObject({ maximumAvailable: 1000, restoreRate: 100 });
    expect(sibling.knownCost("OrderForExtension")).toBe(client.knownCost("OrderForExtension"));
    expect(new ShopifyBuckets(systemClock).state(TEST_SHOP)).toBeUndefined();
    expect(simClient().throttleState()).toBeUndefined();
  });

  it("asks its token source again after a 401 and retries once with the new token", async () => {
    const rejected: string[] = [];
    let current = "shpat_expired_token_456";
    const source: TokenSource = {
      get: async () => current,
      rejected: async (token) => {
        rejected.push(token);
        current = TEST_MERCHANT_TOKEN;
      },
    };
    const o = await fetchOrderForExtension(simClient({ accessToken: source }), order.id);
    expect(o?.id).toBe(order.id);
    expect(rejected).toEqual(["shpat_expired_token_456"]);
    expect(sim.calls.filter((c) => c.operationName === "OrderForExtension").map((c) => c.status)).toEqual([200]);
  });

  it("fails with AuthenticationError when the refreshed token is refused too, without asking a third time", async () => {
    const rejected: string[] = [];
    let n = 0;
    const source: TokenSource = {
      get: async () => `shpat_still_wrong_${n}`,
      rejected: async (token) => {
        rejected.push(token);
        n++;
      },
    };
    const err = await fetchOrderForExtension(simClient({ accessToken: source }), order.id).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(rejected).toEqual(["shpat_still_wrong_0"]);
    expect(JSON.stringify(err.toJSON()) + err.message).not.toMatch(/shpat_still_wrong/);
  });

  it("gives the shop's bucket its place back when the token cannot be read, so the shop's next call still goes out", async () => {
    let fail = true;
    const source: TokenSource = {
      get: async () => {
        if (fail) throw new AuthenticationError(`${TEST_SHOP} has no offline session: the app is not installed`, { service: "shopify" });
        return TEST_MERCHANT_TOKEN;
      },
    };
    const shared = buckets.for(TEST_SHOP);
    await expect(fetchOrderForExtension(simClient({ accessToken: source, bucket: shared }), order.id)).rejects.toBeInstanceOf(AuthenticationError);
    expect(shared.snapshot()?.inFlight ?? 0).toBe(0);
    fail = false;
    // The first call of an unknown bucket goes alone: had the failed one kept its place, this one would wait forever.
    const o = await fetchOrderForExtension(simClient({ accessToken: source, bucket: shared }), order.id);
    expect(o?.id).toBe(order.id);
  });

  it("takes only refused fields for a partial answer, when the caller accepts one, and fails on any other field error", async () => {
    sim.setProtectedCustomerData({ level: "level2", fields: ["name", "email"] });
    const query = `query PartialOrder($order: ID!) { order(id: $order) { id shippingAddress { city address1 } } }`;
    const partial = await client.request(query, { order: order.id }, { allowPartial: true });
    expect(partial.data).toEqual({ order: { id: order.id, shippingAddress: { city: "Madrid", address1: null } } });
    expect(partial.fieldErrors).toEqual([expect.objectContaining({ path: ["order", "shippingAddress", "address1"], message: expect.stringMatching(/not approved to access/) })]);
    await expect(client.request(query, { order: order.id })).rejects.toBeInstanceOf(ValidationError);
    // An Order id where a Return is expected: a field error that is no refusal fails the call even so.
    const wrongType = `query WrongType($order: ID!, $wrong: ID!) { order(id: $order) { id } return(id: $wrong) { id } }`;
    await expect(client.request(wrongType, { order: order.id, wrong: order.id }, { allowPartial: true })).rejects.toBeInstanceOf(NotFoundError);
    const whole = await client.request(`query WholeOrder($order: ID!) { order(id: $order) { id } }`, { order: order.id }, { allowPartial: true });
    expect(whole.fieldErrors).toBeUndefined();
  });
});
