import type { ReferenceKind } from "../platforms/descriptors";
import type { Address, DropOffPoint, LabelFormat, LocationType, Parcel, PickupWindow, PlatformCapabilities, ProviderId } from "../platforms/types";
import type { ApproveBody, CreateLabelBody, DropOffPointBody, DropOffSearchBody, EmptyBody, LinkBody, PickupBody } from "./extension-bodies";

// The extension API as both sides see it: every endpoint's method, path, body and answer. The app's routes are
// typed by it (app/api/extension-api.server.ts: a handler must return the endpoint's answer) and the extensions'
// client is built from it (extensions/shared/api-client.ts), so a change on one side that the other does not follow
// fails `npm run typecheck`. Types only, and paths: nothing here reaches an extension's bundle but a few strings.

export type { Address, DropOffPoint, LabelFormat, LocationType, Parcel, PickupWindow, ProviderId };
export type { ApproveBody, CreateLabelBody, DropOffPointBody, DropOffSearchBody, EmptyBody, LinkBody, PickupBody };

export type ReturnStatus = "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";

// ---- Answers ----

export interface ProviderOption {
  provider: ProviderId;
  name: string;
  /** How a return is referenced there, and the link body's field for it (descriptor, app/platforms/descriptors.ts). */
  reference: { kind: ReferenceKind; field: "ifReturnName" | "reverProcessId" };
  capabilities: Pick<PlatformCapabilities, "labels" | "pickups" | "dropOffPoints" | "manualLabelUpload"> & { labelFormats: LabelFormat[] };
  defaults: {
    carrierService: string | null;
    carrierServices: string[];
    labelFormat: LabelFormat;
    parcel: Parcel | null;
    notifyCustomer: boolean;
  };
  warehouseConfigured: boolean;
  /** Why the connection cannot be used right now (e.g. credentials to enter again), or null. */
  problem: string | null;
}

export interface LabelSummary {
  shipmentId: string;
  provider: string;
  state: string;
  source: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  reverseFulfillmentOrderId: string | null;
  attachedToShopify: boolean;
  /** A file the print action can show (PDF or image) is kept at the provider. */
  printable: boolean;
  /** Signed, short-lived absolute URLs of the file (no session token in them): inline for printing, as a download. */
  fileUrl: string | null;
  downloadUrl: string | null;
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
  createdAt: string;
}

export interface OrderReturnSummary {
  id: string;
  legacyId: string;
  name: string;
  status: ReturnStatus;
  /** The link's provider, else the one the settings would choose. */
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

/** Customer data Shopify may refuse an app without protected customer data approval. */
export type CustomerField = "name" | "email" | "phone" | "address";

export interface OrderReturnsView {
  order: {
    id: string;
    legacyId: string;
    name: string;
    customerName: string | null;
    email: string | null;
    /** Complete enough for a label's origin (street, city, country), else null. */
    address: Address | null;
    /** What Shopify shared of the address, to start the merchant's form from. */
    addressDraft: Partial<Address>;
    /** OUT_OF_REACH: Shopify does not serve the order (older than 60 days without read_all_orders); its returns do. */
    access: "FULL" | "OUT_OF_REACH";
    /** Customer fields Shopify refused (protected customer data): the merchant types them for a label. */
    refused: CustomerField[];
    /** What the merchant should know about the order's data, or null. */
    notice: string | null;
  };
  providers: ProviderOption[];
  approveBeforeLabel: boolean;
  returns: OrderReturnSummary[];
}

export interface LabelResult {
  shipmentId: string;
  returnId: string;
  provider: ProviderId;
  /** REQUESTED: the provider accepted the label but gave neither its file nor its tracking yet. */
  state: "REQUESTED" | "CREATED" | "ATTACHED";
  /** True when an earlier request (double click, retry, another agent) had already made this label. */
  reused: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  labelFormat: string | null;
  reverseFulfillmentOrderId: string | null;
  reverseDeliveryId: string | null;
  attachedToShopify: boolean;
  shopifyLabelUrl: string | null;
  /** Something the merchant should know (e.g. a ZPL label is a download, not attached to Shopify). */
  notice: string | null;
}

export interface ApproveResult {
  id: string;
  name: string;
  status: string;
  alreadyOpen: boolean;
  reverseFulfillmentOrders: Array<{ id: string; status: string }>;
}

export interface PickupResultView {
  pickupId: string;
  provider: ProviderId;
  state: "SCHEDULED";
  reused: boolean;
  providerPickupId: string | null;
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

export interface DropOffChoice {
  dropOffPoint: DropOffPoint | null;
}

export interface LinkView {
  returnGid: string;
  provider: ProviderId | null;
  linkSource: string;
  referenceState: string;
  ifReturnName: string | null;
  reverProcessId: string | null;
}

/** The pickup call's answer was lost: it may be booked. The merchant checks the provider and resends with `resolve`. */
export const PICKUP_MAY_BE_BOOKED = "PICKUP_MAY_BE_BOOKED";

/** Every failure's answer: `message` is shown to the merchant as it is. */
export interface ApiErrorBody {
  error: {
    kind: string;
    message: string;
    /** Machine code the extension may act on (e.g. RETURN_NOT_APPROVED offers approval). */
    code?: string | number;
    /** Field -> problem, for forms. */
    fields?: Record<string, string>;
    /** Trying again later may work (timeouts, 5xx, rate limits). */
    retryable: boolean;
    /** Who said no: app, shopify, ifreturns, rever, settings... */
    service?: string;
  };
}

// ---- Endpoints ----

/** Each JSON endpoint: method, path (":param" segments), what it takes and what it answers. */
export const EXTENSION_ENDPOINTS = {
  orderReturns: { method: "GET", path: "/api/orders/:orderId/returns" },
  createLabel: { method: "POST", path: "/api/returns/:returnId/label" },
  approve: { method: "POST", path: "/api/returns/:returnId/approve" },
  schedulePickup: { method: "POST", path: "/api/returns/:returnId/pickup" },
  findDropOffPoints: { method: "POST", path: "/api/returns/:returnId/drop-off-points" },
  chooseDropOffPoint: { method: "POST", path: "/api/returns/:returnId/drop-off-point" },
  link: { method: "POST", path: "/api/returns/:returnId/link" },
  unlink: { method: "POST", path: "/api/returns/:returnId/unlink" },
} as const satisfies Record<string, { method: "GET" | "POST"; path: string }>;

export type EndpointName = keyof typeof EXTENSION_ENDPOINTS;

export interface EndpointBodies {
  orderReturns: never;
  createLabel: CreateLabelBody;
  approve: ApproveBody;
  schedulePickup: PickupBody;
  findDropOffPoints: DropOffSearchBody;
  chooseDropOffPoint: DropOffPointBody;
  link: LinkBody;
  unlink: EmptyBody;
}

export interface EndpointAnswers {
  orderReturns: OrderReturnsView;
  createLabel: LabelResult;
  approve: ApproveResult;
  schedulePickup: PickupResultView;
  findDropOffPoints: DropOffSearchResult;
  chooseDropOffPoint: DropOffChoice;
  link: LinkView;
  unlink: LinkView;
}

/** The path with its ":param" segments filled in. */
export function endpointPath(name: EndpointName, params: Record<string, string>): string {
  return EXTENSION_ENDPOINTS[name].path.replace(/:(\w+)/g, (_m, key: string) => {
    const value = params[key];
    if (!value) throw new Error(`${name}: missing ${key}`);
    return encodeURIComponent(value);
  });
}

/** The label file (not JSON): GET, answered with the file's bytes. */
export const LABEL_FILE_PATH = "/api/returns/:returnId/label-file";
