import { randomUUID } from "node:crypto";
import type { Loose } from "./loose";
import * as returnsState from "./returns-state";
import type { RepeatPolicy, ReturnOutcome } from "./returns-state";
import * as reverseLogistics from "./reverse-logistics";
import { REASON_LIBRARY } from "./reason-library";
import {
  TYPE_BASE,
  TopLevelError,
  isoSeconds,
  parseGid,
  simWording,
  toCents,
  type SimCustomer,
  type SimFulfillment,
  type SimFulfillmentLineItem,
  type SimFulfillmentOrder,
  type SimFulfillmentOrderLineItem,
  type SimLineItem,
  type SimLocation,
  type SimOrder,
  type SimReturn,
  type SimReturnLineItem,
  type SimReverseDelivery,
  type SimRfo,
  type SimNotification,
  type SimReasonDefinition,
  type SimRfoLineItem,
  type SimTransaction,
  type StoreResult,
  type UserError,
} from "./store-model";

// In-memory shop for the simulator: orders, fulfillments, returns and reverse logistics. Resolvers read it;
// mutations change it (the rules live in returns-state.ts and reverse-logistics.ts) and report the webhook
// events the change triggers.

export * from "./store-model";
export type { RepeatPolicy } from "./returns-state";

/** Docs: "Only the last 60 days' worth of orders from a store are accessible from the Order object by default." */
export const ORDER_WINDOW_MS = 60 * 24 * 60 * 60 * 1000;

export interface StoreOptions {
  now?: () => Date;
  locations?: Array<{ name: string; isActive?: boolean }>;
  /** Index in `locations` of the location new fulfillment orders are assigned to (default 0). */
  fulfillmentLocationIndex?: number;
  /** Variants that exist in the shop; "any" (default) treats every variantId given to orderCreate as real. */
  productVariantIds?: string[] | "any";
  /** First order number (#1001 by default). */
  firstOrderNumber?: number;
  /**
   * What returnClose / returnReopen / returnCancel answer on a return already in their target status:
   * "succeed" (default) returns it unchanged, as Shopify does; "refuse" answers INVALID_STATE (kept to show
   * that the app does not depend on the refusal).
   */
  repeatedTransitions?: RepeatPolicy;
  /** Access scopes the app holds on this shop (default: DEFAULT_GRANTED_SCOPES; read_all_orders only when given). */
  scopes?: string[];
}

/** The scopes every request needs (a shop without them is not the shop modelled). */
export const DEFAULT_SCOPES = ["read_orders", "read_returns", "write_returns"];
/** What a shop grants by default: the app's scopes (shopify.app.toml), read_locations for restock locations included. */
export const DEFAULT_GRANTED_SCOPES = [...DEFAULT_SCOPES, "read_locations"];

export class ShopStore {
  readonly locations = new Map<string, SimLocation>();
  readonly orders = new Map<string, SimOrder>();
  readonly lineItems = new Map<string, SimLineItem>();
  readonly fulfillmentOrders = new Map<string, SimFulfillmentOrder>();
  readonly fulfillments = new Map<string, SimFulfillment>();
  readonly fulfillmentLineItems = new Map<string, SimFulfillmentLineItem>();
  readonly customers = new Map<string, SimCustomer>();
  readonly returns = new Map<string, SimReturn>();
  readonly returnLineItems = new Map<string, SimReturnLineItem>();
  readonly rfos = new Map<string, SimRfo>();
  readonly rfoLineItems = new Map<string, SimRfoLineItem>();
  readonly reverseDeliveries = new Map<string, SimReverseDelivery>();
  readonly variants = new Set<string>();
  readonly transactions = new Map<string, SimTransaction>();
  /** Customer emails Shopify would have sent (notifyCustomer). */
  readonly notifications: SimNotification[] = [];
  readonly reasonDefinitions = new Map<string, SimReasonDefinition>();
  private counters = new Map<string, number>();
  private orderNumber: number;
  readonly now: () => Date;
  private readonly anyVariant: boolean;
  private readonly fulfillmentLocationId: string;
  readonly repeatPolicy: RepeatPolicy;
  /** Granted access scopes; `read_all_orders` lifts the 60-day window. */
  readonly scopes: Set<string>;

  constructor(opts: StoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.orderNumber = opts.firstOrderNumber ?? 1001;
    this.anyVariant = opts.productVariantIds === undefined || opts.productVariantIds === "any";
    if (Array.isArray(opts.productVariantIds)) for (const v of opts.productVariantIds) this.variants.add(v);
    const locs = opts.locations?.length ? opts.locations : [{ name: "Shop location" }, { name: "Returns warehouse" }];
    const ids = locs.map((l) => {
      const id = this.newId("Location");
      this.locations.set(id, { id, name: l.name, isActive: l.isActive ?? true });
      return id;
    });
    this.fulfillmentLocationId = ids[opts.fulfillmentLocationIndex ?? 0] ?? ids[0];
    this.repeatPolicy = opts.repeatedTransitions ?? "succeed";
    this.scopes = new Set(opts.scopes ?? DEFAULT_GRANTED_SCOPES);
    for (const r of REASON_LIBRARY) {
      const id = this.newId("ReturnReasonDefinition");
      this.reasonDefinitions.set(id, { id, handle: r.handle, name: r.name, deleted: false });
    }
  }

  newId(type: string): string {
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    return `gid://shopify/${type}/${(TYPE_BASE[type] ?? 1_000_000) + n * 32_768 + 50}`;
  }

  stamp(): string {
    return isoSeconds(this.now());
  }

  /** The object behind a gid, whatever its type, or undefined. */
  lookup(id: string): { __typename: string; [k: string]: unknown } | undefined {
    const g = parseGid(id);
    if (!g) return undefined;
    const maps: Record<string, Map<string, object>> = {
      Order: this.orders,
      LineItem: this.lineItems,
      FulfillmentOrder: this.fulfillmentOrders,
      Fulfillment: this.fulfillments,
      FulfillmentLineItem: this.fulfillmentLineItems,
      Return: this.returns,
      ReturnLineItem: this.returnLineItems,
      ReverseFulfillmentOrder: this.rfos,
      ReverseFulfillmentOrderLineItem: this.rfoLineItems,
      ReverseDelivery: this.reverseDeliveries,
      Location: this.locations,
      Customer: this.customers,
      OrderTransaction: this.transactions,
      ReturnReasonDefinition: this.reasonDefinitions,
    };
    const found = maps[g.type]?.get(id);
    if (found) return { __typename: g.type, ...(found as Record<string, unknown>) };
    if (g.type === "ProductVariant" && (this.variants.has(id))) return { __typename: "ProductVariant", id };
    return undefined;
  }

  /** For root fields typed to one resource: another type's id is a top-level RESOURCE_NOT_FOUND, a missing one is null. */
  expectType(id: unknown, type: string): void {
    const g = parseGid(id);
    if (!g || g.type !== type) throw new TopLevelError(`Invalid id: ${String(id)}`, "RESOURCE_NOT_FOUND");
  }

  touch(orderId: string): void {
    const o = this.orders.get(orderId);
    if (o) o.updatedAt = this.stamp();
  }

  // ---------- orders and fulfillments ----------

  orderCreate(input: Record<string, Loose>): StoreResult<SimOrder> {
    const lines: Array<Record<string, Loose>> = input.lineItems ?? [];
    if (!lines.length) return { value: null, userErrors: [{ field: ["order", "lineItems"], message: simWording("Line items must have at least one line item"), code: "INVALID" }] };
    const currency = input.currency ?? "USD";
    const id = this.newId("Order");
    const now = this.stamp();
    let customerId: string | null = null;
    const cust = input.customer?.toUpsert ?? input.customer;
    if (cust && (cust.email || cust.firstName || cust.lastName)) {
      customerId = this.newId("Customer");
      this.customers.set(customerId, {
        id: customerId,
        firstName: cust.firstName ?? null,
        lastName: cust.lastName ?? null,
        email: cust.email ?? input.email ?? null,
        phone: cust.phone ?? null,
      });
    }
    const order: SimOrder = {
      id,
      name: `#${this.orderNumber++}`,
      email: input.email ?? null,
      phone: input.phone ?? null,
      note: input.note ?? null,
      tags: [...(input.tags ?? [])].map(String).sort(),
      test: Boolean(input.test),
      currency,
      createdAt: now,
      updatedAt: now,
      lineItemIds: [],
      fulfillmentOrderIds: [],
      fulfillmentIds: [],
      returnIds: [],
      shippingAddress: input.shippingAddress ?? null,
      customerId,
      cancelledAt: null,
      transactionIds: [],
    };
    const fo: SimFulfillmentOrder = { id: this.newId("FulfillmentOrder"), orderId: id, status: "OPEN", locationId: this.fulfillmentLocationId, lineItems: [] };
    for (const l of lines) {
      const liId = this.newId("LineItem");
      const variantId = l.variantId && (this.anyVariant || this.variants.has(l.variantId)) ? String(l.variantId) : null;
      if (variantId) this.variants.add(variantId);
      const price = l.priceSet?.shopMoney?.amount ?? l.price ?? "0";
      this.lineItems.set(liId, {
        id: liId,
        orderId: id,
        title: l.title ?? "Item",
        sku: l.sku ?? null,
        variantTitle: l.variantTitle ?? null,
        variantId,
        quantity: Number(l.quantity ?? 1),
        priceCents: toCents(price),
        taxLines: (l.taxLines ?? []).map((t: Loose) => ({ title: t.title, rate: Number(t.rate ?? 0), cents: toCents(t.priceSet?.shopMoney?.amount ?? "0") })),
        requiresShipping: l.requiresShipping ?? true,
        taxable: l.taxable ?? true,
      });
      order.lineItemIds.push(liId);
      if (l.requiresShipping !== false) {
        fo.lineItems.push({ id: this.newId("FulfillmentOrderLineItem"), lineItemId: liId, totalQuantity: Number(l.quantity ?? 1), remainingQuantity: Number(l.quantity ?? 1) });
      }
    }
    this.orders.set(id, order);
    for (const t of (input.transactions ?? []) as Array<Record<string, Loose>>) {
      const tx: SimTransaction = {
        id: this.newId("OrderTransaction"),
        orderId: id,
        kind: t.kind ?? "SALE",
        status: t.status ?? "SUCCESS",
        gateway: t.gateway ?? null,
        amountCents: toCents(t.amountSet.shopMoney.amount),
        currency: t.amountSet.shopMoney.currencyCode ?? currency,
        parentId: null,
        processedAt: now,
      };
      this.transactions.set(tx.id, tx);
      order.transactionIds.push(tx.id);
    }
    if (fo.lineItems.length) {
      this.fulfillmentOrders.set(fo.id, fo);
      order.fulfillmentOrderIds.push(fo.id);
    }
    return { value: order, userErrors: [] };
  }

  fulfillmentCreate(input: Record<string, Loose>): StoreResult<SimFulfillment> {
    const groups: Array<Record<string, Loose>> = input.lineItemsByFulfillmentOrder ?? [];
    const errs: UserError[] = [];
    let orderId: string | null = null;
    const picks: Array<{ foli: SimFulfillmentOrderLineItem; quantity: number }> = [];
    groups.forEach((g, gi) => {
      const fo = this.fulfillmentOrders.get(g.fulfillmentOrderId);
      if (!fo) return errs.push({ field: ["fulfillment", "lineItemsByFulfillmentOrder", String(gi), "fulfillmentOrderId"], message: simWording("Fulfillment order does not exist."), code: null });
      if (orderId && orderId !== fo.orderId) return errs.push({ field: ["fulfillment"], message: simWording("All fulfillment orders must belong to the same order."), code: null });
      orderId = fo.orderId;
      const wanted: Array<{ id: string; quantity: number }> = g.fulfillmentOrderLineItems?.length
        ? g.fulfillmentOrderLineItems
        : fo.lineItems.map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
      for (const w of wanted) {
        const foli = fo.lineItems.find((l) => l.id === w.id);
        if (!foli) errs.push({ field: ["fulfillment", "lineItemsByFulfillmentOrder", String(gi)], message: simWording("Fulfillment order line item does not exist."), code: null });
        else if (w.quantity > foli.remainingQuantity || w.quantity < 1) errs.push({ field: ["fulfillment"], message: simWording("Invalid fulfillment order line item quantity requested."), code: null });
        else picks.push({ foli, quantity: Number(w.quantity) });
      }
    });
    if (!groups.length) errs.push({ field: ["fulfillment"], message: simWording("Line items by fulfillment order can't be blank"), code: null });
    if (errs.length || !orderId) return { value: null, userErrors: errs };
    const now = this.stamp();
    const f: SimFulfillment = { id: this.newId("Fulfillment"), orderId, createdAt: now, updatedAt: now, lineItems: [], tracking: input.trackingInfo ?? null };
    for (const p of picks) {
      p.foli.remainingQuantity -= p.quantity;
      const fli: SimFulfillmentLineItem = { id: this.newId("FulfillmentLineItem"), fulfillmentId: f.id, lineItemId: p.foli.lineItemId, quantity: p.quantity };
      f.lineItems.push(fli);
      this.fulfillmentLineItems.set(fli.id, fli);
    }
    for (const g of groups) {
      const fo = this.fulfillmentOrders.get(g.fulfillmentOrderId)!;
      if (fo.lineItems.every((l) => l.remainingQuantity === 0)) fo.status = "CLOSED";
    }
    this.fulfillments.set(f.id, f);
    this.orders.get(orderId)!.fulfillmentIds.push(f.id);
    this.touch(orderId);
    return { value: f, userErrors: [] };
  }

  orderCancel(orderId: string): StoreResult<{ id: string }> {
    const o = this.orders.get(orderId);
    if (!o) return { value: null, userErrors: [{ field: ["orderId"], message: simWording("Order does not exist"), code: "NOT_FOUND" }] };
    o.cancelledAt = this.stamp();
    this.touch(orderId);
    return { value: { id: `gid://shopify/Job/${randomUUID()}` }, userErrors: [] };
  }

  orderDelete(orderId: string): StoreResult<string> {
    const o = this.orders.get(orderId);
    if (!o) return { value: null, userErrors: [{ field: ["orderId"], message: simWording("Order does not exist"), code: "NOT_FOUND" }] };
    this.orders.delete(orderId);
    return { value: orderId, userErrors: [] };
  }

  // ---------- derived values ----------

  returnedQuantity(fulfillmentLineItemId: string, exceptReturnId?: string): number {
    let n = 0;
    for (const rli of this.returnLineItems.values()) {
      if (rli.fulfillmentLineItemId !== fulfillmentLineItemId || rli.returnId === exceptReturnId) continue;
      const r = this.returns.get(rli.returnId);
      if (r && (r.status === "REQUESTED" || r.status === "OPEN" || r.status === "CLOSED")) n += rli.quantity;
    }
    return n;
  }

  returnableQuantity(fulfillmentLineItemId: string): number {
    const fli = this.fulfillmentLineItems.get(fulfillmentLineItemId);
    return fli ? fli.quantity - this.returnedQuantity(fulfillmentLineItemId) : 0;
  }

  orderReturnStatus(order: SimOrder): string {
    const active = order.returnIds.map((id) => this.returns.get(id)!).filter((r) => r && r.status !== "DECLINED" && r.status !== "CANCELED");
    if (!active.length) return "NO_RETURN";
    if (active.some((r) => r.status === "REQUESTED")) return "RETURN_REQUESTED";
    if (active.some((r) => r.status === "OPEN")) return "IN_PROGRESS";
    return "RETURNED";
  }

  orderFulfillmentStatus(order: SimOrder): string {
    const fos = order.fulfillmentOrderIds.map((id) => this.fulfillmentOrders.get(id)!);
    const total = fos.reduce((s, fo) => s + fo.lineItems.reduce((a, l) => a + l.totalQuantity, 0), 0);
    const remaining = fos.reduce((s, fo) => s + fo.lineItems.reduce((a, l) => a + l.remainingQuantity, 0), 0);
    if (!total || remaining === total) return "UNFULFILLED";
    return remaining === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
  }

  orderTotalCents(order: SimOrder): number {
    return order.lineItemIds.reduce((s, id) => {
      const li = this.lineItems.get(id)!;
      return s + li.priceCents * li.quantity + li.taxLines.reduce((t, x) => t + x.cents, 0);
    }, 0);
  }


  // ---------- the 60-day window ----------

  /** Whether the app can reach an order: without read_all_orders, orders created over 60 days ago are out of reach. */
  orderReach(orderId: string): "visible" | "outside-window" | "missing" {
    const o = this.orders.get(orderId);
    if (!o) return "missing";
    if (this.scopes.has("read_all_orders")) return "visible";
    return Date.parse(o.createdAt) < this.now().getTime() - ORDER_WINDOW_MS ? "outside-window" : "visible";
  }

  /** Test seeding: pretend an order was placed at `createdAt` (Shopify's API cannot backdate createdAt). */
  backdateOrder(orderId: string, createdAt: Date): void {
    const o = this.orders.get(orderId);
    if (!o) throw new Error(`backdateOrder: no order ${orderId}`);
    o.createdAt = isoSeconds(createdAt);
  }

  // ---------- returns and reverse logistics (rules in returns-state.ts and reverse-logistics.ts) ----------

  returnRequest = (input: Record<string, Loose>): ReturnOutcome => returnsState.returnRequest(this, input);
  returnCreate = (input: Record<string, Loose>): ReturnOutcome => returnsState.returnCreate(this, input);
  returnApproveRequest = (id: string): ReturnOutcome => returnsState.returnApproveRequest(this, id);
  returnDeclineRequest = (input: Record<string, Loose>): ReturnOutcome => returnsState.returnDeclineRequest(this, input);
  returnCancel = (id: string): ReturnOutcome => returnsState.returnCancel(this, id);
  returnClose = (id: string): ReturnOutcome => returnsState.returnClose(this, id);
  returnReopen = (id: string): ReturnOutcome => returnsState.returnReopen(this, id);
  returnProcess = (input: Record<string, Loose>): ReturnOutcome => returnsState.returnProcess(this, input);
  removeFromReturn = (returnId: string, lines: Array<{ returnLineItemId: string; quantity: number }>, exchangeLines?: unknown[]): ReturnOutcome =>
    returnsState.removeFromReturn(this, returnId, lines, exchangeLines);
  reverseDeliveryCreate = (args: reverseLogistics.ReverseDeliveryCreateArgs) => reverseLogistics.reverseDeliveryCreate(this, args);
  reverseDeliveryShippingUpdate = (args: Parameters<typeof reverseLogistics.reverseDeliveryShippingUpdate>[1]) => reverseLogistics.reverseDeliveryShippingUpdate(this, args);
  reverseFulfillmentOrderDispose = (inputs: reverseLogistics.DisposeInput[]): ReturnType<typeof reverseLogistics.reverseFulfillmentOrderDispose> => reverseLogistics.reverseFulfillmentOrderDispose(this, inputs);
}
