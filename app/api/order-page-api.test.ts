import { describe, expect, it } from "vitest";
import * as approveRoute from "../routes/api.returns.$returnId.approve";
import * as labelFileRoute from "../routes/api.returns.$returnId.label-file";
import * as labelRoute from "../routes/api.returns.$returnId.label";
import * as orderReturnsRoute from "../routes/api.orders.$orderId.returns";
import { handleAttachedDeliverable } from "../returns/attach-deliverable.server";
import { TEST_SHOP } from "../../sandbox/shopify/test-helpers";
import { reconcileShop } from "../returns/reconcile-shop.server";
import { callRoute, legacy, PROFILES, saveConnection, ifConnection, type RouteModule } from "../../test/order-page-harness";
import { orderPageSuite } from "../../test/order-page-suite";

// The label flow from the API route down to the simulators: ID token -> authenticate.admin -> zod -> use-case
// -> iF / REVER -> Shopify staged upload -> reverse delivery, with the database checked at every step. Run against
// both simulator profiles: the default one with the assumptions it models turned on, and the documented minimum
// with the merchant's defaults, where no test may see a success the simulator did not give.

describe.each(PROFILES)("the label API against the %s simulators", (profile) => {
  const minimum = profile === "documented-minimum";
  const suite = orderPageSuite(profile, { clearFaults: true });
  const { label, rfoOf, deliveriesOf, linkOf } = suite;

  describe("POST /api/returns/:id/label with iF returns", () => {
    it.runIf(!minimum)("creates the label at iF, attaches file and tracking in Shopify, and stores the shipment and timeline", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const before = suite.h.ifSim.state.createCount;

      const res = await label(ret.id, { carrierService: "IF-UPS-EXPRESS-SAVER", labelFormat: "PDF", parcels: [{ weightGrams: 800, lengthCm: 30, widthCm: 20, heightCm: 8 }], notifyCustomer: false });

      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.json).toMatchObject({ provider: "IFRETURNS", state: "ATTACHED", reused: false, attachedToShopify: true, labelFormat: "PDF", carrier: "ups" });
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      // iF received the order's shipping address as origin and the warehouse from settings as destination.
      const created = suite.h.ifSim.shipmentsByClientId(`rb-${legacy(ret.id)}-${legacy(rfoOf(ret.id).id)}`);
      expect(created).toHaveLength(1);
      expect(created[0].request).toMatchObject({
        shipmentType: "RETURN",
        carrierServiceCode: "IF-UPS-EXPRESS-SAVER",
        labelFormat: "PDF",
        origin: { fullName: "Lucía García", email: "lucia@example.com", address: { line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" } },
        destination: { fullName: "Returns warehouse", address: { line1: "Avenida de la Logística 4", city: "Getafe" } },
        parcels: [{ weight: 800, length: 30, width: 20, height: 8 }],
      });
      const trackingNumber = created[0].trackingNumber!;
      expect(res.json.trackingNumber).toBe(trackingNumber);

      // Shopify: one reverse delivery with our tracking and the label uploaded through a staged upload.
      const [rd] = deliveriesOf(ret.id);
      expect(deliveriesOf(ret.id)).toHaveLength(1);
      expect(rd.tracking).toMatchObject({ number: trackingNumber, url: created[0].trackingUrl });
      expect(rd.label?.publicFileUrl).toMatch(/\/staged-files\//);
      const file = await fetch(rd.label!.publicFileUrl);
      expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
      expect(res.json.reverseDeliveryId).toBe(rd.id);

      // Database: shipment attached (APP, echo-suppressible), link tracking, timeline entries.
      const link = await linkOf(ret.id);
      expect(link.shipments).toHaveLength(1);
      expect(link.shipments[0]).toMatchObject({ state: "ATTACHED", source: "APP", provider: "IFRETURNS", trackingNumber, reverseDeliveryGid: rd.id, labelFormat: "PDF", error: null });
      expect(link).toMatchObject({ trackingNumber, trackingUrl: created[0].trackingUrl, providerStatus: "LABEL_CREATED" });
      const labelEvents = link.events.filter((e) => e.kind === "label");
      expect(labelEvents.map((e) => [e.source, e.result])).toEqual([
        ["IFRETURNS", "OK"],
        ["APP", "OK"],
      ]);

      // Shopify's reverse_deliveries/attach_deliverable for our own write is recognised as an echo: nothing is pushed back.
      const echo = await handleAttachedDeliverable(suite.h.rt.shop(TEST_SHOP), { reverseDeliveryGid: rd.id, eventId: `echo-${rd.id}`, eventAt: new Date(), payload: {} });
      expect(echo.outcome).toBe("echo");
      expect(echo.followUps).toEqual([]);
    });

    it.runIf(minimum)("requests the label at iF and shows it waiting for iF's file: no tracking, nothing in Shopify, and a sync asks again without a second create", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const before = suite.h.ifSim.state.createCount;

      const res = await label(ret.id, {});

      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: "IFRETURNS", state: "REQUESTED", trackingNumber: null, attachedToShopify: false, reverseDeliveryId: null });
      expect(res.json.notice).toMatch(/waiting for iF returns's file/);
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      expect(deliveriesOf(ret.id)).toHaveLength(0);
      let link = await linkOf(ret.id);
      expect(link.shipments).toMatchObject([{ state: "REQUESTED", trackingNumber: null, labelUrl: null }]);
      expect(link).toMatchObject({ providerStatus: "LABEL_CREATED", trackingNumber: null });

      // Reconciliation asks iF again with its documented read; the answer still has no file, so nothing changes.
      const gets = () => suite.h.ifSim.requests.filter((r) => r.method === "GET" && r.route?.endsWith("/shipping_labels")).length;
      const getsBefore = gets();
      await reconcileShop(suite.h.rt.shop(TEST_SHOP));
      expect(gets()).toBeGreaterThan(getsBefore);
      link = await linkOf(ret.id);
      expect(link.shipments).toMatchObject([{ state: "REQUESTED", trackingNumber: null }]);
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      expect(deliveriesOf(ret.id)).toHaveLength(0);
      const printable = await callRoute(suite.h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${legacy(ret.id)}/label-file`, params: { returnId: legacy(ret.id) }, token: suite.token });
      expect(printable.status).toBe(404);
    });

    it("answers a double submit with one label: both requests get the same shipment", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const before = suite.h.ifSim.state.createCount;

      const [a, b] = await Promise.all([label(ret.id, {}), label(ret.id, {})]);

      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.json.shipmentId).toBe(b.json.shipmentId);
      expect(a.json.trackingNumber).toBe(b.json.trackingNumber);
      expect([a.json.reused, b.json.reused].sort()).toEqual([false, true]);
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      expect(deliveriesOf(ret.id)).toHaveLength(minimum ? 0 : 1);
      const link = await linkOf(ret.id);
      expect(link.shipments).toHaveLength(1);
      expect(link.events.filter((e) => e.kind === "label" && e.source === "IFRETURNS")).toHaveLength(1);

      // A third click later returns the stored label without creating one again (a label still waiting for its
      // file is asked for with iF's documented read, GET /shipping_labels).
      const posts = suite.h.ifSim.requests.filter((r) => r.method === "POST").length;
      const c = await label(ret.id, {});
      expect(c.json).toMatchObject({ shipmentId: a.json.shipmentId, reused: true, state: minimum ? "REQUESTED" : "ATTACHED" });
      expect(suite.h.ifSim.requests.filter((r) => r.method === "POST").length).toBe(posts);
    });

    it("retries after a timeout without a second label: the label iF made while the answer was lost is found", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const before = suite.h.ifSim.state.createCount;
      const impatient = await suite.h.runtime({ providerTransport: { timeoutMs: 300, retry: { maxAttempts: 1 } } });
      suite.h.ifSim.setFaults({ rateTimeout: 1, times: 1, only: { method: "POST", pathIncludes: "/shipping_labels" } });

      const first = await label(ret.id, {}, suite.token, impatient);

      expect(first.status).toBe(504);
      expect(first.json.error).toMatchObject({ kind: "timeout", retryable: true, service: "ifreturns" });
      expect(first.json.error.message).toMatch(/did not answer within 300 ms/);
      expect(suite.h.ifSim.state.createCount).toBe(before + 1); // iF did make it
      expect(deliveriesOf(ret.id)).toHaveLength(0);
      expect((await linkOf(ret.id)).shipments[0]).toMatchObject({ state: "FAILED", trackingNumber: null });

      const retry = await label(ret.id, {}, suite.token, impatient);

      expect(retry.status).toBe(200);
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      const made = suite.h.ifSim.shipmentsByClientId(`rb-${legacy(ret.id)}-${legacy(rfoOf(ret.id).id)}`);
      expect(made).toHaveLength(1);
      expect(retry.json).toMatchObject(minimum ? { state: "REQUESTED", trackingNumber: null } : { state: "ATTACHED", trackingNumber: made[0].trackingNumber });
      expect(deliveriesOf(ret.id)).toHaveLength(minimum ? 0 : 1);
    });

    it.runIf(!minimum)("resumes a label created at iF whose attach failed, without asking iF for a second one", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const before = suite.h.ifSim.state.createCount;
      suite.h.ifSim.setFaults({ rate5xx: 1, only: { method: "GET", pathIncludes: "/files/labels/" } });

      const first = await label(ret.id, {});

      expect(first.status).toBe(503);
      expect(first.json.error).toMatchObject({ kind: "unavailable", retryable: true, service: "download" });
      const stopped = (await linkOf(ret.id)).shipments[0];
      expect(stopped).toMatchObject({ state: "CREATED", reverseDeliveryGid: null });
      expect(stopped.error).toMatch(/created at iF returns but not attached to Shopify/);
      expect(deliveriesOf(ret.id)).toHaveLength(0);

      suite.h.ifSim.setFaults({});
      const posts = suite.h.ifSim.requests.filter((r) => r.method === "POST").length;
      const retry = await label(ret.id, {});

      expect(retry.status).toBe(200);
      expect(retry.json).toMatchObject({ state: "ATTACHED", reused: true, trackingNumber: stopped.trackingNumber, attachedToShopify: true });
      expect(suite.h.ifSim.state.createCount).toBe(before + 1);
      expect(suite.h.ifSim.requests.filter((r) => r.method === "POST").length).toBe(posts);
      expect(deliveriesOf(ret.id)).toHaveLength(1);
    });

    it("passes iF's refusal of an invalid carrier through as a readable message, stores nothing half-done, and a corrected retry works", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      await saveConnection(suite.h.rt, "returns-bridge-test.myshopify.com", await ifConnection(suite.h, { carrierServices: "IF-UPS-EXPRESS-SAVER, IF-SEUR-HOME2SHOP, IF-DHL-NOPE", credential: "" }));
      const before = suite.h.ifSim.state.createCount;

      const refused = await label(ret.id, { carrierService: "IF-DHL-NOPE" });

      expect(refused.status).toBe(422);
      expect(refused.json.error).toMatchObject({ kind: "validation", service: "ifreturns", retryable: false });
      // The documented minimum's error body carries no reason: the status is all the merchant can be told.
      expect(refused.json.error.message).toMatch(minimum ? /ifreturns answered 400/ : /IF-DHL-NOPE is not a carrier connection/);
      expect(suite.h.ifSim.state.createCount).toBe(before);
      expect(deliveriesOf(ret.id)).toHaveLength(0);
      let link = await linkOf(ret.id);
      expect(link.shipments).toMatchObject([{ state: "FAILED", trackingNumber: null, reverseDeliveryGid: null }]);
      expect(link.shipments[0].error).toMatch(minimum ? /400/ : /IF-DHL-NOPE/);
      expect(link.trackingNumber).toBeNull();
      expect(link.events.at(-1)).toMatchObject({ kind: "label", result: "ERROR" });

      const fixed = await label(ret.id, { carrierService: "IF-SEUR-HOME2SHOP" });

      expect(fixed.status).toBe(200);
      expect(fixed.json).toMatchObject({ state: minimum ? "REQUESTED" : "ATTACHED", carrier: "seur" });
      link = await linkOf(ret.id);
      expect(link.shipments).toHaveLength(1);
      expect(link.shipments[0]).toMatchObject({ state: minimum ? "REQUESTED" : "ATTACHED", carrierService: "IF-SEUR-HOME2SHOP", error: null });
      expect(deliveriesOf(ret.id)).toHaveLength(minimum ? 0 : 1);
      await saveConnection(suite.h.rt, "returns-bridge-test.myshopify.com", await ifConnection(suite.h, { credential: "" }));
    });

    it.runIf(!minimum)("keeps a ZPL label as a download: tracking attached in Shopify, no file", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];

      const res = await label(ret.id, { labelFormat: "ZPL" });

      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ labelFormat: "ZPL", attachedToShopify: false, shopifyLabelUrl: null });
      expect(res.json.notice).toMatch(/ZPL label kept for download/);
      const [rd] = deliveriesOf(ret.id);
      expect(rd.tracking?.number).toBe(res.json.trackingNumber);
      expect(rd.label).toBeNull();

      const file = await callRoute(suite.h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${legacy(ret.id)}/label-file`, params: { returnId: legacy(ret.id) }, token: suite.token });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("application/x-zpl");
      expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(Buffer.from(file.bytes).toString("latin1")).toMatch(/^\^XA/);
    });
  });

  describe("labels only for open returns", () => {
    it("refuses a requested return with a code the extension turns into an approval offer, then labels it once approved", async () => {
      const order = await suite.h.seedOrder(["REQUESTED"]);
      const ret = order.returns[0];

      const refused = await label(ret.id, {});
      expect(refused.status).toBe(422);
      expect(refused.json.error).toMatchObject({ code: "RETURN_NOT_APPROVED" });
      expect(refused.json.error.message).toMatch(/approve it first/);
      expect(await suite.h.t.db.shipment.count({ where: { returnLink: { returnGid: ret.id } } })).toBe(0);

      const approved = await callRoute(suite.h.rt, approveRoute as RouteModule, { path: `/api/returns/${legacy(ret.id)}/approve`, params: { returnId: legacy(ret.id) }, token: suite.token, body: { notifyCustomer: false } });
      expect(approved.status).toBe(200);
      expect(approved.json).toMatchObject({ status: "OPEN", alreadyOpen: false, reverseFulfillmentOrders: [{ status: "OPEN" }] });
      expect(suite.h.shopify.store.returns.get(ret.id)!.status).toBe("OPEN");

      const res = await label(ret.id, { reverseFulfillmentOrderId: approved.json.reverseFulfillmentOrders[0].id });
      expect(res.status).toBe(200);
      expect(res.json.reverseFulfillmentOrderId).toBe(approved.json.reverseFulfillmentOrders[0].id);
    });

    it("approves first when asked to in the same request", async () => {
      const order = await suite.h.seedOrder(["REQUESTED"]);
      const res = await label(order.returns[0].id, { approveFirst: true });
      expect(res.status).toBe(200);
      expect(suite.h.shopify.store.returns.get(order.returns[0].id)!.status).toBe("OPEN");
    });
  });

  describe("request validation and authentication", () => {
    it("answers 400 naming the field for a malformed body", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const res = await label(order.returns[0].id, { parcels: [{ weightGrams: 0 }], colour: "red" });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toMatchObject({ "(body)": expect.stringMatching(/colour/) });
    });

    it("answers 401 without a token and for a token signed with another secret", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const none = await label(order.returns[0].id, {}, null);
      expect(none.status).toBe(401);
      const { getJwt } = await import("@shopify/shopify-api/test-helpers");
      const forged = (await getJwt("returns-bridge-test", suite.h.rt.env.SHOPIFY_API_KEY, "not-the-app-secret-000")).token;
      const bad = await label(order.returns[0].id, {}, forged);
      expect(bad.status).toBe(401);
      expect(await suite.h.t.db.shipment.count({ where: { returnLink: { returnGid: order.returns[0].id } } })).toBe(0);
    });

    it("answers the CORS preflight from the extensions origin", async () => {
      const res = await callRoute(suite.h.rt, labelRoute as RouteModule, {
        method: "OPTIONS",
        path: "/api/returns/1/label",
        params: { returnId: "1" },
        token: null,
        headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    });
  });

  describe("GET /api/orders/:id/returns", () => {
    it("lists the order's returns with link status, labels and each provider's capabilities", async () => {
      const order = await suite.h.seedOrder(["OPEN", "REQUESTED"]);
      await label(order.returns[0].id, {});

      const res = await callRoute(suite.h.rt, orderReturnsRoute as RouteModule, { path: `/api/orders/${legacy(order.id)}/returns`, params: { orderId: legacy(order.id) }, token: suite.token });

      expect(res.status).toBe(200);
      expect(res.json.order).toMatchObject({ id: order.id, name: order.name, address: { city: "Madrid", countryCode: "ES" } });
      expect(res.json.providers).toEqual([
        expect.objectContaining({ provider: "IFRETURNS", capabilities: expect.objectContaining({ labels: true, pickups: false, dropOffPoints: !minimum }), problem: null }),
        expect.objectContaining({ provider: "REVER", capabilities: expect.objectContaining({ labels: true, pickups: true, dropOffPoints: false, manualLabelUpload: true }) }),
      ]);
      const [open, requested] = res.json.returns;
      expect(open).toMatchObject({ id: order.returns[0].id, status: "OPEN", provider: "IFRETURNS", link: { provider: "IFRETURNS" }, labels: [minimum ? { state: "REQUESTED", printable: false, attachedToShopify: false } : { state: "ATTACHED", printable: true, attachedToShopify: true }] });
      expect(open.reverseFulfillmentOrders).toEqual([expect.objectContaining({ status: "OPEN", deliveries: minimum ? 0 : 1 })]);
      expect(requested).toMatchObject({ status: "REQUESTED", link: null, labels: [], reverseFulfillmentOrders: [] });
    });
  });
});
