import { withRefusals, type AdminClient } from "../graphql-client.server";
import type { OrderForExtensionQuery } from "../types/admin.generated";
import { RETURN_SUMMARY_FIELDS } from "./fragments.server";

// The order as the admin extension shows it: who returns what, to which address, and existing returns.

export const ORDER_FOR_EXTENSION = `#graphql
  query OrderForExtension($id: ID!) {
    order(id: $id) {
      id
      name
      email
      phone
      customer {
        id
        displayName
        firstName
        lastName
        defaultEmailAddress {
          emailAddress
        }
        defaultPhoneNumber {
          phoneNumber
        }
      }
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
