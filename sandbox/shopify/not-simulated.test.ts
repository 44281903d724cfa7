import path from "node:path";
import { TypeInfo, isInterfaceType, isObjectType, isUnionType, parse, visit, visitWithTypeInfo } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDocuments } from "../../test/graphql-documents";
import { fullShopifySchema } from "./document-check";
import type { Loose } from "./loose";
import { resolvers } from "./resolvers";
import { servedFromProperty } from "./served-fields";
import { simulatorSchema, type ShopifySimulator } from "./simulator";
import { TEST_MERCHANT_TOKEN, startTestSimulator } from "./test-helpers";

// The simulator knows what it does not model: a real Shopify field it does not serve is NOT_SIMULATED (never
// "doesn't exist", never a made-up value), and every field the app's documents use is served.

let sim: ShopifySimulator;
beforeAll(async () => {
  sim = await startTestSimulator("http://127.0.0.1:9");
});
afterAll(async () => {
  await sim.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TEST_MERCHANT_TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Loose> };
}

const served = (type: string, field: string) => Boolean(resolvers[type]?.[field]) || servedFromProperty(type, field);

describe("what the Shopify simulator does not simulate", () => {
  it("answers a real Shopify field it does not serve with its own NOT_SIMULATED error, without data", async () => {
    const r = await gql(`query R { return(id: "gid://shopify/Return/1") { id refunds(first: 5) { nodes { id } } } }`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errors: [{ message: "not simulated: Return.refunds", locations: [{ line: 1, column: 53 }], extensions: { code: "NOT_SIMULATED" } }] });
  });

  it("keeps Shopify's own wording for a field that does not exist at Shopify either", async () => {
    const r = await gql(`query R { return(id: "gid://shopify/Return/1") { id colour } }`);
    expect(r.body.errors[0]).toMatchObject({ message: "Field 'colour' doesn't exist on type 'Return'", extensions: { code: "undefinedField" } });
  });

  it("names unserved arguments, types and input fields too", async () => {
    const arg = await gql(`mutation { removeFromReturn(returnId: "gid://shopify/Return/1", exchangeLineItems: []) { userErrors { code } } }`);
    expect(arg.body.errors[0].message).toBe("not simulated: argument Mutation.removeFromReturn(exchangeLineItems)");
    const type = await gql(`{ node(id: "gid://shopify/Product/1") { ... on Product { id } } }`);
    expect(type.body.errors[0].message).toBe("not simulated: type Product");
    const input = await gql(`mutation($input: ReturnRequestInput!) { returnRequest(input: $input) { userErrors { code } } }`, {
      input: { orderId: "gid://shopify/Order/1", returnLineItems: [], returnShippingFee: { amount: { amount: "5.00", currencyCode: "EUR" } } },
    });
    expect(input.body.errors[0]).toMatchObject({ message: "not simulated: input field ReturnRequestInput.returnShippingFee", extensions: { code: "NOT_SIMULATED" } });
  });

  it("answers NOT_SIMULATED at the field for an argument it accepts but would ignore", async () => {
    const byName = await gql(`{ locations(first: 1, sortKey: NAME) { nodes { id } } }`);
    expect(byName.body.errors).toBeUndefined();
    const r = await gql(`{ byId: locations(first: 1, sortKey: ID) { nodes { id } } }`);
    expect(r.body.data).toBeNull(); // the connection is non-null, so the error nulls the data
    expect(r.body.errors).toEqual([expect.objectContaining({ message: "not simulated: argument QueryRoot.locations(sortKey)", path: ["byId"], extensions: { code: "NOT_SIMULATED" } })]);
  });

  it("still refuses variables Shopify refuses in Shopify's INVALID_VARIABLE shape", async () => {
    const r = await gql(`query($id: ID!) { return(id: $id) { id } }`, {});
    expect(r.body.errors[0].extensions).toMatchObject({ code: "INVALID_VARIABLE" });
  });

  it("serves every field of its schema subset from a resolver or a record property", () => {
    const unserved: string[] = [];
    for (const t of Object.values(simulatorSchema().getTypeMap())) {
      if (!isObjectType(t) || t.name.startsWith("__")) continue;
      for (const f of Object.keys(t.getFields())) if (!served(t.name, f)) unserved.push(`${t.name}.${f}`);
    }
    expect(unserved).toEqual([]);
  });

  it("serves every field the app's documents select (app/ and extensions/)", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const docs = findDocuments([path.join(root, "app"), path.join(root, "extensions")]);
    const full = fullShopifySchema();
    const subset = simulatorSchema();
    const used = new Set<string>();
    for (const d of docs) {
      const info = new TypeInfo(full);
      visit(
        parse(d.source),
        visitWithTypeInfo(info, {
          Field(node) {
            const parent = info.getParentType();
            if (parent && !node.name.value.startsWith("__")) used.add(`${parent.name}.${node.name.value}`);
          },
        }),
      );
    }
    const list = [...used].sort();
    console.log(`fields the app's ${docs.length} documents use (${list.length}):\n  ${list.join("\n  ")}`);
    const missing = list.filter((tf) => {
      const [t, f] = tf.split(".");
      const type = subset.getType(t);
      if (!type || !(isObjectType(type) || isInterfaceType(type))) return !isUnionType(type);
      if (!type.getFields()[f]) return true;
      return isObjectType(type) && !served(t, f);
    });
    expect(docs.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
