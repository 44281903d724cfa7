import { PROVIDERS } from "../platforms/descriptors";
import { UnimplementedError, ValidationError } from "../http/errors.server";
import type { DropOffPoint, DropOffQuery, LocationType } from "../platforms/types";
import { dropOffPointJson, ensureLink, loadOrder, orderAddress, providerFor } from "./order-returns.server";
import { PROVIDER_NAMES } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";
import { recordEvent } from "./timeline.server";
import type { DropOffSearchResult } from "../contract/extension-api";

// Drop-off points (iF PUDOs) near the customer: by address or coordinates, within 1..20 km, of a location
// type, for the carrier services configured in settings. The merchant may keep the one the customer chose.

export interface DropOffSearchInput {
  returnGid: string;
  /** Street and number; with city, postal code and country. Defaults to the order's shipping address. */
  address?: string;
  city?: string;
  postalCode?: string;
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  rangeKm?: number;
  locationType?: LocationType;
  carrierServices?: string[];
  limit?: number;
}

export const MIN_RANGE_KM = 1;
export const MAX_RANGE_KM = 20;

export async function findDropOffPointsForReturn(ctx: ShopContext, input: DropOffSearchInput): Promise<DropOffSearchResult> {
  if (input.rangeKm !== undefined && (input.rangeKm < MIN_RANGE_KM || input.rangeKm > MAX_RANGE_KM)) {
    throw new ValidationError(`The search range must be between ${MIN_RANGE_KM} and ${MAX_RANGE_KM} km`, { service: "api", fields: { rangeKm: `${MIN_RANGE_KM}..${MAX_RANGE_KM}` } });
  }
  // The return is looked up in this shop first: another shop's return is a 404 before any provider call.
  const link = await ensureLink(ctx, input.returnGid);
  const provider = await providerFor(ctx, link);
  const platform = await ctx.platform(provider);
  if (!platform.capabilities.dropOffPoints) {
    // A search whose answer is undocumented waits for the merchant to turn on the assumption (decision 0004).
    if (PROVIDERS[provider].assumedCapabilities.includes("pudoPointFields")) {
      throw new UnimplementedError(`${PROVIDER_NAMES[provider]} does not document what a drop-off point carries: turn on “Read ${PROVIDER_NAMES[provider]}'s drop-off points” in Settings to search them`, { service: "app", code: "ASSUMPTION_OFF" });
    }
    throw new UnimplementedError(`${PROVIDER_NAMES[provider]} has no drop-off point search: its customer portal shows the points`, { service: "app", code: "DROP_OFF_POINTS_UNSUPPORTED" });
  }
  const hasGeo = input.latitude !== undefined && input.longitude !== undefined;
  let query: DropOffQuery;
  let searchedNear: string;
  if (hasGeo) {
    query = { latitude: input.latitude!, longitude: input.longitude! };
    searchedNear = `${input.latitude}, ${input.longitude}`;
  } else if (input.address?.trim()) {
    query = { address: input.address.trim(), city: input.city, postalCode: input.postalCode, countryCode: input.countryCode };
    searchedNear = [input.address.trim(), input.postalCode, input.city, input.countryCode].filter(Boolean).join(", ");
  } else {
    const a = orderAddress(await loadOrder(ctx, link.orderGid));
    if (!a) throw new ValidationError("The order has no shipping address: enter an address or coordinates to search near", { service: "app", code: "ADDRESS_MISSING", fields: { address: "required" } });
    query = { address: a.line1, city: a.city, postalCode: a.postalCode, countryCode: a.countryCode };
    searchedNear = [a.line1, a.postalCode, a.city, a.countryCode].filter(Boolean).join(", ");
  }
  const locationType = input.locationType ?? "ALL";
  const points = await platform.findDropOffPoints({
    ...query,
    locationType,
    ...(input.rangeKm !== undefined ? { rangeKm: input.rangeKm } : {}),
    ...(input.carrierServices?.length ? { carrierServices: input.carrierServices } : {}),
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
  } as DropOffQuery);
  return { provider, searchedNear, rangeKm: input.rangeKm ?? null, locationType, points };
}

/** Keep the point the customer chose on the link (shown on the return page and the order page). */
export async function chooseDropOffPoint(ctx: ShopContext, input: { returnGid: string; point: DropOffPoint | null }): Promise<{ dropOffPoint: DropOffPoint | null }> {
  const { db, shop } = ctx;
  const link = await ensureLink(ctx, input.returnGid);
  const point = input.point ? dropOffPointJson.parse(input.point) : null;
  await db.returnLink.update({ where: { id: link.id }, data: { dropOffPoint: point ? JSON.stringify(point) : null } });
  await recordEvent(db, {
    shop,
    returnLinkId: link.id,
    source: "MERCHANT",
    kind: "link",
    detail: point ? `Drop-off point chosen: ${[point.name, point.address, point.city].filter(Boolean).join(", ")}` : "Drop-off point cleared",
  });
  return { dropOffPoint: point };
}
