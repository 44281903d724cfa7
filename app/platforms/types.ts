import type { AssumedCapability } from "./assumed-capabilities";

// The normalised language every part of the app speaks about returns platforms. Vendor payloads are parsed
// inside each adapter; only these types leave it.

export type ProviderId = "IFRETURNS" | "REVER";
export const PROVIDER_IDS: readonly ProviderId[] = ["IFRETURNS", "REVER"];

export interface Address {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** Province / state name ("Madrid"). */
  region?: string;
  /** Province / state code ("M"). */
  regionCode?: string;
  /** ISO 3166-1 alpha-2 ("ES"). */
  countryCode: string;
}

export interface Parcel {
  weightGrams: number;
  lengthCm?: number;
  widthCm?: number;
  heightCm?: number;
  description?: string;
}

export type LabelFormat = "PDF" | "ZPL" | "PNG" | "JPG";
export const LABEL_FORMATS: readonly LabelFormat[] = ["PDF", "ZPL", "PNG", "JPG"];

/**
 * One status vocabulary for both vendors (see app/platforms/status-map.ts and docs/status-map.md).
 * Each of iF's 9 TransportationStatus values has its own entry, so iF round-trips without loss.
 */
export type NormalisedStatus =
  | "NONE"
  | "LABEL_CREATED"
  | "PICKUP_IN_PROGRESS"
  | "PICKED_UP"
  | "IN_TRANSIT"
  | "IN_WAREHOUSE"
  | "PICKUP_FAILED"
  | "PICKUP_CANCELED"
  | "FAILED"
  | "CANCELED";

export const NORMALISED_STATUSES: readonly NormalisedStatus[] = [
  "NONE",
  "LABEL_CREATED",
  "PICKUP_IN_PROGRESS",
  "PICKED_UP",
  "IN_TRANSIT",
  "IN_WAREHOUSE",
  "PICKUP_FAILED",
  "PICKUP_CANCELED",
  "FAILED",
  "CANCELED",
];

/** How a Shopify return is known to each platform. */
export interface ProviderRef {
  /** Shopify return name without '#', "64231-R1" (= iF MERCHANT_RETURN_NAME). */
  normalizedName: string;
  /** Shopify order name as displayed, "#64231". */
  orderName: string;
  orderGid?: string;
  /** iF RETURN_NAME, "R1-64231". */
  ifReturnName?: string | null;
  /** iF CLIENT_REFERENCE, "P1R1maco64231". */
  ifClientReference?: string | null;
  reverProcessId?: string | null;
}

export interface Label {
  /** iF clientShipmentId / REVER logistic order id. */
  providerShipmentId: string;
  /** The provider's own reference of the return when its answer names it (never guessed). */
  providerReference?: string;
  carrier?: string;
  carrierService?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  additionalTrackingCodes?: string[];
  labelUrl?: string;
  labelFormat?: LabelFormat;
}

export type ReturnMethod = "HOME_PICK_UP" | "DROP_OFF_POINT" | "DELIVERY_PICKUP" | "IN_STORE";

export interface ProviderTracking {
  status: NormalisedStatus;
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  labelUrl?: string;
  labelFormat?: LabelFormat;
  pickupsScheduled?: string;
  returnMethod?: ReturnMethod;
  /** The vendor's own status word, kept for the timeline (null when the vendor exposes none). */
  vendorStatus: string | null;
  /** The provider's own reference of the return when its answer names it. */
  providerReference?: string;
  /**
   * False when the provider gave no status we may read (iF has no status read; REVER's summary said
   * STATUS_UNSPECIFIED, or its other values are not turned on): `status` is then only implied by a label existing,
   * a floor that never moves a link's status.
   */
  statusReported: boolean;
}

/** A pickup time window on a day, in whole local hours ([8, 12) = 08:00 to 12:00). */
export interface PickupWindow {
  date?: string;
  startHour: number;
  endHour: number;
}

export interface PickupResult {
  /** Undefined when the pickup was confirmed by a lookup after a lost answer (the id was never seen). */
  pickupId?: string;
  carrier?: string;
  provider?: string;
  windows: PickupWindow[];
}

export type LocationType = "ALL" | "STORE_POINT" | "LOCKER_POINT";

export type DropOffQuery = {
  carrierServices?: string[];
  limit?: number;
  /** Search radius in km, 1..20. */
  rangeKm?: number;
  locationType?: LocationType;
} & (
  | { address: string; city?: string; postalCode?: string; countryCode?: string; latitude?: undefined; longitude?: undefined }
  | { latitude: number; longitude: number; address?: string; city?: string; postalCode?: string; countryCode?: string }
);

export interface DropOffPoint {
  id?: string;
  name: string;
  address?: string;
  city?: string;
  postalCode?: string;
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  distanceKm?: number;
  openingHours?: string;
  carrierCode?: string;
  locationType?: Exclude<LocationType, "ALL">;
}

export interface CustomsItem {
  description: string;
  hsCode?: string;
  /** Kilograms, as in iF's example (parcels are in grams). */
  weightKg?: number;
  quantity: number;
  unitPrice?: number;
  currencyCode?: string;
  originCountryCode?: string;
}

export interface CreateLabelInput {
  /** Stable per return: iF clientShipmentId; REVER keeps one logistic order per process. */
  idempotencyKey: string;
  ref: ProviderRef;
  origin: Address;
  destination: Address;
  parcels: Parcel[];
  /** iF carrierServiceCode / REVER carrier (e.g. "UPS"). Falls back to the connection default. */
  carrierService?: string;
  labelFormat: LabelFormat;
  customsInfo?: CustomsItem[];
  clientShipmentName?: string;
  weightGrams?: number;
  /** REVER return_type; defaults to DROP_OFF_POINT. */
  returnMethod?: ReturnMethod;
  /** REVER pickup_ranges for HOME_PICK_UP. */
  pickupWindows?: PickupWindow[];
}

export interface PushTrackingInput {
  carrier?: string;
  trackingNumber: string;
  trackingUrl?: string;
  labelUrl?: string;
  labelFormat?: LabelFormat;
  additionalTrackingCodes?: string[];
  status?: NormalisedStatus;
  description?: string;
  occurredAt?: Date | string;
}

export interface SchedulePickupInput {
  address: Address;
  windows: PickupWindow[];
  carrier?: string;
  customer: { email?: string; firstName?: string; lastName?: string };
}

export interface ManualLabelInput {
  file: Uint8Array;
  extension: "pdf" | "png" | "jpg";
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  from?: Address;
  to?: Address;
  returnMethod?: ReturnMethod;
}

export interface DownloadedLabel {
  bytes: Uint8Array;
  contentType: string;
  format: LabelFormat | null;
}

/** Assumption (REVER "Returns" section is silent): importing a Shopify-created return, off by default. */
export interface ImportReturnInput {
  customer: { email: string; firstName?: string; lastName?: string };
  items: Array<{ sku?: string; title?: string; quantity: number }>;
  returnMethod?: ReturnMethod;
}

export interface ProcessCandidate {
  processId: string;
  orderNumber?: string;
  createdAt?: string;
}

export interface PlatformCapabilities {
  labels: boolean;
  /** Can read a tracking status back (iF only lets us push, not read). */
  readsTrackingStatus: boolean;
  pushTracking: boolean;
  pushStatus: boolean;
  pickups: boolean;
  dropOffPoints: boolean;
  manualLabelUpload: boolean;
  /** Assumed endpoints, on only when the connection turned them on (docs/decisions/0004-provider-assumptions.md). */
  findProcess: boolean;
  importReturns: boolean;
  /** Label formats the platform can produce on request. */
  labelFormats: readonly LabelFormat[];
}

export interface ReturnsPlatform {
  readonly provider: ProviderId;
  readonly capabilities: PlatformCapabilities;
  /** The undocumented behaviours this connection turned on (decision 0004). */
  readonly assumed: ReadonlySet<AssumedCapability>;
  /** Proves the credentials work with a call that changes nothing. Throws the provider's reason. */
  testConnection(): Promise<void>;
  /** Whether the provider knows the reference in `ref`, by a documented read; "not-checkable" when none exists. */
  verifyReference(ref: ProviderRef): Promise<"found" | "not-found" | "not-checkable">;
  /** Idempotent by `idempotencyKey`: an existing label is returned, a lost answer is looked up before a retry. */
  createLabel(input: CreateLabelInput): Promise<Label>;
  findLabel(ref: ProviderRef, idempotencyKey: string): Promise<Label | null>;
  /** `includeLabel: false` skips the label lookup (one request less per link during reconciliation). */
  getTracking(ref: ProviderRef, idempotencyKey?: string, opts?: { includeLabel?: boolean }): Promise<ProviderTracking | null>;
  /**
   * Sends what the provider can take of a tracking; a status only when `tracking.status` is given (the caller never
   * gives one behind the provider's). False when there was nothing the provider could take.
   */
  pushTracking(ref: ProviderRef, tracking: PushTrackingInput): Promise<boolean>;
  pushStatus(ref: ProviderRef, status: NormalisedStatus, detail?: string): Promise<void>;
  schedulePickup(ref: ProviderRef, input: SchedulePickupInput): Promise<PickupResult>;
  findDropOffPoints(query: DropOffQuery): Promise<DropOffPoint[]>;
  uploadManualLabel(ref: ProviderRef, input: ManualLabelInput): Promise<Label>;
  downloadLabel(url: string): Promise<DownloadedLabel>;
  findProcesses(ref: ProviderRef): Promise<ProcessCandidate[]>;
  importReturn(ref: ProviderRef, input: ImportReturnInput): Promise<{ processId: string }>;
}
