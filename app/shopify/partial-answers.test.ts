import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator } from "../../sandbox/shopify/test-helpers";
import { createAdminClient, RefusedFieldsError, type AdminClient } from "./graphql-client.server";
import { deliverableOf } from "./graphql/fragments.server";
import { fetchOrderForExtension } from "./graphql/order-for-extension.server";
import { approveReturnRequest } from "./graphql/return-approve-request.server";
import { fetchReturnOrder } from "./graphql/return-order.server";
import { fetchReturnForSync } from "./graphql/return-for-sync.server";
import { createReverseDeliveryWithShipping } from "./graphql/reverse-delivery-create-with-shipping.server";
import { fetchReverseDeliveryForAttach } from "./graphql/reverse-delivery-for-attach.server";

// Partial answers (decision record 0012): protected customer data the shop's approval does not cover comes back
// null with an error at its path; the operations that read customer data carry those refusals instead of failing.

let sim: ShopifySimulator;
let client: AdminClient;
let order: SeededOrder;

beforeEach(async () => {
  sim = await startTestSimulator("http://127.0.0.1:9");
  client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  [order] = await seedShop(client, {
    orders: [
      {
        customer: { firstName: "Ana", lastName: "Ruiz", email: "ana@example.com", phone: "+34600000001" },
        shippingAddress: { firstName: "Ana", lastName: "Ruiz", address1: "Gran Via 1", city: "Madrid", zip: "28013", countryCode: "ES" },
        lineItems: [{ title: "Shirt", quantity: 2, price: "20.00", sku: "SH-1" }],
        returns: [{ status: "REQUESTED" }],
      },
    ],
  });
});
afterEach(async () => {
  await sim.close();
});

describe("partial answers from Shopify", () => {
  it("read the order for the extension with the customer data a level-1 shop may not see null, each refusal listed", async () => {
    sim.setProtectedCustomerData({ level: "level1" });
    const o = await fetchOrderForExtension(client, order.id);
    expect(o).toMatchObject({ id: order.id, name: order.name, email: null, shippingAddress: { city: "Madrid", countryCodeV2: "ES", address1: null, zip: null } });
    expect(o!.lineItems.nodes.map((l) => l.sku)).toEqual(["SH-1"]);
    expect(o!.refused).toEqual(expect.arrayContaining(["order.email", "order.shippingAddress.address1", "order.shippingAddress.zip"]));
  });

  it("carry nothing refused when the shop's approval covers every field", async () => {
    const o = await fetchOrderForExtension(client, order.id);
    expect(o).toMatchObject({ email: "ana@example.com", shippingAddress: { name: "Ana Ruiz" }, refused: [] });
  });

  it("read a return's order apart from the return, with the email and name null under level 1", async () => {
    sim.setProtectedCustomerData({ level: "level1" });
    expect(await fetchReturnOrder(client, order.returns[0].id)).toEqual({ id: order.id, name: order.name, email: null, customerName: null });
    expect(await fetchReturnForSync(client, order.returns[0].id)).toMatchObject({ id: order.returns[0].id, status: "REQUESTED", refused: [] });
  });

  it("keep a return readable when its order is refused, and tell a refused order from a missing one", async () => {
    sim.setProtectedCustomerData({ level: "none" });
    // The sync read selects no order: the return stays readable; the order read says "none shared".
    expect(await fetchReturnForSync(client, order.returns[0].id)).toMatchObject({ id: order.returns[0].id, status: "REQUESTED" });
    expect(await fetchReturnOrder(client, order.returns[0].id)).toBeNull();
    expect(await fetchReturnForSync(client, "gid://shopify/Return/1")).toBeNull();
    // The order page's read: the order exists, the app may not read it (RefusedFieldsError, not "no such order").
    const err = await fetchOrderForExtension(client, order.id).catch((e) => e);
    expect(err).toBeInstanceOf(RefusedFieldsError);
    expect(err).toMatchObject({ refused: ["order"], code: "FIELD_REFUSED", retryable: false });
  });

  it("read a reverse delivery whose order is refused with no return id, so the webhook's return id is used", async () => {
    const approved = await approveReturnRequest(client, { returnId: order.returns[0].id, notifyCustomer: false });
    const rd = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: approved.reverseFulfillmentOrders.nodes[0].id, tracking: { number: "PK1" }, notifyCustomer: false });
    expect(await fetchReverseDeliveryForAttach(client, rd.id)).toMatchObject({ returnId: order.returns[0].id, trackingNumber: "PK1", refused: [] });
    sim.setProtectedCustomerData({ level: "none" });
    expect(await fetchReverseDeliveryForAttach(client, rd.id)).toMatchObject({ returnId: null, trackingNumber: "PK1", refused: ["reverseDelivery.reverseFulfillmentOrder.order"] });
  });

  it("keep only http(s) URLs of a delivery someone else attached, since the app renders them as links", () => {
    const rd = {
      id: "gid://shopify/ReverseDelivery/1",
      deliverable: { __typename: "ReverseDeliveryShippingDeliverable" as const, tracking: { number: "1Z", url: "javascript:alert(1)", carrierName: "UPS" }, label: { publicFileUrl: "https://cdn.shopify.com/label.pdf" } },
    };
    expect(deliverableOf(rd)).toEqual({ trackingNumber: "1Z", trackingUrl: null, carrierName: "UPS", labelUrl: "https://cdn.shopify.com/label.pdf" });
  });
});
