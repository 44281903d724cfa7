import type { ReturnLink } from "@prisma/client";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../http/errors.server";
import type { Address, DropOffPoint, LabelFormat, Parcel, PickupWindow, PlatformCapabilities, ProviderId } from "../platforms/types";
import { PROVIDER_IDS } from "../platforms/types";
import { PROVIDERS, type ReferenceKind } from "../platforms/descriptors";
import { listProviderConnectionViews, type ProviderConnectionView } from "../settings/provider-connections.server";
import { fetchOrderForExtension, type OrderForExtension } from "../shopify/graphql/order-for-extension.server";
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

/** The order's shipping address as a provider address (null when the order has none). */
export function orderAddress(order: OrderForExtension): Address | null {
  const a = order.shippingAddress;
  if (!a?.address1 || !a.city || !a.countryCodeV2) return null;
  const name = a.name?.trim() || [a.firstName, a.lastName].filter(Boolean).join(" ").trim() || order.customer?.displayName || "";
  const email = order.email ?? order.customer?.defaultEmailAddress?.emailAddress ?? undefined;
  const phone = a.phone ?? order.phone ?? order.customer?.defaultPhoneNumber?.phoneNumber ?? undefined;
  return {
    name,
    ...(a.company ? { company: a.company } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    line1: a.address1,
    ...(a.address2 ? { line2: a.address2 } : {}),
    city: a.city,
    postalCode: a.zip ?? "",
    ...(a.province ? { region: a.province } : {}),
    ...(a.provinceCode ? { regionCode: a.provinceCode } : {}),
    countryCode: a.countryCodeV2,
  };
}

/** The order behind a link or id, read with this shop's token: another shop's order reads as absent. */
export async function loadOrder(ctx: ShopContext, orderGid: string): Promise<OrderForExtension> {
  const order = await fetchOrderForExtension(await ctx.admin(), orderGid);
  if (!order) throw notInShop("The order");
  return order;
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

// ---- The summary the extension lists ----

export interface ProviderOption {
  provider: ProviderId;
  name: string;
  /** How a return is referenced there, and the link body's field for it (descriptor, app/platforms/descriptors.ts). */
  reference: { kind: ReferenceKind; field: "ifReturnName" | "reverProcessId" };
  capabilities: Pick<PlatformCapabilities, "labels" | "pickups" | "dropOffPoints" | "manualLabelUpload" | "labelFormats">;
  defaults: {
    carrierService: string | null;
    carrierServices: string[];
    labelFormat: LabelFormat;
    parcel: Parcel | null;
    notifyCustomer: boolean;
  };
  warehouseConfigured: boolean;
  /** Why the connection cannot be used right now (e.g. credentials to enter again), or null. */
  problem: string | null;
}

export interface LabelSummary {
  shipmentId: string;
  provider: string;
  state: string;
  source: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  reverseFulfillmentOrderId: string | null;
  attachedToShopify: boolean;
  /** A file the print action can show (PDF or image) is kept at the provider. */
  printable: boolean;
  error: string | null;
  createdAt: string;
}

export interface PickupSummary {
  pickupId: string;
  provider: string;
  state: string;
  carrier: string | null;
  windows: PickupWindow[];
  error: string | null;
  createdAt: string;
}

export interface OrderReturnSummary {
  id: string;
  legacyId: string;
  name: string;
  status: string;
  /** The link's provider, else the one the settings would choose. */
  provider: ProviderId | null;
  link: null | {
    provider: ProviderId | null;
    linkSource: string;
    referenceState: string;
    ifReturnName: string | null;
    reverProcessId: string | null;
    providerStatus: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    lastError: string | null;
  };
  reverseFulfillmentOrders: Array<{ id: string; status: string; deliveries: number }>;
  labels: LabelSummary[];
  pickups: PickupSummary[];
  dropOffPoint: DropOffPoint | null;
}

export interface OrderReturnsView {
  order: { id: string; legacyId: string; name: string; customerName: string | null; email: string | null; address: Address | null };
  providers: ProviderOption[];
  approveBeforeLabel: boolean;
  returns: OrderReturnSummary[];
}

const PRINTABLE = new Set(["PDF", "PNG", "JPG"]);

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
  const order = await loadOrder(ctx, orderGid);
  const returnIds = order.returns.nodes.map((r) => r.id);
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
  const snapshots = new Map(
    await Promise.all(
      order.returns.nodes.filter((r) => r.status === "OPEN").map(async (r) => [r.id, await fetchReturnForSync(admin, r.id)] as const),
    ),
  );

  const returns: OrderReturnSummary[] = order.returns.nodes.map((r) => {
    const link = links.find((l) => l.returnGid === r.id) ?? null;
    const snap = snapshots.get(r.id) ?? null;
    return {
      id: r.id,
      legacyId: legacyId(r.id),
      name: r.name,
      status: r.status,
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

  return {
    order: {
      id: order.id,
      legacyId: legacyId(order.id),
      name: order.name,
      customerName: order.customer?.displayName ?? order.shippingAddress?.name ?? null,
      email: order.email ?? order.customer?.defaultEmailAddress?.emailAddress ?? null,
      address: orderAddress(order),
    },
    providers,
    approveBeforeLabel: settings.approveBeforeLabel,
    returns,
  };
}
