import { parseData, throwIfUserErrors, userErrorSchema, type AdminClient } from "../../app/shopify/graphql-client.server";
import { z } from "zod";

// Seeds a shop the way a merchant's shop fills up: through the Admin API itself (orderCreate,
// fulfillmentCreate, returnRequest / returnCreate and the status mutations), so the demo and tests run
// on data Shopify would accept.

const SEED_ORDER_CREATE = `#graphql
  mutation SeedOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
    orderCreate(order: $order, options: $options) {
      order {
        id
        name
        fulfillmentOrders(first: 5) {
          nodes {
            id
            lineItems(first: 50) {
              nodes {
                id
                remainingQuantity
              }
            }
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const SEED_FULFILLMENT_CREATE = `#graphql
  mutation SeedFulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment {
        id
        fulfillmentLineItems(first: 50) {
          nodes {
            id
            quantity
            lineItem {
              id
            }
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const SEED_RETURN_REQUEST = `#graphql
  mutation SeedReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return {
        id
        name
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_CREATE = `#graphql
  mutation SeedReturnCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) {
      return {
        id
        name
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_APPROVE = `#graphql
  mutation SeedReturnApprove($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return {
        id
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_DECLINE = `#graphql
  mutation SeedReturnDecline($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return {
        id
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_CANCEL = `#graphql
  mutation SeedReturnCancel($id: ID!) {
    returnCancel(id: $id) {
      return {
        id
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_CLOSE = `#graphql
  mutation SeedReturnClose($id: ID!) {
    returnClose(id: $id) {
      return {
        id
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const SEED_RETURN_REASONS = `#graphql
  query SeedReturnReasons($handles: [String!]) {
    returnReasonDefinitions(first: 50, handles: $handles) {
      nodes {
        id
        handle
      }
    }
  }
`;

export type SeedReturnStatus = "REQUESTED" | "OPEN" | "DECLINED" | "CANCELED" | "CLOSED";
export type SeedReturnReason = "SIZE_TOO_SMALL" | "SIZE_TOO_LARGE" | "UNWANTED" | "NOT_AS_DESCRIBED" | "WRONG_ITEM" | "DEFECTIVE" | "STYLE" | "COLOR" | "OTHER" | "UNKNOWN";

export interface SeedAddress {
  firstName: string;
  lastName: string;
  address1: string;
  address2?: string;
  city: string;
  provinceCode?: string;
  zip: string;
  countryCode: string;
  phone?: string;
}

export interface SeedOrderSpec {
  email?: string;
  phone?: string;
  customer?: { firstName: string; lastName: string; email?: string; phone?: string };
  shippingAddress?: SeedAddress;
  lineItems: Array<{ title: string; quantity: number; price: string; sku?: string; variantId?: string; variantTitle?: string }>;
  tags?: string[];
  /** Placed this many days ago (needs `backdateOrder`): over 60 is out of reach without read_all_orders. */
  ageDays?: number;
  /** Fulfil every line (default true): only fulfilled items can be returned. */
  fulfill?: boolean;
  returns?: Array<{
    status: SeedReturnStatus;
    /** Which order lines (by index) and how many; default: one of the first line. */
    lines?: Array<{ line: number; quantity: number }>;
    reason?: SeedReturnReason;
    /** A return reason definition of Shopify's library (e.g. "too-tight"): sent as returnReasonDefinitionId. */
    reasonHandle?: string;
    customerNote?: string;
  }>;
}

export interface SeedSpec {
  orders: SeedOrderSpec[];
}

export interface SeededReturn {
  id: string;
  name: string;
  status: SeedReturnStatus;
}

export interface SeededOrder {
  id: string;
  name: string;
  fulfillmentLineItemIds: string[];
  returns: SeededReturn[];
}

const orderCreateSchema = z.object({
  orderCreate: z.object({
    order: z
      .object({
        id: z.string(),
        name: z.string(),
        fulfillmentOrders: z.object({ nodes: z.array(z.object({ id: z.string(), lineItems: z.object({ nodes: z.array(z.object({ id: z.string(), remainingQuantity: z.number() })) }) })) }),
      })
      .nullable(),
    userErrors: z.array(userErrorSchema),
  }),
});
const fulfillmentSchema = z.object({
  fulfillmentCreate: z.object({
    fulfillment: z.object({ id: z.string(), fulfillmentLineItems: z.object({ nodes: z.array(z.object({ id: z.string(), quantity: z.number().nullable(), lineItem: z.object({ id: z.string() }) })) }) }).nullable(),
    userErrors: z.array(userErrorSchema),
  }),
});
const returnPayload = (key: string) =>
  z.object({ [key]: z.object({ return: z.object({ id: z.string(), name: z.string().optional(), status: z.string() }).nullable(), userErrors: z.array(userErrorSchema) }) });

async function mutate(client: AdminClient, key: string, doc: string, variables: Record<string, unknown>) {
  const res = await client.request(doc, variables);
  const parsed = parseData(key, returnPayload(key), res.data)[key];
  throwIfUserErrors(key, parsed.userErrors);
  return parsed.return!;
}

export interface SeedOptions {
  /** Shopify's API cannot backdate an order's createdAt; the simulator's store can (test-helpers `backdateOn(sim)`). */
  backdateOrder?: (orderId: string, ageDays: number) => void;
}

const reasonsSchema = z.object({ returnReasonDefinitions: z.object({ nodes: z.array(z.object({ id: z.string(), handle: z.string() })) }) });

async function reasonIds(client: AdminClient, spec: SeedSpec): Promise<Map<string, string>> {
  const handles = [...new Set(spec.orders.flatMap((o) => (o.returns ?? []).map((r) => r.reasonHandle).filter((h): h is string => !!h)))];
  if (!handles.length) return new Map();
  const res = await client.request(SEED_RETURN_REASONS, { handles });
  const found = new Map(parseData("returnReasonDefinitions", reasonsSchema, res.data).returnReasonDefinitions.nodes.map((n) => [n.handle, n.id]));
  for (const h of handles) if (!found.has(h)) throw new Error(`seedShop: no return reason definition "${h}" in the shop's library`);
  return found;
}

/** The order's total (the seed adds no tax or shipping), paid in one sale so it can be refunded. */
function paidTransaction(o: SeedOrderSpec) {
  const cents = o.lineItems.reduce((s, l) => s + Math.round(Number(l.price) * 100) * l.quantity, 0);
  return { kind: "SALE", status: "SUCCESS", gateway: "manual", amountSet: { shopMoney: { amount: (cents / 100).toFixed(2), currencyCode: "EUR" } } };
}

export async function seedShop(client: AdminClient, spec: SeedSpec, opts: SeedOptions = {}): Promise<SeededOrder[]> {
  const out: SeededOrder[] = [];
  const backdate: Array<[string, number]> = [];
  const reasons = await reasonIds(client, spec);
  for (const o of spec.orders) {
    const created = await client.request(SEED_ORDER_CREATE, {
      order: {
        email: o.email ?? o.customer?.email,
        phone: o.phone,
        test: true,
        currency: "EUR",
        tags: o.tags ?? ["returns-bridge-demo"],
        customer: o.customer ? { toUpsert: { firstName: o.customer.firstName, lastName: o.customer.lastName, email: o.customer.email, phone: o.customer.phone } } : undefined,
        shippingAddress: o.shippingAddress,
        lineItems: o.lineItems.map((l) => ({
          title: l.title,
          quantity: l.quantity,
          sku: l.sku,
          variantId: l.variantId,
          variantTitle: l.variantTitle,
          priceSet: { shopMoney: { amount: l.price, currencyCode: "EUR" } },
          requiresShipping: true,
        })),
        transactions: [paidTransaction(o)],
      },
      options: { inventoryBehaviour: "BYPASS", sendReceipt: false, sendFulfillmentReceipt: false },
    });
    const oc = parseData("orderCreate", orderCreateSchema, created.data).orderCreate;
    throwIfUserErrors("orderCreate", oc.userErrors);
    const order = oc.order!;
    const seeded: SeededOrder = { id: order.id, name: order.name, fulfillmentLineItemIds: [], returns: [] };
    out.push(seeded);
    if (o.ageDays !== undefined) {
      if (!opts.backdateOrder) throw new Error("seedShop: ageDays needs opts.backdateOrder (the simulator's store)");
      // Fulfilment and returns come first: an order out of the 60-day window takes no new return.
      backdate.push([order.id, o.ageDays]);
    }
    if (o.fulfill === false) continue;
    const fulfilled = await client.request(SEED_FULFILLMENT_CREATE, {
      fulfillment: {
        notifyCustomer: false,
        lineItemsByFulfillmentOrder: order.fulfillmentOrders.nodes.map((fo) => ({
          fulfillmentOrderId: fo.id,
          fulfillmentOrderLineItems: fo.lineItems.nodes.map((l) => ({ id: l.id, quantity: l.remainingQuantity })),
        })),
      },
    });
    const fc = parseData("fulfillmentCreate", fulfillmentSchema, fulfilled.data).fulfillmentCreate;
    throwIfUserErrors("fulfillmentCreate", fc.userErrors);
    seeded.fulfillmentLineItemIds = fc.fulfillment!.fulfillmentLineItems.nodes.map((n) => n.id);
    for (const r of o.returns ?? []) {
      const lines = (r.lines ?? [{ line: 0, quantity: 1 }]).map((l) => ({
        fulfillmentLineItemId: seeded.fulfillmentLineItemIds[l.line],
        quantity: l.quantity,
        returnReason: r.reason ?? "OTHER",
        ...(r.reasonHandle ? { returnReasonDefinitionId: reasons.get(r.reasonHandle) } : {}),
        ...(r.customerNote ? { customerNote: r.customerNote } : {}),
      }));
      let ret: { id: string; name?: string };
      if (r.status === "CLOSED") {
        // Merchant-created returns start OPEN; close it afterwards.
        ret = await mutate(client, "returnCreate", SEED_RETURN_CREATE, {
          returnInput: { orderId: order.id, returnLineItems: lines.map(({ customerNote: _c, ...l }: Record<string, unknown>) => ({ ...l, returnReasonNote: "" })) },
        });
        await mutate(client, "returnClose", SEED_RETURN_CLOSE, { id: ret.id });
      } else {
        ret = await mutate(client, "returnRequest", SEED_RETURN_REQUEST, { input: { orderId: order.id, returnLineItems: lines } });
        if (r.status === "OPEN") await mutate(client, "returnApproveRequest", SEED_RETURN_APPROVE, { input: { id: ret.id, notifyCustomer: false } });
        if (r.status === "DECLINED") await mutate(client, "returnDeclineRequest", SEED_RETURN_DECLINE, { input: { id: ret.id, declineReason: "OTHER", declineNote: "Outside the return window", notifyCustomer: false } });
        if (r.status === "CANCELED") await mutate(client, "returnCancel", SEED_RETURN_CANCEL, { id: ret.id });
      }
      seeded.returns.push({ id: ret.id, name: ret.name ?? "", status: r.status });
    }
  }
  for (const [id, days] of backdate) opts.backdateOrder!(id, days);
  return out;
}

const PEOPLE: Array<[string, string, string, SeedAddress]> = [
  ["Lucía", "García", "lucia.garcia@example.com", { firstName: "Lucía", lastName: "García", address1: "Calle de Alcalá 45", city: "Madrid", provinceCode: "M", zip: "28014", countryCode: "ES", phone: "+34600111222" }],
  ["Jordi", "Puig", "jordi.puig@example.com", { firstName: "Jordi", lastName: "Puig", address1: "Carrer de Mallorca 210", city: "Barcelona", provinceCode: "B", zip: "08008", countryCode: "ES", phone: "+34600333444" }],
  ["Marie", "Dubois", "marie.dubois@example.com", { firstName: "Marie", lastName: "Dubois", address1: "12 Rue de Rivoli", city: "Paris", zip: "75004", countryCode: "FR", phone: "+33612345678" }],
  ["Ana", "Santos", "ana.santos@example.com", { firstName: "Ana", lastName: "Santos", address1: "Rua Augusta 100", city: "Lisboa", zip: "1100-053", countryCode: "PT", phone: "+351912345678" }],
];
const STATUSES: Array<SeedReturnStatus | null> = ["REQUESTED", "OPEN", "OPEN", "DECLINED", "CANCELED", "CLOSED", "REQUESTED", "OPEN", null, "CLOSED", "REQUESTED", "OPEN"];

/** A dozen fulfilled orders with returns in every status (and one without a return), for the demo. */
export function demoSeedSpec(): SeedSpec {
  return {
    orders: STATUSES.map((status, i) => {
      const [firstName, lastName, email, address] = PEOPLE[i % PEOPLE.length];
      return {
        customer: { firstName, lastName, email, phone: address.phone },
        shippingAddress: address,
        lineItems: [
          { title: ["Linen shirt", "Leather sneakers", "Wool scarf", "Denim jacket"][i % 4], quantity: 2, price: ["39.90", "89.00", "24.50", "79.00"][i % 4], sku: `RB-${100 + i}`, variantTitle: ["M", "42", "Grey", "L"][i % 4] },
          { title: "Cotton socks", quantity: 3, price: "9.99", sku: `RB-SOCK-${i}` },
        ],
        returns: status ? [{ status, reason: (["SIZE_TOO_SMALL", "DEFECTIVE", "UNWANTED", "WRONG_ITEM"] as const)[i % 4], lines: [{ line: 0, quantity: 1 }], customerNote: i % 3 === 0 ? "Please send a prepaid label" : undefined }] : [],
      };
    }),
  };
}
