import { ValidationError } from "../http/errors.server";
import type { Address, ProviderId } from "../platforms/types";
import { readOrderForExtension, type OrderForExtension, type OrderRead } from "../shopify/graphql/order-for-extension.server";
import { PROVIDER_NAMES } from "./provider-ref.server";
import type { ShopContext } from "./shop-context.server";

// What the app may read of an order, and the customer's address for a label made from it. Shopify serves only
// the last 60 days of orders unless the app holds read_all_orders, which it grants on request
// (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Order), and answers protected customer data
// (name, email, phone, address) with null and a field error where the app is not approved for it
// (https://shopify.dev/docs/apps/launch/protected-customer-data). Neither stops a label: the merchant types
// what Shopify did not share; the app never invents a value.

import type { CustomerField } from "../contract/extension-api";
export type { CustomerField };

/** Why the order page or a label lacks order data, in words a merchant can act on. */
export const ORDER_OUT_OF_REACH =
  "Shopify does not give Returns Bridge this order: without access to all orders (read_all_orders) apps see only the last 60 days of orders. The return itself is readable: link it, and enter the customer's address for its label.";

export const REFUSED_NOTICE =
  "Shopify did not share some of this customer's details with Returns Bridge (protected customer data): a label asks you for what its platform needs.";

export interface OrderAccess {
  read: OrderRead;
  /** Customer fields Shopify refused for this order (protected customer data). */
  refused: CustomerField[];
}

const FIELD_OF: Array<[RegExp, CustomerField]> = [
  [/^email$/, "email"],
  [/^(phone|shippingAddress\.phone)$/, "phone"],
  [/^shippingAddress\.(name|firstName|lastName)$/, "name"],
  [/^shippingAddress(\.(address1|address2|zip))?$/, "address"],
];

export async function readOrder(ctx: ShopContext, orderGid: string): Promise<OrderAccess> {
  const read = orderGid ? await readOrderForExtension(await ctx.admin(), orderGid) : { order: null, refused: [] };
  const refused = new Set<CustomerField>();
  for (const path of read.refused) for (const [re, field] of FIELD_OF) if (re.test(path)) refused.add(field);
  if (read.refused.length) ctx.log.info("order.fields_refused", { shop: ctx.shop, orderGid, fields: read.refused });
  return { read, refused: [...refused] };
}

/** The order's shipping address as far as Shopify shared it (any field may be missing). */
export function partialOrderAddress(order: OrderForExtension | null): Partial<Address> {
  const a = order?.shippingAddress;
  const name = a?.name?.trim() || [a?.firstName, a?.lastName].filter(Boolean).join(" ").trim();
  const out: Partial<Address> = {
    ...(name ? { name } : {}),
    ...(a?.company ? { company: a.company } : {}),
    ...(order?.email ? { email: order.email } : {}),
    ...(a?.phone || order?.phone ? { phone: (a?.phone ?? order?.phone)! } : {}),
    ...(a?.address1 ? { line1: a.address1 } : {}),
    ...(a?.address2 ? { line2: a.address2 } : {}),
    ...(a?.city ? { city: a.city } : {}),
    ...(a?.zip ? { postalCode: a.zip } : {}),
    ...(a?.province ? { region: a.province } : {}),
    ...(a?.provinceCode ? { regionCode: a.provinceCode } : {}),
    ...(a?.countryCodeV2 ? { countryCode: a.countryCodeV2 } : {}),
  };
  return out;
}

type OriginField = "name" | "line1" | "city" | "postalCode" | "countryCode" | "email" | "phone";

/** What each provider's label needs of the customer's address (iF returns: email and phone too, its document says so). */
export const ORIGIN_REQUIRED: Record<ProviderId, OriginField[]> = {
  IFRETURNS: ["name", "line1", "city", "postalCode", "countryCode", "email", "phone"],
  REVER: ["name", "line1", "city", "postalCode", "countryCode"],
};

const WORDS: Record<OriginField, string> = { name: "name", line1: "street address", city: "city", postalCode: "postal code", countryCode: "country", email: "email", phone: "phone" };

const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : items[0]);

/**
 * The customer's address for a label: the merchant's full address when given, else the order's address with the
 * merchant's values filling what Shopify did not share. Refused with the missing fields named, never completed.
 */
export async function resolveOrigin(ctx: ShopContext, orderGid: string, provider: ProviderId, given: { origin?: Address; originFill?: Partial<Address> }): Promise<Address> {
  let base: Partial<Address> = {};
  let outOfReach = false;
  let refused: CustomerField[] = [];
  if (!given.origin) {
    const access = await readOrder(ctx, orderGid);
    outOfReach = !access.read.order;
    refused = access.refused;
    base = partialOrderAddress(access.read.order);
  }
  const filled = Object.fromEntries(Object.entries(given.originFill ?? {}).filter(([, v]) => typeof v === "string" && v.trim()));
  const origin = { ...(given.origin ?? base), ...filled } as Partial<Address>;
  const missing = ORIGIN_REQUIRED[provider].filter((f) => !origin[f]?.trim());
  if (!missing.length) return origin as Address;
  const fields = Object.fromEntries(missing.map((f) => [`origin.${f}`, "required"]));
  if (outOfReach) throw new ValidationError(`${ORDER_OUT_OF_REACH} Missing: ${list(missing.map((f) => WORDS[f]))}.`, { service: "app", code: "ORIGIN_MISSING", fields });
  const why = refused.length ? "Shopify did not share them with Returns Bridge (protected customer data)" : "the order does not have them";
  throw new ValidationError(`${PROVIDER_NAMES[provider]} needs the customer's ${list(missing.map((f) => WORDS[f]))} for the label and ${why}: enter them for this label.`, {
    service: "app",
    code: "ORIGIN_INCOMPLETE",
    fields,
  });
}
