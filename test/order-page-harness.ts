import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Runtime } from "../app/runtime/runtime.server";
import { saveProviderConnection } from "../app/settings/provider-connections.server";
import { createAdminClient, type AdminClient } from "../app/shopify/graphql-client.server";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../sandbox/ifreturns";
import { assumedFor, type HarnessProfileOptions } from "../sandbox/assumed-capabilities";
import { DEFAULT_REVER_ECOMMERCE, startReverSimulator, type ReverSimulator } from "../sandbox/rever";
import { seedShop, type SeedOrderSpec, type SeededOrder } from "../sandbox/shopify/seed";
import type { ShopifySimulator } from "../sandbox/shopify/simulator";
import { TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "../sandbox/shopify/test-helpers";
import { createTestDb, type TestDb } from "./db";
import { installShop } from "./install-shop";
import { createTestRuntime, instantClock, testHttp, type TestRuntimeOptions } from "./runtime";

// Test rig for the order-page API: a real migrated database, the three simulators over HTTP, the shop installed
// by token exchange (expiring offline tokens), real HS256 ID tokens and the app's runtime built on that database
// (waits end at once, so provider retries do not cost the tests time).

export const APP_URL = "http://127.0.0.1:3999";
/** The provider simulator profiles the label, pickup and sync suites run against (decision 0008). */
export const PROFILES = ["default", "documented-minimum"] as const;
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
export const OTHER_SHOP = "other-merchant.myshopify.com";

export const WAREHOUSE = {
  name: "Returns warehouse",
  company: "Returns Bridge SL",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Avenida de la Logística 4",
  city: "Getafe",
  postalCode: "28906",
  countryCode: "ES",
};

export const CUSTOMER = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com", phone: "+34600111222" },
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
};

export interface Harness {
  t: TestDb;
  /** The simulators' profile and the connections' assumed capabilities this harness was started with. */
  profile: HarnessProfileOptions;
  /** The app's runtime the routes are called with (jobs are sent, not run). */
  rt: Runtime;
  shopify: ShopifySimulator;
  ifSim: IfReturnsSimulator;
  reverSim: ReverSimulator;
  receiver: WebhookReceiver;
  admin: AdminClient;
  /** A seeded order with one return per entry (REQUESTED or OPEN ...). */
  seedOrder(returns: Array<"REQUESTED" | "OPEN">, extra?: Partial<SeedOrderSpec>): Promise<SeededOrder>;
  token(shop?: string): Promise<string>;
  /** Another runtime on the same database and configuration (e.g. shorter provider timeouts); closed with the harness. */
  runtime(opts?: TestRuntimeOptions): Promise<Runtime>;
  close(): Promise<void>;
}

export async function ifConnection(h: Pick<Harness, "ifSim"> & { profile?: HarnessProfileOptions }, over: Record<string, unknown> = {}) {
  return {
    provider: "IFRETURNS",
    assumedCapabilities: assumedFor("IFRETURNS", h.profile ?? {}),
    environment: "custom",
    baseUrl: h.ifSim.url,
    credential: h.ifSim.credential,
    warehouseAddress: WAREHOUSE,
    defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
    carrierServices: "IF-UPS-EXPRESS-SAVER, IF-SEUR-HOME2SHOP",
    defaultLabelFormat: "PDF",
    defaultParcel: { weightGrams: "1200", lengthCm: "30", widthCm: "20", heightCm: "10" },
    notifyCustomer: "",
    ...over,
  };
}

export async function reverConnection(h: Pick<Harness, "reverSim"> & { profile?: HarnessProfileOptions }, over: Record<string, unknown> = {}) {
  return {
    provider: "REVER",
    assumedCapabilities: assumedFor("REVER", h.profile ?? {}),
    environment: "custom",
    baseUrl: h.reverSim.url,
    credential: h.reverSim.credential,
    ecommerceId: DEFAULT_REVER_ECOMMERCE,
    logisticsProvider: "SendCloud",
    warehouseAddress: WAREHOUSE,
    defaultCarrierService: "UPS",
    defaultLabelFormat: "PDF",
    defaultParcel: { weightGrams: "900" },
    notifyCustomer: "",
    ...over,
  };
}

export async function saveConnection(rt: Runtime, shop: string, input: Record<string, unknown>): Promise<void> {
  const saved = await saveProviderConnection(rt.shop(shop), input);
  if (!saved.ok) throw new Error(`connection not saved: ${JSON.stringify(saved.fieldErrors)}`);
}

export async function startHarness(opts: { providers?: Array<"IFRETURNS" | "REVER"> } & HarnessProfileOptions = {}): Promise<Harness> {
  const t = await createTestDb();
  const receiver = await startWebhookReceiver();
  // Shopify Plus restore rate: the tests seed many orders and must not spend their time pacing.
  const shopify = await startTestSimulator(receiver.url, { restoreRate: 1000, bucketSize: 2000 });
  const ifSim = await startIfReturnsSimulator({ profile: opts.profile });
  const reverSim = await startReverSimulator({ profile: opts.profile });
  const env = { SHOPIFY_ADMIN_API_ORIGIN: shopify.url, SHOPIFY_APP_URL: APP_URL, SHOPIFY_API_SECRET: TEST_SECRET };
  const extra: Runtime[] = [];
  const rt = await createTestRuntime(t, { env, clock: instantClock });
  await installShop(rt, shopify);
  const profile = { profile: opts.profile, assumed: opts.assumed };
  const h = { ifSim, reverSim, profile };
  for (const p of opts.providers ?? ["IFRETURNS", "REVER"]) {
    await saveConnection(rt, TEST_SHOP, p === "IFRETURNS" ? await ifConnection(h) : await reverConnection(h));
  }
  const admin = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: shopify.url, http: testHttp() });
  return {
    t,
    profile,
    rt,
    shopify,
    ifSim,
    reverSim,
    receiver,
    admin,
    async seedOrder(returns, extra = {}) {
      const [order] = await seedShop(admin, {
        orders: [
          {
            ...CUSTOMER,
            lineItems: [
              { title: "Linen shirt", quantity: 2, price: "39.90", sku: "RB-LS" },
              { title: "Cotton socks", quantity: 3, price: "9.99", sku: "RB-SO" },
            ],
            returns: returns.map((status, i) => ({ status, lines: [{ line: i % 2, quantity: 1 }], reason: "SIZE_TOO_SMALL" as const })),
            ...extra,
          },
        ],
      });
      return order;
    },
    async token(shop = TEST_SHOP) {
      const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), rt.env.SHOPIFY_API_KEY, rt.env.SHOPIFY_API_SECRET);
      return token;
    },
    async runtime(more = {}) {
      const other = await createTestRuntime(t, { clock: instantClock, ...more, env: { ...env, ...more.env } });
      extra.push(other);
      return other;
    },
    async close() {
      await Promise.allSettled([rt, ...extra].map((r) => r.close()));
      await Promise.allSettled([shopify.close(), ifSim.close(), reverSim.close(), receiver.close()]);
      await t.cleanup();
    },
  };
}

/** A parsed JSON answer, read field by field by the tests' assertions (which check the shape themselves). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnswerJson = any;

type RouteArgs = { request: Request; params: Record<string, string | undefined>; context: { runtime: Runtime } };
export type RouteModule = { loader: (args: RouteArgs) => Promise<Response>; action: (args: RouteArgs) => Promise<Response> };

/** Call a resource route the way Remix does: a real Request, the runtime in the load context, loader for GET, action otherwise. */
export async function callRoute(
  rt: Runtime,
  route: RouteModule,
  opts: { method?: string; path: string; params: Record<string, string>; token?: string | null; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; headers: Headers; json: AnswerJson; bytes: Uint8Array }> {
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { origin: EXTENSION_ORIGIN, ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${APP_URL}${opts.path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const args = { request, params: opts.params, context: { runtime: rt } };
  let res: Response;
  try {
    res = method === "GET" || method === "HEAD" ? await route.loader(args) : await route.action(args);
  } catch (thrown) {
    if (thrown instanceof Response) res = thrown;
    else throw thrown;
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  let json: AnswerJson = null;
  if ((res.headers.get("content-type") ?? "").includes("json")) json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  return { status: res.status, headers: res.headers, json, bytes };
}

export function legacy(gid: string): string {
  return gid.split("/").pop()!;
}
