import type { ReturnLink } from "@prisma/client";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../http/errors.server";
import type { Address, ProviderId } from "../platforms/types";
import type { LabelSummary, OrderReturnSummary, OrderReturnsView, PickupSummary, ProviderOption } from "../contract/extension-api";
export type { LabelSummary, OrderReturnSummary, OrderReturnsView, PickupSummary, ProviderOption };
import { PROVIDER_IDS } from "../platforms/types";
import { PROVIDERS } from "../platforms/descriptors";
import { signLabelUrl } from "../api/signed-label-url.server";
import { listProviderConnectionViews, type ProviderConnectionView } from "../settings/provider-connections.server";
import type { OrderForExtension } from "../shopify/graphql/order-for-extension.server";
import { ORDER_OUT_OF_REACH, partialOrderAddress, readOrder, REFUSED_NOTICE } from "./order-access.server";
import { fetchReturnForSync } from "../shopify/graphql/return-for-sync.server";
import { applyReturnEvent, decideProvider } from "./apply-return-event.server";
import { PROVIDER_NAMES } from "./provider-ref.server";
import { resolveReference } from "./resolve-reference.server";
import type { ShopContext } from "./shop-context.server";

// The order as the order-page extension lists it (returns, link status, labels, pickups, what each
// connected provider can do), and the lookups every order-page use-case shares.

export type ShopifyResource = "Order" | "Return" | "ReverseFulfillmentOrder";

/** "123" or "gid://shopify/Return/123" -> "gid://shopify/Return/123"; anything else is refused. */
export function toGid(resource: ShopifyResource, id: string): string {
  const value = id.trim();
  if (/^\d{1,20}$/.test(value)) return `gid://shopify/${resource}/${value}`;
  const m = /^gid:\/\/shopify\/(\w+)\/(\d{1,20})$/.exec(value);
  if (m && m[1] === resource) return value;
  throw new ValidationError(`Not a Shopify ${resource} id: ${value.slice(0, 80)}`, { service: "api", fields: { id: `expected a ${resource} id` } });
}

/** "gid://shopify/Return/123" -> "123". */
export function legacyId(gid: string): string {
  return /\/(\d+)$/.exec(gid)?.[1] ?? gid;
}

/** Nothing of this shop has that id: the same answer whether it exists elsewhere or not at all. */
export function notInShop(what: string): NotFoundError {
  return new NotFoundError(`${what} was not found in this shop`, { service: "app" });
}

/** The order's shipping address as a provider address (null when Shopify gave no street, city or country). */
export function orderAddress(order: OrderForExtension): Address | null {
  const a = partialOrderAddress(order);
  if (!a.line1 || !a.city || !a.countryCode) return null;
  return { ...a, name: a.name ?? "", line1: a.line1, city: a.city, postalCode: a.postalCode ?? "", countryCode: a.countryCode };
}

/** The order behind a link or id, read with this shop's token: another shop's order, or one Shopify keeps out of reach, reads as absent. */
export async function loadOrder(ctx: ShopContext, orderGid: string): Promise<OrderForExtension> {
  const order = (await readOrder(ctx, orderGid)).read.order;
  if (order) return order;
  // Returns of this order reached the app: the order exists, Shopify just does not serve it (60 days).
  if (orderGid && (await ctx.db.returnLink.count({ where: { shop: ctx.shop, orderGid } }))) throw new ValidationError(ORDER_OUT_OF_REACH, { service: "app", code: "ORDER_OUT_OF_REACH" });
  throw notInShop("The order");
}

/**
 * The shop's link for a return, created on the spot when the order page is faster than the webhook
 * pipeline (through the same applyReturnEvent, keyed so it records its timeline entry once).
 */
export async function ensureLink(ctx: ShopContext, returnGid: string): Promise<ReturnLink> {
  const { db, shop } = ctx;
  const existing = await db.returnLink.findUnique({ where: { shop_returnGid: { shop, returnGid } } });
  if (existing) return existing;
  let applied;
  try {
    applied = await applyReturnEvent(ctx, { topic: "app/order-page", returnGid, eventId: `order-page:${returnGid}`, eventAt: null, payload: {} });
  } catch (err) {
    if (err instanceof NotFoundError) throw notInShop("The return");
    throw err;
  }
  const link = applied.link;
  if (!link) throw notInShop("The return");
  if (applied.followUps.some((f) => f.kind === "resolve-reference")) {
    // Best effort: a reference found now (an assumed search the merchant turned on) saves a manual link.
    await resolveReference(ctx, link.id).catch((err) => ctx.log.warn("order_page.resolve_reference_failed", { shop, linkId: link.id, err }));
  }
  return (await db.returnLink.findFirst({ where: { id: link.id, shop } })) ?? link;
}

/** The stored link of a return in this shop, or null (never created here). */
export async function findLink(ctx: ShopContext, returnGid: string): Promise<ReturnLink | null> {
  return ctx.db.returnLink.findUnique({ where: { shop_returnGid: { shop: ctx.shop, returnGid } } });
}

export async function connectionView(ctx: ShopContext, provider: ProviderId): Promise<ProviderConnectionView> {
  const views = await listProviderConnectionViews(ctx.db, ctx.shop);
  const view = views.find((v) => v.provider === provider);
  if (!view) {
    throw new ValidationError(`${PROVIDER_NAMES[provider]} is not connected for this shop: connect it in Settings`, { service: "settings", code: "PROVIDER_NOT_CONNECTED", fields: { provider: "not connected" } });
  }
  return view;
}

/** The provider a return works with: the link's, else the one the shop's settings choose. */
export async function providerFor(ctx: ShopContext, link: ReturnLink | null, requested?: ProviderId): Promise<ProviderId> {
  const connected = await ctx.connectedProviders();
  if (requested) {
    if (!connected.includes(requested)) {
      throw new ValidationError(`${PROVIDER_NAMES[requested]} is not connected for this shop: connect it in Settings`, { service: "settings", code: "PROVIDER_NOT_CONNECTED", fields: { provider: "not connected" } });
    }
    return requested;
  }
  const chosen = (link?.provider as ProviderId | null) ?? (await decideProvider(ctx));
  if (!chosen) throw new ValidationError("Connect iF returns or REVER in Settings first", { service: "settings", code: "PROVIDER_NOT_CONNECTED", fields: { provider: "none connected" } });
  return chosen;
}

export const dropOffPointJson = z
  .object({
    id: z.string().optional(),
    name: z.string(),
    address: z.string().optional(),
    city: z.string().optional(),
    postalCode: z.string().optional(),
    countryCode: z.string().optional(),
    latitude: z.number().optional(),
    longitude: z.number().optional(),
    distanceKm: z.number().optional(),
    openingHours: z.string().optional(),
    carrierCode: z.string().optional(),
    locationType: z.enum(["STORE_POINT", "LOCKER_POINT"]).optional(),
  })
  .strip();

function parseJson<T>(value: string | null, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T | null {
  if (!value) return null;
  try {
    const r = schema.safeParse(JSON.parse(value));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const windowsJson = z.array(z.object({ date: z.string().optional(), startHour: z.number(), endHour: z.number() }));

// ---- The summary the extension lists (types: app/contract/extension-api.ts) ----

const PRINTABLE = new Set(["PDF", "PNG", "JPG"]);

function labelUrls(ctx: ShopContext, returnGid: string, s: { id: string; state: string; labelUrl: string | null; labelFormat: string | null }): Pick<LabelSummary, "fileUrl" | "downloadUrl"> {
  if ((s.state !== "CREATED" && s.state !== "ATTACHED") || !s.labelUrl) return { fileUrl: null, downloadUrl: null };
  const base = { appUrl: ctx.rt.env.SHOPIFY_APP_URL, secret: ctx.rt.env.SHOPIFY_API_SECRET, now: ctx.clock.now(), shop: ctx.shop, returnId: legacyId(returnGid), shipmentId: s.id };
  return {
    fileUrl: PRINTABLE.has(s.labelFormat ?? "") ? signLabelUrl({ ...base, download: false }) : null,
    downloadUrl: signLabelUrl({ ...base, download: true }),
  };
}

async function providerOptions(ctx: ShopContext): Promise<ProviderOption[]> {
  const views = await listProviderConnectionViews(ctx.db, ctx.shop);
  const out: ProviderOption[] = [];
  for (const provider of PROVIDER_IDS) {
    const view = views.find((v) => v.provider === provider);
    if (!view) continue;
    let problem: string | null = null;
    let capabilities: ProviderOption["capabilities"] = { labels: false, pickups: false, dropOffPoints: false, manualLabelUpload: false, labelFormats: [] };
    try {
      const c = (await ctx.platform(provider)).capabilities;
      capabilities = { labels: c.labels, pickups: c.pickups, dropOffPoints: c.dropOffPoints, manualLabelUpload: c.manualLabelUpload, labelFormats: [...c.labelFormats] };
    } catch (err) {
      problem = (err as Error).message;
    }
    out.push({
      provider,
      name: PROVIDER_NAMES[provider],
      reference: { kind: PROVIDERS[provider].reference.kind, field: PROVIDERS[provider].reference.column },
      capabilities,
      defaults: {
        carrierService: view.defaultCarrierService,
        carrierServices: view.carrierServices,
        labelFormat: view.defaultLabelFormat,
        parcel: view.defaultParcel,
        notifyCustomer: view.notifyCustomer,
      },
      warehouseConfigured: !!view.warehouseAddress,
      problem,
    });
  }
  return out;
}

/** Everything the order-page extension shows for one order, scoped to this shop (404 for any other shop's order). */
export async function getOrderReturns(ctx: ShopContext, orderGid: string): Promise<OrderReturnsView> {
  const { db, shop } = ctx;
  const access = await readOrder(ctx, orderGid);
  const order = access.read.order;
  // An order Shopify keeps out of reach is still this shop's when returns of it reached the app (webhooks).
  const known = order ? [] : await db.returnLink.findMany({ where: { shop, orderGid }, orderBy: { createdAt: "asc" }, select: { returnGid: true, returnName: true, status: true, orderName: true, customerName: true } });
  if (!order && !known.length) throw notInShop("The order");
  const refs: Array<{ id: string; name: string; status: string }> = order ? order.returns.nodes : known.map((l) => ({ id: l.returnGid, name: l.returnName, status: l.status }));
  const returnIds = refs.map((r) => r.id);
  const [links, providers, settings, suggested] = await Promise.all([
    db.returnLink.findMany({
      where: { shop, returnGid: { in: returnIds } },
      include: { shipments: { orderBy: { createdAt: "desc" } }, pickups: { orderBy: { createdAt: "desc" } } },
    }),
    providerOptions(ctx),
    ctx.settings(),
    decideProvider(ctx),
  ]);
  const admin = await ctx.admin();
  // Only open returns have reverse fulfillment orders to choose from; orders rarely have more than one or two.
  // Without the order, every return is read (its status is Shopify's, not the link's last one).
  const snapshots = new Map(
    await Promise.all(refs.filter((r) => !order || r.status === "OPEN").map(async (r) => [r.id, await fetchReturnForSync(admin, r.id)] as const)),
  );

  const returns: OrderReturnSummary[] = refs.map((r) => {
    const link = links.find((l) => l.returnGid === r.id) ?? null;
    const snap = snapshots.get(r.id) ?? null;
    return {
      id: r.id,
      legacyId: legacyId(r.id),
      name: r.name,
      status: (snap?.status ?? r.status) as OrderReturnSummary["status"],
      provider: (link?.provider as ProviderId | null) ?? suggested,
      link: link
        ? {
            provider: link.provider as ProviderId | null,
            linkSource: link.linkSource,
            referenceState: link.referenceState,
            ifReturnName: link.ifReturnName,
            reverProcessId: link.reverProcessId,
            providerStatus: link.providerStatus,
            trackingNumber: link.trackingNumber,
            trackingUrl: link.trackingUrl,
            lastError: link.lastError,
          }
        : null,
      reverseFulfillmentOrders: (snap?.reverseFulfillmentOrders.nodes ?? []).map((n) => ({ id: n.id, status: n.status, deliveries: n.reverseDeliveries.nodes.length })),
      labels: (link?.shipments ?? [])
        .filter((s) => s.source === "APP")
        .map((s) => ({
          shipmentId: s.id,
          provider: s.provider,
          state: s.state,
          source: s.source,
          carrier: s.carrier,
          trackingNumber: s.trackingNumber,
          trackingUrl: s.trackingUrl,
          labelFormat: s.labelFormat,
          reverseFulfillmentOrderId: s.reverseFulfillmentOrderGid,
          attachedToShopify: !!s.shopifyLabelUrl,
          printable: (s.state === "CREATED" || s.state === "ATTACHED") && !!s.labelUrl && PRINTABLE.has(s.labelFormat ?? ""),
          ...labelUrls(ctx, r.id, s),
          error: s.error,
          createdAt: s.createdAt.toISOString(),
        })),
      pickups: (link?.pickups ?? []).map((p) => ({
        pickupId: p.id,
        provider: p.provider,
        state: p.state,
        carrier: p.carrier,
        windows: parseJson(p.ranges, windowsJson) ?? [],
        error: p.error,
        createdAt: p.createdAt.toISOString(),
      })),
      dropOffPoint: parseJson(link?.dropOffPoint ?? null, dropOffPointJson),
    };
  });

  const draft = partialOrderAddress(order);
  return {
    order: {
      id: orderGid,
      legacyId: legacyId(orderGid),
      name: order?.name ?? known[0].orderName,
      customerName: draft.name ?? known[0]?.customerName ?? null,
      email: draft.email ?? null,
      address: order ? orderAddress(order) : null,
      addressDraft: draft,
      access: order ? "FULL" : "OUT_OF_REACH",
      refused: access.refused,
      notice: !order ? ORDER_OUT_OF_REACH : access.refused.length ? REFUSED_NOTICE : null,
    },
    providers,
    approveBeforeLabel: settings.approveBeforeLabel,
    returns,
  };
}
