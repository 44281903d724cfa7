import { afterEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import type { Loose } from "./loose";
import { seedShop, type SeedOrderSpec } from "./seed";
import type { ShopifySimulator, ShopifySimulatorOptions } from "./simulator";
import { TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "./test-helpers";

// The returns state machine: repeats, edits of closed returns, empty inputs, and which messages are Shopify's.

let sim: ShopifySimulator;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await sim.close();
  await receiver?.close();
  receiver = undefined;
});

async function start(extra: Partial<ShopifySimulatorOptions> = {}) {
  receiver = await startWebhookReceiver();
  sim = await startTestSimulator(receiver.url, extra);
}

async function seedReturn(returns: SeedOrderSpec["returns"] = [{ status: "OPEN", lines: [{ line: 0, quantity: 2 }] }]) {
  const client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  const [order] = await seedShop(client, { orders: [{ lineItems: [{ title: "Shirt", quantity: 3, price: "20.00" }], returns }] });
  const ret = sim.store.returns.get(order.returns[0].id)!;
  return { order, ret, rfoId: ret.rfoIds[0], rliId: ret.lineItemIds[0] };
}

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TEST_MERCHANT_TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return ((await res.json()) as Record<string, Loose>).data;
}

const CLOSE = `mutation($id: ID!) { returnClose(id: $id) { return { id status } userErrors { code field message } } }`;
const REOPEN = `mutation($id: ID!) { returnReopen(id: $id) { return { id status } userErrors { code field message } } }`;
const CANCEL = `mutation($id: ID!) { returnCancel(id: $id) { return { id status } userErrors { code field message } } }`;
const REMOVE = `mutation($id: ID!, $l: [ReturnLineItemRemoveFromReturnInput!]) { removeFromReturn(returnId: $id, returnLineItems: $l) { return { id status } userErrors { code field message } } }`;
const DISPOSE = `mutation($d: [ReverseFulfillmentOrderDisposeInput!]!) { reverseFulfillmentOrderDispose(dispositionInputs: $d) { reverseFulfillmentOrderLineItems { id } userErrors { code field message } } }`;
const DELIVER = `mutation($id: ID!) { reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $id, reverseDeliveryLineItems: [], notifyCustomer: false) { reverseDelivery { reverseDeliveryLineItems(first: 5) { nodes { quantity } } } userErrors { code field message } } }`;

describe("Shopify simulator returns state machine", () => {
  it("by default, as Shopify does, closing a closed return (and reopening an open one, canceling a canceled one) returns it unchanged and announces nothing", async () => {
    await start();
    const { ret } = await seedReturn([{ status: "CLOSED" }, { status: "OPEN" }, { status: "CANCELED" }]);
    const [, open, canceled] = [...sim.store.returns.values()];
    await sim.webhooks.flush();
    const before = sim.webhooks.delivered.length;
    expect((await gql(CLOSE, { id: ret.id })).returnClose).toEqual({ return: { id: ret.id, status: "CLOSED" }, userErrors: [] });
    expect((await gql(REOPEN, { id: open.id })).returnReopen).toEqual({ return: { id: open.id, status: "OPEN" }, userErrors: [] });
    expect((await gql(CANCEL, { id: canceled.id })).returnCancel).toEqual({ return: { id: canceled.id, status: "CANCELED" }, userErrors: [] });
    await sim.webhooks.flush();
    expect(sim.webhooks.delivered.length).toBe(before);
  });

  it("with repeatedTransitions: refuse, refuses the repeat with INVALID_STATE, in a message marked as the simulator's wording", async () => {
    await start({ repeatedTransitions: "refuse" });
    const { ret } = await seedReturn([{ status: "CLOSED" }]);
    const r = (await gql(CLOSE, { id: ret.id })).returnClose;
    expect(r.return).toBeNull();
    expect(r.userErrors).toEqual([{ code: "INVALID_STATE", field: ["id"], message: "[sim] Return is not in a valid state for this operation (status: CLOSED)." }]);
  });

  it("refuses to remove a line from a closed return and leaves it as it was", async () => {
    await start();
    const { ret, rliId } = await seedReturn([{ status: "CLOSED", lines: [{ line: 0, quantity: 2 }] }]);
    const r = (await gql(REMOVE, { id: ret.id, l: [{ returnLineItemId: rliId, quantity: 1 }] })).removeFromReturn;
    expect(r).toEqual({ return: null, userErrors: [{ code: "NOT_EDITABLE", field: ["returnId"], message: "[sim] Return is not editable (status: CLOSED)." }] });
    expect(sim.store.returnLineItems.get(rliId)!.quantity).toBe(2);
  });

  it("refuses an empty removal and an empty disposition list instead of doing nothing", async () => {
    await start();
    const { ret } = await seedReturn();
    expect((await gql(REMOVE, { id: ret.id, l: [] })).removeFromReturn.userErrors).toEqual([{ code: "BLANK", field: ["returnLineItems"], message: "[sim] Return line items can't be blank." }]);
    expect((await gql(DISPOSE, { d: [] })).reverseFulfillmentOrderDispose).toEqual({
      reverseFulfillmentOrderLineItems: null,
      userErrors: [{ code: "BLANK", field: ["dispositionInputs"], message: "[sim] Disposition inputs can't be blank." }],
    });
  });

  it("refuses to cancel a return once items were inspected (disposed), as the docs say", async () => {
    await start();
    const { ret, rfoId } = await seedReturn();
    const line = sim.store.rfos.get(rfoId)!.lineItemIds[0];
    const disposed = (await gql(DISPOSE, { d: [{ reverseFulfillmentOrderLineItemId: line, quantity: 1, dispositionType: "NOT_RESTOCKED" }] })).reverseFulfillmentOrderDispose;
    expect(disposed.userErrors).toEqual([]);
    const r = (await gql(CANCEL, { id: ret.id })).returnCancel;
    expect(r.userErrors[0]).toMatchObject({ code: "INVALID_STATE", field: ["id"] });
    expect(sim.store.returns.get(ret.id)!.status).toBe("OPEN");
  });

  it("delivers every line's total quantity for an empty line list, so a second empty delivery is refused in the captured words", async () => {
    await start();
    const { rfoId } = await seedReturn();
    const first = (await gql(DELIVER, { id: rfoId })).reverseDeliveryCreateWithShipping;
    expect(first.reverseDelivery.reverseDeliveryLineItems.nodes).toEqual([{ quantity: 2 }]); // the return holds 2 of the 3
    const second = (await gql(DELIVER, { id: rfoId })).reverseDeliveryCreateWithShipping;
    expect(second.userErrors).toEqual([{ code: null, field: ["reverseDeliveryLineItems", "0", "quantity"], message: "cannot deliver more items than are returned" }]);
  });

  it("refuses a reverse delivery and a disposition on a closed return's reverse fulfillment order", async () => {
    await start();
    const { ret, rfoId } = await seedReturn();
    await gql(CLOSE, { id: ret.id });
    expect((await gql(DELIVER, { id: rfoId })).reverseDeliveryCreateWithShipping.userErrors[0]).toMatchObject({ code: "INVALID_STATE", field: ["reverseFulfillmentOrderId"] });
    const line = sim.store.rfos.get(rfoId)!.lineItemIds[0];
    const r = (await gql(DISPOSE, { d: [{ reverseFulfillmentOrderLineItemId: line, quantity: 1, dispositionType: "NOT_RESTOCKED" }] })).reverseFulfillmentOrderDispose;
    expect(r.userErrors[0]).toMatchObject({ code: "INVALID_STATE", field: ["dispositionInputs"] });
  });
});
