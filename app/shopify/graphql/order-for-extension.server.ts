import { withRefusals, type AdminClient } from "../graphql-client.server";
import type { OrderForExtensionQuery } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS } from "./fragments.server";

// The order as the admin extension shows it: who returns what, to which address, and existing returns. Only
// the customer data a label needs (the shipping address carries the name and phone; the order's email and phone
// as fallbacks), no Customer object: every field here is protected customer data Shopify may refuse, so the
// answer is read partially (refused fields come back null with a field error, the rest as asked).
// https://shopify.dev/docs/apps/launch/protected-customer-data

export const ORDER_FOR_EXTENSION = `#graphql
  query OrderForExtension($id: ID!) {
    order(id: $id) {
      id
      name
      email
      phone
      shippingAddress {
        name
        firstName
        lastName
        company
        address1
        address2
        city
        province
        provinceCode
        zip
        country
        countryCodeV2
        phone
      }
      lineItems(first: 50) {
        nodes {
          id
          title
          name
          sku
          variantTitle
          quantity
          currentQuantity
        }
      }
      returns(first: 20) {
        nodes {
          ...ReturnSummaryFields
        }
      }
    }
  }
  ${RETURN_SUMMARY_FIELDS}
` as const;

export type OrderForExtension = NonNullable<OrderForExtensionQuery["order"]> & {
  /** Protected customer data the shop's approval does not cover: null in the order, listed here (record 0012). */
  refused: string[];
};
export type ShippingAddress = NonNullable<OrderForExtension["shippingAddress"]>;

/**
 * The order, or null when the id points at nothing. Customer fields Shopify refuses are null and listed in
 * `refused`; a refusal of the order itself throws RefusedFieldsError (it exists, the app may not read it).
 */
export async function fetchOrderForExtension(client: AdminClient, orderId: string): Promise<OrderForExtension | null> {
  const res = await client.request(ORDER_FOR_EXTENSION, { id: orderId }, { allowPartial: true });
  return withRefusals("OrderForExtension", "order", res.data.order, res.fieldErrors);
}

export interface OrderRead {
  /** Null when Shopify gives no order: another shop's id, or one outside what the app may read (older than 60 days). */
  order: OrderForExtension | null;
  /** Fields Shopify refused (protected customer data), as paths below the order: "email", "shippingAddress.phone". */
  refused: string[];
}

/** The order as far as Shopify shares it. */
export async function readOrderForExtension(client: AdminClient, orderId: string): Promise<OrderRead> {
  const order = await fetchOrderForExtension(client, orderId);
  return { order, refused: (order?.refused ?? []).map((p) => p.replace(/^order\.?/, "") || "order") };
}
