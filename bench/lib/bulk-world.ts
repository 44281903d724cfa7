import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseEnv } from "../../app/env.server";
import { derivedIfReturnName } from "../../app/platforms/return-names";
import { createRuntime, type Runtime } from "../../app/runtime/runtime.server";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import { DEFAULT_REVER_ECOMMERCE, startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify";
import { startShopifyMeter, type ShopifyMeter } from "./sync-shopify-meter";
import { appEnv, BENCH_API_SECRET, BENCH_SHOP, BENCH_TOKEN } from "./sync-seed";

// The bulk labels benchmark's world: the three simulators with their rate limits on, a shop of open returns seeded
// straight into their stores and the database (half iF returns, half REVER), the app's runtime here (it presses the
// button) and its jobs in `npm run worker`-like child processes that can be killed mid-run.

const root = path.resolve(import.meta.dirname, "..", "..");

export interface BulkLimits {
  /** Each provider simulator's budget and the connection's requestsPerSecond: the same number. */
  ifRps: number;
  reverRps: number;
  restoreRate: number;
  bucketSize: number;
}

export interface BulkWorld {
  rt: Runtime;
  shopify: ShopifySimulator;
  meter: ShopifyMeter;
  ifreturns: IfReturnsSimulator;
  rever: ReverSimulator;
  linkIds: string[];
  worker: { child: ChildProcess; exited: Promise<void> } | null;
  startWorker(): Promise<void>;
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

const WAREHOUSE = { name: "Bench warehouse", email: "warehouse@example.com", phone: "+34911222333", line1: "Calle de Fortunata y Jacinta 12", city: "Madrid", postalCode: "28020", countryCode: "ES" };

export async function startBulkWorld(opts: { databaseUrl: string; returns: number; limits: BulkLimits; concurrency: number }): Promise<BulkWorld> {
  const { limits } = opts;
  const shopify = await startShopifySimulator({ apiSecret: BENCH_API_SECRET, accessToken: BENCH_TOKEN, shop: BENCH_SHOP, appUrl: "http://127.0.0.1:9", webhookPaths: {}, restoreRate: limits.restoreRate, bucketSize: limits.bucketSize });
  const meter = await startShopifyMeter(shopify.url);
  const ifreturns = await startIfReturnsSimulator({ seed: 16 });
  const rever = await startReverSimulator({ seed: 16 });
  const env = { ...appEnv(opts.databaseUrl, meter.url), NODE_ENV: "production", LOG_LEVEL: "warn" };
  const rt = await createRuntime(parseEnv(env), { runJobs: false });
  const db = rt.db;
  await db.session.create({ data: { id: `offline_${BENCH_SHOP}`, shop: BENCH_SHOP, state: "bench", isOnline: false, scope: "read_orders,read_returns,write_returns,read_locations", accessToken: BENCH_TOKEN } });
  await db.shopSettings.create({ data: { shop: BENCH_SHOP, defaultProvider: "IFRETURNS" } });
  const ctx = rt.shop(BENCH_SHOP);
  const common = { environment: "custom", warehouseAddress: WAREHOUSE, defaultParcel: { weightGrams: 1000 }, notifyCustomer: true, syncToShopify: true, syncToProvider: true };
  for (const input of [
    { ...common, provider: "IFRETURNS", baseUrl: ifreturns.url, credential: ifreturns.credential, shopCode: "returnsbridgedemo", defaultCarrierService: "IF-UPS-EXPRESS-SAVER", requestsPerSecond: limits.ifRps },
    { ...common, provider: "REVER", baseUrl: rever.url, credential: rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS", requestsPerSecond: limits.reverRps },
  ]) {
    const saved = await saveProviderConnection(ctx, input);
    if (!saved.ok) throw new Error(`bulk bench: connection refused: ${JSON.stringify(saved.fieldErrors)}`);
  }
  const store = shopify.store;
  const links = [];
  for (let i = 0; i < opts.returns; i++) {
    const email = `customer${i}@example.com`;
    const order = store.orderCreate({
      email,
      customer: { firstName: "Ana", lastName: `Santos ${i}`, email },
      shippingAddress: { firstName: "Ana", lastName: `Santos ${i}`, address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" },
      lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-${i}` }],
      transactions: [{ kind: "SALE", status: "SUCCESS", gateway: "manual", amountSet: { shopMoney: { amount: "24.50", currencyCode: "EUR" } } }],
    }).value!;
    const fulfillment = store.fulfillmentCreate({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrderIds[0] }] }).value!;
    const ret = store.returnCreate({ orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "SIZE_TOO_SMALL" }] }).value!;
    const normalizedName = ret.name.replace(/^#/, "");
    const isRever = i % 2 === 1;
    const processId = `proc_bulk_${i}`;
    if (isRever) rever.createProcess({ processId, orderNumber: order.name.slice(1), returnName: ret.name });
    else ifreturns.registerReturn({ merchantReturnName: normalizedName, shopCode: "returnsbridgedemo" });
    links.push({
      id: `bulk${String(i).padStart(6, "0")}`,
      shop: BENCH_SHOP,
      returnGid: ret.id,
      returnName: ret.name,
      normalizedName,
      orderGid: order.id,
      orderName: order.name,
      customerName: `Ana Santos ${i}`,
      customerEmail: email,
      provider: isRever ? "REVER" : "IFRETURNS",
      ifReturnName: isRever ? null : derivedIfReturnName(normalizedName),
      reverProcessId: isRever ? processId : null,
      referenceState: "KNOWN",
      status: "OPEN",
    });
  }
  await db.returnLink.createMany({ data: links });
  ifreturns.setRateLimit(limits.ifRps);
  rever.setRateLimit(limits.reverRps);

  const world: BulkWorld = {
    rt,
    shopify,
    meter,
    ifreturns,
    rever,
    linkIds: links.map((l) => l.id),
    worker: null,
    async startWorker() {
      const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/bulk-worker.ts"], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, BULK_WORKER_CONCURRENCY: String(opts.concurrency) } as unknown as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      let seen = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", (c: Buffer) => {
          seen += c.toString();
          if (seen.includes("bulk worker ready")) resolve();
        });
        child.stderr?.on("data", (c: Buffer) => (seen += c.toString()));
        child.on("exit", (code) => reject(new Error(`bulk worker exited (${code}) before it started:\n${seen.slice(-2000)}`)));
      });
      world.worker = { child, exited };
    },
    async killWorker() {
      if (!world.worker) return;
      world.worker.child.kill("SIGKILL");
      await world.worker.exited;
      world.worker = null;
    },
    async close() {
      if (world.worker) {
        world.worker.child.kill("SIGTERM");
        await Promise.race([world.worker.exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (world.worker.child.exitCode === null) world.worker.child.kill("SIGKILL");
      }
      await rt.close();
      await Promise.allSettled([shopify.close(), meter.close(), ifreturns.close(), rever.close()]);
    },
  };
  return world;
}
