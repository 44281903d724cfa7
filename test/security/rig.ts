import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { controlledResolver, guardedOpener } from "../http/outbound-stand-ins";
import { serializeAssumedCapabilities } from "../../app/platforms/assumed-capabilities";
import { credentialsSealContext } from "../../app/platforms/registry.server";
import { createLabel } from "../../app/returns/create-label.server";
import type { Runtime } from "../../app/runtime/runtime.server";
import { createAppServer } from "../../app/server/node-server.server";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { createAdminClient } from "../../app/shopify/graphql-client.server";
import * as apiLabelFile from "../../app/routes/api.returns.$returnId.label-file";
import * as apiLabel from "../../app/routes/api.returns.$returnId.label";
import * as appLabelFile from "../../app/routes/app.returns.$id.label-file";
import * as appSettings from "../../app/routes/app.settings";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import type { HostileBehaviour, HostileTuning } from "../../sandbox/lib";
import { assumedFor } from "../../sandbox/assumed-capabilities";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import { TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_SHOP, mintSessionToken, startTestSimulator, startWebhookReceiver, type WebhookReceiver } from "../../sandbox/shopify/test-helpers";
import { createTestDb, type TestDb } from "../db";
import { CUSTOMER, EXTENSION_ORIGIN, WAREHOUSE } from "../order-page-harness";
import { createTestRuntime, instantClock, testHttp } from "../runtime";

// The security suite's rig: the app's runtime on a migrated database against the Shopify simulator and a hostile
// iF returns simulator (decision 0008), with a resolver the test controls and a socket opener that turns any
// address off this machine into an error. `attempts` lists every address the app tried to open a socket to.

/** Names the test's resolver answers, besides the hostile simulator's own (*.localtest.me -> 127.0.0.1). */
export const EVIL_NAMES = {
  "labels.evil.test": ["127.0.0.1"],
  "metadata.evil.test": ["169.254.169.254"],
  "intranet.evil.test": ["10.0.0.1"],
  "rebind.evil.test": [["93.184.215.14"], ["127.0.0.1"]],
} as const;

export interface SecurityRig {
  t: TestDb;
  rt: Runtime;
  shopify: ShopifySimulator;
  ifSim: IfReturnsSimulator;
  receiver: WebhookReceiver;
  /** Every address the app asked to open a socket to (loopback simulators only, when all is well). */
  attempts: string[];
  /** Every name the app asked the resolver for. */
  resolved: string[];
  seedReturn(): Promise<SeededOrder["returns"][number]>;
  /** The merchant's "Create label" (the order page's use-case); resolves with the error when it fails. */
  createLabel(returnGid: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface RigOptions {
  hostile?: HostileBehaviour[];
  tuning?: HostileTuning;
  /** Which successful API answers are hurt by huge-answer / trickle-answer (default: the profile's one in four). */
  answerEvery?: number;
  env?: Record<string, string | undefined>;
  providerTimeoutMs?: number;
}

export async function startSecurityRig(opts: RigOptions = {}): Promise<SecurityRig> {
  const t = await createTestDb();
  const receiver = await startWebhookReceiver();
  const shopify = await startTestSimulator(receiver.url, { restoreRate: 1000, bucketSize: 2000 });
  const ifSim = await startIfReturnsSimulator({ hostile: opts.hostile ?? [], hostileTuning: opts.tuning, ...(opts.answerEvery ? { hostileAnswerEvery: opts.answerEvery } : {}) });
  const hostNames = Object.fromEntries(Object.entries(ifSim.hostile.hosts).map(([name, address]) => [name, [address]]));
  const dns = controlledResolver({ localhost: ["127.0.0.1"], ...hostNames, ...(EVIL_NAMES as unknown as Record<string, string[] | string[][]>) });
  const guard = guardedOpener();
  const rt = await createTestRuntime(t, {
    clock: instantClock,
    env: { SHOPIFY_ADMIN_API_ORIGIN: shopify.url, SHOPIFY_API_SECRET: TEST_SECRET, DEMO_MODE: "1", DEMO_SHOP: TEST_SHOP, ...opts.env },
    outbound: { resolve: dns.resolve, openSocket: guard.open },
    providerTransport: { timeoutMs: opts.providerTimeoutMs ?? 1500, retry: { maxAttempts: 1 } },
  });
  // The demo shop installed as the admin installs it (an expiring offline pair); production tests reach no Shopify.
  if (rt.env.NODE_ENV !== "production") await rt.tokens.exchange(TEST_SHOP, mintSessionToken(shopify, { shop: TEST_SHOP, apiKey: rt.env.SHOPIFY_API_KEY, apiSecret: rt.env.SHOPIFY_API_SECRET }));
  // The hostile profile builds on the default one, whose label answers carry the items' URLs: read them (decision 0004).
  const assumedCapabilities = assumedFor("IFRETURNS", { profile: "hostile" });
  if (rt.env.NODE_ENV === "production") {
    // Production saves no simulator: the row is written as development would have left it.
    const sealed = rt.secrets.sealJson({ token: ifSim.credential }, credentialsSealContext(TEST_SHOP, "IFRETURNS"));
    await t.db.providerConnection.create({ data: { shop: TEST_SHOP, provider: "IFRETURNS", environment: "custom", baseUrl: ifSim.url, credentialsEncrypted: sealed, ifShopCode: "returnsbridgedemo", assumedCapabilities: serializeAssumedCapabilities("IFRETURNS", assumedCapabilities) } });
  }
  const saved = rt.env.NODE_ENV === "production" ? { ok: true as const } : await saveProviderConnection(rt.shop(TEST_SHOP), {
    provider: "IFRETURNS",
    environment: "custom",
    baseUrl: ifSim.url,
    credential: ifSim.credential,
    shopCode: "returnsbridgedemo",
    warehouseAddress: WAREHOUSE,
    defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
    defaultLabelFormat: "PDF",
    defaultParcel: { weightGrams: "1200" },
    assumedCapabilities,
  });
  if (!saved.ok) throw new Error(`connection not saved: ${JSON.stringify("fieldErrors" in saved ? saved.fieldErrors : saved)}`);
  const admin = createAdminClient({ shop: TEST_SHOP, accessToken: TEST_MERCHANT_TOKEN, apiOrigin: shopify.url, http: testHttp() });
  return {
    t,
    rt,
    shopify,
    ifSim,
    receiver,
    attempts: guard.attempts,
    resolved: dns.calls,
    async seedReturn() {
      const [order] = await seedShop(admin, {
        orders: [{ ...CUSTOMER, lineItems: [{ title: "Linen shirt", quantity: 1, price: "39.90", sku: "RB-LS" }], returns: [{ status: "OPEN", lines: [{ line: 0, quantity: 1 }], reason: "SIZE_TOO_SMALL" }] }],
      });
      return order.returns[0];
    },
    createLabel: (returnGid) => createLabel(rt.shop(TEST_SHOP), { returnGid }).catch((err: unknown) => err),
    async close() {
      await rt.close();
      await Promise.all([shopify.close(), ifSim.close(), receiver.close()]);
      await t.cleanup();
    },
  };
}

/** The headers an admin extension's request carries: its ID token, its origin, a browser's user agent. */
export async function extensionHeaders(rt: Runtime, shop = TEST_SHOP): Promise<Record<string, string>> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), rt.env.SHOPIFY_API_KEY, rt.env.SHOPIFY_API_SECRET);
  // authenticate.admin answers 410 to user agents it takes for bots (Node's fetch is one).
  return { authorization: `Bearer ${token}`, origin: EXTENSION_ORIGIN, "user-agent": BROWSER_UA };
}

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * The production HTTP server (createAppServer) in front of the app's real route modules, through a minimal Remix
 * build (no `remix vite:build`): documents "render" as the first route error's text, as the app's boundary shows it.
 */
export async function startAppServer(rt: Runtime): Promise<{ url: string; close(): Promise<void> }> {
  const route = (id: string, path: string, module: unknown) => ({ [id]: { id, parentId: "root", path, module } });
  const build = {
    mode: "production",
    entry: {
      module: {
        default: (_req: Request, status: number, headers: Headers, ctx: { staticHandlerContext?: { errors?: Record<string, { data?: unknown }> | null } }) => {
          const first = Object.values(ctx.staticHandlerContext?.errors ?? {})[0];
          return new Response(typeof first?.data === "string" ? first.data : "page", { status, headers });
        },
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      ...route("routes/api.returns.$returnId.label", "api/returns/:returnId/label", apiLabel),
      ...route("routes/api.returns.$returnId.label-file", "api/returns/:returnId/label-file", apiLabelFile),
      ...route("routes/app.returns.$id.label-file", "app/returns/:id/label-file", appLabelFile),
      ...route("routes/app.settings", "app/settings", appSettings),
    },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "security" },
    publicPath: "/build/",
    assetsBuildDirectory: "build/client",
    future: { v3_singleFetch: true },
    isSpaMode: false,
  } as unknown as ServerBuild;
  const server: Server = createAppServer({ build, mode: "production", loadContext: { runtime: rt }, log: rt.log });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
