import { afterEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import type { Loose } from "./loose";
import { seedShop, type SeedOrderSpec } from "./seed";
import type { ShopifySimulator } from "./simulator";
import { TEST_SHOP, TEST_MERCHANT_TOKEN, merchantGraphql, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "./test-helpers";

// What returns automation needs of the simulator: the return reason library, paid orders and the refund Shopify
// suggests, returnProcess with dispositions and a refund (and what it refuses), the dispose webhook, read_locations.

let sim: ShopifySimulator;
let receiver: WebhookReceiver;
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

async function start() {
  receiver = await startWebhookReceiver();
  sim = await startTestSimulator(receiver.url);
}

async function seed(returns: SeedOrderSpec["returns"] = [{ status: "OPEN", lines: [{ line: 0, quantity: 2 }], reasonHandle: "too-tight" }]) {
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  const [order] = await seedShop(client, { orders: [{ lineItems: [{ title: "Shirt", quantity: 3, price: "20.00", variantId: "gid://shopify/ProductVariant/48500000000001" }], returns }] });
  const ret = sim.store.returns.get(order.returns[0].id)!;
  const rfo = sim.store.rfos.get(ret.rfoIds[0]);
  return { order, ret, rliId: ret.lineItemIds[0], rfoLineId: rfo?.lineItemIds[0] };
}

const gql = (query: string, variables: Record<string, unknown> = {}) => merchantGraphql(sim, query, variables);

const PROCESS = `mutation($input: ReturnProcessInput!) { returnProcess(input: $input) { return { id returnLineItems(first: 5) { nodes { id processedQuantity unprocessedQuantity } } } userErrors { code field message } } }`;
const SUGGEST = `query($id: ID!, $lines: [SuggestedOutcomeReturnLineItemInput!]!) { return(id: $id) { suggestedFinancialOutcome(returnLineItems: $lines, exchangeLineItems: []) { financialTransfer { __typename ... on RefundReturnOutcome { amount { shopMoney { amount currencyCode } } suggestedTransactions { kind amountSet { shopMoney { amount } } parentTransaction { id kind } } } } } } }`;

describe("Shopify simulator: what returns automation uses", () => {
  it("lists the return reasons the docs name, filters them by handle, and reads a line's reason back", async () => {
    await start();
    const all = await gql(`{ returnReasonDefinitions(first: 50) { nodes { id handle name deleted } } }`);
    expect(all.data.returnReasonDefinitions.nodes.map((n: Loose) => n.handle)).toEqual(["arrived-late", "color-too-bright", "comfort", "quality", "too-tight"]);
    const one = await gql(`{ returnReasonDefinitions(first: 5, handles: ["quality"]) { nodes { handle } } }`);
    expect(one.data.returnReasonDefinitions.nodes).toEqual([{ handle: "quality" }]);
    const { ret } = await seed();
    const read = await gql(`query($id: ID!) { return(id: $id) { returnLineItems(first: 5) { nodes { returnReasonDefinition { handle name } } } } }`, { id: ret.id });
    expect(read.data.return.returnLineItems.nodes).toEqual([{ returnReasonDefinition: { handle: "too-tight", name: "Too tight" } }]);
  });

  it("refuses a return line whose reason definition does not exist", async () => {
    await start();
    const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
    const [o] = await seedShop(client, { orders: [{ lineItems: [{ title: "Hat", quantity: 1, price: "10.00" }] }] });
    const res = await gql(`mutation($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } userErrors { code field } } }`, {
      input: { orderId: o.id, returnLineItems: [{ fulfillmentLineItemId: o.fulfillmentLineItemIds[0], quantity: 1, returnReason: "OTHER", returnReasonDefinitionId: "gid://shopify/ReturnReasonDefinition/999999" }] },
    });
    expect(res.data.returnRequest).toEqual({ return: null, userErrors: [{ code: "NOT_FOUND", field: ["input", "returnLineItems", "0", "returnReasonDefinitionId"] }] });
  });

  it("suggests the returned lines' price against the order's sale, and returnProcess records dispositions and the refund once", async () => {
    await start();
    const { ret, rliId, rfoLineId, order } = await seed();
    const suggested = (await gql(SUGGEST, { id: ret.id, lines: [{ id: rliId, quantity: 2 }] })).data.return.suggestedFinancialOutcome.financialTransfer;
    const sale = sim.store.orders.get(order.id)!.transactionIds[0];
    expect(suggested).toEqual({
      __typename: "RefundReturnOutcome",
      amount: { shopMoney: { amount: "40.0", currencyCode: "EUR" } },
      suggestedTransactions: [{ kind: "SUGGESTED_REFUND", amountSet: { shopMoney: { amount: "40.0" } }, parentTransaction: { id: sale, kind: "SALE" } }],
    });
    const location = [...sim.store.locations.keys()][0];
    const input = {
      returnId: ret.id,
      returnLineItems: [{ id: rliId, quantity: 2, dispositions: [{ reverseFulfillmentOrderLineItemId: rfoLineId, quantity: 2, dispositionType: "RESTOCKED", locationId: location }] }],
      financialTransfer: { issueRefund: { orderTransactions: [{ transactionAmount: { amount: "40.00", currencyCode: "EUR" }, parentId: sale }] } },
    };
    const done = await gql(PROCESS, { input });
    expect(done.data.returnProcess).toEqual({ return: { id: ret.id, returnLineItems: { nodes: [{ id: rliId, processedQuantity: 2, unprocessedQuantity: 0 }] } }, userErrors: [] });
    const after = await gql(`query($id: ID!) { order(id: $id) { totalRefundedSet { shopMoney { amount } } transactions { kind parentTransaction { id } amountSet { shopMoney { amount } } } } }`, { id: order.id });
    expect(after.data.order.totalRefundedSet.shopMoney.amount).toBe("40.0");
    expect(after.data.order.transactions.map((t: Loose) => t.kind)).toEqual(["SALE", "REFUND"]);
    expect(sim.store.rfoLineItems.get(rfoLineId!)!.dispositions.map((d) => [d.type, d.quantity, d.locationId])).toEqual([["RESTOCKED", 2, location]]);
    // The same input again: nothing is left to process, nothing left to refund.
    const again = await gql(PROCESS, { input });
    expect(again.data.returnProcess.userErrors.map((e: Loose) => e.field.join("."))).toEqual(["input.returnLineItems.0.quantity"]);
    await sim.webhooks.flush();
    expect(receiver.received.filter((w) => w.headers["x-shopify-topic"] === "returns/process")).toHaveLength(1);
  });

  it("refuses a refund beyond what the sale has left, RESTOCKED without a location and an exchange line it never made", async () => {
    await start();
    const { ret, rliId, rfoLineId, order } = await seed();
    const sale = sim.store.orders.get(order.id)!.transactionIds[0];
    const res = await gql(PROCESS, {
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: rliId, quantity: 1, dispositions: [{ reverseFulfillmentOrderLineItemId: rfoLineId, quantity: 1, dispositionType: "RESTOCKED" }] }],
        exchangeLineItems: [{ id: "gid://shopify/ExchangeLineItem/1", quantity: 1 }],
        financialTransfer: { issueRefund: { orderTransactions: [{ transactionAmount: { amount: "60.01", currencyCode: "EUR" }, parentId: sale }] } },
      },
    });
    expect(res.data.returnProcess.return).toBeNull();
    expect(res.data.returnProcess.userErrors.map((e: Loose) => `${e.code} ${e.field.join(".")}`)).toEqual([
      "BLANK input.returnLineItems.0.dispositions.0.locationId",
      "NOT_FOUND input.exchangeLineItems.0.id",
      "INVALID input.financialTransfer.issueRefund.orderTransactions.0.transactionAmount",
    ]);
    expect(sim.store.returnLineItems.get(rliId)!.processedQuantity).toBe(0);
  });

  it("announces reverse_fulfillment_orders/dispose in the shape of Shopify's sample payload", async () => {
    await start();
    const { rfoLineId, ret } = await seed();
    const location = [...sim.store.locations.keys()][1];
    const res = await gql(`mutation($d: [ReverseFulfillmentOrderDisposeInput!]!) { reverseFulfillmentOrderDispose(dispositionInputs: $d) { userErrors { code } } }`, {
      d: [{ reverseFulfillmentOrderLineItemId: rfoLineId, quantity: 2, dispositionType: "RESTOCKED", locationId: location }],
    });
    expect(res.data.reverseFulfillmentOrderDispose.userErrors).toEqual([]);
    await sim.webhooks.flush();
    const hook = receiver.received.find((w) => w.headers["x-shopify-topic"] === "reverse_fulfillment_orders/dispose");
    expect(hook?.json).toEqual({
      id: expect.any(Number),
      admin_graphql_api_id: ret.rfoIds[0],
      total_dispositions: 1,
      dispositions: [{ reverse_fulfillment_order_line_item: { id: expect.any(Number), admin_graphql_api_id: rfoLineId }, reverse_delivery_line_item: null, type: "restocked", location: { id: expect.any(Number), admin_graphql_api_id: location }, quantity: 2 }],
    });
  });

  it("answers ACCESS_DENIED for locations without read_locations", async () => {
    await start();
    expect((await gql(`{ locations(first: 2) { nodes { name } } }`)).data.locations.nodes).toHaveLength(2);
    sim.setScopes(["read_orders", "read_returns", "write_returns"]);
    const denied = await gql(`{ locations(first: 2) { nodes { name } } }`);
    expect(denied.errors[0]).toMatchObject({ message: "Access denied for locations field. Required access: `read_locations` access scope.", extensions: { code: "ACCESS_DENIED" }, path: ["locations"] });
  });
});
