import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import type { Loose } from "./loose";
import { seedShop, type SeededOrder } from "./seed";
import type { ShopifySimulator } from "./simulator";
import { TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator } from "./test-helpers";

// Protected customer data per shop: refused fields come back null with an error at their path (HTTP 200),
// as in https://shopify.dev/docs/apps/launch/protected-customer-data.

let sim: ShopifySimulator;
let order: SeededOrder;

const READ = `query($id: ID!) {
  order(id: $id) {
    name
    email
    customer { id displayName defaultEmailAddress { emailAddress } }
    shippingAddress { city countryCodeV2 address1 zip firstName phone }
  }
}`;

async function read() {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TEST_MERCHANT_TOKEN },
    body: JSON.stringify({ query: READ, variables: { id: order.id } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Loose> };
}

const denied = (path: Array<string | number>, object = "Customer") => ({
  message: `This app is not approved to access the ${object} object. See https://partners.shopify.com/0/apps/0/customer_data for more details.`,
  locations: expect.any(Array),
  path,
});

beforeEach(async () => {
  sim = await startTestSimulator("http://127.0.0.1:9");
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  [order] = await seedShop(client, {
    orders: [
      {
        customer: { firstName: "Ana", lastName: "Ruiz", email: "ana@example.com" },
        shippingAddress: { firstName: "Ana", lastName: "Ruiz", address1: "Calle Mayor 1", city: "Madrid", zip: "28013", countryCode: "ES", phone: "+34600000000" },
        lineItems: [{ title: "Shirt", quantity: 1, price: "20.00" }],
      },
    ],
  });
});
afterEach(async () => {
  await sim.close();
});

describe("Shopify simulator protected customer data", () => {
  it("answers everything by default (level 2 with every field), as the app's tests expect", async () => {
    const r = await read();
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.order).toMatchObject({ email: "ana@example.com", customer: { displayName: "Ana Ruiz" }, shippingAddress: { address1: "Calle Mayor 1", zip: "28013" } });
  });

  it("nulls the fields of unapproved level-2 categories and names each in an error, keeping the rest (partial answer)", async () => {
    sim.setProtectedCustomerData({ level: "level2", fields: ["name", "email"] });
    const r = await read();
    expect(r.status).toBe(200);
    expect(r.body.data.order).toMatchObject({
      email: "ana@example.com",
      customer: { displayName: "Ana Ruiz", defaultEmailAddress: { emailAddress: "ana@example.com" } },
      shippingAddress: { city: "Madrid", countryCodeV2: "ES", address1: null, zip: null, firstName: "Ana", phone: null },
    });
    expect(r.body.errors).toEqual([denied(["order", "shippingAddress", "address1"]), denied(["order", "shippingAddress", "zip"]), denied(["order", "shippingAddress", "phone"])]);
    expect(r.body.errors[0].extensions).toBeUndefined();
  });

  it("under level 1 keeps customer data but none of name, email, phone or address", async () => {
    sim.setProtectedCustomerData({ level: "level1" });
    const r = await read();
    // Customer.displayName is non-null, so its refusal nulls the whole customer, as GraphQL does.
    expect(r.body.data.order).toMatchObject({ name: order.name, email: null, customer: null, shippingAddress: { city: "Madrid", address1: null } });
    expect(r.body.errors.map((e: Loose) => e.path.join(".")).sort()).toEqual(
      ["order.customer.displayName", "order.email", "order.shippingAddress.address1", "order.shippingAddress.firstName", "order.shippingAddress.phone", "order.shippingAddress.zip"],
    );
  });

  it("without approval refuses the Order object itself", async () => {
    sim.setProtectedCustomerData({ level: "none" });
    const r = await read();
    expect(r.body.data).toEqual({ order: null });
    expect(r.body.errors).toEqual([denied(["order"], "Order")]);
  });
});
