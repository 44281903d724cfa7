import { afterAll, beforeAll, beforeEach } from "vitest";
import * as labelRoute from "../app/routes/api.returns.$returnId.label";
import type { Runtime } from "../app/runtime/runtime.server";
import { callRoute, legacy, startHarness, type Harness, type PROFILES, type RouteModule } from "./order-page-harness";

// One order-page harness per describe block of the API suites: started (with an ID token) before its tests,
// closed after, and the lookups the label suites make of the simulators and the database.

function linkWithTimeline(h: Harness, returnGid: string) {
  return h.t.db.returnLink.findFirstOrThrow({ where: { returnGid }, include: { shipments: true, events: { orderBy: { occurredAt: "asc" } } } });
}

/** `clearFaults`: every test starts with no fault injected in either provider simulator. */
export function orderPageSuite(profile: (typeof PROFILES)[number], opts: { clearFaults?: boolean } = {}) {
  let harness: Harness | undefined;
  let idToken: string | undefined;
  const get = () => {
    if (!harness || idToken === undefined) throw new Error("The order-page harness is used before its beforeAll ran");
    return { h: harness, token: idToken };
  };

  beforeAll(async () => {
    harness = await startHarness({ profile });
    idToken = await harness.token();
  });
  afterAll(async () => harness?.close());
  if (opts.clearFaults) {
    beforeEach(() => {
      get().h.ifSim.setFaults({});
      get().h.reverSim.setFaults({});
    });
  }

  const rfoOf = (returnGid: string) => [...get().h.shopify.store.rfos.values()].find((r) => r.returnId === returnGid)!;
  return {
    get h() {
      return get().h;
    },
    /** A valid ID token for the test shop. */
    get token() {
      return get().token;
    },
    /** POST /api/returns/:id/label, with the suite's token and runtime unless others are given. */
    label: (returnGid: string, body: unknown, token: string | null = get().token, rt: Runtime = get().h.rt) =>
      callRoute(rt, labelRoute as RouteModule, { path: `/api/returns/${legacy(returnGid)}/label`, params: { returnId: legacy(returnGid) }, token, body }),
    rfoOf,
    deliveriesOf: (returnGid: string) => rfoOf(returnGid).deliveryIds.map((id) => get().h.shopify.store.reverseDeliveries.get(id)!),
    /** The return's link with its shipments and its timeline, oldest event first. */
    linkOf: (returnGid: string) => linkWithTimeline(get().h, returnGid),
  };
}
