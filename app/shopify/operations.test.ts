import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "../http/errors.server";
import { testHttp } from "../../test/runtime";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_SECRET, TEST_SHOP, TEST_MERCHANT_TOKEN, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "../../sandbox/shopify/test-helpers";
import { verifyWebhookHmac } from "../../sandbox/shopify/webhooks";
import { createAdminClient, type AdminClient } from "./graphql-client.server";
import { fetchOrderForExtension } from "./graphql/order-for-extension.server";
import { approveReturnRequest } from "./graphql/return-approve-request.server";
import { closeReturn } from "./graphql/return-close.server";
import { fetchReturnForSync } from "./graphql/return-for-sync.server";
import { fetchReturnStatuses } from "./graphql/return-statuses.server";
import { createReverseDeliveryWithShipping } from "./graphql/reverse-delivery-create-with-shipping.server";
import { updateReverseDeliveryShipping } from "./graphql/reverse-delivery-shipping-update.server";
import { uploadReturnLabel } from "./upload-return-label.server";

// Each gateway operation against the Shopify simulator over HTTP, the way the sync will call it.

let receiver: WebhookReceiver;
let sim: ShopifySimulator;
let client: AdminClient;
let orders: SeededOrder[];

const PDF = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
const ZPL = Buffer.from("^XA^FO50,50^ADN,36,20^FDRETURN^FS^XZ");

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  receiver.received.length = 0;
  sim = await startTestSimulator(receiver.url);
  // A fresh client each test: its own rate-limit bucket, HTTP retry backoff that runs at once.
  client = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: sim.url, http: testHttp() });
  orders = await seedShop(client, {
    orders: [
      {
        customer: { firstName: "Jordi", lastName: "Puig", email: "jordi@example.com", phone: "+34600000002" },
        shippingAddress: { firstName: "Jordi", lastName: "Puig", address1: "Carrer de Mallorca 210", city: "Barcelona", provinceCode: "B", zip: "08008", countryCode: "ES" },
        lineItems: [
          { title: "Sneakers", quantity: 2, price: "89.00", sku: "SN-42", variantTitle: "42" },
          { title: "Socks", quantity: 3, price: "9.99", sku: "SO-1" },
        ],
        returns: [{ status: "REQUESTED", lines: [{ line: 0, quantity: 1 }, { line: 1, quantity: 2 }] }],
      },
      { lineItems: [{ title: "Scarf", quantity: 1, price: "24.50" }], returns: [{ status: "OPEN" }] },
    ],
  });
  return () => sim.close();
});

async function openFirstReturn() {
  const r = orders[0].returns[0];
  const approved = await approveReturnRequest(client, { returnId: r.id, notifyCustomer: false });
  return { returnId: r.id, rfoId: approved.reverseFulfillmentOrders.nodes[0].id };
}

describe("Shopify gateway operations", () => {
  it("reads an order for the extension: contact, address, lines and returns, and no Customer object", async () => {
    const o = await fetchOrderForExtension(client, orders[0].id);
    expect(o).not.toHaveProperty("customer");
    expect(o).toMatchObject({
      name: orders[0].name,
      email: "jordi@example.com",
      shippingAddress: { address1: "Carrer de Mallorca 210", city: "Barcelona", zip: "08008", countryCodeV2: "ES" },
      returns: { nodes: [{ id: orders[0].returns[0].id, status: "REQUESTED" }] },
    });
    expect(o!.lineItems.nodes.map((l) => [l.sku, l.quantity, l.name])).toEqual([
      ["SN-42", 2, "Sneakers - 42"],
      ["SO-1", 3, "Socks"],
    ]);
    expect(await fetchOrderForExtension(client, "gid://shopify/Order/1")).toBeNull();
  });

  it("approves a requested return, which gives it a reverse fulfillment order", async () => {
    const before = await fetchReturnForSync(client, orders[0].returns[0].id);
    expect(before).toMatchObject({ status: "REQUESTED", reverseFulfillmentOrders: { nodes: [] } });
    const { rfoId } = await openFirstReturn();
    const after = await fetchReturnForSync(client, orders[0].returns[0].id);
    expect(after!.status).toBe("OPEN");
    expect(after!.reverseFulfillmentOrders.nodes[0]).toMatchObject({ id: rfoId, status: "OPEN", reverseDeliveries: { nodes: [] } });
    expect(after!.reverseFulfillmentOrders.nodes[0].lineItems.nodes.map((l) => l.totalQuantity)).toEqual([1, 2]);
  });

  it("refuses to approve twice with a ValidationError carrying Shopify's code and field", async () => {
    await openFirstReturn();
    const err = await approveReturnRequest(client, { returnId: orders[0].returns[0].id, notifyCustomer: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe("INVALID_STATE");
    expect(err.fields).toEqual({ "input.id": expect.stringMatching(/not in a valid state/) });
  });

  it("uploads a PDF label to a staged target, attaches it with tracking to every item, and Shopify serves it", async () => {
    const { returnId, rfoId } = await openFirstReturn();
    const label = await uploadReturnLabel(client, { bytes: PDF, filename: "return-label.pdf", mimeType: "application/pdf" });
    expect(Buffer.from(await (await fetch(label.fileUrl)).arrayBuffer())).toEqual(PDF);
    const rd = await createReverseDeliveryWithShipping(client, {
      reverseFulfillmentOrderId: rfoId,
      tracking: { number: "PK123456789ES", url: "https://tracking.example.com/PK123456789ES" },
      labelFileUrl: label.fileUrl,
      notifyCustomer: false,
    });
    expect(rd.reverseDeliveryLineItems.nodes.map((n) => n.quantity)).toEqual([1, 2]); // empty list = all items
    expect(rd.deliverable).toEqual({
      __typename: "ReverseDeliveryShippingDeliverable",
      tracking: { number: "PK123456789ES", url: "https://tracking.example.com/PK123456789ES", carrierName: null },
      label: { publicFileUrl: label.fileUrl },
    });
    const synced = await fetchReturnForSync(client, returnId);
    expect(synced!.reverseFulfillmentOrders.nodes[0].reverseDeliveries.nodes[0].id).toBe(rd.id);
    await sim.webhooks.flush();
    const hook = receiver.received.find((w) => w.headers["x-shopify-topic"] === "reverse_deliveries/attach_deliverable")!;
    expect(hook.json).toMatchObject({ admin_graphql_api_id: rd.id, return: { admin_graphql_api_id: returnId } });
    expect(verifyWebhookHmac(hook.rawBody, hook.headers["x-shopify-hmac-sha256"] as string, TEST_SECRET)).toBe(true);
  });

  it("sends notifyCustomer exactly as given (it defaults to true at Shopify)", async () => {
    const { rfoId } = await openFirstReturn();
    const seen: unknown[] = [];
    const spy = { ...client, request: (q: string, v?: Record<string, unknown>) => (seen.push(v?.notifyCustomer), client.request(q, v)) } as AdminClient;
    await createReverseDeliveryWithShipping(spy, { reverseFulfillmentOrderId: rfoId, tracking: { number: "A1" }, notifyCustomer: false });
    expect(seen).toEqual([false]);
  });

  it("does not attach a second delivery when the answer to the first was lost", async () => {
    const { returnId, rfoId } = await openFirstReturn();
    sim.failNext(1, 504, { afterExecuting: true });
    const findExisting = async () => {
      const r = await fetchReturnForSync(client, returnId);
      const d = r?.reverseFulfillmentOrders.nodes.flatMap((n) => n.reverseDeliveries.nodes).find((x) => x.deliverable?.tracking?.number === "LOST-1");
      return d ? { ...d, reverseFulfillmentOrder: { id: rfoId }, reverseDeliveryLineItems: { nodes: [] } } : undefined;
    };
    const rd = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: rfoId, tracking: { number: "LOST-1" }, notifyCustomer: false, findExisting });
    expect(sim.store.rfos.get(rfoId)!.deliveryIds).toEqual([rd.id]);
    expect(sim.calls.filter((c) => c.operationName === "ReverseDeliveryCreateWithShipping").map((c) => c.status)).toEqual([504]);
  });

  it("retries a create whose answer was lost when nothing was created", async () => {
    const { rfoId } = await openFirstReturn();
    sim.failNext(1, 502);
    const rd = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: rfoId, tracking: { number: "RETRY-1" }, notifyCustomer: false, findExisting: async () => undefined });
    expect(sim.store.rfos.get(rfoId)!.deliveryIds).toEqual([rd.id]);
  });

  it("accepts a PNG label and refuses a ZPL label before calling Shopify", async () => {
    await expect(uploadReturnLabel(client, { bytes: PNG, filename: "label.png", mimeType: "image/png" })).resolves.toMatchObject({ mimeType: "image/png" });
    const calls = sim.calls.length;
    const err = await uploadReturnLabel(client, { bytes: ZPL, filename: "label.zpl", mimeType: "application/pdf" }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/ZPL label cannot be attached.*customers cannot print ZPL/);
    expect(sim.calls.length).toBe(calls);
    await expect(uploadReturnLabel(client, { bytes: PDF, filename: "label.txt", mimeType: "text/plain" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("turns over-quantity line items into a ValidationError whose code is null and field names the line", async () => {
    const { rfoId } = await openFirstReturn();
    const synced = await fetchReturnForSync(client, orders[0].returns[0].id);
    const line = synced!.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0];
    const err = await createReverseDeliveryWithShipping(client, {
      reverseFulfillmentOrderId: rfoId,
      lineItems: [{ reverseFulfillmentOrderLineItemId: line.id, quantity: line.totalQuantity + 1 }],
      notifyCustomer: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBeNull();
    expect(err.fields).toEqual({ "reverseDeliveryLineItems.0.quantity": "cannot deliver more items than are returned" });
  });

  it("reports a missing reverse fulfillment order as NotFoundError and a wrong-type id as NotFoundError too", async () => {
    const missing = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: "gid://shopify/ReverseFulfillmentOrder/1", notifyCustomer: false }).catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.code).toBe("NOT_FOUND");
    const wrongType = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: orders[0].returns[0].id, notifyCustomer: false }).catch((e) => e);
    expect(wrongType).toBeInstanceOf(NotFoundError);
    expect(wrongType.code).toBe("RESOURCE_NOT_FOUND");
  });

  it("updates the tracking of an attached reverse delivery", async () => {
    const { rfoId } = await openFirstReturn();
    const rd = await createReverseDeliveryWithShipping(client, { reverseFulfillmentOrderId: rfoId, tracking: { number: "OLD" }, notifyCustomer: false });
    const updated = await updateReverseDeliveryShipping(client, { reverseDeliveryId: rd.id, tracking: { number: "NEW", url: "https://www.ups.com/track?tracknum=NEW" }, notifyCustomer: false });
    expect(updated.deliverable?.tracking).toEqual({ number: "NEW", url: "https://www.ups.com/track?tracknum=NEW", carrierName: "UPS" });
    await expect(updateReverseDeliveryShipping(client, { reverseDeliveryId: "gid://shopify/ReverseDelivery/1", tracking: { number: "X" }, notifyCustomer: false })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("closes an open return, and refuses to close it twice with Shopify's code", async () => {
    const { returnId } = await openFirstReturn();
    const closed = await closeReturn(client, returnId);
    expect(closed).toMatchObject({ id: returnId, status: "CLOSED", closedAt: expect.any(String) });
    // Closing it again is no error at Shopify: the closed return comes back unchanged.
    expect(await closeReturn(client, returnId)).toMatchObject({ id: returnId, status: "CLOSED", closedAt: closed.closedAt });
  });

  it("reads return statuses in one batch, with null for ids that are gone or not returns", async () => {
    const ids = [orders[0].returns[0].id, "gid://shopify/Return/1", orders[1].id, orders[1].returns[0].id];
    expect(await fetchReturnStatuses(client, ids)).toEqual([{ id: ids[0], status: "REQUESTED" }, null, null, { id: ids[3], status: "OPEN" }]);
    await expect(fetchReturnStatuses(client, Array.from({ length: 251 }, (_, i) => `gid://shopify/Return/${i}`))).rejects.toThrow(/at most 250/);
  });
});
