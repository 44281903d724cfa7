import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Runtime } from "../app/runtime/runtime.server";
import { saveProviderConnection } from "../app/settings/provider-connections.server";
import { createAdminClient, type AdminClient } from "../app/shopify/graphql-client.server";
import { webhookRawHandler } from "../app/webhooks/raw-handler.server";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../sandbox/ifreturns";
import { DEFAULT_REVER_ECOMMERCE, startReverSimulator, type ReverSimulator } from "../sandbox/rever";
import type { ShopifySimulator, ShopifySimulatorOptions } from "../sandbox/shopify";
import { startTestSimulator, TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP } from "../sandbox/shopify/test-helpers";
import { assumedFor, type HarnessProfileOptions } from "../sandbox/assumed-capabilities";
import { createTestDb, type TestDb } from "./db";
import { installShop } from "./install-shop";
import { createTestRuntime, testHttp, type TestRuntimeOptions } from "./runtime";

// The real app's webhook endpoint and job queue on a real database, wired to the three simulators over HTTP.
// Only what the app reads from the environment is set here; nothing of the app is stubbed.

export interface AppHarness {
  t: TestDb;
  appUrl: string;
  shop: string;
  shopify: ShopifySimulator;
  ifreturns: IfReturnsSimulator;
  rever: ReverSimulator;
  /** A client of the Shopify simulator acting as the merchant (or another app) in the admin. */
  merchant: AdminClient;
  /** The app's runtime (its jobs run in this process). */
  rt: Runtime;
  /** While true, webhooks are answered 200 and dropped: Shopify believes them delivered, the app never sees them. */
  loseWebhooks: boolean;
  /** Resolves when every delivery is handled and no job waits or runs. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const WAREHOUSE = {
  name: "Test warehouse",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Calle de Fortunata y Jacinta 12",
  city: "Madrid",
  postalCode: "28020",
  countryCode: "ES",
};

export { assumedFor, type HarnessProfileOptions } from "../sandbox/assumed-capabilities";

/** A Remix route's action, served at a path of the harness (e.g. the Flow action endpoint). */
export type RouteAction = (args: { request: Request; params: Record<string, string>; context: { runtime: Runtime } }) => Promise<Response>;

async function serveRoute(action: RouteAction, rt: Runtime, req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
  const answer = await action({ request, params: {}, context: { runtime: rt } });
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
}

export async function startAppHarness(
  opts: { kind?: "sqlite" | "postgresql"; providers?: Array<"IFRETURNS" | "REVER">; runtime?: TestRuntimeOptions; simulator?: Partial<ShopifySimulatorOptions>; routes?: Record<string, RouteAction> } & HarnessProfileOptions = {},
): Promise<AppHarness> {
  const t = await createTestDb(opts.kind ?? "sqlite");
  const ifreturns = await startIfReturnsSimulator({ profile: opts.profile });
  const rever = await startReverSimulator({ profile: opts.profile });

  let handle: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<boolean> | boolean) | null = null;
  const server: Server = createServer(async (req, res) => {
    if (flags.loseWebhooks && req.url?.startsWith("/webhooks/")) {
      req.resume();
      return void res.writeHead(200).end();
    }
    const route = opts.routes?.[(req.url ?? "").split("?")[0]];
    if (route && rtRef.rt) return void (await serveRoute(route, rtRef.rt, req, res));
    if (!handle || !(await handle(req, res))) res.writeHead(404).end();
  });
  const flags = { loseWebhooks: false };
  const rtRef: { rt?: Runtime } = {};
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const shopify = await startTestSimulator(appUrl, opts.simulator);

  const rt = await createTestRuntime(t, { runJobs: true, ...opts.runtime, env: { SHOPIFY_API_SECRET: TEST_SECRET, SHOPIFY_APP_URL: appUrl, SHOPIFY_ADMIN_API_ORIGIN: shopify.url, ...opts.runtime?.env } });
  handle = webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret: TEST_SECRET, maxBytes: 512 * 1024 });
  rtRef.rt = rt;

  await installShop(rt, shopify);
  for (const provider of opts.providers ?? ["IFRETURNS"]) {
    const common = { environment: "custom", warehouseAddress: WAREHOUSE, defaultParcel: { weightGrams: 1000 }, notifyCustomer: false, syncToShopify: true, syncToProvider: true, assumedCapabilities: assumedFor(provider, opts) };
    const input =
      provider === "IFRETURNS"
        ? { ...common, provider, baseUrl: ifreturns.url, credential: ifreturns.credential, shopCode: "returnsbridgedemo", defaultCarrierService: "IF-UPS-EXPRESS-SAVER" }
        : { ...common, provider, baseUrl: rever.url, credential: rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS" };
    const saved = await saveProviderConnection(rt.shop(TEST_SHOP), input);
    if (!saved.ok) throw new Error(JSON.stringify(saved.fieldErrors));
  }
  const merchant = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: shopify.url, http: testHttp() });

  return {
    get loseWebhooks() {
      return flags.loseWebhooks;
    },
    set loseWebhooks(v: boolean) {
      flags.loseWebhooks = v;
    },
    t,
    appUrl,
    shop: TEST_SHOP,
    shopify,
    ifreturns,
    rever,
    merchant,
    rt,
    async settle(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let quietRounds = 0;
      for (;;) {
        await shopify.webhooks.flush();
        const waiting = await t.db.webhookDelivery.count({ where: { state: "RECEIVED" } });
        const busy = await rt.jobs.pendingCount();
        quietRounds = waiting === 0 && busy === 0 ? quietRounds + 1 : 0;
        if (quietRounds >= 3) return;
        if (Date.now() > until) throw new Error(`not settled: ${waiting} deliveries waiting, ${busy} jobs pending`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await rt.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.all([shopify.close(), ifreturns.close(), rever.close()]);
      await t.cleanup();
    },
  };
}
