import type { Db } from "../../app/db.server";
import { createLogger } from "../../app/logger.server";
import { createSecretBox } from "../../app/security/encryption.server";
import { fromReverSummaryStatus } from "../../app/platforms/status-map";
import { saveProviderConnection } from "../../app/settings/provider-connections.server";
import { labelPdf } from "../../sandbox/lib/label-files";
import type { ReverSimulator } from "../../sandbox/rever";
import { DEFAULT_REVER_ECOMMERCE } from "../../sandbox/rever";
import type { ShopifySimulator } from "../../sandbox/shopify";

// Seeds a shop with many open REVER-linked returns straight into the simulators' stores and the database
// (createMany in chunks): no webhooks, no Admin API, so 100,000 links take seconds, not hours.

/**
 * What each link looks like before the pass:
 * - quiet: no logistic order at REVER yet (one read, nothing to do);
 * - tracked: a logistic order whose tracking is already on Shopify and in our Shipment row (one read, nothing to do);
 * - new-tracking: the customer booked a logistic order at REVER that Shopify does not show yet (attach it);
 * - closed / canceled: the return changed in Shopify and the webhook was lost (status found, push queued).
 */
export type LinkKind = "quiet" | "tracked" | "new-tracking" | "closed" | "canceled";

/** Deterministic mix: 1% new tracking, 0.5% closed + 0.5% canceled without a webhook, half of the rest tracked. */
export function kindOf(i: number): LinkKind {
  const r = i % 200;
  if (r === 17 || r === 117) return "new-tracking";
  if (r === 53) return "closed";
  if (r === 153) return "canceled";
  return i % 2 === 0 ? "tracked" : "quiet";
}

export interface SeedCounts {
  links: number;
  byKind: Record<LinkKind, number>;
  /** Time spent filling the simulators' stores and the database. */
  storeMs: number;
  dbMs: number;
}

export const BENCH_SHOP = "returns-bridge-bench.myshopify.com";
export const BENCH_TOKEN = "shpat_bench_0123456789abcdef";
export const BENCH_API_SECRET = "bench-app-secret-0123456789";
export const BENCH_ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const WAREHOUSE = {
  name: "Bench warehouse",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Calle de Fortunata y Jacinta 12",
  city: "Madrid",
  postalCode: "28020",
  countryCode: "ES",
};

const CHUNK = 1000;

interface Row {
  i: number;
  kind: LinkKind;
  returnGid: string;
  returnName: string;
  orderGid: string;
  orderName: string;
  email: string;
  processId: string;
  trackingNumber?: string;
  trackingUrl?: string;
}

/**
 * The store checks a new return against every return line item it holds (returnedQuantity scans them all), so
 * seeding n returns costs O(n^2). Each order here has one return, so its line item is set aside while seeding
 * and put back afterwards: the check sees the same quantities, in O(1).
 */
type AsideItems = Map<string, unknown>;

function seedOne(shopify: ShopifySimulator, rever: ReverSimulator, i: number, sharedLabel: string, aside: AsideItems): Row {
  const { store } = shopify;
  const kind = kindOf(i);
  const email = `customer${i}@example.com`;
  const order = store.orderCreate({
    customer: { firstName: "Ana", lastName: `Santos ${i}`, email },
    lineItems: [{ title: "Wool scarf", quantity: 1, price: "24.50", sku: `RB-${i}` }],
  }).value!;
  const fulfillment = store.fulfillmentCreate({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrderIds[0] }] }).value!;
  const ret = store.returnCreate({
    orderId: order.id,
    returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "SIZE_TOO_SMALL" }],
  }).value!;
  // The change happens in Shopify's store directly: no webhook is ever emitted for it.
  if (kind === "closed") store.returnClose(ret.id);
  if (kind === "canceled") store.returnCancel(ret.id);
  for (const id of ret.lineItemIds) {
    aside.set(id, store.returnLineItems.get(id));
    store.returnLineItems.delete(id);
  }
  const processId = `proc_bench_${i}`;
  const p = rever.createProcess({ processId, orderNumber: order.name.slice(1), returnName: ret.name });
  const row: Row = { i, kind, returnGid: ret.id, returnName: ret.name, orderGid: order.id, orderName: order.name, email, processId };
  if (kind === "tracked" || kind === "new-tracking") {
    const trackingNumber = `UPS${String(100_000_000_000 + i)}`;
    const trackingUrl = `https://tracking.example/ups/${trackingNumber}`;
    let labelFile = sharedLabel;
    if (kind === "new-tracking") {
      labelFile = `bench-${i}.pdf`;
      rever.state.files.set(labelFile, { bytes: labelPdf([`UPS via SendCloud`, `Tracking: ${trackingNumber}`, `Order: ${order.name}`]), contentType: "application/pdf" });
    }
    p.logisticOrders.push({ id: `lo_bench_${i}`, kind: "CREATED", carrier: "UPS", provider: "SendCloud", returnType: "DROP_OFF_POINT", trackingId: trackingNumber, trackingUrl, labelFile, request: null, price: 4.95, currencyCode: "EUR" });
    p.lkss = "CREATED";
    p.summaryStatus = "CREATED";
    p.lkssHistory.push("CREATED");
    if (kind === "tracked") Object.assign(row, { trackingNumber, trackingUrl });
  }
  return row;
}

/** The app's environment for a shop on these simulators (the child process gets the same values). */
export function appEnv(dbUrl: string, shopifyOrigin: string): Record<string, string> {
  return {
    DATABASE_URL: dbUrl,
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: BENCH_API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1:9",
    ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
    SHOPIFY_ADMIN_API_ORIGIN: shopifyOrigin,
  };
}

/**
 * Fills the simulators and the database with `n` open links, and connects REVER at `requestsPerSecond`.
 * The database client is the caller's (closed by it before the app process opens the file).
 */
export async function seedShop(db: Db, shopify: ShopifySimulator, rever: ReverSimulator, n: number, requestsPerSecond: number): Promise<SeedCounts> {
  const sharedLabel = "bench-shared.pdf";
  rever.state.files.set(sharedLabel, { bytes: labelPdf(["UPS via SendCloud", "Bench label"]), contentType: "application/pdf" });
  const byKind: Record<LinkKind, number> = { quiet: 0, tracked: 0, "new-tracking": 0, closed: 0, canceled: 0 };
  const trackedStatus = fromReverSummaryStatus("CREATED");

  await db.session.create({ data: { id: `offline_${BENCH_SHOP}`, shop: BENCH_SHOP, state: "bench", isOnline: false, scope: "read_orders,read_returns,write_returns", accessToken: BENCH_TOKEN } });
  await db.shopSettings.create({ data: { shop: BENCH_SHOP } });
  // The settings use-case with what it needs of a shop context: the app process opens the credential with the same key.
  const scope = { db, shop: BENCH_SHOP, log: createLogger({ level: "warn" }), rt: { secrets: createSecretBox(BENCH_ENCRYPTION_KEY), env: { NODE_ENV: "development" as const }, providerHosts: { IFRETURNS: [], REVER: [] } } };
  const saved = await saveProviderConnection(scope, {
    provider: "REVER",
    environment: "custom",
    baseUrl: rever.url,
    credential: rever.credential,
    ecommerceId: DEFAULT_REVER_ECOMMERCE,
    logisticsProvider: "SendCloud",
    defaultCarrierService: "UPS",
    warehouseAddress: WAREHOUSE,
    defaultParcel: { weightGrams: 1000 },
    notifyCustomer: false,
    syncToShopify: true,
    syncToProvider: true,
  });
  if (!saved.ok) throw new Error(`REVER connection refused: ${JSON.stringify(saved.fieldErrors)}`);
  // The settings form stops at 100 requests/s; the raised-limit run writes the column directly.
  await db.providerConnection.update({ where: { shop_provider: { shop: BENCH_SHOP, provider: "REVER" } }, data: { requestsPerSecond } });

  const aside: AsideItems = new Map();
  let storeMs = 0;
  const dbStarted = Date.now();
  for (let start = 0; start < n; start += CHUNK) {
    const rows: Row[] = [];
    const storeStarted = Date.now();
    for (let i = start; i < Math.min(n, start + CHUNK); i++) {
      const row = seedOne(shopify, rever, i, sharedLabel, aside);
      byKind[row.kind]++;
      rows.push(row);
    }
    storeMs += Date.now() - storeStarted;
    const linkId = (i: number) => `bench${String(i).padStart(8, "0")}`;
    await db.returnLink.createMany({
      data: rows.map((r) => ({
        id: linkId(r.i),
        shop: BENCH_SHOP,
        returnGid: r.returnGid,
        returnName: r.returnName,
        normalizedName: r.returnName.replace(/^#/, ""),
        orderGid: r.orderGid,
        orderName: r.orderName,
        customerName: `Ana Santos ${r.i}`,
        customerEmail: r.email,
        provider: "REVER",
        reverProcessId: r.processId,
        linkSource: "MANUAL",
        referenceState: "KNOWN",
        status: "OPEN",
        trackingNumber: r.trackingNumber ?? null,
        trackingUrl: r.trackingUrl ?? null,
        providerStatus: r.trackingNumber ? trackedStatus : null,
      })),
    });
    const tracked = rows.filter((r) => r.trackingNumber);
    if (tracked.length) {
      await db.shipment.createMany({
        data: tracked.map((r) => ({
          shop: BENCH_SHOP,
          returnLinkId: linkId(r.i),
          provider: "REVER",
          idempotencyKey: `${r.processId}-label`,
          state: "ATTACHED",
          source: "APP",
          providerShipmentId: r.processId,
          carrier: "UPS",
          trackingNumber: r.trackingNumber!,
          trackingUrl: r.trackingUrl!,
          labelFormat: "PDF",
        })),
      });
    }
  }
  for (const [id, item] of aside) shopify.store.returnLineItems.set(id, item as never);
  return { links: n, byKind, storeMs, dbMs: Date.now() - dbStarted - storeMs };
}
