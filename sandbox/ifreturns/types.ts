import type { Clock, FaultConfig, HostileSurface, ProfileOptions, RecordedRequest, SimProfile } from "../lib";

// The state and public surface of the iF returns simulator.

export const DEFAULT_IFRETURNS_CREDENTIAL =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXR1cm5zLWJyaWRnZS1zYW5kYm94In0.c2FuZGJveC1zaWduYXR1cmUtaWZyZXR1cm5z";
export const IF_BASE_PATH = "/integration/v1";

export interface IfCarrierService {
  code: string;
  carrierCode: string;
  carrierExternalCode: string;
  carrierName: string;
  /** Formats the carrier can print; the first is its default (used when the requested one is not supported). */
  formats: Array<"PDF" | "ZPL">;
  trackingUrlPrefix: string;
}

export const DEFAULT_IF_CARRIER_SERVICES: IfCarrierService[] = [
  { code: "IF-UPS-EXPRESS-SAVER", carrierCode: "ups", carrierExternalCode: "20000008", carrierName: "UPS", formats: ["PDF", "ZPL"], trackingUrlPrefix: "https://www.ups.com/track?tracknum=" },
  { code: "IF-SEUR-HOME2SHOP", carrierCode: "seur", carrierExternalCode: "20000011", carrierName: "SEUR", formats: ["PDF"], trackingUrlPrefix: "https://www.seur.com/tracking?id=" },
];

export interface IfShippingLabelRecord {
  carrierTrackingCode: string;
  additionalTrackingCodes: string[];
  carrierTrackingUrl: string;
  format: "PDF" | "ZPL" | "PNG";
  url: string;
}

export interface IfTrackingEvent {
  trackingStatus: string;
  trackingStatusDescription?: string;
  trackingDate: string;
  carrierName?: string;
  trackingNumber?: string;
  trackingUrl?: string;
}

/** One transport (shipment) in iF: a return's transport and/or a label created through POST /shipping_labels. */
export interface IfShipment {
  shopCode: string;
  returnName?: string;
  clientReference?: string;
  clientShipmentId?: string;
  clientShipmentName?: string;
  shipmentType?: "ORDER" | "RETURN";
  carrierServiceCode?: string;
  carrierCode?: string;
  carrierExternalCode?: string;
  labelFormat?: "PDF" | "ZPL";
  request?: unknown;
  shippingLabels: IfShippingLabelRecord[];
  carrierName?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  trackingStatus: string | null;
  trackingHistory: IfTrackingEvent[];
  active: boolean;
}

export interface IfReturnRecord {
  shopCode: string;
  returnName: string;
  merchantReturnName: string;
  orderName: string;
  shipments: IfShipment[];
}

export interface IfState {
  returns: Map<string, IfReturnRecord>;
  shipments: IfShipment[];
  files: Map<string, { bytes: Uint8Array; contentType: string }>;
  /** Successful POST /shipping_labels calls: tests prove a retried create made exactly one label. */
  createCount: number;
}

export interface IfSimulatorOptions extends ProfileOptions {
  credential?: string;
  /** Shops the credential serves; with two or more, `shopCode` becomes mandatory (as documented). */
  shops?: string[];
  carrierServices?: IfCarrierService[];
  /** The merchant short code in CLIENT_REFERENCE (P1R1{code}{order}). */
  merchantShortCode?: string;
  seed?: number;
  clock?: Clock;
  port?: number;
}

export interface IfReturnsSimulator {
  url: string;
  origin: string;
  credential: string;
  /** The profile in force, overrides applied. */
  profile: SimProfile;
  hostile: HostileSurface;
  state: IfState;
  /** Every request: method, path, route pattern, kind (documented / assumed / label-file / unrouted), answer. */
  requests: RecordedRequest[];
  close(): Promise<void>;
  setFaults(config: FaultConfig): void;
  setRateLimit(rps: number | null): void;
  /** Seed a return as iF would have it once the customer requested it (R1-64231 for Shopify's 64231-R1). */
  registerReturn(input: { merchantReturnName: string; returnName?: string; orderName?: string; shopCode?: string; clientReference?: string }): IfReturnRecord;
  findReturn(returnName: string): IfReturnRecord | undefined;
  /** The shipments created with this clientShipmentId (duplicates possible: the create is not idempotent). */
  shipmentsByClientId(clientShipmentId: string): IfShipment[];
}
