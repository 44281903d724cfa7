// Records, ids and formatting shared by the simulator's store and its rules: the shapes the store keeps,
// Shopify's gid format, second-precision UTC timestamps and Decimal rendering.

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
/** An order transaction: what orderCreate recorded as paid, and the refunds returnProcess issued against it. */
export interface SimTransaction {
  id: string;
  orderId: string;
  kind: string;
  status: string;
  gateway: string | null;
  amountCents: number;
  currency: string;
  parentId: string | null;
  processedAt: string;
}
/** A return reason of Shopify's library (returnReasonDefinitions). */
export interface SimReasonDefinition {
  id: string;
  handle: string;
  name: string;
  deleted: boolean;
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
  transactionIds: string[];
}
export interface SimReturnLineItem {
  id: string;
  returnId: string;
  fulfillmentLineItemId: string;
  quantity: number;
  processedQuantity: number;
  returnReason: string;
  returnReasonDefinitionId: string | null;
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

/** An email Shopify sends the customer (the simulator keeps it instead): what and to whom. */
export interface SimNotification {
  kind: "reverse_delivery" | "return_approved";
  orderId: string;
  to: string;
  reverseDeliveryId?: string;
  labelUrl?: string | null;
  trackingNumber?: string | null;
  at: string;
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

/** Something Shopify does that the simulator does not model: answered as a NOT_SIMULATED error, never guessed. */
export class NotSimulatedError extends Error {
  constructor(readonly what: string) {
    super(`not simulated: ${what}`);
  }
}

/** Messages neither Shopify's docs nor the captures show are marked, so no test can mistake them for Shopify's text. */
export function simWording(message: string): string {
  return `[sim] ${message}`;
}

export interface WebhookEvent {
  topic: string;
  payload: Record<string, unknown>;
}

export type StoreResult<T> = { value: T | null; userErrors: UserError[] };

export const TYPE_BASE: Record<string, number> = {
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
  OrderTransaction: 10_400_000_000_000,
  ReturnReasonDefinition: 1_000,
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
