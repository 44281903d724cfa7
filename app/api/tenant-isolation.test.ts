import { beforeAll, describe, expect, it } from "vitest";
import * as approveRoute from "../routes/api.returns.$returnId.approve";
import * as dropOffPointRoute from "../routes/api.returns.$returnId.drop-off-point";
import * as dropOffRoute from "../routes/api.returns.$returnId.drop-off-points";
import * as labelFileRoute from "../routes/api.returns.$returnId.label-file";
import * as labelRoute from "../routes/api.returns.$returnId.label";
import * as linkRoute from "../routes/api.returns.$returnId.link";
import * as pickupRoute from "../routes/api.returns.$returnId.pickup";
import * as unlinkRoute from "../routes/api.returns.$returnId.unlink";
import * as orderReturnsRoute from "../routes/api.orders.$orderId.returns";
import { callRoute, ifConnection, legacy, OTHER_SHOP, saveConnection, startHarness, WAREHOUSE, type Harness, type RouteModule } from "../../test/order-page-harness";

// A token for shop A never reaches shop B's orders, returns or labels: every such request is a 404 that says
// nothing more than "not in this shop", while shop B's own token gets its label.

let h: Harness;
let tokenA: string;
let tokenB: string;
const B_ORDER = "gid://shopify/Order/987654320";
const B_RETURN = "gid://shopify/Return/987654321";
let bShipmentId: string;
let aReturn: string;

beforeAll(async () => {
  h = await startHarness({ providers: ["IFRETURNS"] });
  tokenA = await h.token();
  tokenB = await h.token(OTHER_SHOP);

  // Shop B: installed, connected to iF, with a return, a label made at iF and a pickup, all in the same database.
  await h.t.db.session.create({ data: { id: `offline_${OTHER_SHOP}`, shop: OTHER_SHOP, state: "installed", isOnline: false, accessToken: "shpat_other_merchant_0000", scope: "read_orders,read_returns,write_returns" } });
  await saveConnection(h.rt, OTHER_SHOP, await ifConnection(h));
  const platform = await h.rt.shop(OTHER_SHOP).platform("IFRETURNS");
  const made = await platform.createLabel({
    idempotencyKey: "rb-987654321-1",
    ref: { normalizedName: "5001-R1", orderName: "#5001" },
    origin: { name: "Other Customer", email: "other@example.com", phone: "+34600999888", line1: "Calle Mayor 1", city: "Sevilla", postalCode: "41001", countryCode: "ES" },
    destination: WAREHOUSE,
    parcels: [{ weightGrams: 500 }],
    labelFormat: "PDF",
  });
  const link = await h.t.db.returnLink.create({
    data: { shop: OTHER_SHOP, returnGid: B_RETURN, returnName: "#5001-R1", normalizedName: "5001-R1", orderGid: B_ORDER, orderName: "#5001", provider: "IFRETURNS", ifReturnName: "R1-5001", referenceState: "KNOWN", status: "OPEN" },
  });
  const shipment = await h.t.db.shipment.create({
    data: { shop: OTHER_SHOP, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: "rb-987654321-1", state: "ATTACHED", source: "APP", trackingNumber: made.trackingNumber, labelUrl: made.labelUrl, labelFormat: "PDF" },
  });
  bShipmentId = shipment.id;

  // Shop A: an order with a labelled return of its own.
  const order = await h.seedOrder(["OPEN"]);
  aReturn = order.returns[0].id;
  const res = await callRoute(h.rt, labelRoute as RouteModule, { path: `/api/returns/${legacy(aReturn)}/label`, params: { returnId: legacy(aReturn) }, token: tokenA, body: {} });
  expect(res.status).toBe(200);

  return async () => {
    await h.close();
  };
});

const rid = legacy(B_RETURN);
const cases: Array<[string, RouteModule, string, unknown]> = [
  ["creating a label", labelRoute as RouteModule, `/api/returns/${rid}/label`, {}],
  ["approving", approveRoute as RouteModule, `/api/returns/${rid}/approve`, {}],
  ["booking a pickup", pickupRoute as RouteModule, `/api/returns/${rid}/pickup`, { windows: [{ startHour: 8, endHour: 12 }] }],
  ["searching drop-off points", dropOffRoute as RouteModule, `/api/returns/${rid}/drop-off-points`, {}],
  ["choosing a drop-off point", dropOffPointRoute as RouteModule, `/api/returns/${rid}/drop-off-point`, { point: null }],
  ["linking", linkRoute as RouteModule, `/api/returns/${rid}/link`, { provider: "IFRETURNS", ifReturnName: "R1-5001" }],
  ["unlinking", unlinkRoute as RouteModule, `/api/returns/${rid}/unlink`, {}],
];

describe("a token for shop A on shop B's objects", () => {
  it("gets 404 for shop B's order", async () => {
    const res = await callRoute(h.rt, orderReturnsRoute as RouteModule, { path: `/api/orders/${legacy(B_ORDER)}/returns`, params: { orderId: legacy(B_ORDER) }, token: tokenA });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toBe("The order was not found in this shop");
  });

  it.each(cases)("gets 404 %s on shop B's return, and nothing of shop B changes", async (_what, route, path, body) => {
    const before = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: OTHER_SHOP, returnGid: B_RETURN }, include: { shipments: true, pickups: true, events: true } });
    const linksBefore = await h.t.db.returnLink.count();
    const ifCalls = h.ifSim.requests.length;

    const res = await callRoute(h.rt, route, { path, params: { returnId: rid }, token: tokenA, body });

    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ kind: "not_found" });
    expect(res.json.error.message).toMatch(/not (found|linked) in this shop/);
    const after = await h.t.db.returnLink.findFirstOrThrow({ where: { shop: OTHER_SHOP, returnGid: B_RETURN }, include: { shipments: true, pickups: true, events: true } });
    expect(after).toEqual(before);
    expect(await h.t.db.returnLink.count()).toBe(linksBefore);
    expect(h.ifSim.requests.length).toBe(ifCalls);
  });

  it("gets 404 for shop B's label file, worded like a return that exists nowhere", async () => {
    const res = await callRoute(h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${rid}/label-file`, params: { returnId: rid }, token: tokenA });
    const nowhere = await callRoute(h.rt, labelFileRoute as RouteModule, { path: "/api/returns/111111111/label-file", params: { returnId: "111111111" }, token: tokenA });
    expect(res.status).toBe(404);
    expect(nowhere.status).toBe(404);
    expect(res.json).toEqual(nowhere.json);
  });

  it("gets 404 naming shop B's shipment on its own return", async () => {
    const res = await callRoute(h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${legacy(aReturn)}/label-file?shipmentId=${bShipmentId}`, params: { returnId: legacy(aReturn) }, token: tokenA });
    expect(res.status).toBe(404);
  });

  it("while shop B's own token gets its label file and shop A's token gets A's", async () => {
    const b = await callRoute(h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${rid}/label-file`, params: { returnId: rid }, token: tokenB });
    expect(b.status).toBe(200);
    expect(b.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(b.bytes).toString("latin1")).toContain("To: Returns warehouse");

    const a = await callRoute(h.rt, labelFileRoute as RouteModule, { path: `/api/returns/${legacy(aReturn)}/label-file`, params: { returnId: legacy(aReturn) }, token: tokenA });
    expect(a.status).toBe(200);
    expect(a.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(Buffer.from(a.bytes).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
