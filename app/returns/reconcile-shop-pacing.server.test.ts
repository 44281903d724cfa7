import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnavailableError } from "../http/errors.server";
import { startAppHarness, type AppHarness } from "../../test/app-harness";
import { createTestRuntime, instantClock } from "../../test/runtime";
import { reconcileShop } from "./reconcile-shop.server";

// How the reconciliation walk uses its budget: no barrier at page boundaries (a slow link must not hold back
// the next page, or the provider's budget sits idle), and a page that cannot be read ends the pass.

/** A loopback pass-through to the REVER simulator that can hold one process's reads until told to let go. */
async function startHoldingProxy(target: string) {
  const upstream = new URL(target);
  const seen: string[] = [];
  let held: Array<() => void> = [];
  let holdProcess: string | null = null;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const processId = /\/processes\/([^/]+)\//.exec(req.url ?? "")?.[1] ?? "";
      seen.push(processId);
      const go = () => forward(req, res, Buffer.concat(chunks));
      if (holdProcess && processId === holdProcess) held.push(go);
      else go();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    hold(processId: string) {
      holdProcess = processId;
    },
    release() {
      holdProcess = null;
      const waiting = held;
      held = [];
      for (const go of waiting) go();
    },
    heldCount: () => held.length,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("reconciliation pacing", () => {
  let h: AppHarness;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  const processIds: string[] = [];

  beforeAll(async () => {
    h = await startAppHarness({ providers: ["REVER"] });
    // The harness's job runner reconciles a shop never reconciled: mark it done so only the passes below run.
    await h.t.db.shopSettings.upsert({ where: { shop: h.shop }, create: { shop: h.shop, lastReconciledAt: new Date() }, update: { lastReconciledAt: new Date() } });
    await h.settle();
    proxy = await startHoldingProxy(h.rever.url);
    await h.t.db.providerConnection.update({ where: { shop_provider: { shop: h.shop, provider: "REVER" } }, data: { baseUrl: proxy.url, requestsPerSecond: 100 } });
    // Four open returns linked to REVER processes, written straight to the store and the database.
    const { store } = h.shopify;
    for (let i = 1; i <= 4; i++) {
      const order = store.orderCreate({ lineItems: [{ title: "Scarf", quantity: 1, price: "20.00" }] }).value!;
      const fulfillment = store.fulfillmentCreate({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrderIds[0] }] }).value!;
      const ret = store.returnCreate({ orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1 }] }).value!;
      const processId = `proc_pacing_${i}`;
      h.rever.createProcess({ processId, orderNumber: order.name.slice(1) });
      processIds.push(processId);
      await h.t.db.returnLink.create({
        data: { id: `pacing-${i}`, shop: h.shop, returnGid: ret.id, returnName: ret.name, normalizedName: ret.name.slice(1), orderGid: order.id, orderName: order.name, provider: "REVER", reverProcessId: processId, referenceState: "KNOWN", status: "OPEN" },
      });
    }
  }, 60_000);
  afterAll(async () => {
    proxy?.release();
    await proxy?.close();
    await h?.close();
  });

  it("starts the next page's links while a slow link of the previous page is still waiting", { timeout: 90_000 }, async () => {
    // Pages of two: [1, 2], [3, 4]. Process 1's read is held until a read of page two arrives. A pass that waits for
    // link 1 before page two would hold forever: only then does the fallback let go (long enough that a correct pass
    // on a loaded machine never meets it; it bounds the failing case, it does not decide the passing one).
    proxy.hold(processIds[0]);
    let pageTwoWhileHeld = false;
    const watcher = setInterval(() => {
      if (proxy.heldCount() && proxy.seen.some((p) => p === processIds[2] || p === processIds[3])) {
        pageTwoWhileHeld = true;
        proxy.release();
      }
    }, 5);
    const fallback = setTimeout(() => proxy.release(), 60_000);
    try {
      const report = await reconcileShop(h.rt.shop(h.shop), { pageSize: 2, concurrency: 2 });
      expect(report).toMatchObject({ links: 4, errors: 0, shopifyQueries: 2 });
    } finally {
      clearInterval(watcher);
      clearTimeout(fallback);
    }
    expect(pageTwoWhileHeld).toBe(true);
    // Every link was read once, each in its own request.
    expect(processIds.map((p) => proxy.seen.filter((s) => s === p).length)).toEqual([1, 1, 1, 1]);
  });

  it("ends the pass with the error when a page's Shopify statuses cannot be read, without syncing links it could not see", async () => {
    // The app on a clock whose waits end at once: the HTTP client's retries of the 503s run instantly.
    const instant = await createTestRuntime(h.t, { clock: instantClock, env: { SHOPIFY_ADMIN_API_ORIGIN: h.shopify.url } });
    const before = proxy.seen.length;
    try {
      h.shopify.failNext(4, 503);
      await expect(reconcileShop(instant.shop(h.shop), { pageSize: 2, concurrency: 2 })).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await instant.close();
    }
    expect(proxy.seen.length).toBe(before);
  });
});
