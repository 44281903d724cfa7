import { describe, expect, it } from "vitest";
import * as dropOffPointRoute from "../routes/api.returns.$returnId.drop-off-point";
import * as dropOffRoute from "../routes/api.returns.$returnId.drop-off-points";
import * as labelRoute from "../routes/api.returns.$returnId.label";
import * as linkRoute from "../routes/api.returns.$returnId.link";
import * as pickupRoute from "../routes/api.returns.$returnId.pickup";
import * as unlinkRoute from "../routes/api.returns.$returnId.unlink";
import * as orderReturnsRoute from "../routes/api.orders.$orderId.returns";
import { callRoute, legacy, PROFILES, type RouteModule } from "../../test/order-page-harness";
import { orderPageSuite } from "../../test/order-page-suite";

// Pickups (REVER), drop-off points (iF) and manual links through the API, against both simulator profiles (the
// documented minimum with the merchant's defaults: REVER returns are linked by hand, iF's points are not read).

describe.each(PROFILES)("pickups, drop-off points and links against the %s simulators", (profile) => {
  const minimum = profile === "documented-minimum";
  const suite = orderPageSuite(profile);

  const post = (route: unknown, name: string, returnGid: string, body: unknown) =>
    callRoute(suite.h.rt, route as RouteModule, { path: `/api/returns/${legacy(returnGid)}/${name}`, params: { returnId: legacy(returnGid) }, token: suite.token, body });

  const processOf = new Map<string, string>();
  async function reverReturn() {
    const order = await suite.h.seedOrder(["OPEN"]);
    const process = suite.h.reverSim.createProcess({ orderNumber: order.name.replace(/^#/, "") });
    processOf.set(order.returns[0].id, process.processId);
    return { order, ret: order.returns[0], process };
  }

  /** A REVER label: without the assumed process search, the merchant pastes the process id first. */
  async function labelRever(returnGid: string) {
    if (minimum) expect((await post(linkRoute, "link", returnGid, { provider: "REVER", reverProcessId: processOf.get(returnGid) })).status).toBe(200);
    return post(labelRoute, "label", returnGid, { provider: "REVER" });
  }

  describe("POST /api/returns/:id/pickup", () => {
    it("books a REVER home pickup after the logistic order, once for a double submit", async () => {
      const { ret, process } = await reverReturn();
      const early = await post(pickupRoute, "pickup", ret.id, { windows: [{ date: "2026-12-01", startHour: 8, endHour: 12 }] });
      // Linked to iF by default (both connected, iF first): the merchant moves it to REVER with the label.
      expect(early.status).toBe(422);
      expect(early.json.error.code).toBe("PICKUPS_UNSUPPORTED");

      const labelled = await labelRever(ret.id);
      expect(labelled.status).toBe(200);
      const before = suite.h.reverSim.state.pickupCount;
      const body = { windows: [{ date: "2026-12-01", startHour: 8, endHour: 12 }, { date: "2026-12-01", startHour: 16, endHour: 20 }], address: { name: "Lucía García", email: "lucia@example.com", line1: "Calle de Alcalá 47", city: "Madrid", postalCode: "28014", countryCode: "es" } };

      const [a, b] = await Promise.all([post(pickupRoute, "pickup", ret.id, body), post(pickupRoute, "pickup", ret.id, body)]);

      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.json.pickupId).toBe(b.json.pickupId);
      expect(suite.h.reverSim.state.pickupCount).toBe(before + 1);
      const pickup = suite.h.reverSim.process(process.processId)!.pickups.at(-1)!;
      expect(pickup.ranges).toEqual(["RANGE_8_TO_12", "RANGE_16_TO_20"]);
      expect(pickup.request).toMatchObject({ pickup_address: { address_line_1: "Calle de Alcalá 47", city: "Madrid", country_code: "ES" }, customer: { email: "lucia@example.com", first_name: "Lucía" } });
      const rows = await suite.h.t.db.pickup.findMany({ where: { returnLink: { returnGid: ret.id } } });
      expect(rows).toMatchObject([{ state: "SCHEDULED", providerPickupId: pickup.id, provider: "REVER" }]);
    });

    it("refuses a REVER pickup before any logistic order with REVER's reason, storing a failed attempt only", async () => {
      const { ret, process } = await reverReturn();
      const linked = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: process.processId });
      expect(linked.status).toBe(200);

      const res = await post(pickupRoute, "pickup", ret.id, { windows: [{ startHour: 12, endHour: 16 }] });

      expect(res.status).toBe(422);
      expect(res.json.error.message).toMatch(/logistic order before a pickup: create the return label first/);
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(0);
      expect(await suite.h.t.db.pickup.findMany({ where: { returnLink: { returnGid: ret.id } } })).toMatchObject([{ state: "FAILED" }]);
    });

    it("never books twice after a lost answer: it stops as 'may already be booked' until the merchant answers", async () => {
      const { ret, process } = await reverReturn();
      expect((await labelRever(ret.id)).status).toBe(200);
      const body = { windows: [{ date: "2026-12-02", startHour: 12, endHour: 16 }] };
      // REVER books the pickup, then the answer is lost (5xx after the work).
      suite.h.reverSim.setFaults({ rate5xx: 1, phase: "after", times: 1, only: { method: "POST", pathIncludes: "/pickup" } });
      const lost = await post(pickupRoute, "pickup", ret.id, body);
      suite.h.reverSim.setFaults({});
      expect(lost.status).toBe(409);
      expect(lost.json.error).toMatchObject({ code: "PICKUP_MAY_BE_BOOKED", retryable: false });
      expect(lost.json.error.message).toMatch(/may already be booked/);
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(1);

      // Clicking again does not book a second one: the same question is asked.
      const again = await post(pickupRoute, "pickup", ret.id, body);
      expect(again.json.error.code).toBe("PICKUP_MAY_BE_BOOKED");
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(1);
      expect(await suite.h.t.db.pickup.findMany({ where: { returnLink: { returnGid: ret.id } } })).toMatchObject([{ state: "UNCERTAIN" }]);

      // The merchant saw it in REVER: it is recorded as booked, still one pickup.
      const confirmed = await post(pickupRoute, "pickup", ret.id, { ...body, resolve: "booked" });
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({ state: "SCHEDULED", reused: true });
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(1);
      const events = await suite.h.t.db.trackingEvent.findMany({ where: { returnLink: { returnGid: ret.id }, kind: "pickup" } });
      expect(events.map((e) => e.detail).join("\n")).toMatch(/confirmed as booked in REVER by the merchant/);
    });

    it("books again only when the merchant asks, after a booking REVER never received", async () => {
      const { ret, process } = await reverReturn();
      expect((await labelRever(ret.id)).status).toBe(200);
      const body = { windows: [{ date: "2026-12-03", startHour: 8, endHour: 12 }] };
      // A timeout before REVER did anything looks the same from here: the outcome is unknown.
      suite.h.reverSim.setFaults({ rate5xx: 1, phase: "before", times: 1, only: { method: "POST", pathIncludes: "/pickup" } });
      expect((await post(pickupRoute, "pickup", ret.id, body)).json.error.code).toBe("PICKUP_MAY_BE_BOOKED");
      suite.h.reverSim.setFaults({});
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(0);
      const rebooked = await post(pickupRoute, "pickup", ret.id, { ...body, resolve: "book-again" });
      expect(rebooked.status).toBe(200);
      expect(rebooked.json.state).toBe("SCHEDULED");
      expect(suite.h.reverSim.process(process.processId)!.pickups).toHaveLength(1);
    });

    it("refuses a window REVER cannot offer, naming its ranges", async () => {
      const { ret } = await reverReturn();
      await labelRever(ret.id);
      const res = await post(pickupRoute, "pickup", ret.id, { windows: [{ startHour: 7, endHour: 13 }] });
      expect(res.status).toBe(422);
      expect(res.json.error.message).toMatch(/08-12, 12-16 or 16-20/);
    });
  });

  describe("POST /api/returns/:id/drop-off-points", () => {
    it.runIf(!minimum)("searches iF PUDOs near the order's address with the shop's carrier services, nearest first", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const res = await post(dropOffRoute, "drop-off-points", order.returns[0].id, {});
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: "IFRETURNS", locationType: "ALL", searchedNear: "Calle de Alcalá 45, 28014, Madrid, ES" });
      expect(res.json.points.length).toBeGreaterThan(4);
      const distances = res.json.points.map((p: { distanceKm: number }) => p.distanceKm);
      expect(distances).toEqual([...distances].sort((x: number, y: number) => x - y));
      expect(res.json.points[0]).toMatchObject({ name: expect.any(String), address: expect.any(String), openingHours: expect.any(String), carrierCode: expect.any(String) });
      const sent = suite.h.ifSim.requests.filter((r) => r.path.endsWith("/pudos")).at(-1)!;
      expect(sent.body).toMatchObject({ address: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES", locationType: "ALL", carrierServices: [{ code: "IF-UPS-EXPRESS-SAVER" }, { code: "IF-SEUR-HOME2SHOP" }] });
    });

    it.runIf(!minimum)("narrows by range and location type, and searches by coordinates", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const res = await post(dropOffRoute, "drop-off-points", order.returns[0].id, { latitude: 40.42, longitude: -3.7, rangeKm: 5, locationType: "LOCKER_POINT" });
      expect(res.status).toBe(200);
      expect(res.json.points.length).toBeGreaterThan(0);
      for (const p of res.json.points) {
        expect(p.locationType).toBe("LOCKER_POINT");
        expect(p.distanceKm).toBeLessThanOrEqual(5);
      }
      expect(suite.h.ifSim.requests.filter((r) => r.path.endsWith("/pudos")).at(-1)!.body).toMatchObject({ latitude: 40.42, longitude: -3.7, range: 5 });
    });

    it("refuses a range outside 1..20 km before calling iF", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const calls = suite.h.ifSim.requests.length;
      const res = await post(dropOffRoute, "drop-off-points", order.returns[0].id, { rangeKm: 25 });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual({ rangeKm: "must be between 1 and 20 km" });
      expect(suite.h.ifSim.requests.length).toBe(calls);
    });

    it.runIf(!minimum)("keeps the chosen point on the return and shows it on the order", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const found = await post(dropOffRoute, "drop-off-points", order.returns[0].id, {});
      const point = found.json.points[1];
      const chosen = await post(dropOffPointRoute, "drop-off-point", order.returns[0].id, { point });
      expect(chosen.status).toBe(200);
      const summary = await callRoute(suite.h.rt, orderReturnsRoute as RouteModule, { path: `/api/orders/${legacy(order.id)}/returns`, params: { orderId: legacy(order.id) }, token: suite.token });
      expect(summary.json.returns[0].dropOffPoint).toMatchObject({ name: point.name, address: point.address });
    });

    it.runIf(minimum)("refuses the search whose answer iF does not document, without calling iF", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const calls = suite.h.ifSim.requests.length;
      const res = await post(dropOffRoute, "drop-off-points", order.returns[0].id, {});
      expect(res.status).toBe(422);
      expect(res.json.error).toMatchObject({ code: "ASSUMPTION_OFF" });
      expect(res.json.error.message).toMatch(/does not document what a drop-off point carries/);
      expect(suite.h.ifSim.requests.length).toBe(calls);
    });

    it("refuses drop-off search for a REVER return with a clear message", async () => {
      const { ret } = await reverReturn();
      await labelRever(ret.id);
      const res = await post(dropOffRoute, "drop-off-points", ret.id, {});
      expect(res.status).toBe(422);
      expect(res.json.error).toMatchObject({ code: "DROP_OFF_POINTS_UNSUPPORTED" });
      expect(res.json.error.message).toMatch(/REVER has no drop-off point search/);
    });
  });

  describe("POST /api/returns/:id/link and /unlink", () => {
    it("links a REVER process by hand after checking REVER knows it", async () => {
      const { ret, process } = await reverReturn();
      const unknown = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: "proc_does_not_exist" });
      expect(unknown.status).toBe(422);
      expect(unknown.json.error).toMatchObject({ code: "REFERENCE_NOT_FOUND" });

      const res = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: process.processId });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: "REVER", reverProcessId: process.processId, linkSource: "MANUAL", referenceState: "KNOWN", ifReturnName: null });
      const events = await suite.h.t.db.trackingEvent.findMany({ where: { returnLink: { returnGid: ret.id }, kind: "link" } });
      expect(events.map((e) => e.detail)).toContain(`Linked by hand to REVER process id ${process.processId}`);
    });

    it("takes a link to REVER's API in place of the process id, and refuses links it cannot read", async () => {
      const { ret, process } = await reverReturn();
      const admin = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: `https://app.itsrever.com/returns/${process.processId}` });
      expect(admin.status).toBe(400);
      expect(admin.json.error.message).toMatch(/paste the process id instead/);
      const api = `https://docs.itsrever.com/_mock/apis/admin/v1/processes/${process.processId}/logistics`;
      const res = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: api });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ reverProcessId: process.processId, referenceState: "KNOWN" });
    });

    it("corrects iF's derived return name, and unlinks", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const res = await post(linkRoute, "link", ret.id, { provider: "IFRETURNS", ifReturnName: "R2-" + order.name.replace("#", "") });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: "IFRETURNS", ifReturnName: `R2-${order.name.replace("#", "")}`, linkSource: "MANUAL" });

      const unlinked = await post(unlinkRoute, "unlink", ret.id, {});
      expect(unlinked.status).toBe(200);
      expect(unlinked.json).toMatchObject({ provider: null, ifReturnName: null, reverProcessId: null, referenceState: "PENDING" });
    });

    it("refuses a link without its reference, and moving a labelled return to the other provider", async () => {
      const order = await suite.h.seedOrder(["OPEN"]);
      const ret = order.returns[0];
      const missing = await post(linkRoute, "link", ret.id, { provider: "REVER" });
      expect(missing.status).toBe(400);
      expect(missing.json.error.fields).toEqual({ reverProcessId: "is required to link the REVER process id" });

      expect((await post(labelRoute, "label", ret.id, {})).status).toBe(200);
      const process = suite.h.reverSim.createProcess({ orderNumber: order.name.replace(/^#/, "") });
      const moved = await post(linkRoute, "link", ret.id, { provider: "REVER", reverProcessId: process.processId });
      expect(moved.status).toBe(409);
      expect(moved.json.error.message).toMatch(/already has a label from iF returns/);
    });
  });
});
