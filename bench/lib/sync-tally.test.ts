import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import { testHttp } from "../../test/runtime";
import type { RecordedRequest } from "../../sandbox/lib/sim-server";
import { startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify";
import { kindOf } from "./sync-seed";
import { startShopifyMeter, type ShopifyMeter } from "./sync-shopify-meter";
import { appMutationNames, countProviderRequests, diffProvider, tallyShopify } from "./sync-tally";

// The sync benchmark's counters: what they count must match what the simulators answered.

describe("sync benchmark counters", () => {
  let rever: ReverSimulator;
  let shopify: ShopifySimulator;
  let meter: ShopifyMeter;

  beforeAll(async () => {
    rever = await startReverSimulator();
    shopify = await startShopifySimulator({ apiSecret: "bench-secret-0123456789", merchantToken: "shpat_test", shop: "tally.myshopify.com", appUrl: "http://127.0.0.1:9", webhookPaths: {} });
    meter = await startShopifyMeter(shopify.url);
  });
  afterAll(async () => {
    await Promise.all([rever?.close(), shopify?.close(), meter?.close()]);
  });

  it("counts every provider request and each 429, whatever the simulator keeps in its log", async () => {
    const counter = countProviderRequests(rever.requests);
    rever.createProcess({ processId: "proc_tally", orderNumber: "1001" });
    rever.setRateLimit(1);
    const before = counter.snapshot();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${rever.url}/v1/processes/proc_tally/logistics`, { headers: { "x-rever-api-key": rever.credential } });
      statuses.push(res.status);
    }
    rever.setRateLimit(null);
    const pass = diffProvider(before, counter.snapshot());
    expect(pass).toMatchObject({ sent: 3, throttled: statuses.filter((s) => s === 429).length, writes: 0 });
    expect(pass.throttled).toBeGreaterThan(0);
    expect(pass.byRoute.get("GET /v1/processes/:id/logistics")).toBe(3);
  });

  it("keeps counting after a log that drops its oldest entries", () => {
    const log: RecordedRequest[] = [];
    const counter = countProviderRequests(log);
    for (let i = 0; i < 6000; i++) {
      const r: RecordedRequest = { method: i % 10 ? "GET" : "POST", path: `/v1/processes/p${i}/logistics`, route: null, kind: "unrouted", documented: false, query: {}, body: undefined, headers: {} };
      log.push(r);
      if (log.length > 5000) log.splice(0, log.length - 5000);
      r.answeredWith = i % 100 ? 200 : 429;
    }
    expect(log).toHaveLength(5000);
    expect(counter.snapshot()).toMatchObject({ sent: 6000, throttled: 60, writes: 600 });
  });

  it("reads the actual cost Shopify charged through the pass-through, and names mutations from the app's source", async () => {
    const admin = createAdminClient({ shop: "tally.myshopify.com", accessToken: "shpat_test", apiOrigin: meter.url, http: testHttp() });
    const from = shopify.calls.length;
    const before = meter.actualCost();
    const query = `query ReturnStatuses($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Return { id status } } }`;
    const one = await admin.request(query, { ids: ["gid://shopify/Return/1"] });
    const two = await admin.request(query, { ids: ["gid://shopify/Return/2", "gid://shopify/Order/3"] });
    expect(typeof one.cost?.actualQueryCost).toBe("number");
    expect(meter.answers()).toBe(2);
    expect(meter.actualCost() - before).toBe((one.cost?.actualQueryCost ?? NaN) + (two.cost?.actualQueryCost ?? NaN));
    const names = appMutationNames(path.resolve(import.meta.dirname, "../.."));
    expect(names.has("ReverseDeliveryCreateWithShipping")).toBe(true);
    expect(names.has("ReturnStatuses")).toBe(false);
    expect(tallyShopify(shopify.calls, from, names)).toMatchObject({ calls: 2, throttled: 0, mutations: 0 });
  });

  it("seeds 1% new trackings and 1% status changes, half of the rest tracked", () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) counts[kindOf(i)] = (counts[kindOf(i)] ?? 0) + 1;
    expect(counts).toEqual({ "new-tracking": 100, closed: 50, canceled: 50, tracked: 5000, quiet: 4800 });
  });
});
