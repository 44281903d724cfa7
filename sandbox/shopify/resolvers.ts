import { randomUUID } from "node:crypto";
import type { Loose } from "./loose";
import { GraphQLError, type GraphQLFieldResolver, type GraphQLTypeResolver } from "graphql";
import { checkProtectedAccess, type ProtectedCustomerData } from "./protected-data";
import { matchesOrderQuery, matchesReturnQuery } from "./search-query";
import { servedFromProperty, unhonouredArgument } from "./served-fields";
import {
  NotSimulatedError,
  TopLevelError,
  legacyId,
  parseGid,
  type ShopStore,
  type SimFulfillment,
  type SimOrder,
  type SimReturn,
  type SimReverseDelivery,
  type StoreResult,
  type UserError,
  type WebhookEvent,
} from "./store";
import type { StagedUploads } from "./staged-uploads";
import { connection, money } from "./resolver-kit";
import { automationResolvers, requireScope } from "./resolvers-automation";
import type { FlowSimulator } from "./flow";

export { connection } from "./resolver-kit";

// GraphQL resolvers over the in-memory shop. Sources are the store's records; each field below turns a
// record into what Shopify's schema promises. Anything not listed falls back to the record's property.

export interface ResolverContext {
  store: ShopStore;
  staged: StagedUploads;
  events: WebhookEvent[];
  /** The shop's protected customer data approval. */
  access: ProtectedCustomerData;
  flow: FlowSimulator;
}

type Resolver = (source: Loose, args: Loose, ctx: ResolverContext) => unknown;

function topLevel(err: unknown): never {
  if (err instanceof TopLevelError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
  if (err instanceof NotSimulatedError) throw notSimulated(err.what);
  throw err;
}

const notSimulated = (what: string) => new GraphQLError(`not simulated: ${what}`, { extensions: { code: "NOT_SIMULATED" } });

/** An order reached through another object: the docs do not say what Shopify answers once it is out of the 60-day window. */
function reachedOrder(ctx: ResolverContext, orderId: string, via: string): SimOrder | null {
  const reach = ctx.store.orderReach(orderId);
  if (reach === "outside-window") throw notSimulated(`${via} of an order older than 60 days without read_all_orders`);
  return reach === "visible" ? ctx.store.orders.get(orderId)! : null;
}

/** Order ids asked for directly: an order out of the 60-day window is as absent as a missing one (assumed from REST's 404). */
function visibleOrder(ctx: ResolverContext, id: string): SimOrder | null {
  const order = byId(ctx, id, "Order", ctx.store.orders);
  return order && ctx.store.orderReach(order.id) === "visible" ? order : null;
}

function visibleNode(ctx: ResolverContext, id: string) {
  const found = ctx.store.lookup(id);
  if (found?.__typename === "Order" && ctx.store.orderReach(id) !== "visible") return null;
  return found ?? null;
}

function expectId(ctx: ResolverContext, id: string, type: string): void {
  try {
    ctx.store.expectType(id, type);
  } catch (e) {
    topLevel(e);
  }
}

/** Root fields typed to one resource: another type's id raises RESOURCE_NOT_FOUND, a missing one is null. */
function byId<T>(ctx: ResolverContext, id: string, type: string, map: Map<string, T>): T | null {
  expectId(ctx, id, type);
  return map.get(id) ?? null;
}

function payload<T>(ctx: ResolverContext, key: string, run: () => StoreResult<T> & { events?: WebhookEvent[] }) {
  let res: StoreResult<T> & { events?: WebhookEvent[] };
  try {
    res = run();
  } catch (e) {
    topLevel(e);
  }
  if (res.events) ctx.events.push(...res.events);
  return { [key]: res.value, userErrors: res.userErrors };
}

const sortOrders = (orders: SimOrder[], sortKey: string | undefined) => {
  const key = (o: SimOrder): string | number => {
    switch (sortKey) {
      case "UPDATED_AT":
        return o.updatedAt;
      case "ID":
      case "ORDER_NUMBER":
        return legacyId(o.id);
      default:
        return o.createdAt;
    }
  };
  return [...orders].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : legacyId(a.id) - legacyId(b.id);
  });
};

export const resolvers: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    order: (_s, a, ctx) => visibleOrder(ctx, a.id),
    return: (_s, a, ctx) => byId(ctx, a.id, "Return", ctx.store.returns),
    reverseDelivery: (_s, a, ctx) => byId(ctx, a.id, "ReverseDelivery", ctx.store.reverseDeliveries),
    reverseFulfillmentOrder: (_s, a, ctx) => byId(ctx, a.id, "ReverseFulfillmentOrder", ctx.store.rfos),
    node: (_s, a, ctx) => visibleNode(ctx, a.id),
    nodes: (_s, a, ctx) => (a.ids as string[]).map((id) => visibleNode(ctx, id)),
    orders: (_s, a, ctx) => {
      const reachable = [...ctx.store.orders.values()].filter((o) => ctx.store.orderReach(o.id) === "visible");
      const all = sortOrders(reachable.filter((o) => matchesOrderQuery(o, a.query, ctx.store)), a.sortKey);
      return connection(all, a);
    },
    locations: (_s, a, ctx) => {
      requireScope(ctx.store, "read_locations", "locations");
      const all = [...ctx.store.locations.values()].filter((l) => a.includeInactive || l.isActive).sort((x, y) => x.name.localeCompare(y.name));
      return connection(all, a);
    },
    returnableFulfillments: (_s, a, ctx) => {
      expectId(ctx, a.orderId, "Order");
      const order = reachedOrder(ctx, a.orderId, "returnableFulfillments");
      if (!order) return connection([], a);
      const list = order.fulfillmentIds
        .map((id) => ctx.store.fulfillments.get(id)!)
        .map((f) => ({
          id: `gid://shopify/ReturnableFulfillment/${legacyId(f.id)}`,
          fulfillment: f,
          lines: f.lineItems.map((li) => ({ id: li.id, fulfillmentLineItem: li, quantity: ctx.store.returnableQuantity(li.id) })).filter((l) => l.quantity > 0),
        }))
        .filter((rf) => rf.lines.length);
      return connection(list, a);
    },
    returnCalculate: (_s, a, ctx) => {
      const input = a.input;
      expectId(ctx, input.orderId, "Order");
      const order = reachedOrder(ctx, input.orderId, "returnCalculate");
      if (!order) return null;
      const currency = order.currency;
      return {
        returnLineItems: (input.returnLineItems ?? []).map((l: Loose) => {
          const fli = ctx.store.fulfillmentLineItems.get(l.fulfillmentLineItemId);
          if (!fli) throw new GraphQLError(`Invalid id: ${l.fulfillmentLineItemId}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
          const li = ctx.store.lineItems.get(fli.lineItemId)!;
          const subtotal = li.priceCents * l.quantity;
          const taxPerUnit = li.quantity ? li.taxLines.reduce((s, t) => s + t.cents, 0) / li.quantity : 0;
          const pct = l.restockingFee?.percentage;
          return {
            fulfillmentLineItem: fli,
            quantity: l.quantity,
            restockingFee:
              pct === undefined || pct === null
                ? null
                : { id: `gid://shopify/CalculatedRestockingFee/${randomUUID()}`, percentage: pct, amountSet: money(Math.round((subtotal * pct) / 100), currency) },
            subtotalBeforeOrderDiscountsSet: money(-subtotal, currency),
            subtotalSet: money(-subtotal, currency),
            totalTaxSet: money(-Math.round(taxPerUnit * l.quantity), currency),
          };
        }),
        returnShippingFee: input.returnShippingFee?.amount
          ? { id: `gid://shopify/CalculatedReturnShippingFee/${randomUUID()}`, amountSet: money(Math.round(Number(input.returnShippingFee.amount.amount) * 100), currency) }
          : null,
      };
    },
  },

  Mutation: {
    orderCreate: (_s, a, ctx) => payload(ctx, "order", () => ctx.store.orderCreate(a.order)),
    fulfillmentCreate: (_s, a, ctx) => payload(ctx, "fulfillment", () => ctx.store.fulfillmentCreate(a.fulfillment)),
    orderCancel: (_s, a, ctx) => {
      const p = payload(ctx, "job", () => ctx.store.orderCancel(a.orderId));
      return { ...p, orderCancelUserErrors: p.userErrors };
    },
    orderDelete: (_s, a, ctx) => payload(ctx, "deletedId", () => ctx.store.orderDelete(a.orderId)),
    returnRequest: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnRequest(a.input)),
    returnCreate: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnCreate(a.returnInput)),
    returnApproveRequest: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnApproveRequest(a.input.id)),
    returnDeclineRequest: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnDeclineRequest(a.input)),
    returnCancel: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnCancel(a.id)),
    returnClose: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnClose(a.id)),
    returnReopen: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnReopen(a.id)),
    returnProcess: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.returnProcess(a.input)),
    removeFromReturn: (_s, a, ctx) => payload(ctx, "return", () => ctx.store.removeFromReturn(a.returnId, a.returnLineItems ?? [], a.exchangeLineItems ?? [])),
    reverseDeliveryCreateWithShipping: (_s, a, ctx) => payload(ctx, "reverseDelivery", () => ctx.store.reverseDeliveryCreate(a)),
    reverseDeliveryShippingUpdate: (_s, a, ctx) => payload(ctx, "reverseDelivery", () => ctx.store.reverseDeliveryShippingUpdate(a)),
    reverseFulfillmentOrderDispose: (_s, a, ctx) =>
      payload(ctx, "reverseFulfillmentOrderLineItems", () => ctx.store.reverseFulfillmentOrderDispose(a.dispositionInputs)),
    stagedUploadsCreate: (_s, a, ctx) => {
      const userErrors: UserError[] = [];
      const targets = (a.input as Loose[]).map((inp, i) => {
        if (!inp.filename) userErrors.push({ field: ["input", String(i), "filename"], message: "Filename can't be blank", code: null });
        return ctx.staged.createTarget(inp);
      });
      return userErrors.length ? { stagedTargets: null, userErrors } : { stagedTargets: targets, userErrors };
    },
  },

  Order: {
    currencyCode: (o: SimOrder) => o.currency,
    presentmentCurrencyCode: (o: SimOrder) => o.currency,
    displayFinancialStatus: () => null,
    displayFulfillmentStatus: (o: SimOrder, _a, ctx) => ctx.store.orderFulfillmentStatus(o),
    returnStatus: (o: SimOrder, _a, ctx) => ctx.store.orderReturnStatus(o),
    totalPriceSet: (o: SimOrder, _a, ctx) => money(ctx.store.orderTotalCents(o), o.currency),
    currentTotalPriceSet: (o: SimOrder, _a, ctx) => money(ctx.store.orderTotalCents(o), o.currency),
    lineItems: (o: SimOrder, a, ctx) => connection(o.lineItemIds.map((id) => ctx.store.lineItems.get(id)!), a),
    fulfillments: (o: SimOrder, a, ctx) => o.fulfillmentIds.map((id) => ctx.store.fulfillments.get(id)!).slice(0, a.first ?? undefined),
    fulfillmentOrders: (o: SimOrder, a, ctx) => connection(o.fulfillmentOrderIds.map((id) => ctx.store.fulfillmentOrders.get(id)!), a),
    returns: (o: SimOrder, a, ctx) =>
      connection(
        o.returnIds.map((id) => ctx.store.returns.get(id)!).filter((r) => matchesReturnQuery(r, a.query)),
        a,
      ),
    shippingAddress: (o: SimOrder) =>
      o.shippingAddress
        ? {
            ...o.shippingAddress,
            id: `gid://shopify/MailingAddress/${legacyId(o.id)}?model_name=Address`,
            name: [o.shippingAddress.firstName, o.shippingAddress.lastName].filter(Boolean).join(" ") || null,
            countryCodeV2: o.shippingAddress.countryCode ?? null,
            country: o.shippingAddress.country ?? countryName(o.shippingAddress.countryCode),
            province: o.shippingAddress.province ?? o.shippingAddress.provinceCode ?? null,
          }
        : null,
    customer: (o: SimOrder, _a, ctx) => (o.customerId ? ctx.store.customers.get(o.customerId) ?? null : null),
  },

  Customer: {
    displayName: (c) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "Customer",
    defaultEmailAddress: (c) => (c.email ? { emailAddress: c.email } : null),
    defaultPhoneNumber: (c) => (c.phone ? { phoneNumber: c.phone } : null),
  },

  LineItem: {
    name: (li) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
    currentQuantity: (li) => li.quantity,
    originalUnitPriceSet: (li, _a, ctx) => money(li.priceCents, ctx.store.orders.get(li.orderId)?.currency ?? "USD"),
    taxLines: (li, a, ctx) =>
      li.taxLines.slice(0, a.first ?? undefined).map((t: Loose) => ({ title: t.title, rate: t.rate, priceSet: money(t.cents, ctx.store.orders.get(li.orderId)?.currency ?? "USD") })),
    variant: (li) => (li.variantId ? { id: li.variantId } : null),
  },

  FulfillmentOrder: {
    requestStatus: () => "UNSUBMITTED",
    assignedLocation: (fo, _a, ctx) => {
      const loc = ctx.store.locations.get(fo.locationId)!;
      return { name: loc.name, location: loc };
    },
    lineItems: (fo, a) => connection(fo.lineItems, a),
  },
  FulfillmentOrderLineItem: {
    lineItem: (l, _a, ctx) => ctx.store.lineItems.get(l.lineItemId),
  },
  Fulfillment: {
    status: () => "SUCCESS",
    displayStatus: () => "FULFILLED",
    fulfillmentLineItems: (f: SimFulfillment, a) => connection(f.lineItems, a),
  },
  FulfillmentLineItem: {
    lineItem: (l, _a, ctx) => ctx.store.lineItems.get(l.lineItemId),
  },

  Return: {
    totalQuantity: (r: SimReturn, _a, ctx) => r.lineItemIds.reduce((s, id) => s + ctx.store.returnLineItems.get(id)!.quantity, 0),
    order: (r: SimReturn, _a, ctx) => reachedOrder(ctx, r.orderId, "Return.order"),
    returnLineItems: (r: SimReturn, a, ctx) => connection(r.lineItemIds.map((id) => ctx.store.returnLineItems.get(id)!), a),
    reverseFulfillmentOrders: (r: SimReturn, a, ctx) => connection(r.rfoIds.map((id) => ctx.store.rfos.get(id)!), a),
  },
  ReturnLineItem: {
    unprocessedQuantity: (l) => l.quantity - l.processedQuantity,
    processableQuantity: (l) => l.quantity - l.processedQuantity,
    refundableQuantity: (l) => l.quantity,
    refundedQuantity: () => 0,
    fulfillmentLineItem: (l, _a, ctx) => ctx.store.fulfillmentLineItems.get(l.fulfillmentLineItemId),
  },
  ReverseFulfillmentOrder: {
    order: (r, _a, ctx) => reachedOrder(ctx, r.orderId, "ReverseFulfillmentOrder.order"),
    lineItems: (r, a, ctx) => connection(r.lineItemIds.map((id: string) => ctx.store.rfoLineItems.get(id)!), a),
    reverseDeliveries: (r, a, ctx) => connection(r.deliveryIds.map((id: string) => ctx.store.reverseDeliveries.get(id)!), a),
  },
  ReverseFulfillmentOrderLineItem: {
    fulfillmentLineItem: (l, _a, ctx) => ctx.store.fulfillmentLineItems.get(l.fulfillmentLineItemId) ?? null,
  },
  ReverseFulfillmentOrderDisposition: {
    location: (d, _a, ctx) => (d.locationId ? ctx.store.locations.get(d.locationId) ?? null : null),
  },
  ReverseDelivery: {
    reverseFulfillmentOrder: (d: SimReverseDelivery, _a, ctx) => ctx.store.rfos.get(d.rfoId),
    reverseDeliveryLineItems: (d: SimReverseDelivery, a) => connection(d.lineItems, a),
    deliverable: (d: SimReverseDelivery) =>
      d.tracking || d.label ? { __typename: "ReverseDeliveryShippingDeliverable", tracking: d.tracking, label: d.label } : null,
  },
  ReverseDeliveryLineItem: {
    reverseFulfillmentOrderLineItem: (l, _a, ctx) => ctx.store.rfoLineItems.get(l.rfoLineItemId),
    dispositions: () => [],
  },
  ReturnableFulfillment: {
    returnableFulfillmentLineItems: (rf, a) => connection(rf.lines, a),
  },
};

for (const [type, fields] of Object.entries(automationResolvers)) resolvers[type] = { ...resolvers[type], ...(fields as Record<string, Resolver>) };

/** Protected data first, then the field's resolver, then a served record property; anything else is not simulated. */
export const fieldResolver: GraphQLFieldResolver<Loose, ResolverContext> = (source, args, ctx, info) => {
  checkProtectedAccess(ctx.access, info);
  const def = info.parentType.getFields()[info.fieldName];
  if (def.args.length) {
    const ignored = unhonouredArgument(info.parentType.name, info.fieldName, args, Object.fromEntries(def.args.map((a) => [a.name, a.defaultValue])));
    if (ignored) throw notSimulated(`argument ${info.parentType.name}.${info.fieldName}(${ignored})`);
  }
  const r = resolvers[info.parentType.name]?.[info.fieldName];
  if (r) return r(source, args, ctx);
  if (!servedFromProperty(info.parentType.name, info.fieldName)) throw notSimulated(`${info.parentType.name}.${info.fieldName}`);
  return source?.[info.fieldName] ?? null;
};

export const typeResolver: GraphQLTypeResolver<Loose, ResolverContext> = (value) => {
  if (typeof value?.__typename === "string") return value.__typename;
  return parseGid(value?.id)?.type;
};

const COUNTRY_NAMES: Record<string, string> = { CA: "Canada", US: "United States", ES: "Spain", FR: "France", DE: "Germany", IT: "Italy", PT: "Portugal", GB: "United Kingdom" };
function countryName(code: string | null | undefined): string | null {
  return code ? COUNTRY_NAMES[code] ?? code : null;
}
