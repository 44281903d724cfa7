import type { ProviderId } from "./types";

// Undocumented behaviours, each a named capability of its provider's adapter, off unless the merchant turns it
// on for the connection (ProviderConnection.assumedCapabilities). Decision 0004 is their index; the Settings
// page shows them as "unverified, from our assumption". Browser-safe: the settings form lists them too.

export const ASSUMED_CAPABILITIES = {
  IFRETURNS: [
    /** Read tracking code, tracking URL, label URL and format from the shippingLabels items of iF's label answers. */
    "labelItemFields",
    /** Derive iF's RETURN_NAME from Shopify's return name ("64231-R1" -> "R1-64231"). */
    "derivedReturnName",
    /** Read the drop-off points (CalculatedPudo items) of iF's POST /pudos answer. */
    "pudoPointFields",
  ],
  REVER: [
    /** Call GET /v1/processes?ecommerce_id=&order_number= to find a return's process. */
    "processSearch",
    /** Call POST /v1/returns/import to create a process for a Shopify return REVER does not know. */
    "returnsImport",
    /** Read logistics_summary.status and .return_method values beyond their zero values. */
    "summaryStatuses",
  ],
} as const satisfies Record<ProviderId, readonly string[]>;

export type AssumedCapability<P extends ProviderId = ProviderId> = (typeof ASSUMED_CAPABILITIES)[P][number];

/** Where each assumption is described (docs/providers/*.md sections) and what it calls or reads. */
export const ASSUMED_CAPABILITY_INFO: Record<AssumedCapability, { kind: "call" | "reading"; doc: string; what: string }> = {
  labelItemFields: { kind: "reading", doc: "docs/providers/ifreturns.md#collapsed-in-our-copy-unknown", what: "shippingLabels[] items of POST/GET /shipping_labels answers" },
  derivedReturnName: { kind: "reading", doc: "docs/providers/ifreturns.md#shipment-identifiers-shipmentidtype", what: "RETURN_NAME R#-{ORDER_NAME} from Shopify's return name" },
  pudoPointFields: { kind: "reading", doc: "docs/providers/ifreturns.md#collapsed-in-our-copy-unknown", what: "CalculatedPudo items of POST /pudos answers" },
  processSearch: { kind: "call", doc: "docs/providers/rever.md#named-but-not-documented", what: "GET /v1/processes?ecommerce_id=&order_number=" },
  returnsImport: { kind: "call", doc: "docs/providers/rever.md#named-but-not-documented", what: "POST /v1/returns/import" },
  summaryStatuses: { kind: "reading", doc: "docs/providers/rever.md#collapsed-in-our-copy-unknown", what: "logistics_summary.status / .return_method beyond *_UNSPECIFIED" },
};

export function isAssumedCapability(provider: ProviderId, value: unknown): value is AssumedCapability {
  return typeof value === "string" && (ASSUMED_CAPABILITIES[provider] as readonly string[]).includes(value);
}

/** The stored JSON list, read leniently: unknown names (another provider's, a removed one) are dropped. */
export function parseAssumedCapabilities(provider: ProviderId, raw: string | null | undefined): Set<AssumedCapability> {
  if (!raw) return new Set();
  try {
    const list: unknown = JSON.parse(raw);
    return new Set(Array.isArray(list) ? list.filter((v): v is AssumedCapability => isAssumedCapability(provider, v)) : []);
  } catch {
    return new Set();
  }
}

/** The stored form: sorted, known names only; null when none is on. */
export function serializeAssumedCapabilities(provider: ProviderId, values: Iterable<string>): string | null {
  const known = [...new Set(values)].filter((v) => isAssumedCapability(provider, v)).sort();
  return known.length ? JSON.stringify(known) : null;
}
