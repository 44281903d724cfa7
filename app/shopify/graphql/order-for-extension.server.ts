import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { nodesOf, returnStatusSchema } from "./shared-schemas.server";

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
      customer: z
        .object({
          id: z.string(),
          displayName: z.string(),
          firstName: z.string().nullable(),
          lastName: z.string().nullable(),
          defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
          defaultPhoneNumber: z.object({ phoneNumber: z.string() }).nullable(),
        })
        .nullable(),
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

/** The order, or null when the id points at nothing. */
export async function fetchOrderForExtension(client: AdminClient, orderId: string): Promise<OrderForExtension | null> {
  const res = await client.request(ORDER_FOR_EXTENSION, { id: orderId } satisfies OrderForExtensionVariables);
  return parseData("OrderForExtension", orderForExtensionSchema, res.data).order;
}
