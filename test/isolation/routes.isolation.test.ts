import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../db";
import { APP_URL, callRoute, EXTENSION_ORIGIN, legacy, routeModules, startRig, type Rig, type RouteModule, type ShopObjects } from "./rig";

// Tenant isolation, table-driven over the route files: every route that takes an id (in its path, its query or
// its body) has a case here, or this suite fails. For each case a token for shop A asking for shop B's object
// gets 404, nothing of shop B changes and no provider is called; shop A's token on its own object and shop B's
// token on that same object both get past the lookup (so the 404 means "not yours", not "broken route").

const routesDir = path.resolve(import.meta.dirname, "../../app/routes");

/** Routes that take ids outside their path (a query parameter or a form field). */
const IDS_OUTSIDE_THE_PATH = ["app._index.tsx", "app.returns.$id.label-file.tsx", "api.returns.$returnId.label-file.tsx", "app.data-requests.tsx"];

type Who = Pick<ShopObjects, "order" | "openReturnGid" | "requestedReturnGid" | "linkId" | "shipmentId" | "bulkRunId" | "dataRequestId">;

interface Case {
  file: string;
  what: string;
  method: "GET" | "POST";
  /** Path and params for the object of `owner`; `viewer` is whose token asks (ids in queries mix the two). */
  request(owner: Who, viewer: Who): { path: string; params: Record<string, string>; body?: unknown; form?: Record<string, string> };
  /** For ids in a body (bulk actions): no 404 to give, so "nothing of B changed and nothing was accepted" is the check. */
  bulk?: (json: unknown) => number;
}

const r = (o: Who) => legacy(o.openReturnGid);
const CASES: Case[] = [
  { file: "api.orders.$orderId.returns.tsx", what: "the order's returns", method: "GET", request: (o) => ({ path: `/api/orders/${legacy(o.order.id)}/returns`, params: { orderId: legacy(o.order.id) } }) },
  { file: "api.returns.$returnId.approve.tsx", what: "approving", method: "POST", request: (o) => ({ path: `/api/returns/${legacy(o.requestedReturnGid)}/approve`, params: { returnId: legacy(o.requestedReturnGid) }, body: { notifyCustomer: false } }) },
  { file: "api.returns.$returnId.label.tsx", what: "creating a label", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/label`, params: { returnId: r(o) }, body: {} }) },
  { file: "api.returns.$returnId.label-file.tsx", what: "the label file", method: "GET", request: (o) => ({ path: `/api/returns/${r(o)}/label-file`, params: { returnId: r(o) } }) },
  {
    file: "api.returns.$returnId.label-file.tsx",
    what: "the label file of another shop's shipment under one's own return",
    method: "GET",
    request: (o, viewer) => ({ path: `/api/returns/${r(viewer)}/label-file?shipmentId=${o.shipmentId}`, params: { returnId: r(viewer) } }),
  },
  { file: "api.returns.$returnId.pickup.tsx", what: "booking a pickup", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/pickup`, params: { returnId: r(o) }, body: { windows: [{ startHour: 8, endHour: 12 }] } }) },
  { file: "api.returns.$returnId.drop-off-points.tsx", what: "searching drop-off points", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/drop-off-points`, params: { returnId: r(o) }, body: { postalCode: "28014", countryCode: "ES" } }) },
  { file: "api.returns.$returnId.drop-off-point.tsx", what: "choosing a drop-off point", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/drop-off-point`, params: { returnId: r(o) }, body: { point: { name: "UPS Access Point Madrid 1", postalCode: "28014" } } }) },
  { file: "api.returns.$returnId.link.tsx", what: "linking by hand", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/link`, params: { returnId: r(o) }, body: { provider: "IFRETURNS", ifReturnName: "R1-9999" } }) },
  { file: "app.returns.$id/route.tsx", what: "the return page", method: "GET", request: (o) => ({ path: `/app/returns/${o.linkId}`, params: { id: o.linkId } }) },
  { file: "app.returns.$id/route.tsx", what: "a return page action", method: "POST", request: (o) => ({ path: `/app/returns/${o.linkId}`, params: { id: o.linkId }, form: { intent: "retry-sync" } }) },
  { file: "app.returns.$id.label-file.tsx", what: "the return page's label file", method: "GET", request: (o) => ({ path: `/app/returns/${o.linkId}/label-file`, params: { id: o.linkId } }) },
  {
    file: "app.returns.$id.label-file.tsx",
    what: "the label file of another shop's shipment on one's own return page",
    method: "GET",
    request: (o, viewer) => ({ path: `/app/returns/${viewer.linkId}/label-file?shipmentId=${o.shipmentId}`, params: { id: viewer.linkId } }),
  },
  {
    file: "app._index.tsx",
    what: "bulk retry of another shop's links",
    method: "POST",
    request: (o) => ({ path: "/app?index", params: {}, form: { intent: "retry-sync", ids: JSON.stringify([o.linkId]) } }),
    bulk: (json) => (json as { accepted?: number }).accepted ?? -1,
  },
  { file: "app.bulk-runs.$id.tsx", what: "a bulk label run's progress", method: "GET", request: (o) => ({ path: `/app/bulk-runs/${o.bulkRunId}`, params: { id: o.bulkRunId } }) },
  {
    file: "app._index.tsx",
    what: "bulk labels for another shop's links",
    method: "POST",
    request: (o) => ({ path: "/app?index", params: {}, form: { intent: "create-labels", ids: JSON.stringify([o.linkId]) } }),
    bulk: (json) => (json as { total?: number }).total ?? -1,
  },
  { file: "app.data-requests.$id.export.tsx", what: "a customer data request's export", method: "GET", request: (o) => ({ path: `/app/data-requests/${o.dataRequestId}/export`, params: { id: o.dataRequestId } }) },
  { file: "app.data-requests.tsx", what: "marking a data request delivered", method: "POST", request: (o) => ({ path: "/app/data-requests", params: {}, form: { id: o.dataRequestId, delivered: "1" } }) },
  // Last: it removes the link the cases above use.
  { file: "api.returns.$returnId.unlink.tsx", what: "unlinking", method: "POST", request: (o) => ({ path: `/api/returns/${r(o)}/unlink`, params: { returnId: r(o) }, body: {} }) },
];

async function loadRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(routesDir, file))) as RouteModule;
}

describe("every route that takes an id has an isolation case", () => {
  it("lists each route file with an id in its path, query or body", () => {
    const files = routeModules(routesDir);
    const withIds = files.filter((f) => (f.includes("$") && f !== "auth.$.tsx") || IDS_OUTSIDE_THE_PATH.includes(f));
    const covered = new Set(CASES.map((c) => c.file));
    expect(withIds.filter((f) => !covered.has(f)), "route files without an isolation case").toEqual([]);
    expect([...covered].filter((f) => !files.includes(f)), "cases for route files that no longer exist").toEqual([]);
  });

  it("has no Remix webhook route: webhooks come in only through the raw handler, which takes no token", () => {
    expect(readdirSync(routesDir).filter((f) => f.startsWith("webhooks."))).toEqual([]);
  });
});

describe.each(testEngines())("tenant isolation on %s", (kind) => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig(kind);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  async function ask(c: Case, owner: ShopObjects, viewer: ShopObjects, token: string) {
    const req = c.request(owner, viewer);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, origin: EXTENSION_ORIGIN };
    let body: BodyInit | undefined;
    if (req.form) body = new URLSearchParams(req.form);
    else if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    const answer = await callRoute(rig.rt, await loadRoute(c.file), { method: c.method, url: `${APP_URL}${req.path}`, params: req.params, headers, body });
    if (answer.crashed) throw answer.crashed;
    return answer;
  }

  /** Shop B as the app and its providers hold it: rows, Shopify state, and how often a provider was asked. */
  async function shopB() {
    const { t, b } = rig;
    const links = await t.db.returnLink.findMany({ where: { shop: b.shop }, orderBy: { id: "asc" }, include: { shipments: true, pickups: true, events: true } });
    const returns = [...b.shopify.store.returns.values()].map((x) => ({ id: x.id, status: x.status, rfos: x.rfoIds.map((id) => b.shopify.store.rfos.get(id)!.deliveryIds.length) }));
    const dataRequests = await t.db.dataRequestExport.findMany({ where: { shop: b.shop }, orderBy: { id: "asc" } });
    return JSON.stringify({ links, returns, dataRequests, settings: await t.db.shopSettings.findUnique({ where: { shop: b.shop } }) });
  }
  const providerCalls = () => rig.ifSim.requests.length + rig.reverSim.requests.length;

  it.each(CASES.map((c) => [`${c.file}: ${c.what}`, c] as const))("%s: shop A's token on shop B's object is a 404 and changes nothing", async (_name, c) => {
    const { a, b } = rig;
    const tokenA = await rig.token(a.shop);
    const before = await shopB();
    const calls = providerCalls();
    const foreign = await ask(c, b, a, tokenA);
    if (c.bulk) {
      expect(foreign.status).toBe(200);
      expect(c.bulk(foreign.json)).toBe(0);
    } else {
      expect(foreign.status, JSON.stringify(foreign.json).slice(0, 300)).toBe(404);
      // "Not in this shop" and nothing more: no name, status or tracking of shop B's object in the answer.
      const text = JSON.stringify(foreign.json);
      for (const secret of [b.order.name, b.order.returns[0].name, b.linkId, "isolation-b"]) expect(text).not.toContain(secret);
    }
    expect(await shopB()).toBe(before);
    expect(providerCalls()).toBe(calls);

    // Controls: the same route serves shop A its own object and shop B this very object.
    const own = await ask(c, a, a, tokenA);
    expect(own.status, `shop A on its own object: ${JSON.stringify(own.json).slice(0, 300)}`).not.toBe(404);
    expect(own.status).toBeLessThan(500);
    if (c.bulk) expect(c.bulk(own.json)).toBe(1);
    const owner = await ask(c, b, b, await rig.token(b.shop));
    expect(owner.status, `shop B on its own object: ${JSON.stringify(owner.json).slice(0, 300)}`).not.toBe(404);
    expect(owner.status).toBeLessThan(500);
  });
});
