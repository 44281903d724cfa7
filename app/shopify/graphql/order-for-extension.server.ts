import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { nodesOf, returnStatusSchema } from "./shared-schemas.server";

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
          id
          name
          status
        }
      }
    }
  }
`;

export interface OrderForExtensionVariables {
  id: string;
}

const addressSchema = z.object({
  name: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  address1: z.string().nullable(),
  address2: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  provinceCode: z.string().nullable(),
  zip: z.string().nullable(),
  country: z.string().nullable(),
  countryCodeV2: z.string().nullable(),
  phone: z.string().nullable(),
});

export const orderForExtensionSchema = z.object({
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      shippingAddress: addressSchema.nullable(),
      lineItems: nodesOf(
        z.object({
          id: z.string(),
          title: z.string(),
          name: z.string(),
          sku: z.string().nullable(),
          variantTitle: z.string().nullable(),
          quantity: z.number().int(),
          currentQuantity: z.number().int(),
        }),
      ),
      returns: nodesOf(z.object({ id: z.string(), name: z.string(), status: returnStatusSchema })),
    })
    .nullable(),
});

export type OrderForExtension = NonNullable<z.infer<typeof orderForExtensionSchema>["order"]>;
export type ShippingAddress = z.infer<typeof addressSchema>;

export interface OrderRead {
  /** Null when Shopify gives no order: another shop's id, or one outside what the app may read (older than 60 days). */
  order: OrderForExtension | null;
  /** Fields Shopify refused (protected customer data), as paths below the order: "email", "shippingAddress.phone". */
  refused: string[];
}

/** The order as far as Shopify shares it. */
export async function readOrderForExtension(client: AdminClient, orderId: string): Promise<OrderRead> {
  const res = await client.request(ORDER_FOR_EXTENSION, { id: orderId } satisfies OrderForExtensionVariables, { allowPartial: true });
  const refused = (res.fieldErrors ?? []).map((e) => (e.path ?? []).slice(1).join(".") || "order");
  return { order: parseData("OrderForExtension", orderForExtensionSchema, res.data).order, refused };
}

/** The order, or null when the id points at nothing. */
export async function fetchOrderForExtension(client: AdminClient, orderId: string): Promise<OrderForExtension | null> {
  return (await readOrderForExtension(client, orderId)).order;
}
