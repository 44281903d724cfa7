import {
  CONTENT_TYPES,
  ProtoJsonError,
  SimHttpError,
  createHostile,
  decodeMessage,
  labelPdf,
  resolveProfile,
  rngId,
  seededRng,
  startSimServer,
  type MessageType,
  type SimRequest,
  type SimResponse,
} from "../lib";
import {
  CODE_BY_HTTP_STATUS,
  CREATE_LOGISTIC_ORDER_REQUEST,
  CREATE_PICKUP_REQUEST,
  HTTP_STATUS_BY_CODE,
  IMPORT_RETURN_REQUEST,
  SAVE_MANUAL_ORDER_REQUEST,
  UPDATE_LKSS_REQUEST,
  reverErrorBody,
} from "./messages";
import {
  DEFAULT_REVER_CREDENTIAL,
  DEFAULT_REVER_ECOMMERCE,
  DEFAULT_REVER_PROVIDERS,
  SUMMARY_PROGRESS,
  type ReverLogisticOrder,
  type ReverPickupRecord,
  type ReverProcess,
  type ReverProviderSupport,
  type ReverSimulator,
  type ReverSimulatorOptions,
  type ReverState,
} from "./types";

// REVER Admin API (Logistics) simulator, behaving as a gRPC-gateway in front of REVER's service: the body is
// decoded first (a bad enum or type is InvalidArgument, code 3, before any lookup), then the path's process is
// looked up (NotFound, code 5), then the service rules the document states (code 12 for OPS, code 3 for
// unsupported combinations, a logistic order before a pickup). The profile (decision 0008) decides what fills
// the document's gaps and whether the two assumed endpoints (process search, returns import) exist.

export * from "./types";
export { LKSS, PICKUP_RANGES, RETURN_TYPES } from "./messages";

interface Address {
  address_line_1?: string;
  city?: string;
  postcode?: string;
  country_code?: string;
}
interface LogisticOrderRequest {
  carrier?: string;
  customer_address?: Address;
  ecommerce_group?: string;
  ecommerce_id?: string;
  ecommerce_warehouse_address?: Address;
  order_number?: string;
  pickup_ranges?: string[];
  provider?: string;
  return_type?: string;
  weight_in_grams?: number;
}
interface PickupRequest {
  carrier?: string;
  ecommerce_id?: string;
  pickup_ranges?: string[];
  provider?: string;
}
interface ManualOrderRequest {
  label?: Uint8Array;
  label_extension?: string;
  order?: { carrier?: string; provider?: string; return_method?: string; tracking_id?: string; tracking_url?: string };
}
interface ImportRequest {
  ecommerce_id?: string;
  order_number?: string;
  ecommerce_order_id?: string;
  return_name?: string;
  customer?: { email?: string };
  items?: Array<{ quantity?: number }>;
}

const LABEL_EXTENSIONS = ["pdf", "png", "jpg"] as const;

export async function startReverSimulator(opts: ReverSimulatorOptions = {}): Promise<ReverSimulator> {
  const profile = resolveProfile(opts);
  const credential = opts.credential ?? DEFAULT_REVER_CREDENTIAL;
  const ecommerces = opts.ecommerceIds ?? [DEFAULT_REVER_ECOMMERCE];
  const groups = opts.ecommerceGroups ?? {};
  const providers = opts.providers ?? DEFAULT_REVER_PROVIDERS;
  const rng = seededRng(opts.seed ?? 7);
  const state: ReverState = { processes: new Map(), files: new Map(), createCount: 0, pickupCount: 0 };
  let origin = "";
  const hostile = await createHostile(profile.hostile, profile.hostileAnswerEvery, opts.hostileTuning ?? {}, () => origin);

  const statusFor = (code: number) => opts.httpStatusForCode?.[code] ?? HTTP_STATUS_BY_CODE[code] ?? 500;
  const errorResponse = (code: number, message: string): SimResponse => ({ status: statusFor(code), json: reverErrorBody(profile.errorBodies, code, message) });
  const fail = (code: number, message: string): never => {
    const r = errorResponse(code, message);
    throw new SimHttpError(r.status, r.json);
  };
  const accessible = (ecommerceId: string) => ecommerces.includes(ecommerceId);

  /** The gateway's body decoding: errors are InvalidArgument; discarded fields go to the request log. */
  function decode<T>(type: MessageType, req: SimRequest): T {
    try {
      const { value, unknownFields } = decodeMessage(type, req.body);
      if (unknownFields.length) req.log.unknownFields = unknownFields;
      return value as T;
    } catch (err) {
      if (err instanceof ProtoJsonError) fail(3, err.message);
      throw err;
    }
  }

  function processFor(id: string): ReverProcess {
    const p = state.processes.get(id);
    // A process of an e-commerce this key cannot see is as unknown as one that does not exist.
    if (!p || !accessible(p.ecommerceId)) fail(5, `process ${id} not found`);
    return p!;
  }

  /** Assumed: an omitted ecommerce_id acts for the process's own e-commerce; one the key cannot reach is refused. */
  function checkEcommerce(p: ReverProcess, ecommerceId: string | undefined, group: string | undefined): void {
    if (group && !(group in groups)) fail(7, `ecommerce_group ${group} is not accessible with this API key`);
    if (ecommerceId && !accessible(ecommerceId)) fail(7, `ecommerce_id ${ecommerceId} is not accessible with this API key`);
    const inScope = ecommerceId ? p.ecommerceId === ecommerceId : group ? groups[group].includes(p.ecommerceId) : true;
    if (!inScope) fail(5, `process ${p.processId} not found in ${ecommerceId ?? group}`);
  }

  /** Documented: "Must specify the provider and carrier"; code 12 when the provider is OPS; code 3 when unsupported. */
  function checkCombination(provider: string | undefined, carrier: string | undefined, returnType: string | undefined, forPickup: boolean): ReverProviderSupport {
    if (!provider || !carrier) fail(3, "the provider and the carrier must be specified");
    if (provider!.toUpperCase() === "OPS") fail(12, `provider OPS: no action was generated for this ${forPickup ? "pickup" : "logistic order"}`);
    const support = Object.entries(providers).find(([name]) => name.toLowerCase() === provider!.toLowerCase())?.[1];
    if (!support) fail(3, `provider ${provider} is not supported`);
    if (!support!.carriers.some((c) => c.toLowerCase() === carrier!.toLowerCase())) fail(3, `carrier ${carrier} is not available for provider ${provider}`);
    if (forPickup && !support!.pickups) fail(3, `provider ${provider} does not offer pickups`);
    // Assumed lenient: no return method (absent or NO_RETURN_METHOD) lets the provider choose.
    if (!forPickup && returnType && returnType !== "NO_RETURN_METHOD" && !support!.returnMethods.includes(returnType as never)) {
      fail(3, `return method ${returnType} is not supported by provider ${provider} with carrier ${carrier}`);
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
      // Assumption: shipment items are collapsed in the document; the documented minimum sends none.
      shipments: profile.assumedAnswers ? [{ tracking_id: o.trackingId, tracking_url: hostile.trackingUrl(o.trackingUrl ?? "") }] : [],
    };
  }

  function setLkss(p: ReverProcess, lkss: string): void {
    p.lkss = lkss;
    p.lkssHistory.push(lkss);
    p.summaryStatus = lkss === "NO_SHIPPING_STATUS" ? "STATUS_UNSPECIFIED" : lkss;
  }

  function authenticate(req: SimRequest): SimResponse | null {
    const key = req.headers["x-rever-api-key"];
    if (typeof key !== "string" || !key) return errorResponse(16, "missing x-rever-api-key header");
    if (key !== credential) return errorResponse(16, `invalid API key ${key}`);
    return null;
  }

  function shippingStatus(req: SimRequest): SimResponse {
    const body = decode<{ lkss?: string }>(UPDATE_LKSS_REQUEST, req);
    const p = processFor(req.params.processId);
    // The path's process_id wins over the body's: the gateway sets path fields after decoding the body.
    setLkss(p, body.lkss ?? "NO_SHIPPING_STATUS");
    return { status: 200, json: {} };
  }

  function getLabel(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const order = p.logisticOrders.at(-1);
    if (!order) fail(5, `no label for process ${p.processId}: no logistic order yet`);
    return { status: 200, json: { url: hostile.labelUrl(`${origin}/files/labels/${order!.labelFile}`, order!.labelFile) } };
  }

  function getLogistics(req: SimRequest): SimResponse {
    const p = processFor(req.params.processId);
    const order = p.logisticOrders.at(-1);
    const method = order && order.returnType !== "NO_RETURN_METHOD" ? order.returnType : "RETURN_METHOD_UNSPECIFIED";
    return {
      status: 200,
      json: {
        logistics_summary: {
          carrier: order?.carrier ?? "",
          // Assumption: the count of pickups; the documented minimum's string never changes.
          pickups_scheduled: profile.assumedAnswers ? String(p.pickups.length) : "",
          // The document shows only the *_UNSPECIFIED values; other values are our assumption (0004).
          return_method: profile.assumedAnswers ? method : "RETURN_METHOD_UNSPECIFIED",
          status: profile.assumedAnswers && order ? p.summaryStatus : "STATUS_UNSPECIFIED",
          tracking_id: order?.trackingId ?? "",
          tracking_url: order?.trackingUrl ? hostile.trackingUrl(order.trackingUrl) : "",
        },
      },
    };
  }

  function createLogisticOrder(req: SimRequest): SimResponse {
    const body = decode<LogisticOrderRequest>(CREATE_LOGISTIC_ORDER_REQUEST, req);
    // Documented: "Pick-up time ranges. Only required for return_type = PICKUP" (HOME_PICK_UP is the enum's pickup).
    if (body.return_type === "HOME_PICK_UP" && !body.pickup_ranges?.length) fail(3, "pickup_ranges: required for return_type HOME_PICK_UP");
    const p = processFor(req.params.processId);
    checkEcommerce(p, body.ecommerce_id, body.ecommerce_group);
    checkCombination(body.provider, body.carrier, body.return_type, false);
    const carrier = body.carrier!.toUpperCase();
    const trackingId = `${carrier}${rngId(rng, 12, "0123456789")}`;
    const labelFile = addLabelFile(
      "pdf",
      labelPdf([`${carrier} via ${body.provider}`, `Tracking: ${trackingId}`, `Order: ${body.order_number || p.orderNumber}`, `Weight: ${body.weight_in_grams ?? 0} g`]),
    );
    const order: ReverLogisticOrder = {
      id: `lo_${rngId(rng, 10)}`,
      kind: "CREATED",
      carrier,
      provider: body.provider,
      returnType: body.return_type ?? "NO_RETURN_METHOD",
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
    const body = decode<ManualOrderRequest>(SAVE_MANUAL_ORDER_REQUEST, req);
    const ext = body.label_extension ?? "";
    // Documented: 'Only "pdf", "png" and "jpg" are allowed'. The bytes themselves are not checked (not documented).
    if (!(LABEL_EXTENSIONS as readonly string[]).includes(ext)) fail(3, `label_extension: only "pdf", "png" and "jpg" are allowed, got "${ext}"`);
    const p = processFor(req.params.processId);
    const bytes = body.label ?? new Uint8Array();
    const o = body.order ?? {};
    const order: ReverLogisticOrder = {
      id: `lo_${rngId(rng, 10)}`,
      kind: "MANUAL",
      carrier: o.carrier,
      provider: o.provider,
      returnType: o.return_method ?? "NO_RETURN_METHOD",
      trackingId: o.tracking_id ?? "",
      trackingUrl: o.tracking_url,
      labelFile: addLabelFile(ext as (typeof LABEL_EXTENSIONS)[number], bytes),
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
    const body = decode<PickupRequest>(CREATE_PICKUP_REQUEST, req);
    const p = processFor(req.params.processId);
    checkEcommerce(p, body.ecommerce_id, undefined);
    // Documented: "A logistic order must be created prior requesting a pickup" (code 9 is assumed).
    if (!p.logisticOrders.length) fail(9, "a logistic order must be created prior requesting a pickup");
    checkCombination(body.provider, body.carrier, undefined, true);
    const pickup: ReverPickupRecord = { id: `pk_${rngId(rng, 10)}`, carrier: body.carrier!.toUpperCase(), provider: body.provider!, ranges: body.pickup_ranges ?? [], request: body };
    p.pickups.push(pickup);
    state.pickupCount++;
    // pickup_range is collapsed in the document: the documented minimum sends an empty object.
    const range = profile.assumedAnswers ? { range: pickup.ranges[0] ?? "NO_RANGE" } : {};
    return { status: 200, json: { pickup_order: { carrier: pickup.carrier, id: pickup.id, pickup_range: range, provider: pickup.provider } } };
  }

  const sameOrder = (a: string, b: string) => a.replace(/^#/, "") === b.replace(/^#/, "");

  function searchProcesses(req: SimRequest): SimResponse {
    const ecommerceId = req.query.get("ecommerce_id");
    const orderNumber = req.query.get("order_number");
    if (!ecommerceId) fail(3, "ecommerce_id: is required");
    if (!accessible(ecommerceId!)) fail(7, `ecommerce_id ${ecommerceId} is not accessible with this API key`);
    const found = [...state.processes.values()].filter((p) => p.ecommerceId === ecommerceId && (!orderNumber || sameOrder(p.orderNumber, orderNumber)));
    return { status: 200, json: { processes: found.map((p) => ({ process_id: p.processId, order_number: p.orderNumber, created_at: p.createdAt })) } };
  }

  function importReturn(req: SimRequest): SimResponse {
    const body = decode<ImportRequest>(IMPORT_RETURN_REQUEST, req);
    if (!body.ecommerce_id || !body.order_number) fail(3, "ecommerce_id and order_number are required");
    if (!body.customer?.email) fail(3, "customer.email: is required");
    if (!body.items?.length || body.items.some((i) => !i.quantity || i.quantity < 1)) fail(3, "items: at least one item with a positive quantity");
    if (!accessible(body.ecommerce_id!)) fail(7, `ecommerce_id ${body.ecommerce_id} is not accessible with this API key`);
    // Assumption: importing the same return twice finds the first import.
    const existing = body.return_name ? [...state.processes.values()].find((p) => p.ecommerceId === body.ecommerce_id && p.returnName === body.return_name) : undefined;
    const p =
      existing ??
      createProcess({ orderNumber: body.order_number!, ecommerceId: body.ecommerce_id, ecommerceOrderId: body.ecommerce_order_id, returnName: body.return_name });
    p.imported = body;
    return { status: 200, json: { process_id: p.processId } };
  }

  function file(req: SimRequest): SimResponse {
    const f = state.files.get(req.params.file);
    if (!f) fail(5, `file ${req.params.file} not found`);
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
    errorBody: (status, message) => reverErrorBody(profile.errorBodies, CODE_BY_HTTP_STATUS[status] ?? 2, message),
    assumedEndpoints: profile.assumedEndpoints,
    // The document lists only application/json bodies. A gateway answers what it cannot decode with
    // InvalidArgument (HTTP 400), never 415, so that is the answer (decision 0008).
    refuseMediaType: (contentType) => errorResponse(3, `Content-Type ${contentType ?? "(none)"} cannot be decoded: send application/json`),
    transformAnswer: hostile.transformAnswer,
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
      { method: "GET", path: "/v1/processes", kind: "assumed", handler: searchProcesses },
      { method: "POST", path: "/v1/returns/import", kind: "assumed", handler: importReturn },
      { method: "GET", path: "/files/labels/:file", kind: "label-file", public: true, handler: file },
      ...hostile.routes,
    ],
  });
  origin = server.url;

  return {
    url: server.url,
    origin: server.origin,
    credential,
    profile,
    hostile: hostile.surface,
    state,
    requests: server.requests,
    close: async () => {
      await server.close();
      await hostile.close();
    },
    setFaults: server.setFaults,
    setRateLimit: server.setRateLimit,
    createProcess,
    advanceTracking,
    process: (id) => state.processes.get(id),
  };
}
