import { beforeAll, describe, expect, it } from "vitest";
import { ApiError, createApiClient, type FetchLike } from "../../extensions/shared/api-client";
import { dropOffRequest, initialDropOffForm, initialLabelForm, initialLinkForm, initialPickupForm, labelRequest, linkRequest, pickupRequest, pickupResolution, printableLabels } from "../../extensions/shared/forms";
import * as approveRoute from "../routes/api.returns.$returnId.approve";
import * as dropOffPointRoute from "../routes/api.returns.$returnId.drop-off-point";
import * as dropOffRoute from "../routes/api.returns.$returnId.drop-off-points";
import * as labelFileRoute from "../routes/api.returns.$returnId.label-file";
import * as labelRoute from "../routes/api.returns.$returnId.label";
import * as linkRoute from "../routes/api.returns.$returnId.link";
import * as pickupRoute from "../routes/api.returns.$returnId.pickup";
import * as unlinkRoute from "../routes/api.returns.$returnId.unlink";
import * as orderReturnsRoute from "../routes/api.orders.$orderId.returns";
import { APP_URL, EXTENSION_ORIGIN, legacy, startHarness, type Harness, type RouteModule } from "../../test/order-page-harness";

// The extensions' own client and form logic talking to the real API routes (which talk to the simulators):
// the requests the extension builds are the ones the backend accepts, and its errors arrive as written.

const ROUTES: Array<[RegExp, RouteModule, string]> = [
  [/^\/api\/orders\/(\d+)\/returns$/, orderReturnsRoute as RouteModule, "orderId"],
  [/^\/api\/returns\/(\d+)\/label$/, labelRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/label-file$/, labelFileRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/approve$/, approveRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/pickup$/, pickupRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/drop-off-points$/, dropOffRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/drop-off-point$/, dropOffPointRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/link$/, linkRoute as RouteModule, "returnId"],
  [/^\/api\/returns\/(\d+)\/unlink$/, unlinkRoute as RouteModule, "returnId"],
];

/** What the admin does with the extension's relative URLs: resolve them against the app and hand them to Remix. */
const adminFetch: FetchLike = async (url, init) => {
  const u = new URL(url, APP_URL);
  const hit = ROUTES.find(([re]) => re.test(u.pathname));
  if (!hit) return new Response("Not found", { status: 404 });
  const [re, route, param] = hit;
  const request = new Request(u, { method: init.method, headers: { origin: EXTENSION_ORIGIN, ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
  const args = { request, params: { [param]: re.exec(u.pathname)![1] }, context: { runtime: h.rt } };
  try {
    return init.method === "GET" ? await route.loader(args) : await route.action(args);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};

let h: Harness;
let client: ReturnType<typeof createApiClient>;
let idToken: string;

beforeAll(async () => {
  h = await startHarness();
  idToken = await h.token();
  client = createApiClient({ fetch: adminFetch, idToken: async () => idToken, networkErrorMessage: "Returns Bridge could not be reached." });
  return async () => {
    await h.close();
  };
});

describe("the order-page extension against the backend", () => {
  it("lists the order, sends the default label request built from settings, and prints the label it got", async () => {
    const order = await h.seedOrder(["OPEN"]);
    const view = await client.orderReturns(order.id);
    const ret = view.returns[0];

    const result = await client.createLabel(ret.id, labelRequest(initialLabelForm(view, ret), view, ret));

    expect(result).toMatchObject({ state: "ATTACHED", provider: "IFRETURNS", attachedToShopify: true, reused: false });
    const after = await client.orderReturns(order.id);
    const [printable] = printableLabels(after);
    expect(printable).toMatchObject({ returnId: ret.id, trackingNumber: result.trackingNumber, labelFormat: "PDF" });
    // The print preview loads the backend's signed absolute URL as a document: no header, no session token in it.
    expect(printable.fileUrl.startsWith(`${APP_URL}/api/returns/`)).toBe(true);
    expect(printable.fileUrl).not.toMatch(/id_token|eyJ/);
    const res = await adminFetch(printable.fileUrl, { method: "GET", headers: {} });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.text(), "latin1").subarray(0, 5).toString()).toBe("%PDF-");
    // A session token in the query no longer authenticates anything.
    const withToken = await adminFetch(`${APP_URL}/api/returns/${legacy(printable.returnId)}/label-file?shipmentId=${printable.shipmentId}&id_token=${idToken}`, { method: "GET", headers: {} });
    expect(withToken.status).toBe(401);
  });

  it("shows the backend's approval code and message for a requested return, then approves and labels it", async () => {
    const order = await h.seedOrder(["REQUESTED"]);
    const view = await client.orderReturns(order.id);
    const ret = view.returns[0];
    const form = { ...initialLabelForm(view, ret), approveFirst: false };

    const refused = await client.createLabel(ret.id, labelRequest(form, view, ret)).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 422, code: "RETURN_NOT_APPROVED", retryable: false });
    expect((refused as ApiError).message).toMatch(/^Return #\d+-R1 is requested, not approved: approve it first/);
    expect(await client.approve(ret.id, false)).toMatchObject({ status: "OPEN" });
    const reopened = await client.orderReturns(order.id);
    const labelled = await client.createLabel(ret.id, labelRequest(initialLabelForm(reopened, reopened.returns[0]), reopened, reopened.returns[0]));
    expect(labelled.state).toBe("ATTACHED");
  });

  it("passes a REVER refusal (code 3) to the merchant word for word", async () => {
    const order = await h.seedOrder(["OPEN"]);
    h.reverSim.createProcess({ orderNumber: order.name.replace("#", "") });
    const view = await client.orderReturns(order.id);
    const ret = view.returns[0];
    const form = { ...initialLabelForm(view, ret, "REVER"), carrierService: "GLS" };

    const refused = await client.createLabel(ret.id, labelRequest(form, view, ret)).catch((e: unknown) => e);

    expect(refused).toMatchObject({ status: 422, code: 3 });
    expect((refused as ApiError).message).toMatch(/^REVER refused the request as invalid \(gRPC code 3 INVALID_ARGUMENT\): carrier GLS is not available for provider SendCloud/);
  });

  it("books a pickup, searches drop-off points and links by hand with the requests its forms build", async () => {
    const order = await h.seedOrder(["OPEN"]);
    const process = h.reverSim.createProcess({ orderNumber: order.name.replace("#", "") });
    let view = await client.orderReturns(order.id);
    let ret = view.returns[0];

    const points = await client.findDropOffPoints(ret.id, dropOffRequest(initialDropOffForm(view)));
    expect(points.points.length).toBeGreaterThan(0);
    expect((await client.chooseDropOffPoint(ret.id, points.points[0])).dropOffPoint?.name).toBe(points.points[0].name);

    const linked = await client.link(ret.id, linkRequest({ ...initialLinkForm(view, ret), provider: "REVER", reference: process.processId }));
    expect(linked).toMatchObject({ provider: "REVER", reverProcessId: process.processId });
    view = await client.orderReturns(order.id);
    ret = view.returns[0];
    await client.createLabel(ret.id, labelRequest(initialLabelForm(view, ret), view, ret));
    const pickup = await client.schedulePickup(ret.id, pickupRequest({ ...initialPickupForm(view), ranges: ["8-12"], date: "2026-12-02" }));
    expect(pickup).toMatchObject({ provider: "REVER", reused: false, windows: [{ date: "2026-12-02", startHour: 8, endHour: 12 }] });
    expect(await client.unlink(ret.id)).toMatchObject({ provider: null });
  });

  it.each([
    ["after", "booked"],
    ["before", "bookAgain"],
  ] as const)("resolves a pickup whose answer was lost (REVER failed %s booking) with the request the extension resends as %s, one pickup in REVER", async (phase, answer) => {
    const order = await h.seedOrder(["OPEN"]);
    const process = h.reverSim.createProcess({ orderNumber: order.name.replace("#", "") });
    let view = await client.orderReturns(order.id);
    let ret = view.returns[0];
    await client.link(ret.id, linkRequest({ ...initialLinkForm(view, ret), provider: "REVER", reference: process.processId }));
    view = await client.orderReturns(order.id);
    ret = view.returns[0];
    await client.createLabel(ret.id, labelRequest(initialLabelForm(view, ret), view, ret));
    const sent = pickupRequest({ ...initialPickupForm(view), ranges: ["12-16"], date: "2026-12-04" });
    h.reverSim.setFaults({ rate5xx: 1, phase, times: 1, only: { method: "POST", pathIncludes: "/pickup" } });
    const lost = await client.schedulePickup(ret.id, sent).catch((err: unknown) => err);
    h.reverSim.setFaults({});
    const resolution = pickupResolution(lost, sent);
    expect(resolution).not.toBeNull();
    const resolved = await client.schedulePickup(ret.id, resolution![answer]);
    expect(resolved).toMatchObject({ state: "SCHEDULED", reused: answer === "booked", windows: sent.windows });
    expect(h.reverSim.process(process.processId)!.pickups).toHaveLength(1);
  });

  it("turns an unreachable backend into its own message", async () => {
    const offline = createApiClient({ fetch: async () => Promise.reject(new TypeError("fetch failed")), idToken: async () => idToken, networkErrorMessage: "Returns Bridge could not be reached." });
    await expect(offline.orderReturns("gid://shopify/Order/1")).rejects.toMatchObject({ message: "Returns Bridge could not be reached.", status: 0, retryable: true });
  });
});
