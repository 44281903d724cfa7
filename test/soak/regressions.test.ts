import type { ReturnLink } from "@prisma/client";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimOnce } from "../../app/returns/claim-once.server";
import { createLabel, LABEL_MAY_EXIST } from "../../app/returns/create-label.server";
import { syncLink } from "../../app/returns/sync-link.server";
import type { Runtime } from "../../app/runtime/runtime.server";
import { recordEvent } from "../../app/returns/timeline.server";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { assumedFor } from "../../sandbox/assumed-capabilities";
import { DEFAULT_REVER_ECOMMERCE } from "../../sandbox/rever";
import { seedShop } from "../../sandbox/shopify/seed";
import { operationNameOf, startFaultProxy, type FaultProxy } from "../../bench/lib/soak-fault-proxy";
import { startAppHarness, WAREHOUSE, type AppHarness } from "../app-harness";
import { createTestDb, testEngines, type TestDb } from "../db";
import { createTestRuntime, instantClock } from "../runtime";

// Bugs the soak found, each pinned by a deterministic test on the real use-cases and simulators.

const order = (n: number) => ({
  customer: { firstName: "Ana", lastName: "Santos", email: `ana${n}@example.com` },
  shippingAddress: { firstName: "Ana", lastName: "Santos", address1: "Calle Mayor 1", city: "Madrid", zip: "28013", countryCode: "ES", phone: "+34600111222" },
  lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-REG-${n}` }],
  returns: [{ status: "OPEN" as const }],
});

describe("soak regressions", () => {
  let h: AppHarness;
  let proxy: FaultProxy;
  /** The app as the use-cases below run in it: Shopify through the proxy, retries without waiting. */
  let app: Runtime;
  const ctx = () => app.shop(h.shop);

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["IFRETURNS", "REVER"] });
    // The app reaches Shopify through a proxy that can lose the answer of one chosen operation.
    proxy = await startFaultProxy({ target: h.shopify.url, afterShare: 1, match: ({ body }) => operationNameOf(body) === "ReverseDeliveryCreateWithShipping" });
    app = await createTestRuntime(h.t, { clock: instantClock, env: { SHOPIFY_ADMIN_API_ORIGIN: proxy.url, SHOPIFY_APP_URL: h.appUrl } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await h?.close();
  });

  /** A return on an order of the shop, linked to its REVER process (as the return page does). */
  async function reverReturn(n: number) {
    const [o] = await seedShop(h.merchant, { orders: [order(n)] });
    const returnGid = o.returns[0].id;
    await h.settle();
    const processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    const link = await h.t.db.returnLink.update({
      where: { shop_returnGid: { shop: h.shop, returnGid } },
      data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" },
    });
    return { returnGid, processId, link };
  }

  /** A label made at REVER under this key, outside any request of the app (its status then reads CREATED). */
  async function reverLabel(link: ReturnLink, processId: string, idempotencyKey: string, n: number) {
    const rever = await ctx().platform("REVER");
    return rever.createLabel({
      idempotencyKey,
      ref: { normalizedName: link.normalizedName, orderName: link.orderName, reverProcessId: processId },
      origin: { name: "Ana Santos", line1: "Calle Mayor 1", city: "Madrid", postalCode: "28013", countryCode: "ES", email: `ana${n}@example.com`, phone: "+34600111222" },
      destination: WAREHOUSE,
      parcels: [{ weightGrams: 800 }],
      carrierService: "UPS",
      labelFormat: "PDF",
    });
  }

  it("a reconciliation pass holding an older snapshot of a link never moves its provider status backwards", async () => {
    const { processId, link: stale } = await reverReturn(1);
    // REVER made the label (its status reads CREATED); the pass below loaded the link before that.
    await reverLabel(stale, processId, "portal", 1);
    // Meanwhile a newer pass saw the parcel in the warehouse, closed the return and recorded it.
    await h.t.db.returnLink.update({ where: { id: stale.id }, data: { providerStatus: "IN_WAREHOUSE", status: "CLOSED" } });

    await syncLink(ctx(), stale, "OPEN");

    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: stale.id } });
    expect(link.providerStatus).toBe("IN_WAREHOUSE");
  });

  it("a reconciliation pass leaves a label that a request is making right now to that request", async () => {
    const { returnGid, processId, link } = await reverReturn(3);
    // A label request claimed its row and its provider call has made the logistic order; it has not attached yet.
    await h.t.db.shipment.create({ data: { shop: h.shop, returnLinkId: link.id, provider: "REVER", idempotencyKey: "rb-claimed", state: "CLAIMED", source: "APP" } });
    await reverLabel(link, processId, "rb-claimed", 3);

    await syncLink(ctx(), link, "OPEN");

    const rows = await h.t.db.shipment.findMany({ where: { returnLinkId: link.id } });
    expect(rows.map((r) => r.state)).toEqual(["CLAIMED"]);
    const ret = h.shopify.store.returns.get(returnGid)!;
    expect(ret.rfoIds.flatMap((id) => h.shopify.store.rfos.get(id)!.deliveryIds)).toHaveLength(0);
  });

  it("an iF return closed in Shopify keeps IN_WAREHOUSE after a sync that can only see its label", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(4)] });
    const returnGid = o.returns[0].id;
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    await createLabel(ctx(), { returnGid, provider: "IFRETURNS" });
    await h.merchant.request(`#graphql
      mutation ReturnClose($id: ID!) { returnClose(id: $id) { return { id } userErrors { field message } } }`, { id: returnGid });
    await h.settle();
    const pushed = await h.t.db.returnLink.findUniqueOrThrow({ where: { shop_returnGid: { shop: h.shop, returnGid } } });
    expect(pushed.providerStatus).toBe("IN_WAREHOUSE");

    // iF has no status read: its label lookup says only that a label exists, which is no step back.
    await syncLink(ctx(), pushed, "CLOSED");

    const link = await h.t.db.returnLink.findUniqueOrThrow({ where: { id: pushed.id } });
    expect(link.providerStatus).toBe("IN_WAREHOUSE");
  });

  it("a parcel that reached the warehouse still closes the Shopify return when the first close attempt fails", async () => {
    const { returnGid, processId, link: linked } = await reverReturn(7);
    await reverLabel(linked, processId, "portal-7", 7);
    await syncLink(ctx(), linked, "OPEN");
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { closeOnWarehouse: true } });

    // The parcel arrives; the pass that sees it cannot close the return (here Shopify refuses once; in the soak,
    // the worker was killed between recording the arrival and closing).
    h.rever.advanceTracking(processId, "IN_WAREHOUSE");
    await h.settle();
    h.shopify.failNext(1, 400);
    await expect(syncLink(ctx(), await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linked.id } }), "OPEN")).rejects.toThrow();
    expect(h.shopify.store.returns.get(returnGid)!.status).toBe("OPEN");

    await syncLink(ctx(), await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linked.id } }), "OPEN");

    expect(h.shopify.store.returns.get(returnGid)!.status).toBe("CLOSED");
    expect(await h.t.db.returnLink.findUniqueOrThrow({ where: { id: linked.id } })).toMatchObject({ status: "CLOSED", providerStatus: "IN_WAREHOUSE" });
    await h.t.db.shopSettings.update({ where: { shop: h.shop }, data: { closeOnWarehouse: false } });
  });

  it("a label whose Shopify attach answer was lost is attached once and answered as a success", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(2)] });
    const returnGid = o.returns[0].id;
    h.ifreturns.registerReturn({ merchantReturnName: o.returns[0].name.replace(/^#/, ""), shopCode: "returnsbridgedemo" });
    await h.settle();
    proxy.setFaults({ rate5xx: 1, times: 1 });

    const result = await createLabel(ctx(), { returnGid, provider: "IFRETURNS" });

    expect(proxy.faults.counts["5xx"]).toBe(1);
    expect(proxy.afterExecuting).toBe(1);
    expect(result).toMatchObject({ state: "ATTACHED", attachedToShopify: true });
    const ret = h.shopify.store.returns.get(returnGid)!;
    const deliveries = ret.rfoIds.flatMap((id) => h.shopify.store.rfos.get(id)!.deliveryIds);
    expect(deliveries).toHaveLength(1);
    expect(result.reverseDeliveryId).toBe(deliveries[0]);
  });
});

/**
 * A gateway in front of REVER that answers the first logistic-order create with a 504 while REVER still has it
 * queued: REVER carries it out only after the app's next read of the process's logistics has been answered.
 */
async function startQueueingGateway(target: string): Promise<{ url: string; held: () => boolean; close: () => Promise<void> }> {
  let held: { path: string; headers: Record<string, string>; body: Buffer } | null = null;
  const self = { host: "" };
  let used = false;
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const forward = async (method: string, path: string, headers: Record<string, string>, body?: Buffer) => {
    const res = await fetch(new URL(path, target), { method, headers, body: body ? new Uint8Array(body) : undefined });
    return { status: res.status, type: res.headers.get("content-type") ?? "application/json", bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!["host", "content-length", "connection"].includes(k) && typeof v === "string") headers[k] = v;
      if (method === "PUT" && path.includes("/logistics") && !used) {
        used = true;
        held = { path, headers, body };
        res.writeHead(504, { "content-type": "text/plain" }).end("upstream timed out");
        return;
      }
      const answer = await forward(method, path, headers, method === "GET" ? undefined : body);
      if (held && method === "GET" && path.includes("/logistics")) {
        const queued = held;
        held = null;
        await forward("PUT", queued.path, queued.headers, queued.body);
      }
      // Label file links name REVER's host: they are rewritten to this gateway, the one host the app may reach.
      const bytes = answer.type.includes("json") ? Buffer.from(answer.bytes.toString("utf8").split(new URL(target).host).join(self.host)) : answer.bytes;
      res.writeHead(answer.status, { "content-type": answer.type }).end(bytes);
    })().catch((err: Error) => res.writeHead(502).end(err.message));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  self.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${self.host}/`,
    held: () => held !== null,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("a REVER label whose create was not confirmed", () => {
  let h: AppHarness;
  let gateway: Awaited<ReturnType<typeof startQueueingGateway>>;
  let app: Runtime;
  const ctx = () => app.shop(h.shop);

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["REVER"] });
    gateway = await startQueueingGateway(h.rever.url);
    app = await createTestRuntime(h.t, { clock: instantClock, env: { SHOPIFY_ADMIN_API_ORIGIN: h.shopify.url, SHOPIFY_APP_URL: h.appUrl } });
    const saved = await saveProviderConnection(ctx(), {
      environment: "custom", warehouseAddress: WAREHOUSE, defaultParcel: { weightGrams: 1000 }, notifyCustomer: false, syncToShopify: true, syncToProvider: true,
      assumedCapabilities: assumedFor("REVER", {}), provider: "REVER", baseUrl: gateway.url, credential: h.rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS",
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.fieldErrors));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
    await h?.close();
  });

  it("is never created a second time at REVER when the first create lands after the app looked for it", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(21)] });
    const returnGid = o.returns[0].id;
    await h.settle();
    const processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    await h.t.db.returnLink.update({ where: { shop_returnGid: { shop: h.shop, returnGid } }, data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" } });

    // The first click: REVER's gateway gave up on the create, REVER carries it out after the app's lookup found nothing.
    const first = await createLabel(ctx(), { returnGid, provider: "REVER" }).catch((err: unknown) => err);
    expect(gateway.held()).toBe(false);
    // The next click finds the label REVER made and attaches it.
    const label = first instanceof Error ? await createLabel(ctx(), { returnGid, provider: "REVER" }) : first;

    const orders = h.rever.process(processId)!.logisticOrders;
    expect(orders).toHaveLength(1);
    expect(label).toMatchObject({ state: "ATTACHED", trackingNumber: orders[0].trackingId });
  });

  it("says the label may already exist at REVER while REVER does not show it, instead of creating another", async () => {
    const [o] = await seedShop(h.merchant, { orders: [order(22)] });
    const returnGid = o.returns[0].id;
    await h.settle();
    const processId = `proc_${o.name.replace("#", "")}`;
    h.rever.createProcess({ processId, orderNumber: o.name.replace("#", "") });
    await h.t.db.returnLink.update({ where: { shop_returnGid: { shop: h.shop, returnGid } }, data: { provider: "REVER", reverProcessId: processId, ifReturnName: null, referenceState: "KNOWN" } });
    // Every create is lost before REVER acts (a gateway 504), and the answer never tells.
    h.rever.setFaults({ rate5xx: 1, phase: "before", status5xx: 504, only: { method: "PUT", pathIncludes: "/logistics" } });
    try {
      await expect(createLabel(ctx(), { returnGid, provider: "REVER" })).rejects.toMatchObject({ code: LABEL_MAY_EXIST });
      await expect(createLabel(ctx(), { returnGid, provider: "REVER" })).rejects.toMatchObject({ code: LABEL_MAY_EXIST });
      const creates = h.rever.requests.filter((r) => r.method === "PUT" && r.path.includes(`${processId}/logistics`));
      expect(creates).toHaveLength(1);
      const row = await h.t.db.shipment.findFirstOrThrow({ where: { returnLink: { returnGid } } });
      expect(row).toMatchObject({ state: "UNCONFIRMED", error: expect.stringContaining("may already exist in REVER") });

      // Once the settle time has passed with REVER still showing nothing, a new create is requested.
      h.rever.setFaults({});
      const label = await createLabel(ctx(), { returnGid, provider: "REVER" }, { pollMs: 10, maxWaitMs: 1000, leaseMs: 120_000, settleMs: 0 });
      expect(label).toMatchObject({ state: "ATTACHED", trackingNumber: h.rever.process(processId)!.logisticOrders[0].trackingId });
      expect(h.rever.process(processId)!.logisticOrders).toHaveLength(1);
    } finally {
      h.rever.setFaults({});
    }
  });
});

// The PostgreSQL client is generated apart from @prisma/client: its errors are not instances of that package's
// classes. A unique-key collision must be recognised on both engines (the soak saw 500s on PostgreSQL only).
describe.each(testEngines())("unique keys on %s", (kind) => {
  let t: TestDb;
  let linkId: string;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const link = await t.db.returnLink.create({
      data: { shop: "keys.myshopify.com", returnGid: "gid://shopify/Return/1", returnName: "#1001-R1", normalizedName: "1001-R1", orderGid: "gid://shopify/Order/1", orderName: "#1001", status: "OPEN" },
    });
    linkId = link.id;
  });
  afterAll(async () => t?.cleanup());

  it("a timeline entry recorded twice under one key is skipped the second time, not an error", async () => {
    const entry = { shop: "keys.myshopify.com", returnLinkId: linkId, source: "APP" as const, kind: "label" as const, dedupeKey: "label-created:1" };
    expect(await recordEvent(t.db, entry)).toBe(true);
    expect(await recordEvent(t.db, entry)).toBe(false);
  });

  it("a second request for a label being claimed waits for the first one's result instead of failing", async () => {
    const key = { shop: "keys.myshopify.com", provider: "IFRETURNS", idempotencyKey: "rb-1-1" };
    const ops = {
      create: () => t.db.shipment.create({ data: { ...key, returnLinkId: linkId, state: "CLAIMED", source: "APP" } }),
      find: () => t.db.shipment.findUnique({ where: { shop_provider_idempotencyKey: key } }),
      takeOver: async () => false,
      done: ["ATTACHED"],
      resumable: ["CREATED"],
    };
    const first = await claimOnce(ops, { pollMs: 10, maxWaitMs: 5000, leaseMs: 60_000 }, "label");
    expect(first.kind).toBe("claimed");
    const second = claimOnce(ops, { pollMs: 10, maxWaitMs: 5000, leaseMs: 60_000 }, "label");
    await t.db.shipment.update({ where: { id: first.row.id }, data: { state: "ATTACHED" } });
    expect((await second).kind).toBe("done");
  });
});
