import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import type { Loose } from "./loose";
import { seedShop, type SeededOrder } from "./seed";
import type { ShopifySimulator } from "./simulator";
import { TEST_SHOP, TEST_MERCHANT_TOKEN, merchantGraphql, backdateOn, startTestSimulator } from "./test-helpers";

// Without read_all_orders, orders placed over 60 days ago (simulator clock) are out of the app's reach.

let sim: ShopifySimulator;
let recent: SeededOrder;
let old: SeededOrder;

const gql = (query: string, variables: Record<string, unknown> = {}) => merchantGraphql(sim, query, variables);

beforeEach(async () => {
  sim = await startTestSimulator("http://127.0.0.1:9");
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  const line = [{ title: "Shirt", quantity: 2, price: "20.00" }];
  [recent, old] = await seedShop(
    client,
    {
      orders: [
        { lineItems: line, ageDays: 59, returns: [{ status: "OPEN" }] },
        { lineItems: line, ageDays: 61, returns: [{ status: "OPEN" }] },
      ],
    },
    { backdateOrder: backdateOn(sim) },
  );
});
afterEach(async () => {
  await sim.close();
});

describe("Shopify simulator 60-day order window", () => {
  it("leaves an order older than 60 days out of orders, order(id:) and nodes", async () => {
    const listed = await gql(`{ orders(first: 10) { nodes { id } } }`);
    expect(listed.data.orders.nodes.map((o: Loose) => o.id)).toEqual([recent.id]);
    expect((await gql(`query($id: ID!) { order(id: $id) { id } }`, { id: old.id })).data.order).toBeNull();
    expect((await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [recent.id, old.id] })).data.nodes).toEqual([{ id: recent.id }, null]);
  });

  it("moves an order out of reach when the clock passes its 60th day", async () => {
    sim.clock.advance(2 * 24 * 60 * 60 * 1000);
    const listed = await gql(`{ orders(first: 10) { nodes { id } } }`);
    expect(listed.data.orders.nodes).toEqual([]);
  });

  it("answers NOT_SIMULATED when an old order is reached through its return, since the docs do not say", async () => {
    const r = await gql(`query($id: ID!) { return(id: $id) { id order { id } } }`, { id: old.returns[0].id });
    expect(r.data.return).toBeNull(); // Return.order is non-null: the error nulls the return
    expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^not simulated: Return\.order of an order older than 60 days/), extensions: { code: "NOT_SIMULATED" }, path: ["return", "order"] })]);
    const fine = await gql(`query($id: ID!) { return(id: $id) { id status } }`, { id: old.returns[0].id });
    expect(fine.data.return).toEqual({ id: old.returns[0].id, status: "OPEN" });
  });

  it("answers NOT_SIMULATED for a new return on an old order", async () => {
    const r = await gql(`mutation($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } userErrors { code } } }`, {
      input: { orderId: old.id, returnLineItems: [{ fulfillmentLineItemId: old.fulfillmentLineItemIds[0], quantity: 1, returnReason: "OTHER" }] },
    });
    expect(r.data.returnRequest).toBeNull();
    expect(r.errors[0]).toMatchObject({ extensions: { code: "NOT_SIMULATED" }, path: ["returnRequest"] });
  });

  it("reaches every order once the shop grants read_all_orders", async () => {
    sim.setScopes(["read_orders", "read_returns", "write_returns", "read_all_orders"]);
    const listed = await gql(`{ orders(first: 10) { nodes { id } } }`);
    expect(listed.data.orders.nodes.map((o: Loose) => o.id).sort()).toEqual([recent.id, old.id].sort());
    const r = await gql(`query($id: ID!) { return(id: $id) { order { id } } }`, { id: old.returns[0].id });
    expect(r.data.return.order.id).toBe(old.id);
  });
});
