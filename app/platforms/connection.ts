import type { HttpClient, RetryPolicy } from "../http/client.server";
import type { RateLimiter } from "../http/rate-limiter.server";
import type { Logger } from "../logger.server";
import type { AssumedCapability } from "./assumed-capabilities";
import type { Address, LabelFormat, Parcel } from "./types";

// What an adapter needs from a saved ProviderConnection, already decrypted and parsed.

/** How an adapter reaches its provider: the runtime's HTTP client, the caller's logger, the connection's budget. */
export interface TransportOptions {
  http: HttpClient;
  log?: Logger;
  limiter?: RateLimiter;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The provider's API hosts (runtime.providerHosts): its calls reach only these, its credential goes only there. */
  allowedHosts?: string[];
}

export interface CommonConnectionSettings {
  connectionId?: string;
  shop?: string;
  baseUrl: string;
  warehouseAddress?: Address | null;
  /** iF carrierServiceCode / REVER carrier used when a call does not name one. */
  defaultCarrierService?: string | null;
  /** The carrier services the shop may use (iF Return Methods are undocumented: taken from settings). */
  carrierServices?: string[];
  defaultLabelFormat?: LabelFormat;
  defaultParcel?: Parcel | null;
  /** Undocumented behaviours the merchant turned on for this connection (none by default). */
  assumed?: ReadonlySet<AssumedCapability>;
  transport: TransportOptions;
}

export interface IfReturnsConnectionConfig extends CommonConnectionSettings {
  provider: "IFRETURNS";
  token: string;
  shopCode?: string | null;
}

export interface ReverConnectionConfig extends CommonConnectionSettings {
  provider: "REVER";
  apiKey: string;
  ecommerceId: string;
  ecommerceGroup?: string | null;
  /** REVER logistics provider for logistic orders and pickups (e.g. SendCloud). */
  logisticsProvider?: string | null;
}

export type ConnectionConfig = IfReturnsConnectionConfig | ReverConnectionConfig;
