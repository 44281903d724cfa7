import { existsSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { exportCustomerData } from "../../app/privacy/compliance.server";
import type { Runtime } from "../../app/runtime/runtime.server";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/graphql-client.server";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "../../sandbox/ifreturns";
import { DEFAULT_REVER_ECOMMERCE, startReverSimulator, type ReverSimulator } from "../../sandbox/rever";
import { seedShop, type SeededOrder } from "../../sandbox/shopify/seed";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify/simulator";
import { appWebhookPaths, startWebhookReceiver, TEST_API_KEY, TEST_SECRET, type WebhookReceiver } from "../../sandbox/shopify/test-helpers";
import { createTestDb, type TestDb } from "../db";
import { installShop } from "../install-shop";
import { createTestRuntime, instantClock, testHttp, type TestRuntimeOptions } from "../runtime";

// Two installed shops in one database, each with its own Shopify (two simulators behind one origin, routed by
// the access token the app sends, or for token requests by the session token's shop and the refresh token each
// simulator issued), each installed by token exchange, both connected to the same iF returns and REVER simulators, each with an
// order, an open return with a label, a pickup and a requested return. The isolation and API fuzz suites
// call the app's real routes with real ID tokens against it, through the app's runtime built on that database.

export const APP_URL = "http://127.0.0.1:3999";
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

export const WAREHOUSE = {
  name: "Returns warehouse",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Avenida de la Logística 4",
  city: "Getafe",
  postalCode: "28906",
  countryCode: "ES",
};

export interface ShopObjects {
  shop: string;
  /** The merchant's own token (a custom app), what the rig seeds the shop with; the app has its own. */
  token: string;
  admin: AdminClient;
  shopify: ShopifySimulator;
  order: SeededOrder;
  /** OPEN, with a label made through the app and a pickup row. */
  openReturnGid: string;
  /** REQUESTED, linked. */
  requestedReturnGid: string;
  linkId: string;
  shipmentId: string;
  pickupId: string;
  /** A bulk label run over the open return's link (issue 16). */
  bulkRunId: string;
  /** A customers/data_request export of the shop. */
  dataRequestId: string;
}

export interface Rig {
  t: TestDb;
  /** The app's runtime the routes are called with (waits end at once; jobs are sent, not run). */
  rt: Runtime;
  ifSim: IfReturnsSimulator;
  reverSim: ReverSimulator;
  receiver: WebhookReceiver;
  a: ShopObjects;
  b: ShopObjects;
  /** A fresh, valid ID token for a shop (the extension's or the embedded page's session token). */
  token(shop: string, overrides?: Record<string, unknown>, secret?: string): Promise<string>;
  close(): Promise<void>;
}

export const legacy = (gid: string) => gid.split("/").pop()!;

const ORDER = {
  customer: { firstName: "Lucía", lastName: "García", email: "lucia@example.com", phone: "+34600111222" },
  shippingAddress: { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" },
  lineItems: [
    { title: "Linen shirt", quantity: 2, price: "39.90", sku: "RB-LS" },
    { title: "Cotton socks", quantity: 3, price: "9.99", sku: "RB-SO" },
  ],
};

export async function startRig(kind: "sqlite" | "postgresql" = "sqlite", runtime: TestRuntimeOptions = {}): Promise<Rig> {
  const t = await createTestDb(kind);
  const receiver = await startWebhookReceiver();
  const ifSim = await startIfReturnsSimulator();
  const reverSim = await startReverSimulator();
  const shops = [
    { shop: "isolation-a.myshopify.com", token: "shpat_isolation_a_0000000000" },
    { shop: "isolation-b.myshopify.com", token: "shpat_isolation_b_1111111111" },
  ];
  // Shop B's simulator starts its numbering far from A's, so no id of B's exists in A's shop by coincidence.
  const sims = await Promise.all(
    shops.map((s, i) =>
      startShopifySimulator({ apiSecret: TEST_SECRET, apiKey: TEST_API_KEY, accessToken: `${s.token}_legacy`, merchantToken: s.token, shop: s.shop, appUrl: receiver.url, webhookPaths: appWebhookPaths(), restoreRate: 1000, bucketSize: 2000, firstOrderNumber: 1001 + i * 5000 }),
    ),
  );
  // Which simulator issued a token: learned from the token answers passing through, as DNS would send each shop's calls home.
  const issuedBy = new Map<string, number>();
  const shopOf = (body: Buffer): number => {
    try {
      const b = JSON.parse(body.toString("utf8")) as { subject_token?: string; refresh_token?: string };
      if (b.refresh_token) return issuedBy.get(b.refresh_token) ?? -1;
      const dest = JSON.parse(Buffer.from(String(b.subject_token).split(".")[1] ?? "", "base64url").toString("utf8")).dest as string;
      return shops.findIndex((s) => `https://${s.shop}` === dest);
    } catch {
      return -1;
    }
  };
  const router: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const token = String(req.headers["x-shopify-access-token"] ?? "");
      const i = req.url?.startsWith("/admin/oauth/") ? shopOf(body) : (issuedBy.get(token) ?? shops.findIndex((s) => s.token === token));
      const target = new URL(req.url ?? "/", sims[Math.max(0, i)].url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (k !== "host" && k !== "content-length" && k !== "connection" && typeof v === "string") headers[k] = v;
      fetch(target, { method: req.method, headers, body: req.method === "GET" ? undefined : body })
        .then(async (r) => {
          const answer = Buffer.from(await r.arrayBuffer());
          if (req.url?.startsWith("/admin/oauth/") && r.ok) {
            const pair = JSON.parse(answer.toString("utf8")) as { access_token?: string; refresh_token?: string };
            for (const t of [pair.access_token, pair.refresh_token]) if (t) issuedBy.set(t, Math.max(0, i));
          }
          res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" }).end(answer);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => router.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;

  const rt = await createTestRuntime(t, { clock: instantClock, ...runtime, env: { SHOPIFY_ADMIN_API_ORIGIN: origin, SHOPIFY_APP_URL: APP_URL, SHOPIFY_API_SECRET: TEST_SECRET, ...runtime.env } });

  const token = async (shop: string, overrides: Record<string, unknown> = {}, secret = rt.env.SHOPIFY_API_SECRET) =>
    (await getJwt(shop.replace(/\.myshopify\.com$/, ""), rt.env.SHOPIFY_API_KEY, secret, overrides)).token;

  const objects: ShopObjects[] = [];
  for (const [i, s] of shops.entries()) {
    await installShop(rt, sims[i], s.shop);
    for (const input of [
      { provider: "IFRETURNS", environment: "custom", baseUrl: ifSim.url, credential: ifSim.credential, warehouseAddress: WAREHOUSE, defaultCarrierService: "IF-UPS-EXPRESS-SAVER", defaultParcel: { weightGrams: "1200" }, requestsPerSecond: "100", assumedCapabilities: ["labelItemFields"] },
      { provider: "REVER", environment: "custom", baseUrl: reverSim.url, credential: reverSim.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", warehouseAddress: WAREHOUSE, defaultCarrierService: "UPS", defaultParcel: { weightGrams: "900" }, requestsPerSecond: "100" },
    ]) {
      const saved = await saveProviderConnection(rt.shop(s.shop), input);
      if (!saved.ok) throw new Error(`rig: connection not saved: ${JSON.stringify(saved.fieldErrors)}`);
    }
    await t.db.shopSettings.create({ data: { shop: s.shop, defaultProvider: "IFRETURNS" } });
    const admin = createAdminClient({ shop: s.shop, accessToken: s.token, apiOrigin: sims[i].url, http: testHttp() });
    // Shop B first makes a few orders and returns of its own: its objects then have ids shop A never had.
    if (i === 1) await seedShop(admin, { orders: Array.from({ length: 3 }, () => ({ ...ORDER, returns: [{ status: "OPEN" as const }, { status: "REQUESTED" as const }] })) });
    const [order] = await seedShop(admin, {
      orders: [{ ...ORDER, returns: [{ status: "OPEN" as const, lines: [{ line: 0, quantity: 1 }] }, { status: "REQUESTED" as const, lines: [{ line: 1, quantity: 1 }] }] }],
    });
    const openReturnGid = order.returns[0].id;
    const requestedReturnGid = order.returns[1].id;
    // The open return: linked to iF with a label made at iF, attached in the shop's Shopify, and a pickup row.
    const platform = await rt.shop(s.shop).platform("IFRETURNS");
    const name = order.returns[0].name.replace(/^#/, "");
    ifSim.registerReturn({ merchantReturnName: name });
    const key = `rb-${legacy(openReturnGid)}-iso`;
    const made = await platform.createLabel({
      idempotencyKey: key,
      ref: { normalizedName: name, orderName: order.name, ifReturnName: `R1-${order.name.replace("#", "")}` },
      origin: { name: "Lucía García", email: "lucia@example.com", phone: "+34600111222", line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" },
      destination: WAREHOUSE,
      parcels: [{ weightGrams: 500 }],
      labelFormat: "PDF",
    });
    const link = await t.db.returnLink.create({
      data: { shop: s.shop, returnGid: openReturnGid, returnName: order.returns[0].name, normalizedName: name, orderGid: order.id, orderName: order.name, provider: "IFRETURNS", ifReturnName: `R1-${order.name.replace("#", "")}`, referenceState: "KNOWN", status: "OPEN", trackingNumber: made.trackingNumber },
    });
    const shipment = await t.db.shipment.create({
      data: { shop: s.shop, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: key, state: "ATTACHED", source: "APP", trackingNumber: made.trackingNumber, labelUrl: made.labelUrl, labelFormat: "PDF" },
    });
    const pickup = await t.db.pickup.create({ data: { shop: s.shop, returnLinkId: link.id, provider: "REVER", idempotencyKey: `rb-${legacy(openReturnGid)}-pickup`, state: "SCHEDULED", carrier: "UPS" } });
    await t.db.returnLink.create({
      data: { shop: s.shop, returnGid: requestedReturnGid, returnName: order.returns[1].name, normalizedName: order.returns[1].name.replace(/^#/, ""), orderGid: order.id, orderName: order.name, provider: "IFRETURNS", referenceState: "KNOWN", status: "REQUESTED" },
    });
    const bulkRun = await t.db.bulkRun.create({ data: { shop: s.shop, selectionKey: `isolation-${i}`, total: 1, items: { create: [{ shop: s.shop, returnLinkId: link.id, state: "DONE", detail: made.trackingNumber }] } } });
    const { exportId } = await exportCustomerData(rt.shop(s.shop), { id: 100 + i, email: ORDER.customer.email }, []);
    objects.push({ shop: s.shop, token: s.token, admin, shopify: sims[i], order, openReturnGid, requestedReturnGid, linkId: link.id, shipmentId: shipment.id, pickupId: pickup.id, bulkRunId: bulkRun.id, dataRequestId: exportId });
  }
  const [a, b] = objects;
  for (const gid of [b.order.id, b.openReturnGid, b.requestedReturnGid]) {
    if (a.shopify.store.orders.has(gid) || a.shopify.store.returns.has(gid)) throw new Error(`rig: ${gid} exists in both shops; isolation would prove nothing`);
  }

  return {
    t,
    rt,
    ifSim,
    reverSim,
    receiver,
    a,
    b,
    token,
    async close() {
      await rt.close();
      router.closeAllConnections();
      await new Promise<void>((r) => router.close(() => r()));
      await Promise.allSettled([...sims.map((s) => s.close()), ifSim.close(), reverSim.close(), receiver.close()]);
      await t.cleanup();
    },
  };
}

/** The route modules of a routes folder: flat files, and route folders as `<folder>/route.tsx` (Remix flat routes). */
export function routeModules(routesDir: string): string[] {
  return readdirSync(routesDir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return existsSync(path.join(routesDir, e.name, "route.tsx")) ? [`${e.name}/route.tsx`] : [];
    return /\.tsx?$/.test(e.name) ? [e.name] : [];
  });
}

export type RouteArgs = { request: Request; params: Record<string, string | undefined>; context: { runtime: Runtime } };
export type RouteModule = { loader?: (args: RouteArgs) => Promise<unknown>; action?: (args: RouteArgs) => Promise<unknown> };

export interface Answer {
  status: number;
  /** The parsed JSON of a Response, or the plain value a Remix loader/action returned (answered 200 by Remix). */
  json: unknown;
  /** The route threw something that is not a Response: Remix answers 500. */
  crashed?: unknown;
}

/**
 * Call a route module the way Remix does: the runtime in the load context, loader for GET/HEAD, action otherwise.
 * A thrown Response is the answer; a returned plain value is a 200; anything else thrown is what Remix would
 * answer with a 500.
 */
export async function callRoute(rt: Runtime, route: RouteModule, opts: { method: string; url: string; params: Record<string, string>; headers?: Record<string, string>; body?: BodyInit | null }): Promise<Answer> {
  const request = new Request(opts.url, { method: opts.method, headers: opts.headers, ...(opts.body !== undefined && opts.body !== null && opts.method !== "GET" && opts.method !== "HEAD" ? { body: opts.body, duplex: "half" } : {}) } as RequestInit);
  const fn = opts.method === "GET" || opts.method === "HEAD" ? route.loader : (route.action ?? route.loader);
  if (!fn) return { status: 405, json: null };
  let value: unknown;
  try {
    value = await fn({ request, params: opts.params, context: { runtime: rt } });
  } catch (thrown) {
    if (thrown instanceof Response) value = thrown;
    else return { status: 500, json: null, crashed: thrown };
  }
  if (!(value instanceof Response)) return { status: 200, json: value };
  const text = await value.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text (a label file, a redirect body)
  }
  return { status: value.status, json };
}

/** Everything a request could have written, in one read: counts and latest changes of the tables it touches. */
export async function fingerprint(t: TestDb): Promise<string> {
  const rows = await t.db.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT
      (SELECT count(*) FROM "ReturnLink") AS links, (SELECT max("updatedAt") FROM "ReturnLink") AS links_at,
      (SELECT count(*) FROM "Shipment") AS shipments, (SELECT max("updatedAt") FROM "Shipment") AS shipments_at,
      (SELECT count(*) FROM "Pickup") AS pickups, (SELECT max("updatedAt") FROM "Pickup") AS pickups_at,
      (SELECT count(*) FROM "TrackingEvent") AS events,
      (SELECT count(*) FROM "ProviderConnection") AS connections, (SELECT max("updatedAt") FROM "ProviderConnection") AS connections_at,
      (SELECT count(*) FROM "ShopSettings") AS settings, (SELECT max("updatedAt") FROM "ShopSettings") AS settings_at,
      (SELECT count(*) FROM "Session") AS sessions`,
  );
  return JSON.stringify(rows[0], (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}
