// The extensions' client for the app backend (app/routes/api.*): every call carries the admin's ID token,
// and a failure becomes an ApiError whose message is the backend's, shown to the merchant as it is.
import type { CreateLabelBody, DropOffPointBody, DropOffSearchBody, EndpointAnswers, EndpointBodies, EndpointName, LinkBody, OrderReturnSummary, PickupBody } from "../../app/contract/extension-api";
import { endpointPath, EXTENSION_ENDPOINTS } from "../../app/contract/extension-api";

// Every type below is the app's own (app/contract/extension-api.ts): when the backend changes an answer or a body,
// this client and the extensions stop compiling until they follow.
export type {
  Address,
  ApproveResult,
  CreateLabelBody,
  DropOffChoice,
  DropOffPoint,
  DropOffPointBody,
  DropOffSearchBody,
  DropOffSearchResult,
  LabelFormat,
  LabelResult,
  LabelSummary,
  LinkBody,
  LinkView,
  LocationType,
  OrderReturnsView,
  Parcel,
  PickupBody,
  PickupResultView,
  PickupSummary,
  PickupWindow,
  ProviderId,
  ProviderOption,
} from "../../app/contract/extension-api";
export type ReturnSummary = OrderReturnSummary;
export type ReturnMethod = NonNullable<CreateLabelBody["returnMethod"]>;

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

  async function call<N extends EndpointName>(name: N, params: Record<string, string>, body?: EndpointBodies[N]): Promise<EndpointAnswers[N]> {
    const { method } = EXTENSION_ENDPOINTS[name];
    const path = endpointPath(name, params);
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
    return json as EndpointAnswers[N];
  }

  const ret = (returnGid: string) => ({ returnId: legacyId(returnGid) });

  return {
    orderReturns: (orderGid: string) => call("orderReturns", { orderId: legacyId(orderGid) }),
    createLabel: (returnGid: string, body: CreateLabelBody) => call("createLabel", ret(returnGid), body),
    approve: (returnGid: string, notifyCustomer: boolean) => call("approve", ret(returnGid), { notifyCustomer }),
    schedulePickup: (returnGid: string, body: PickupBody) => call("schedulePickup", ret(returnGid), body),
    findDropOffPoints: (returnGid: string, body: DropOffSearchBody) => call("findDropOffPoints", ret(returnGid), body),
    chooseDropOffPoint: (returnGid: string, point: DropOffPointBody["point"]) => call("chooseDropOffPoint", ret(returnGid), { point }),
    link: (returnGid: string, body: LinkBody) => call("link", ret(returnGid), body),
    unlink: (returnGid: string) => call("unlink", ret(returnGid), {}),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
