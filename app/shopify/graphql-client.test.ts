import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setSleep } from "../http/client.server";
import { setLogSink } from "../logger.server";
import { AuthenticationError, NotFoundError, RateLimitedError, UnavailableError, ValidationError } from "../http/errors.server";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_SHOP, TEST_TOKEN, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "../../sandbox/shopify/test-helpers";
import { resetEnvCache } from "../env.server";
import { adminClientFor, createAdminClient, getThrottleState, resetThrottleStates, type AdminClient } from "./graphql-client.server";
import { fetchOrderForExtension } from "./graphql/order-for-extension.server";
import { fetchReturnForSync } from "./graphql/return-for-sync.server";

// The gateway against the Shopify simulator over real HTTP: pacing, retries and error mapping.

let receiver: WebhookReceiver;
let sim: ShopifySimulator;
let client: AdminClient;
let order: SeededOrder;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const prev = setSleep(async () => {}); // HTTP retry backoff runs instantly in these tests
  const prevSink = setLogSink(() => {});
  return () => {
    setSleep(prev);
    setLogSink(prevSink);
  };
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  resetThrottleStates();
  sim = await startTestSimulator(receiver.url);
  client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_TOKEN, apiOrigin: sim.url });
  [order] = await seedShop(client, {
    orders: [
      {
        customer: { firstName: "Ana", lastName: "Ruiz", email: "ana@example.com", phone: "+34600000001" },
        shippingAddress: { firstName: "Ana", lastName: "Ruiz", address1: "Gran Via 1", city: "Madrid", zip: "28013", countryCode: "ES" },
        lineItems: [{ title: "Shirt", quantity: 2, price: "20.00", sku: "SH-1" }],
        returns: [{ status: "OPEN" }],
      },
    ],
  });
  resetThrottleStates();
  return () => sim.close();
});

describe("Shopify Admin GraphQL client", () => {
  it("posts to the shop's versioned endpoint with the access token and returns the data", async () => {
    expect(client.endpoint).toBe(`${sim.url}/admin/api/2026-07/graphql.json`);
    const o = await fetchOrderForExtension(client, order.id);
    expect(o).toMatchObject({ name: order.name, customer: { displayName: "Ana Ruiz", defaultEmailAddress: { emailAddress: "ana@example.com" } } });
    expect(createAdminClient({ shop: "x.myshopify.com", accessToken: "t0ken-value" }).endpoint).toBe("https://x.myshopify.com/admin/api/2026-07/graphql.json");
  });

  it("talks to the simulator when SHOPIFY_ADMIN_API_ORIGIN is set, to the shop otherwise", async () => {
    const prev = process.env.SHOPIFY_ADMIN_API_ORIGIN;
    const prevDb = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL ??= "file:./tmp/unused.sqlite"; // env() validates the whole configuration
      process.env.SHOPIFY_ADMIN_API_ORIGIN = sim.url;
      resetEnvCache();
      const viaEnv = adminClientFor(TEST_SHOP, TEST_TOKEN);
      expect(viaEnv.endpoint).toBe(`${sim.url}/admin/api/2026-07/graphql.json`);
      expect((await fetchOrderForExtension(viaEnv, order.id))?.id).toBe(order.id);
      delete process.env.SHOPIFY_ADMIN_API_ORIGIN;
      resetEnvCache();
      expect(adminClientFor(TEST_SHOP, TEST_TOKEN).endpoint).toBe(`https://${TEST_SHOP}/admin/api/2026-07/graphql.json`);
    } finally {
      if (prev === undefined) delete process.env.SHOPIFY_ADMIN_API_ORIGIN;
      else process.env.SHOPIFY_ADMIN_API_ORIGIN = prev;
      if (prevDb === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = prevDb;
      resetEnvCache();
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
    expect(getThrottleState(TEST_SHOP)).toMatchObject({ maximumAvailable: 120, restoreRate: 1000 });
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
    const stubborn = createAdminClient({ shop: "other.myshopify.com", accessToken: TEST_TOKEN, apiOrigin: sim.url, maxThrottleRetries: 1 });
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
    const bad = createAdminClient({ shop: "bad.myshopify.com", accessToken: "shpat_wrong_token_123", apiOrigin: sim.url });
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
});
