// The extensions' client for the app backend (app/routes/api.*): every call carries the admin's ID token,
// and a failure becomes an ApiError whose message is the backend's, shown to the merchant as it is.

export type ProviderId = "IFRETURNS" | "REVER";
export type LabelFormat = "PDF" | "ZPL" | "PNG" | "JPG";
export type LocationType = "ALL" | "STORE_POINT" | "LOCKER_POINT";
export type ReturnMethod = "HOME_PICK_UP" | "DROP_OFF_POINT";

export interface Address {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  regionCode?: string;
  countryCode: string;
}

export interface Parcel {
  weightGrams: number;
  lengthCm?: number;
  widthCm?: number;
  heightCm?: number;
}

export interface PickupWindow {
  date?: string;
  startHour: number;
  endHour: number;
}

export interface ProviderOption {
  provider: ProviderId;
  name: string;
  capabilities: { labels: boolean; pickups: boolean; dropOffPoints: boolean; manualLabelUpload: boolean; labelFormats: LabelFormat[] };
  defaults: { carrierService: string | null; carrierServices: string[]; labelFormat: LabelFormat; parcel: Parcel | null; notifyCustomer: boolean };
  warehouseConfigured: boolean;
  problem: string | null;
}

export interface LabelSummary {
  shipmentId: string;
  provider: string;
  state: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  reverseFulfillmentOrderId: string | null;
  attachedToShopify: boolean;
  printable: boolean;
  error: string | null;
  createdAt: string;
}

export interface PickupSummary {
  pickupId: string;
  provider: string;
  state: string;
  carrier: string | null;
  windows: PickupWindow[];
  error: string | null;
}

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
  locationType?: "STORE_POINT" | "LOCKER_POINT";
}

export interface ReturnSummary {
  id: string;
  legacyId: string;
  name: string;
  status: "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
  provider: ProviderId | null;
  link: null | {
    provider: ProviderId | null;
    linkSource: string;
    referenceState: string;
    ifReturnName: string | null;
    reverProcessId: string | null;
    providerStatus: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    lastError: string | null;
  };
  reverseFulfillmentOrders: Array<{ id: string; status: string; deliveries: number }>;
  labels: LabelSummary[];
  pickups: PickupSummary[];
  dropOffPoint: DropOffPoint | null;
}

export interface OrderReturnsView {
  order: { id: string; legacyId: string; name: string; customerName: string | null; email: string | null; address: Address | null };
  providers: ProviderOption[];
  approveBeforeLabel: boolean;
  returns: ReturnSummary[];
}

export interface LabelResult {
  shipmentId: string;
  provider: ProviderId;
  state: "REQUESTED" | "CREATED" | "ATTACHED";
  reused: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  attachedToShopify: boolean;
  notice: string | null;
}

export interface ApproveResult {
  id: string;
  status: string;
  alreadyOpen: boolean;
  reverseFulfillmentOrders: Array<{ id: string; status: string }>;
}

export interface PickupResult {
  pickupId: string;
  provider: ProviderId;
  reused: boolean;
  carrier: string | null;
  windows: PickupWindow[];
}

export interface DropOffSearchResult {
  provider: ProviderId;
  searchedNear: string;
  rangeKm: number | null;
  locationType: LocationType;
  points: DropOffPoint[];
}

export interface LinkView {
  provider: ProviderId | null;
  linkSource: string;
  referenceState: string;
  ifReturnName: string | null;
  reverProcessId: string | null;
}

export interface CreateLabelBody {
  provider?: ProviderId;
  reverseFulfillmentOrderId?: string;
  approveFirst?: boolean;
  carrierService?: string;
  labelFormat?: LabelFormat;
  parcels?: Parcel[];
  notifyCustomer?: boolean;
  returnMethod?: ReturnMethod;
  pickupWindows?: PickupWindow[];
  manualLabel?: { fileBase64: string; extension: "pdf" | "png" | "jpg"; carrier?: string; trackingNumber?: string; trackingUrl?: string };
}

export interface PickupBody {
  windows: PickupWindow[];
  address?: Address;
}

export interface DropOffSearchBody {
  address?: string;
  city?: string;
  postalCode?: string;
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  rangeKm?: number;
  locationType?: LocationType;
}

export interface LinkBody {
  provider: ProviderId;
  reverProcessId?: string;
  ifReturnName?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | number | undefined;
  readonly fields: Record<string, string> | undefined;
  readonly retryable: boolean;
  constructor(message: string, opts: { status: number; code?: string | number; fields?: Record<string, string>; retryable?: boolean }) {
    super(message);
    this.name = "ApiError";
    this.status = opts.status;
    this.code = opts.code;
    this.fields = opts.fields;
    this.retryable = opts.retryable ?? false;
  }
}

/** "gid://shopify/Return/123" -> "123" (the API paths take numeric ids). */
export function legacyId(gid: string): string {
  const m = /(\d+)$/.exec(gid);
  if (!m) throw new Error(`Not a Shopify id: ${gid}`);
  return m[1];
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface ApiClientDeps {
  fetch: FetchLike;
  /** The admin's ID token (shopify.auth.idToken). */
  idToken: () => Promise<string | null>;
  /** Relative paths resolve against the app URL in the admin; tests pass an origin. */
  baseUrl?: string;
  /** Shown when the backend cannot be reached at all (translated by the caller). */
  networkErrorMessage: string;
}

function errorFrom(status: number, json: unknown, fallback: string): ApiError {
  const e = (json as { error?: { message?: unknown; code?: unknown; fields?: unknown; retryable?: unknown } } | null)?.error;
  const message = typeof e?.message === "string" && e.message.trim() ? e.message : fallback;
  return new ApiError(message, {
    status,
    code: typeof e?.code === "string" || typeof e?.code === "number" ? e.code : undefined,
    fields: e?.fields && typeof e.fields === "object" ? (e.fields as Record<string, string>) : undefined,
    retryable: e?.retryable === true || status >= 500 || status === 429,
  });
}

export function createApiClient(deps: ApiClientDeps) {
  const base = deps.baseUrl ?? "";

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const token = await deps.idToken();
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res;
    try {
      res = await deps.fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(deps.networkErrorMessage, { status: 0, retryable: true });
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) throw errorFrom(res.status, json, `${deps.networkErrorMessage} (HTTP ${res.status})`);
    return json as T;
  }

  const returnPath = (returnGid: string, action: string) => `/api/returns/${legacyId(returnGid)}/${action}`;

  return {
    orderReturns: (orderGid: string) => call<OrderReturnsView>("GET", `/api/orders/${legacyId(orderGid)}/returns`),
    createLabel: (returnGid: string, body: CreateLabelBody) => call<LabelResult>("POST", returnPath(returnGid, "label"), body),
    approve: (returnGid: string, notifyCustomer: boolean) => call<ApproveResult>("POST", returnPath(returnGid, "approve"), { notifyCustomer }),
    schedulePickup: (returnGid: string, body: PickupBody) => call<PickupResult>("POST", returnPath(returnGid, "pickup"), body),
    findDropOffPoints: (returnGid: string, body: DropOffSearchBody) => call<DropOffSearchResult>("POST", returnPath(returnGid, "drop-off-points"), body),
    chooseDropOffPoint: (returnGid: string, point: DropOffPoint | null) => call<{ dropOffPoint: DropOffPoint | null }>("POST", returnPath(returnGid, "drop-off-point"), { point }),
    link: (returnGid: string, body: LinkBody) => call<LinkView>("POST", returnPath(returnGid, "link"), body),
    unlink: (returnGid: string) => call<LinkView>("POST", returnPath(returnGid, "unlink"), {}),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The label file as a URL the admin can load (print preview, download); the token rides along for document loads. */
export function labelFileUrl(returnGid: string, opts: { shipmentId?: string; download?: boolean; idToken?: string | null; baseUrl?: string } = {}): string {
  const q = new URLSearchParams();
  if (opts.shipmentId) q.set("shipmentId", opts.shipmentId);
  if (opts.download) q.set("download", "1");
  if (opts.idToken) q.set("id_token", opts.idToken);
  const query = q.toString();
  return `${opts.baseUrl ?? ""}/api/returns/${legacyId(returnGid)}/label-file${query ? `?${query}` : ""}`;
}
