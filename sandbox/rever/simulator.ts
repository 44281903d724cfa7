import { z } from "zod";
import {
  CONTENT_TYPES,
  SimHttpError,
  labelPdf,
  rngId,
  seededRng,
  sniffFileType,
  startSimServer,
  validateBody,
  type Clock,
  type FaultConfig,
  type FieldProblem,
  type RecordedRequest,
  type SimRequest,
  type SimResponse,
} from "../lib";

// REVER Admin API (Logistics) simulator: the documented endpoints with gRPC-style error bodies
// {code, message, details} (assumed shape, decision 0004), codes 3 and 12 for provider combinations,
// a refused pickup before any logistic order, and the two assumed endpoints (process search, import).

export const DEFAULT_REVER_CREDENTIAL = "rever_sandbox_87bf223499abeef0c4d2e6";
export const DEFAULT_REVER_ECOMMERCE = "returns-bridge-demo";

export const LKSS = ["NO_SHIPPING_STATUS", "CREATED", "COLLECTED", "IN_WAREHOUSE", "ERROR", "CANCELED"] as const;
export const RETURN_TYPES = ["NO_RETURN_METHOD", "HOME_PICK_UP", "DROP_OFF_POINT", "DELIVERY_PICKUP", "IN_STORE"] as const;
export const PICKUP_RANGES = ["NO_RANGE", "RANGE_8_TO_12", "RANGE_12_TO_16", "RANGE_16_TO_20"] as const;
/** Assumed logistics_summary.status values (docs show only STATUS_UNSPECIFIED). */
export const SUMMARY_PROGRESS = ["CREATED", "COLLECTED", "IN_TRANSIT", "IN_WAREHOUSE"] as const;

/** What each logistics provider supports (assumed matrix); "OPS" always answers code 12. */
export interface ReverProviderSupport {
  carriers: string[];
  returnMethods: Array<(typeof RETURN_TYPES)[number]>;
  pickups: boolean;
}

export const DEFAULT_REVER_PROVIDERS: Record<string, ReverProviderSupport> = {
  SendCloud: { carriers: ["UPS", "DHL", "CORREOS", "SEUR"], returnMethods: ["HOME_PICK_UP", "DROP_OFF_POINT"], pickups: true },
  Packlink: { carriers: ["CORREOS", "GLS"], returnMethods: ["DROP_OFF_POINT"], pickups: false },
};

export interface ReverLogisticOrder {
  id: string;
  kind: "CREATED" | "MANUAL";
  carrier?: string;
  provider?: string;
  returnType: string;
  trackingId: string;
  trackingUrl?: string;
  labelFile: string;
  request: unknown;
  price: number;
  currencyCode: string;
}

export interface ReverPickupRecord {
  id: string;
  carrier: string;
  provider: string;
  ranges: string[];
  request: unknown;
}

export interface ReverProcess {
  processId: string;
  ecommerceId: string;
  orderNumber: string;
  ecommerceOrderId?: string;
  returnName?: string;
  createdAt: string;
  lkss: string;
  summaryStatus: string;
  logisticOrders: ReverLogisticOrder[];
  pickups: ReverPickupRecord[];
  lkssHistory: string[];
  imported?: unknown;
}

export interface ReverState {
  processes: Map<string, ReverProcess>;
  files: Map<string, { bytes: Uint8Array; contentType: string }>;
  /** Logistic orders created (PUT and manual POST): tests prove a retried create made exactly one. */
  createCount: number;
  pickupCount: number;
}

export interface ReverSimulatorOptions {
  credential?: string;
  /** E-commerces the API key may act for. */
  ecommerceIds?: string[];
  /** E-commerce groups: group id -> member e-commerce ids. */
  ecommerceGroups?: Record<string, string[]>;
  providers?: Record<string, ReverProviderSupport>;
  /** HTTP status to send with a gRPC code (REVER's real mapping is undocumented), e.g. {3: 500}. */
  httpStatusForCode?: Record<number, number>;
  seed?: number;
  clock?: Clock;
  port?: number;
}

export interface ReverSimulator {
  url: string;
  origin: string;
  credential: string;
  state: ReverState;
  requests: RecordedRequest[];
  close(): Promise<void>;
  setFaults(config: FaultConfig): void;
  setRateLimit(rps: number | null): void;
  /** Seed a return process as REVER holds it after the customer requested the return. */
  createProcess(input: { processId?: string; orderNumber: string; ecommerceId?: string; ecommerceOrderId?: string; returnName?: string }): ReverProcess;
  /** Move the parcel one step along CREATED -> COLLECTED -> IN_TRANSIT -> IN_WAREHOUSE, or to `to`. */
  advanceTracking(processId: string, to?: string): ReverProcess;
  process(processId: string): ReverProcess | undefined;
}

const GRPC_BY_STATUS: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 3, 429: 8, 500: 13, 501: 12, 503: 14 };

function grpcError(status: number, message: string, code = GRPC_BY_STATUS[status] ?? 2) {
  return { code, message, details: [] as unknown[] };
}

const LKSS_TO_SUMMARY: Record<string, string> = { NO_SHIPPING_STATUS: "STATUS_UNSPECIFIED" };

const str = z.string();
const addressSchema = z
  .object({
    address_line_1: str.optional(),
    address_line_2: str.optional(),
    city: str.optional(),
    company: str.optional(),
    country: str.optional(),
    country_code: str.optional(),
    email: str.optional(),
    first_name: str.optional(),
    last_name: str.optional(),
    phone: z.union([str, z.number()]).optional(),
    postcode: z.union([str, z.number()]).optional(),
    rever_id: str.optional(),
    state_province: str.optional(),
    state_province_code: str.optional(),
  })
  .strict();
const customerSchema = z.object({ email: str.optional(), first_name: str.optional(), last_name: str.optional(), rever_id: str.optional() }).strict();
const settingsSchema = z
  .object({ logistic_config: z.array(z.object({ carrier: str.optional(), provider: str.optional() }).strict()).optional(), return_method: z.enum(RETURN_TYPES).optional() })
  .strict();

const shippingStatusSchema = z.object({ lkss: z.enum(LKSS, { required_error: "is required" }), process_id: str.optional() }).strict();

const logisticOrderSchema = z
  .object({
    carrier: str.optional(),
    customer: customerSchema.optional(),
    customer_address: addressSchema.optional(),
    ecommerce_group: str.optional(),
    ecommerce_id: str.optional(),
    ecommerce_order_id: str.optional(),
    ecommerce_warehouse_address: addressSchema.optional(),
    order_number: str.optional(),
    pickup_ranges: z.array(z.enum(PICKUP_RANGES)).optional(),
    process_id: str.optional(),
    provider: str.optional(),
    return_type: z.enum(RETURN_TYPES).optional(),
    settings: settingsSchema.optional(),
    weight_in_grams: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict();

const pickupSchema = z
  .object({
    carrier: str.optional(),
    customer: customerSchema.optional(),
    ecommerce_id: str.optional(),
    pickup_address: addressSchema.optional(),
    pickup_ranges: z.array(z.enum(PICKUP_RANGES)).optional(),
    process_id: str.optional(),
    provider: str.optional(),
    settings: settingsSchema.optional(),
  })
  .strict();

const manualSchema = z
  .object({
    label: z.string({ required_error: "is required" }).min(1, "is required"),
    label_extension: z.enum(["pdf", "png", "jpg"], { errorMap: () => ({ message: 'only "pdf", "png" and "jpg" are allowed' }) }),
    order: z
      .object({
        carrier: str.optional(),
        from: addressSchema.optional(),
        process_id: str.optional(),
        provider: str.optional(),
        return_method: z.enum(RETURN_TYPES).optional(),
        to: addressSchema.optional(),
        tracking_id: str.optional(),
        tracking_url: str.optional(),
      })
      .strict(),
  })
  .strict();

const importSchema = z
  .object({
    ecommerce_id: z.string({ required_error: "is required" }).min(1),
    order_number: z.string({ required_error: "is required" }).min(1),
    ecommerce_order_id: str.optional(),
    return_name: str.optional(),
    customer: customerSchema.extend({ email: z.string({ required_error: "is required" }).email() }),
    items: z.array(z.object({ sku: str.optional(), title: str.optional(), quantity: z.number().int().positive() }).strict()).min(1),
    return_method: z.enum(RETURN_TYPES).optional(),
  })
  .strict();

export async function startReverSimulator(opts: ReverSimulatorOptions = {}): Promise<ReverSimulator> {
  const credential = opts.credential ?? DEFAULT_REVER_CREDENTIAL;
  const ecommerces = opts.ecommerceIds ?? [DEFAULT_REVER_ECOMMERCE];
  const groups = opts.ecommerceGroups ?? {};
  const providers = opts.providers ?? DEFAULT_REVER_PROVIDERS;
  const rng = seededRng(opts.seed ?? 7);
  const state: ReverState = { processes: new Map(), files: new Map(), createCount: 0, pickupCount: 0 };
  let origin = "";

  const bad = (message: string, problems: FieldProblem[]) => ({ ...grpcError(400, message), details: problems });
  const fail = (status: number, message: string, code?: number): never => {
    const body = grpcError(status, message, code);
    throw new SimHttpError(opts.httpStatusForCode?.[body.code] ?? status, body);
  };
  const accessible = (ecommerceId: string) => ecommerces.includes(ecommerceId) || Object.values(groups).some((m) => m.includes(ecommerceId) && ecommerces.includes(ecommerceId));

  function processFor(id: string): ReverProcess {
    const p = state.processes.get(id);
    // A process of an e-commerce this key cannot see is as unknown as one that does not exist.
    if (!p || !accessible(p.ecommerceId)) fail(404, `process ${id} not found`);
    return p!;
  }

  /** The e-commerce a write acts for: ecommerce_id (or the process's own within ecommerce_group). */
  function checkEcommerce(p: ReverProcess, ecommerceId: string | undefined, group: string | undefined): void {
    if (!ecommerceId && !group) fail(400, "ecommerce_id: is required (or ecommerce_group for multi-store keys)");
    if (group && !(group in groups)) fail(403, `ecommerce_group ${group} is not accessible with this API key`);
    if (ecommerceId && !accessible(ecommerceId)) fail(403, `ecommerce_id ${ecommerceId} is not accessible with this API key`);
    const inScope = ecommerceId ? p.ecommerceId === ecommerceId : groups[group!].includes(p.ecommerceId);
    if (!inScope) fail(404, `process ${p.processId} not found in ${ecommerceId ?? group}`);
  }

  function checkProcessId(p: ReverProcess, bodyId: string | undefined, field = "process_id"): void {
    if (bodyId !== undefined && bodyId !== p.processId) fail(400, `${field}: ${bodyId} does not match the process in the path (${p.processId})`);
  }

  /** Codes 12 and 3 exactly as documented: OPS does nothing; unsupported combinations are invalid. */
  function checkCombination(provider: string | undefined, carrier: string | undefined, returnType: string | undefined, forPickup: boolean): ReverProviderSupport {
    if (!provider) fail(400, "provider: is required");
    if (!carrier) fail(400, "carrier: is required");
    if (provider!.toUpperCase() === "OPS") fail(501, `provider OPS: no action was generated for this ${forPickup ? "pickup" : "logistic order"}`, 12);
    const support = Object.entries(providers).find(([name]) => name.toLowerCase() === provider!.toLowerCase())?.[1];
    if (!support) fail(400, `provider ${provider} is not supported`, 3);
    if (!support!.carriers.some((c) => c.toLowerCase() === carrier!.toLowerCase())) fail(400, `carrier ${carrier} is not available for provider ${provider}`, 3);
    if (forPickup && !support!.pickups) fail(400, `provider ${provider} does not offer pickups`, 3);
    if (!forPickup) {
      if (!returnType || returnType === "NO_RETURN_METHOD") fail(400, "return_type: a return method is required", 3);
      if (!support!.returnMethods.includes(returnType as never)) fail(400, `return method ${returnType} is not supported by provider ${provider} with carrier ${carrier}`, 3);
    }
    return support!;
  }

  function addLabelFile(ext: "pdf" | "png" | "jpg", bytes: Uint8Array): string {
    const name = `${rngId(rng, 16, "abcdefghijklmnopqrstuvwxyz0123456789")}.${ext}`;
    state.files.set(name, { bytes, contentType: CONTENT_TYPES[ext] });
    return name;
  }

  function orderView(o: ReverLogisticOrder) {
    return {
      carrier: o.carrier ?? "",
      currency_code: o.currencyCode,
      id: o.id,
      price: o.price,
      provider: o.provider ?? "",
      // Assumption: shipment items are undocumented; the simulator sends tracking fields the client ignores.
      shipments: [{ tracking_id: o.trackingId, tracking_url: o.trackingUrl ?? "" }],
    };
  }

  function setLkss(p: ReverProcess, lkss: string): void {
    p.lkss = lkss;
    p.lkssHistory.push(lkss);
    p.summaryStatus = LKSS_TO_SUMMARY[lkss] ?? lkss;
  }

  function authenticate(req: SimRequest): SimResponse | null {
    const key = req.headers["x-rever-api-key"];
    if (typeof key !== "string" || !key) return { status: 401, json: grpcError(401, "missing x-rever-api-key header") };
    if (key !== credential) return { status: 401, json: grpcError(401, `invalid API key ${key}`) };
    return null;
  }

  function shippingStatus(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const body = validateBody(shippingStatusSchema, req.body, bad);
    checkProcessId(p, body.process_id);
    setLkss(p, body.lkss);
    return { status: 200, json: {} };
  }

  function getLabel(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const order = p.logisticOrders.at(-1);
    if (!order) fail(404, `no label for process ${p.processId}: no logistic order yet`);
    return { status: 200, json: { url: `${origin}/files/labels/${order!.labelFile}` } };
  }

  function getLogistics(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const order = p.logisticOrders.at(-1);
    return {
      status: 200,
      json: {
        logistics_summary: {
          carrier: order?.carrier ?? "",
          pickups_scheduled: String(p.pickups.length),
          return_method: order?.returnType ?? "RETURN_METHOD_UNSPECIFIED",
          status: order ? p.summaryStatus : "STATUS_UNSPECIFIED",
          tracking_id: order?.trackingId ?? "",
          tracking_url: order?.trackingUrl ?? "",
        },
      },
    };
  }

  function createLogisticOrder(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const body = validateBody(logisticOrderSchema, req.body, bad);
    checkProcessId(p, body.process_id);
    checkEcommerce(p, body.ecommerce_id, body.ecommerce_group);
    checkCombination(body.provider, body.carrier, body.return_type, false);
    if (body.return_type === "HOME_PICK_UP" && !body.pickup_ranges?.length) fail(400, "pickup_ranges: required for return_type HOME_PICK_UP", 3);
    for (const [field, a] of [["customer_address", body.customer_address], ["ecommerce_warehouse_address", body.ecommerce_warehouse_address]] as const) {
      if (!a?.address_line_1 || !a.city || !a.postcode || !a.country_code) fail(400, `${field}: address_line_1, city, postcode and country_code are required`, 3);
    }
    const carrier = body.carrier!.toUpperCase();
    const trackingId = `${carrier}${rngId(rng, 12, "0123456789")}`;
    const labelFile = addLabelFile(
      "pdf",
      labelPdf([`${carrier} via ${body.provider}`, `Tracking: ${trackingId}`, `Order: ${body.order_number ?? p.orderNumber}`, `Weight: ${body.weight_in_grams ?? 0} g`]),
    );
    const order: ReverLogisticOrder = {
      id: `lo_${rngId(rng, 10)}`,
      kind: "CREATED",
      carrier,
      provider: body.provider,
      returnType: body.return_type!,
      trackingId,
      trackingUrl: `https://tracking.example/${carrier.toLowerCase()}/${trackingId}`,
      labelFile,
      request: body,
      price: 4.95,
      currencyCode: "EUR",
    };
    p.logisticOrders.push(order);
    setLkss(p, "CREATED");
    state.createCount++;
    return { status: 200, json: { order: orderView(order) } };
  }

  function saveManualOrder(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const body = validateBody(manualSchema, req.body, bad);
    checkProcessId(p, body.order.process_id, "order.process_id");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body.label)) fail(400, "label: must be base64 encoded", 3);
    const bytes = new Uint8Array(Buffer.from(body.label, "base64"));
    const kind = sniffFileType(bytes);
    if (kind !== body.label_extension) fail(400, `label: the file is ${kind ?? "of an unknown type"}, not ${body.label_extension}`, 3);
    const order: ReverLogisticOrder = {
      id: `lo_${rngId(rng, 10)}`,
      kind: "MANUAL",
      carrier: body.order.carrier,
      provider: body.order.provider,
      returnType: body.order.return_method ?? "RETURN_METHOD_UNSPECIFIED",
      trackingId: body.order.tracking_id ?? "",
      trackingUrl: body.order.tracking_url,
      labelFile: addLabelFile(body.label_extension, bytes),
      request: { ...body, label: `[${bytes.length} bytes]` },
      price: 0,
      currencyCode: "EUR",
    };
    p.logisticOrders.push(order);
    setLkss(p, "CREATED");
    state.createCount++;
    return { status: 200, json: { order: orderView(order) } };
  }

  function createPickup(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const body = validateBody(pickupSchema, req.body, bad);
    checkProcessId(p, body.process_id);
    checkEcommerce(p, body.ecommerce_id, undefined);
    if (!p.logisticOrders.length) fail(400, "a logistic order must be created prior requesting a pickup", 9);
    checkCombination(body.provider, body.carrier, undefined, true);
    if (!body.pickup_ranges?.length) fail(400, "pickup_ranges: at least one range is required", 3);
    const a = body.pickup_address;
    if (!a?.address_line_1 || !a.city || !a.postcode || !a.country_code) fail(400, "pickup_address: address_line_1, city, postcode and country_code are required", 3);
    const pickup: ReverPickupRecord = { id: `pk_${rngId(rng, 10)}`, carrier: body.carrier!.toUpperCase(), provider: body.provider!, ranges: body.pickup_ranges!, request: body };
    p.pickups.push(pickup);
    state.pickupCount++;
    return { status: 200, json: { pickup_order: { carrier: pickup.carrier, id: pickup.id, pickup_range: { range: pickup.ranges[0] }, provider: pickup.provider } } };
  }

  const sameOrder = (a: string, b: string) => a.replace(/^#/, "") === b.replace(/^#/, "");

  function searchProcesses(req: SimRequest): SimResponse {
    const ecommerceId = req.query.get("ecommerce_id");
    const orderNumber = req.query.get("order_number");
    if (!ecommerceId) fail(400, "ecommerce_id: is required");
    if (!accessible(ecommerceId!)) fail(403, `ecommerce_id ${ecommerceId} is not accessible with this API key`);
    const found = [...state.processes.values()].filter((p) => p.ecommerceId === ecommerceId && (!orderNumber || sameOrder(p.orderNumber, orderNumber)));
    return { status: 200, json: { processes: found.map((p) => ({ process_id: p.processId, order_number: p.orderNumber, created_at: p.createdAt })) } };
  }

  function importReturn(req: SimRequest): SimResponse {
    const body = validateBody(importSchema, req.body, bad);
    if (!accessible(body.ecommerce_id)) fail(403, `ecommerce_id ${body.ecommerce_id} is not accessible with this API key`);
    // Assumption: importing the same return twice finds the first import.
    const existing = body.return_name ? [...state.processes.values()].find((p) => p.ecommerceId === body.ecommerce_id && p.returnName === body.return_name) : undefined;
    const p =
      existing ??
      createProcess({ orderNumber: body.order_number, ecommerceId: body.ecommerce_id, ecommerceOrderId: body.ecommerce_order_id, returnName: body.return_name });
    p.imported = body;
    return { status: 200, json: { process_id: p.processId } };
  }

  function file(req: SimRequest): SimResponse {
    const f = state.files.get(req.params.file);
    if (!f) fail(404, `file ${req.params.file} not found`);
    return { status: 200, bytes: f!.bytes, contentType: f!.contentType };
  }

  function createProcess(input: Parameters<ReverSimulator["createProcess"]>[0]): ReverProcess {
    const processId = input.processId ?? `proc_${rngId(rng, 12, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    const p: ReverProcess = {
      processId,
      ecommerceId: input.ecommerceId ?? ecommerces[0],
      orderNumber: input.orderNumber,
      ecommerceOrderId: input.ecommerceOrderId,
      returnName: input.returnName,
      createdAt: new Date((opts.clock ?? Date.now)()).toISOString(),
      lkss: "NO_SHIPPING_STATUS",
      summaryStatus: "STATUS_UNSPECIFIED",
      logisticOrders: [],
      pickups: [],
      lkssHistory: [],
    };
    state.processes.set(processId, p);
    return p;
  }

  function advanceTracking(processId: string, to?: string): ReverProcess {
    const p = state.processes.get(processId);
    if (!p) throw new Error(`no process ${processId}`);
    const i = SUMMARY_PROGRESS.indexOf(p.summaryStatus as (typeof SUMMARY_PROGRESS)[number]);
    const next = to ?? SUMMARY_PROGRESS[Math.min(i + 1, SUMMARY_PROGRESS.length - 1)];
    p.summaryStatus = next;
    p.lkss = next === "IN_TRANSIT" ? "COLLECTED" : next === "STATUS_UNSPECIFIED" ? "NO_SHIPPING_STATUS" : next;
    return p;
  }

  const server = await startSimServer({
    name: "rever",
    authenticate,
    errorBody: (status, message) => grpcError(status, message),
    clock: opts.clock,
    port: opts.port,
    bodyLimitBytes: 16 * 1024 * 1024,
    routes: [
      { method: "POST", path: "/v1/processes/:processId/shipping_status", handler: shippingStatus },
      { method: "GET", path: "/v1/processes/:processId/label", handler: getLabel },
      { method: "GET", path: "/v1/processes/:processId/logistics", handler: getLogistics },
      { method: "POST", path: "/v1/processes/:processId/pickup", handler: createPickup },
      { method: "POST", path: "/v1/processes/:processId/logistics/", handler: saveManualOrder },
      { method: "PUT", path: "/v1/processes/:processId/logistics/", handler: createLogisticOrder },
      { method: "GET", path: "/v1/processes", handler: searchProcesses },
      { method: "POST", path: "/v1/returns/import", handler: importReturn },
      { method: "GET", path: "/files/labels/:file", public: true, handler: file },
    ],
  });
  origin = server.url;

  return {
    url: server.url,
    origin: server.origin,
    credential,
    state,
    requests: server.requests,
    close: server.close,
    setFaults: server.setFaults,
    setRateLimit: server.setRateLimit,
    createProcess,
    advanceTracking,
    process: (id) => state.processes.get(id),
  };
}
