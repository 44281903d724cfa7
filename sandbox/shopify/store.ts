import { randomUUID } from "node:crypto";
import type { Loose } from "./loose";

// In-memory shop for the simulator: orders, fulfillments, returns and reverse logistics, with the status
// transitions and validation messages seen in the live captures. Resolvers read it; mutations change it
// and report the webhook events the change triggers.

export type ReturnStatus = "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
export type RfoStatus = "OPEN" | "CLOSED" | "CANCELED";

export interface Money {
  cents: number;
  currency: string;
}

export interface SimLocation {
  id: string;
  name: string;
  isActive: boolean;
}
export interface SimTaxLine {
  title: string;
  rate: number;
  cents: number;
}
export interface SimLineItem {
  id: string;
  orderId: string;
  title: string;
  sku: string | null;
  variantTitle: string | null;
  variantId: string | null;
  quantity: number;
  priceCents: number;
  taxLines: SimTaxLine[];
  requiresShipping: boolean;
  taxable: boolean;
}
export interface SimFulfillmentOrderLineItem {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}
export interface SimFulfillmentOrder {
  id: string;
  orderId: string;
  status: "OPEN" | "CLOSED";
  locationId: string;
  lineItems: SimFulfillmentOrderLineItem[];
}
export interface SimFulfillmentLineItem {
  id: string;
  fulfillmentId: string;
  lineItemId: string;
  quantity: number;
}
export interface SimFulfillment {
  id: string;
  orderId: string;
  createdAt: string;
  updatedAt: string;
  lineItems: SimFulfillmentLineItem[];
  tracking: { number?: string | null; url?: string | null; company?: string | null } | null;
}
export interface SimAddress {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  country?: string | null;
  countryCode?: string | null;
  phone?: string | null;
}
export interface SimCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
}
export interface SimOrder {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  test: boolean;
  currency: string;
  createdAt: string;
  updatedAt: string;
  lineItemIds: string[];
  fulfillmentOrderIds: string[];
  fulfillmentIds: string[];
  returnIds: string[];
  shippingAddress: SimAddress | null;
  customerId: string | null;
  cancelledAt: string | null;
}
export interface SimReturnLineItem {
  id: string;
  returnId: string;
  fulfillmentLineItemId: string;
  quantity: number;
  processedQuantity: number;
  returnReason: string;
  returnReasonNote: string;
  customerNote: string | null;
  restockingFeePercentage: number | null;
}
export interface SimReturn {
  id: string;
  orderId: string;
  name: string;
  status: ReturnStatus;
  createdAt: string;
  requestApprovedAt: string | null;
  closedAt: string | null;
  decline: { reason: string; note: string | null } | null;
  lineItemIds: string[];
  rfoIds: string[];
}
export interface SimDisposition {
  id: string;
  type: string;
  quantity: number;
  locationId: string | null;
  createdAt: string;
}
export interface SimRfoLineItem {
  id: string;
  rfoId: string;
  returnLineItemId: string;
  fulfillmentLineItemId: string;
  totalQuantity: number;
  dispositions: SimDisposition[];
}
export interface SimRfo {
  id: string;
  returnId: string;
  orderId: string;
  status: RfoStatus;
  lineItemIds: string[];
  deliveryIds: string[];
}
export interface SimReverseDelivery {
  id: string;
  rfoId: string;
  lineItems: Array<{ id: string; rfoLineItemId: string; quantity: number }>;
  tracking: { number: string | null; url: string | null; carrierName: string | null } | null;
  label: { publicFileUrl: string; createdAt: string; updatedAt: string } | null;
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** A top-level error (RESOURCE_NOT_FOUND for an id of the wrong type), raised by resolvers as GraphQLError. */
export class TopLevelError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface WebhookEvent {
  topic: string;
  payload: Record<string, unknown>;
}

export type StoreResult<T> = { value: T | null; userErrors: UserError[] };

const TYPE_BASE: Record<string, number> = {
  Order: 8_100_000_000_000,
  LineItem: 20_100_000_000_000,
  FulfillmentOrder: 9_900_000_000_000,
  FulfillmentOrderLineItem: 20_200_000_000_000,
  Fulfillment: 8_200_000_000_000,
  FulfillmentLineItem: 17_800_000_000_000,
  Return: 15_200_000_000,
  ReturnLineItem: 23_100_000_000,
  ReverseFulfillmentOrder: 14_800_000_000,
  ReverseFulfillmentOrderLineItem: 22_400_000_000,
  ReverseDelivery: 5_100_000_000,
  ReverseDeliveryLineItem: 6_900_000_000,
  ReverseFulfillmentOrderDisposition: 7_700_000_000,
  Location: 114_000_000_000,
  Customer: 9_000_000_000_000,
  MailingAddress: 11_000_000_000_000,
  ProductVariant: 48_500_000_000_000,
  Job: 0,
};

export function parseGid(id: unknown): { type: string; num: string } | null {
  if (typeof id !== "string") return null;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)/.exec(id);
  return m ? { type: m[1], num: m[2] } : null;
}

export function legacyId(gid: string): number {
  return Number(parseGid(gid)?.num ?? 0);
}

/** Shopify prints timestamps to the second, in UTC. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface StoreOptions {
  now?: () => Date;
  locations?: Array<{ name: string; isActive?: boolean }>;
  /** Index in `locations` of the location new fulfillment orders are assigned to (default 0). */
  fulfillmentLocationIndex?: number;
  /** Variants that exist in the shop; "any" (default) treats every variantId given to orderCreate as real. */
  productVariantIds?: string[] | "any";
  /** First order number (#1001 by default). */
  firstOrderNumber?: number;
}

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
  private counters = new Map<string, number>();
  private orderNumber: number;
  readonly now: () => Date;
  private readonly anyVariant: boolean;
  private readonly fulfillmentLocationId: string;

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

  private touch(orderId: string): void {
    const o = this.orders.get(orderId);
    if (o) o.updatedAt = this.stamp();
  }

  // ---------- orders and fulfillments ----------

  orderCreate(input: Record<string, Loose>): StoreResult<SimOrder> {
    const lines: Array<Record<string, Loose>> = input.lineItems ?? [];
    if (!lines.length) return { value: null, userErrors: [{ field: ["order", "lineItems"], message: "Line items must have at least one line item", code: "INVALID" }] };
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
      if (!fo) return errs.push({ field: ["fulfillment", "lineItemsByFulfillmentOrder", String(gi), "fulfillmentOrderId"], message: "Fulfillment order does not exist.", code: null });
      if (orderId && orderId !== fo.orderId) return errs.push({ field: ["fulfillment"], message: "All fulfillment orders must belong to the same order.", code: null });
      orderId = fo.orderId;
      const wanted: Array<{ id: string; quantity: number }> = g.fulfillmentOrderLineItems?.length
        ? g.fulfillmentOrderLineItems
        : fo.lineItems.map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
      for (const w of wanted) {
        const foli = fo.lineItems.find((l) => l.id === w.id);
        if (!foli) errs.push({ field: ["fulfillment", "lineItemsByFulfillmentOrder", String(gi)], message: "Fulfillment order line item does not exist.", code: null });
        else if (w.quantity > foli.remainingQuantity || w.quantity < 1) errs.push({ field: ["fulfillment"], message: "Invalid fulfillment order line item quantity requested.", code: null });
        else picks.push({ foli, quantity: Number(w.quantity) });
      }
    });
    if (!groups.length) errs.push({ field: ["fulfillment"], message: "Line items by fulfillment order can't be blank", code: null });
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
    if (!o) return { value: null, userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
    o.cancelledAt = this.stamp();
    this.touch(orderId);
    return { value: { id: `gid://shopify/Job/${randomUUID()}` }, userErrors: [] };
  }

  orderDelete(orderId: string): StoreResult<string> {
    const o = this.orders.get(orderId);
    if (!o) return { value: null, userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
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

  // ---------- returns ----------

  private validateReturnLines(orderId: string, lines: Array<Record<string, Loose>>, fieldRoot: string[]): UserError[] {
    const errs: UserError[] = [];
    const wanted = new Map<string, number>();
    lines.forEach((l, i) => {
      const fli = this.fulfillmentLineItems.get(l.fulfillmentLineItemId);
      const f = fli ? this.fulfillments.get(fli.fulfillmentId) : undefined;
      if (!fli || !f || f.orderId !== orderId) {
        errs.push({ field: [...fieldRoot, String(i), "fulfillmentLineItemId"], message: "Fulfillment line item does not exist.", code: "NOT_FOUND" });
        return;
      }
      const q = Number(l.quantity);
      if (!(q > 0)) {
        errs.push({ field: [...fieldRoot, String(i), "quantity"], message: "Quantity must be greater than 0.", code: "GREATER_THAN" });
        return;
      }
      wanted.set(fli.id, (wanted.get(fli.id) ?? 0) + q);
      if (wanted.get(fli.id)! > this.returnableQuantity(fli.id)) {
        errs.push({ field: [...fieldRoot, String(i), "quantity"], message: "Quantity is not available for return.", code: "INVALID" });
      }
    });
    if (!lines.length) errs.push({ field: fieldRoot, message: "Return must have at least one line item.", code: "BLANK" });
    return errs;
  }

  private buildReturn(orderId: string, lines: Array<Record<string, Loose>>, status: ReturnStatus): SimReturn {
    const order = this.orders.get(orderId)!;
    const now = this.stamp();
    const r: SimReturn = {
      id: this.newId("Return"),
      orderId,
      name: `${order.name}-R${order.returnIds.length + 1}`,
      status,
      createdAt: now,
      requestApprovedAt: status === "OPEN" ? now : null,
      closedAt: null,
      decline: null,
      lineItemIds: [],
      rfoIds: [],
    };
    for (const l of lines) {
      const rli: SimReturnLineItem = {
        id: this.newId("ReturnLineItem"),
        returnId: r.id,
        fulfillmentLineItemId: l.fulfillmentLineItemId,
        quantity: Number(l.quantity),
        processedQuantity: 0,
        returnReason: l.returnReason ?? "UNKNOWN",
        returnReasonNote: l.returnReasonNote ?? "",
        customerNote: l.customerNote ?? null,
        restockingFeePercentage: l.restockingFee?.percentage ?? null,
      };
      this.returnLineItems.set(rli.id, rli);
      r.lineItemIds.push(rli.id);
    }
    this.returns.set(r.id, r);
    order.returnIds.push(r.id);
    if (status === "OPEN") this.openRfo(r);
    this.touch(orderId);
    return r;
  }

  /** A reverse fulfillment order exists only once the return is OPEN. */
  private openRfo(r: SimReturn): void {
    if (r.rfoIds.length) {
      for (const id of r.rfoIds) this.rfos.get(id)!.status = "OPEN";
      return;
    }
    const rfo: SimRfo = { id: this.newId("ReverseFulfillmentOrder"), returnId: r.id, orderId: r.orderId, status: "OPEN", lineItemIds: [], deliveryIds: [] };
    for (const id of r.lineItemIds) {
      const rli = this.returnLineItems.get(id)!;
      const li: SimRfoLineItem = { id: this.newId("ReverseFulfillmentOrderLineItem"), rfoId: rfo.id, returnLineItemId: rli.id, fulfillmentLineItemId: rli.fulfillmentLineItemId, totalQuantity: rli.quantity, dispositions: [] };
      this.rfoLineItems.set(li.id, li);
      rfo.lineItemIds.push(li.id);
    }
    this.rfos.set(rfo.id, rfo);
    r.rfoIds.push(rfo.id);
  }

  private setRfoStatus(r: SimReturn, status: RfoStatus): void {
    for (const id of r.rfoIds) this.rfos.get(id)!.status = status;
  }

  returnRequest(input: Record<string, Loose>): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const order = this.orders.get(input.orderId);
    if (!order) return { value: null, userErrors: [{ field: ["input", "orderId"], message: "Order does not exist.", code: "NOT_FOUND" }], events: [] };
    const errs = this.validateReturnLines(order.id, input.returnLineItems ?? [], ["input", "returnLineItems"]);
    if (errs.length) return { value: null, userErrors: errs, events: [] };
    const r = this.buildReturn(order.id, input.returnLineItems, "REQUESTED");
    return { value: r, userErrors: [], events: [{ topic: "returns/request", payload: this.fullReturnPayload(r) }] };
  }

  returnCreate(input: Record<string, Loose>): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const order = this.orders.get(input.orderId);
    if (!order) return { value: null, userErrors: [{ field: ["returnInput", "orderId"], message: "Order does not exist.", code: "NOT_FOUND" }], events: [] };
    const errs = this.validateReturnLines(order.id, input.returnLineItems ?? [], ["returnInput", "returnLineItems"]);
    if (errs.length) return { value: null, userErrors: errs, events: [] };
    const r = this.buildReturn(order.id, input.returnLineItems, "OPEN");
    // A return created by staff is OPEN at once; Shopify announces it like an approval.
    return { value: r, userErrors: [], events: [{ topic: "returns/approve", payload: this.fullReturnPayload(r) }] };
  }

  private transition(
    id: string,
    from: ReturnStatus[],
    field: string[],
    apply: (r: SimReturn) => WebhookEvent[],
  ): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const r = this.returns.get(id);
    if (!r) return { value: null, userErrors: [{ field, message: "Return does not exist.", code: "NOT_FOUND" }], events: [] };
    if (!from.includes(r.status)) {
      return {
        value: null,
        userErrors: [{ field, message: `Return is not in a valid state for this operation (status: ${r.status}).`, code: "INVALID_STATE" }],
        events: [],
      };
    }
    const events = apply(r);
    this.touch(r.orderId);
    return { value: r, userErrors: [], events };
  }

  returnApproveRequest(id: string): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    return this.transition(id, ["REQUESTED"], ["input", "id"], (r) => {
      r.status = "OPEN";
      r.requestApprovedAt = this.stamp();
      this.openRfo(r);
      return [{ topic: "returns/approve", payload: this.fullReturnPayload(r) }];
    });
  }

  returnDeclineRequest(input: Record<string, Loose>): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    return this.transition(input.id, ["REQUESTED"], ["input", "id"], (r) => {
      r.status = "DECLINED";
      r.decline = { reason: input.declineReason ?? "OTHER", note: input.declineNote ?? null };
      return [
        {
          topic: "returns/decline",
          payload: { id: legacyId(r.id), admin_graphql_api_id: r.id, status: "declined", decline: { reason: r.decline.reason.toLowerCase(), note: r.decline.note } },
        },
      ];
    });
  }

  returnCancel(id: string): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const r = this.returns.get(id);
    if (r && r.lineItemIds.some((x) => this.returnLineItems.get(x)!.processedQuantity > 0)) {
      return { value: null, userErrors: [{ field: ["id"], message: "Return has processed items and cannot be canceled.", code: "INVALID_STATE" }], events: [] };
    }
    return this.transition(id, ["REQUESTED", "OPEN"], ["id"], (ret) => {
      ret.status = "CANCELED";
      this.setRfoStatus(ret, "CANCELED");
      return [{ topic: "returns/cancel", payload: this.shortReturnPayload(ret) }];
    });
  }

  returnClose(id: string): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    return this.transition(id, ["OPEN"], ["id"], (r) => {
      r.status = "CLOSED";
      r.closedAt = this.stamp();
      this.setRfoStatus(r, "CLOSED");
      return [{ topic: "returns/close", payload: this.shortReturnPayload(r) }];
    });
  }

  returnReopen(id: string): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    return this.transition(id, ["CLOSED"], ["id"], (r) => {
      r.status = "OPEN";
      r.closedAt = null;
      this.setRfoStatus(r, "OPEN");
      return [{ topic: "returns/reopen", payload: this.shortReturnPayload(r) }];
    });
  }

  returnProcess(input: Record<string, Loose>): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const r = this.returns.get(input.returnId);
    const lines: Array<{ id: string; quantity: number }> = input.returnLineItems ?? [];
    if (r && r.status === "OPEN") {
      const errs: UserError[] = [];
      lines.forEach((l, i) => {
        const rli = this.returnLineItems.get(l.id);
        if (!rli || rli.returnId !== r.id) errs.push({ field: ["input", "returnLineItems", String(i), "id"], message: "Return line item does not exist.", code: "NOT_FOUND" });
        else if (l.quantity > rli.quantity - rli.processedQuantity || l.quantity < 1) errs.push({ field: ["input", "returnLineItems", String(i), "quantity"], message: "Quantity exceeds the unprocessed quantity.", code: "INVALID" });
      });
      if (errs.length) return { value: null, userErrors: errs, events: [] };
    }
    return this.transition(input.returnId, ["OPEN"], ["input", "returnId"], (ret) => {
      for (const l of lines) this.returnLineItems.get(l.id)!.processedQuantity += Number(l.quantity);
      return [{ topic: "returns/process", payload: { id: legacyId(ret.id), admin_graphql_api_id: ret.id } }];
    });
  }

  removeFromReturn(returnId: string, lines: Array<{ returnLineItemId: string; quantity: number }>): StoreResult<SimReturn> & { events: WebhookEvent[] } {
    const r = this.returns.get(returnId);
    if (!r) return { value: null, userErrors: [{ field: ["returnId"], message: "Return does not exist.", code: "NOT_FOUND" }], events: [] };
    const errs: UserError[] = [];
    lines.forEach((l, i) => {
      const rli = this.returnLineItems.get(l.returnLineItemId);
      if (!rli || rli.returnId !== r.id) errs.push({ field: ["returnLineItems", String(i), "returnLineItemId"], message: "Return line item does not exist.", code: "NOT_FOUND" });
      else if (l.quantity > rli.quantity - rli.processedQuantity) errs.push({ field: ["returnLineItems", String(i), "quantity"], message: "Quantity exceeds the removable quantity.", code: "INVALID" });
    });
    if (errs.length) return { value: null, userErrors: errs, events: [] };
    const removals: Array<{ admin_graphql_api_id: string; delta: number }> = [];
    for (const l of lines) {
      const rli = this.returnLineItems.get(l.returnLineItemId)!;
      rli.quantity -= Number(l.quantity);
      removals.push({ admin_graphql_api_id: rli.id, delta: Number(l.quantity) });
      for (const rfoId of r.rfoIds) {
        const rfo = this.rfos.get(rfoId)!;
        for (const liId of [...rfo.lineItemIds]) {
          const li = this.rfoLineItems.get(liId)!;
          if (li.returnLineItemId !== rli.id) continue;
          li.totalQuantity = rli.quantity;
          if (li.totalQuantity === 0) rfo.lineItemIds = rfo.lineItemIds.filter((x) => x !== liId);
        }
      }
      if (rli.quantity === 0) r.lineItemIds = r.lineItemIds.filter((x) => x !== rli.id);
    }
    const events: WebhookEvent[] = [
      {
        topic: "returns/update",
        payload: {
          admin_graphql_api_id: r.id,
          return_line_items: { removals },
          restocking_fees: { updates: [], removals: [] },
          return_shipping_fees: { updates: [], removals: [] },
        },
      },
    ];
    // A return left without items closes itself (captured: status CLOSED, closedAt set).
    if (!r.lineItemIds.length && r.status !== "CLOSED") {
      r.status = "CLOSED";
      r.closedAt = this.stamp();
      this.setRfoStatus(r, "CLOSED");
      events.push({ topic: "returns/close", payload: this.shortReturnPayload(r) });
    }
    this.touch(r.orderId);
    return { value: r, userErrors: [], events };
  }

  // ---------- reverse logistics ----------

  reverseDeliveryCreate(args: {
    reverseFulfillmentOrderId: string;
    reverseDeliveryLineItems: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number }>;
    trackingInput?: { number?: string | null; url?: string | null } | null;
    labelInput?: { fileUrl: string } | null;
  }): StoreResult<SimReverseDelivery> & { events: WebhookEvent[] } {
    this.expectType(args.reverseFulfillmentOrderId, "ReverseFulfillmentOrder");
    for (const l of args.reverseDeliveryLineItems) this.expectType(l.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
    const rfo = this.rfos.get(args.reverseFulfillmentOrderId);
    if (!rfo) return { value: null, userErrors: [{ field: ["reverseFulfillmentOrderId"], message: "Reverse fulfillment order was not found.", code: "NOT_FOUND" }], events: [] };
    if (rfo.status !== "OPEN") return { value: null, userErrors: [{ field: ["reverseFulfillmentOrderId"], message: "Reverse fulfillment order is not open.", code: "INVALID_STATE" }], events: [] };
    const delivered = (liId: string) =>
      rfo.deliveryIds.reduce((s, d) => s + this.reverseDeliveries.get(d)!.lineItems.filter((x) => x.rfoLineItemId === liId).reduce((a, x) => a + x.quantity, 0), 0);
    const requested = args.reverseDeliveryLineItems.length
      ? args.reverseDeliveryLineItems.map((l) => ({ rfoLineItemId: l.reverseFulfillmentOrderLineItemId, quantity: Number(l.quantity) }))
      : rfo.lineItemIds.map((id) => ({ rfoLineItemId: id, quantity: this.rfoLineItems.get(id)!.totalQuantity - delivered(id) })).filter((l) => l.quantity > 0);
    const errs: UserError[] = [];
    const running = new Map<string, number>();
    requested.forEach((l, i) => {
      const li = this.rfoLineItems.get(l.rfoLineItemId);
      if (!li || li.rfoId !== rfo.id) {
        errs.push({ field: ["reverseDeliveryLineItems", String(i), "reverseFulfillmentOrderLineItemId"], message: "must exist", code: null });
        return;
      }
      running.set(li.id, (running.get(li.id) ?? 0) + l.quantity);
      if (running.get(li.id)! > li.totalQuantity - delivered(li.id)) {
        errs.push({ field: ["reverseDeliveryLineItems", String(i), "quantity"], message: "cannot deliver more items than are returned", code: null });
      }
    });
    if (!requested.length) errs.push({ field: ["reverseDeliveryLineItems"], message: "cannot deliver more items than are returned", code: null });
    if (errs.length) return { value: null, userErrors: errs, events: [] };
    const rd: SimReverseDelivery = {
      id: this.newId("ReverseDelivery"),
      rfoId: rfo.id,
      lineItems: requested.map((l) => ({ id: this.newId("ReverseDeliveryLineItem"), rfoLineItemId: l.rfoLineItemId, quantity: l.quantity })),
      tracking: null,
      label: null,
    };
    this.applyShipping(rd, args.trackingInput, args.labelInput);
    this.reverseDeliveries.set(rd.id, rd);
    rfo.deliveryIds.push(rd.id);
    this.touch(rfo.orderId);
    return { value: rd, userErrors: [], events: rd.tracking || rd.label ? [this.attachDeliverableEvent(rd)] : [] };
  }

  reverseDeliveryShippingUpdate(args: {
    reverseDeliveryId: string;
    trackingInput?: { number?: string | null; url?: string | null } | null;
    labelInput?: { fileUrl: string } | null;
  }): StoreResult<SimReverseDelivery> & { events: WebhookEvent[] } {
    this.expectType(args.reverseDeliveryId, "ReverseDelivery");
    const rd = this.reverseDeliveries.get(args.reverseDeliveryId);
    if (!rd) return { value: null, userErrors: [{ field: ["reverseDeliveryId"], message: "Reverse delivery was not found.", code: "NOT_FOUND" }], events: [] };
    this.applyShipping(rd, args.trackingInput, args.labelInput);
    this.touch(this.rfos.get(rd.rfoId)!.orderId);
    return { value: rd, userErrors: [], events: [this.attachDeliverableEvent(rd)] };
  }

  private applyShipping(rd: SimReverseDelivery, tracking?: { number?: string | null; url?: string | null } | null, label?: { fileUrl: string } | null): void {
    const now = this.stamp();
    if (tracking) {
      const url = tracking.url ?? null;
      rd.tracking = { number: tracking.number ?? null, url, carrierName: carrierFromUrl(url) };
    }
    if (label?.fileUrl) rd.label = { publicFileUrl: label.fileUrl, createdAt: rd.label?.createdAt ?? now, updatedAt: now };
  }

  reverseFulfillmentOrderDispose(inputs: Array<{ reverseFulfillmentOrderLineItemId: string; quantity: number; dispositionType: string; locationId?: string | null }>): StoreResult<SimRfoLineItem[]> {
    for (const i of inputs) {
      this.expectType(i.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
      if (i.locationId) this.expectType(i.locationId, "Location");
    }
    const items = inputs.map((i) => this.rfoLineItems.get(i.reverseFulfillmentOrderLineItemId));
    const rfoIds = new Set(items.map((li) => li?.rfoId ?? null));
    if (rfoIds.size !== 1 || rfoIds.has(null)) {
      return { value: null, userErrors: [{ field: ["dispositionInputs"], message: "Cannot dispose items from more than one reverse fulfillment order.", code: "INVALID" }] };
    }
    const errs: UserError[] = [];
    inputs.forEach((input, i) => {
      const li = items[i]!;
      const line = this.lineItems.get(this.fulfillmentLineItems.get(li.fulfillmentLineItemId)!.lineItemId)!;
      if (input.dispositionType === "RESTOCKED" && !line.variantId) {
        errs.push({ field: ["dispositionInputs", String(i), "dispositionType"], message: "RESTOCKED is an invalid disposition type for a custom line item.", code: "INVALID" });
      }
      if (input.locationId && !this.locations.has(input.locationId)) {
        errs.push({ field: ["dispositionInputs", String(i), "locationId"], message: "Location not found.", code: "NOT_FOUND" });
      }
      const disposed = li.dispositions.reduce((s, d) => s + d.quantity, 0);
      if (input.quantity > li.totalQuantity - disposed || input.quantity < 1) {
        errs.push({ field: ["dispositionInputs", String(i), "quantity"], message: "Quantity exceeds the quantity left to dispose.", code: "INVALID" });
      }
    });
    if (errs.length) return { value: null, userErrors: errs };
    const touched: SimRfoLineItem[] = [];
    inputs.forEach((input, i) => {
      const li = items[i]!;
      li.dispositions.push({ id: this.newId("ReverseFulfillmentOrderDisposition"), type: input.dispositionType, quantity: Number(input.quantity), locationId: input.locationId ?? null, createdAt: this.stamp() });
      if (!touched.includes(li)) touched.push(li);
    });
    return { value: touched, userErrors: [] };
  }

  // ---------- webhook payloads (shapes from Shopify's published samples; see decision record 0005) ----------

  fullReturnPayload(r: SimReturn): Record<string, unknown> {
    return {
      id: legacyId(r.id),
      admin_graphql_api_id: r.id,
      status: r.status.toLowerCase(),
      order: { id: legacyId(r.orderId), admin_graphql_api_id: r.orderId },
      total_return_line_items: r.lineItemIds.length,
      name: r.name,
      return_line_items: r.lineItemIds.map((id) => {
        const rli = this.returnLineItems.get(id)!;
        const fli = this.fulfillmentLineItems.get(rli.fulfillmentLineItemId)!;
        return {
          id: legacyId(rli.id),
          admin_graphql_api_id: rli.id,
          fulfillment_line_item: {
            id: legacyId(fli.id),
            admin_graphql_api_id: fli.id,
            line_item: { id: legacyId(fli.lineItemId), admin_graphql_api_id: fli.lineItemId },
          },
          quantity: rli.quantity,
          return_reason: rli.returnReason.toLowerCase(),
          return_reason_note: rli.returnReasonNote,
          customer_note: rli.customerNote,
        };
      }),
      return_shipping_fees: [],
      exchange_line_items: [],
      total_exchange_line_items: 0,
    };
  }

  shortReturnPayload(r: SimReturn): Record<string, unknown> {
    return { id: legacyId(r.id), admin_graphql_api_id: r.id, order_id: legacyId(r.orderId), status: r.status.toLowerCase() };
  }

  private attachDeliverableEvent(rd: SimReverseDelivery): WebhookEvent {
    const rfo = this.rfos.get(rd.rfoId)!;
    return {
      topic: "reverse_deliveries/attach_deliverable",
      payload: {
        id: legacyId(rd.id),
        admin_graphql_api_id: rd.id,
        return: { id: legacyId(rfo.returnId), admin_graphql_api_id: rfo.returnId },
        shipping_deliverable: {
          tracking: {
            carrier_name: rd.tracking?.carrierName ?? null,
            tracking_number: rd.tracking?.number ?? null,
            tracking_url: rd.tracking?.url ?? null,
          },
          label: rd.label ? { public_file_url: rd.label.publicFileUrl, created_at: rd.label.createdAt } : null,
        },
      },
    };
  }
}

/** Shopify names the carrier only when it recognises the tracking URL; example.com stays null (captured). */
export function carrierFromUrl(url: string | null): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const table: Array<[RegExp, string]> = [
    [/(^|\.)ups\.com$/, "UPS"],
    [/(^|\.)fedex\.com$/, "FedEx"],
    [/(^|\.)usps\.com$/, "USPS"],
    [/(^|\.)dhl\.(com|de|es)$/, "DHL Express"],
    [/(^|\.)correos\.es$/, "Correos"],
    [/(^|\.)seur\.com$/, "SEUR"],
    [/(^|\.)gls-(spain|group)\.(es|eu|com)$/, "GLS"],
    [/(^|\.)canadapost(-postescanada)?\.ca$/, "Canada Post"],
  ];
  return table.find(([re]) => re.test(host))?.[1] ?? null;
}

export function toCents(amount: string | number): number {
  return Math.round(Number(amount) * 100);
}

/** Shopify's Decimal rendering: "110.0", "12.5", "-20.0". */
export function formatDecimal(cents: number): string {
  if (cents % 100 === 0) return `${cents / 100}.0`;
  return String(cents / 100);
}
