import { z } from "zod";
import { isRetryable } from "../../http/errors.server";
import { parseData, type AdminClient } from "../graphql-client.server";

// The order a return belongs to, read apart from the return: Shopify serves only the last 60 days of orders
// without read_all_orders (https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Order) and may refuse
// protected customer data, so this read may come back with field errors and no order; the return itself is still
// read by return-for-sync.server.ts and the link made from what the return and its webhook carry.

export const RETURN_ORDER = `#graphql
  query ReturnOrder($id: ID!) {
    return(id: $id) {
      id
      order {
        id
        name
        email
        shippingAddress {
          name
        }
      }
    }
  }
`;

export interface ReturnOrderVariables {
  id: string;
}

export const returnOrderSchema = z.object({
  return: z
    .object({
      id: z.string(),
      order: z
        .object({
          id: z.string(),
          name: z.string(),
          email: z.string().nullable(),
          shippingAddress: z.object({ name: z.string().nullable() }).nullable(),
        })
        .nullable(),
    })
    .nullable(),
});

export interface ReturnOrder {
  id: string;
  name: string;
  email: string | null;
  customerName: string | null;
}

/**
 * The return's order as far as Shopify shares it, or null when it shares none of it. Shopify documents no answer for
 * a return whose order is out of the app's reach: any refusal of this read (not a passing fault) means "no order".
 */
export async function fetchReturnOrder(client: AdminClient, returnId: string): Promise<ReturnOrder | null> {
  let res;
  try {
    res = await client.request(RETURN_ORDER, { id: returnId } satisfies ReturnOrderVariables, { allowPartial: true });
  } catch (err) {
    if (isRetryable(err)) throw err;
    return null;
  }
  const order = parseData("ReturnOrder", returnOrderSchema, res.data).return?.order;
  return order ? { id: order.id, name: order.name, email: order.email, customerName: order.shippingAddress?.name ?? null } : null;
}
