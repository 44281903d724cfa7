import type { ZodType, ZodTypeDef } from "zod";
import {
  CONTENT_TYPES,
  SimHttpError,
  createHostile,
  labelPdf,
  labelZpl,
  resolveProfile,
  rngId,
  seededRng,
  startSimServer,
  unknownFields,
  validateBody,
  type FieldProblem,
  type SimRequest,
  type SimResponse,
} from "../lib";
import { createLabelSchema, pudoSchema, trackingSchema, updateLabelSchema } from "./schemas";
import {
  DEFAULT_IFRETURNS_CREDENTIAL,
  DEFAULT_IF_CARRIER_SERVICES,
  IF_BASE_PATH,
  type IfCarrierService,
  type IfReturnRecord,
  type IfReturnsSimulator,
  type IfShipment,
  type IfSimulatorOptions,
  type IfState,
  type IfTrackingEvent,
} from "./types";

// iF returns Inverse Logistic API 1.2.10 simulator: every documented Transportations endpoint, validated as the
// document says (schemas.ts), stateful. The profile (decision 0008) decides what fills the document's gaps: our
// assumptions (decision 0004), nothing beyond the document's examples, or hostile answers.

export * from "./types";
export { IF_TRANSPORTATION_STATUSES } from "./schemas";

const PUDO_DISTANCES_KM = [0.3, 0.8, 1.4, 2.2, 3.5, 5.1, 7.4, 9.8, 12.5, 15.2, 18.6];

/** iF's error body as the profile has it: the assumed {statusCode, description, errors[]}, only the code, or none. */
function ifErrorBody(style: IfReturnsSimulator["profile"]["errorBodies"], status: number, description: string, errors?: FieldProblem[]) {
  if (style === "none") return undefined;
  if (style === "string-code") return { statusCode: String(status) };
  return errors ? { statusCode: String(status), description, errors } : { statusCode: String(status), description };
}

export async function startIfReturnsSimulator(opts: IfSimulatorOptions = {}): Promise<IfReturnsSimulator> {
  const profile = resolveProfile(opts);
  const credential = opts.credential ?? DEFAULT_IFRETURNS_CREDENTIAL;
  const shops = opts.shops ?? ["returnsbridgedemo"];
  const services = opts.carrierServices ?? DEFAULT_IF_CARRIER_SERVICES;
  const shortCode = opts.merchantShortCode ?? "rbde";
  const rng = seededRng(opts.seed ?? 42);
  const state: IfState = { returns: new Map(), shipments: [], files: new Map(), createCount: 0 };
  let origin = "";
  const hostile = await createHostile(profile.hostile, profile.hostileAnswerEvery, opts.hostileTuning ?? {}, () => origin);

  const errorBody = (status: number, description: string, errors?: FieldProblem[]) => ifErrorBody(profile.errorBodies, status, description, errors);
  const bad = (message: string, problems: FieldProblem[]) => errorBody(400, message, problems);
  const fail = (status: number, description: string, errors?: FieldProblem[]): never => {
    throw new SimHttpError(status, errorBody(status, description, errors));
  };

  /** Validate as documented; fields the document does not name are accepted and listed in the request log. */
  function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, req: SimRequest): T {
    const unknown = unknownFields(schema, req.body);
    if (unknown.length) req.log.unknownFields = unknown;
    return validateBody(schema, req.body, bad);
  }

  /** The shop a request acts for: validated against the token, mandatory when the token serves several. */
  function shopFor(shopCode: string | undefined | null): string {
    if (shopCode) {
      if (!shops.includes(shopCode)) fail(403, `shopCode ${shopCode} does not belong to the merchants of this token`);
      return shopCode;
    }
    if (shops.length > 1) fail(400, "shopCode is mandatory because the token is associated with two or more merchants");
    return shops[0];
  }

  /** Store a label file and return the URL handed out for it (a hostile one when the profile says so). */
  function addFile(ext: "pdf" | "zpl" | "png", bytes: Uint8Array): string {
    const name = `${rngId(rng, 16, "abcdefghijklmnopqrstuvwxyz0123456789")}.${ext}`;
    state.files.set(name, { bytes, contentType: CONTENT_TYPES[ext] });
    return hostile.labelUrl(`${origin}/files/labels/${name}`, name);
  }

  function activeShipment(ret: IfReturnRecord): IfShipment | undefined {
    return [...ret.shipments].reverse().find((s) => s.active);
  }

  function nextClientReference(ret: IfReturnRecord): string {
    const returnNo = /^R(\d+)-/.exec(ret.returnName)?.[1] ?? "1";
    return `P${ret.shipments.length + 1}R${returnNo}${shortCode}${ret.orderName}`;
  }

  function registerReturn(input: Parameters<IfReturnsSimulator["registerReturn"]>[0]): IfReturnRecord {
    const m = /^(.+)-R(\d+)$/.exec(input.merchantReturnName);
    const orderName = input.orderName ?? m?.[1] ?? input.merchantReturnName;
    const returnName = input.returnName ?? `R${m?.[2] ?? "1"}-${orderName}`;
    const ret: IfReturnRecord = { shopCode: input.shopCode ?? shops[0], returnName, merchantReturnName: input.merchantReturnName, orderName, shipments: [] };
    const shipment: IfShipment = {
      shopCode: ret.shopCode,
      returnName,
      clientReference: input.clientReference ?? nextClientReference(ret),
      shipmentType: "RETURN",
      shippingLabels: [],
      trackingStatus: null,
      trackingHistory: [],
      active: true,
    };
    ret.shipments.push(shipment);
    state.shipments.push(shipment);
    state.returns.set(returnName, ret);
    return ret;
  }

  function findShipmentBy(type: string, id: string, shop: string): IfShipment | undefined {
    const rets = [...state.returns.values()].filter((r) => r.shopCode === shop);
    if (type === "RETURN_NAME") {
      const r = rets.find((x) => x.returnName === id);
      return r && activeShipment(r);
    }
    if (type === "MERCHANT_RETURN_NAME") {
      const r = rets.find((x) => x.merchantReturnName === id);
      return r && activeShipment(r);
    }
    return state.shipments.find((s) => s.shopCode === shop && s.clientReference === id);
  }

  function labelView(s: IfShipment, created = false) {
    return {
      carrierCode: s.carrierCode,
      // As in the docs' example: a number although declared a string.
      carrierExternalCode: s.carrierExternalCode !== undefined ? Number(s.carrierExternalCode) : undefined,
      carrierServiceCode: s.carrierServiceCode,
      clientShipmentId: s.clientShipmentId,
      // Documented minimum: the create example shows `[ {} ]`, the read example `[]`; never an item's fields.
      shippingLabels: profile.assumedAnswers ? s.shippingLabels : created ? [{}] : [],
      // Assumption (decision 0004): an answer names the return whose transport the label became; no document shows it.
      ...(profile.assumedAnswers && s.returnName ? { returnName: s.returnName } : {}),
    };
  }

  function authenticate(req: SimRequest): SimResponse | null {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header) : null;
    if (!m) return { status: 401, json: errorBody(401, "Missing bearer token") };
    // Like some real APIs, the refusal echoes what it received: the client must redact it.
    if (m[1] !== credential) return { status: 401, json: errorBody(401, `The token ${m[1]} is not valid or has expired`) };
    return null;
  }

  function createLabel(req: SimRequest): SimResponse {
    const body = parse(createLabelSchema, req);
    const shop = shopFor(body.shopCode);
    const service = services.find((s) => s.code === body.carrierServiceCode);
    if (!service) fail(400, `carrierServiceCode: ${body.carrierServiceCode} is not a carrier connection of shop ${shop}`);
    const svc = service!;
    // Documented: an unsupported format falls back to the carrier's default, and the response says which.
    const format = svc.formats.includes(body.labelFormat) ? body.labelFormat : svc.formats[0];
    // Assumption (decision 0004): one label item per parcel, shaped like the PUT items; none in the documented minimum.
    const parcels = body.parcels?.length ? body.parcels : [{}];
    const shippingLabels = (profile.assumedAnswers ? parcels : []).map(() => {
      const code = `${svc.carrierCode.toUpperCase()}${rngId(rng, 12, "0123456789")}`;
      const lines = [`${svc.carrierName} RETURN`, `Tracking: ${code}`, `Ref: ${body.clientShipmentId}`, `To: ${body.destination.fullName}`];
      const url = format === "ZPL" ? addFile("zpl", new Uint8Array(Buffer.from(labelZpl(code, lines)))) : addFile("pdf", labelPdf(lines));
      return { carrierTrackingCode: code, additionalTrackingCodes: [] as string[], carrierTrackingUrl: hostile.trackingUrl(`${svc.trackingUrlPrefix}${code}`), format, url };
    });
    if (shippingLabels.length > 1) shippingLabels[0].additionalTrackingCodes = shippingLabels.slice(1).map((l) => l.carrierTrackingCode);

    const fields = {
      clientShipmentId: body.clientShipmentId,
      clientShipmentName: body.clientShipmentName,
      shipmentType: body.shipmentType,
      carrierServiceCode: svc.code,
      carrierCode: svc.carrierCode,
      carrierExternalCode: svc.carrierExternalCode,
      carrierName: svc.carrierName,
      trackingNumber: shippingLabels[0]?.carrierTrackingCode,
      trackingUrl: shippingLabels[0]?.carrierTrackingUrl,
      labelFormat: format,
      request: body,
      shippingLabels,
    };
    // Assumption: a RETURN label whose clientShipmentName is a known return name becomes that return's transport.
    const ret =
      body.shipmentType !== "ORDER" && body.clientShipmentName
        ? [...state.returns.values()].find((r) => r.shopCode === shop && (r.merchantReturnName === body.clientShipmentName || r.returnName === body.clientShipmentName))
        : undefined;
    let shipment: IfShipment;
    const current = ret && activeShipment(ret);
    if (ret && current && !current.clientShipmentId) {
      shipment = Object.assign(current, fields);
    } else {
      shipment = { shopCode: shop, trackingStatus: null, trackingHistory: [], active: true, ...fields };
      if (ret) {
        for (const s of ret.shipments) s.active = false;
        shipment.returnName = ret.returnName;
        shipment.clientReference = nextClientReference(ret);
        ret.shipments.push(shipment);
      }
      state.shipments.push(shipment);
    }
    state.createCount++;
    return { status: 200, json: labelView(shipment, true) };
  }

  function getLabels(req: SimRequest): SimResponse {
    const id = req.query.get("client_shipment_id");
    if (!id) fail(400, "client_shipment_id: is required", [{ field: "client_shipment_id", message: "is required" }]);
    const shop = shopFor(req.query.get("shopCode"));
    const found = state.shipments.filter((s) => s.shopCode === shop && s.clientShipmentId === id);
    // Assumption (0004): an unknown id answers 404; the documented minimum answers the least list, [].
    if (!found.length && profile.assumedAnswers) fail(404, `Shipping label with client_shipment_id ${id} not found`);
    return { status: 200, json: found.map((s) => labelView(s)) };
  }

  function updateLabels(req: SimRequest): SimResponse {
    const body = parse(updateLabelSchema, req);
    const shop = shopFor(body.shopCode);
    const shipment = findShipmentBy(body.shipmentIdType, body.shipmentId, shop);
    if (!shipment) fail(404, `Shipment ${body.shipmentId} (${body.shipmentIdType}) not found`);
    shipment!.shippingLabels = body.shippingLabels.map((l) => ({ ...l, additionalTrackingCodes: l.additionalTrackingCodes ?? [] }));
    shipment!.trackingNumber = body.shippingLabels[0]?.carrierTrackingCode;
    shipment!.trackingUrl = body.shippingLabels[0]?.carrierTrackingUrl;
    return { status: 200, json: { statusCode: "200", description: "Your shipping label have been updated correctly" } };
  }

  function registerTracking(req: SimRequest): SimResponse {
    const body = parse(trackingSchema, req);
    const shop = shopFor(body.shopCode);
    const shipment = findShipmentBy("RETURN_NAME", body.shipmentId, shop);
    if (!shipment) fail(404, `Return ${body.shipmentId} not found or without an active transport`);
    const s = shipment!;
    const event: IfTrackingEvent = {
      trackingStatus: body.trackingStatus,
      trackingStatusDescription: body.trackingStatusDescription,
      trackingDate: body.trackingDate ?? new Date().toISOString(),
      carrierName: body.carrierName,
      trackingNumber: body.trackingNumber,
      trackingUrl: body.trackingUrl,
    };
    s.trackingHistory.push(event);
    s.trackingStatus = body.trackingStatus;
    if (body.carrierName) s.carrierName = body.carrierName;
    if (body.trackingNumber) s.trackingNumber = body.trackingNumber;
    if (body.trackingUrl) s.trackingUrl = body.trackingUrl;
    return { status: 200, json: { statusCode: "200", description: "Your tracking have been registered correctly" } };
  }

  function pudos(req: SimRequest): SimResponse {
    const body = parse(pudoSchema, req);
    shopFor(body.shopCode);
    const wanted = body.carrierServices?.length ? body.carrierServices.map((c) => c.code) : services.map((s) => s.code);
    const chosen = wanted.map((code, i) => {
      const svc = services.find((s) => s.code === code);
      // Assumption: a code that is not one of the shop's carrier connections is refused.
      if (!svc) fail(400, `carrierServices[${i}].code: ${code ?? "(none)"} is not a carrier connection`, [{ field: `carrierServices[${i}].code`, message: "unknown carrier service" }]);
      return svc!;
    });
    const range = body.range ?? 10;
    const limit = Math.max(0, Math.floor(body.limit ?? 10));
    const type = body.locationType ?? "ALL";
    const city = body.city ?? "Madrid";
    const byCarrier = new Map<string, IfCarrierService>();
    for (const s of chosen) byCarrier.set(s.carrierCode, s);
    const result = [...byCarrier.values()].map((svc) => {
      const points = PUDO_DISTANCES_KM.map((d, i) => {
        const locker = i % 3 === 2;
        return {
          code: `${svc.carrierCode.toUpperCase()}-${body.postalCode ?? "GEO"}-${String(i + 1).padStart(3, "0")}`,
          name: locker ? `${svc.carrierName} Locker ${city} ${i + 1}` : `${svc.carrierName} Access Point ${city} ${i + 1}`,
          address: `Calle Ejemplo ${10 + i * 7}`,
          city,
          postalCode: body.postalCode ?? "28010",
          countryCode: body.countryCode ?? "ES",
          latitude: Number(((body.latitude ?? 40.4168) + d / 111).toFixed(6)),
          longitude: Number(((body.longitude ?? -3.7038) + d / 85).toFixed(6)),
          distance: d,
          locationType: locker ? "LOCKER_POINT" : "STORE_POINT",
          openingHours: locker ? "Mon-Sun 00:00-24:00" : "Mon-Fri 09:00-20:00, Sat 10:00-14:00",
        };
      })
        .filter((p) => p.distance <= range && (type === "ALL" || p.locationType === type))
        .slice(0, limit);
      // Documented minimum: CalculatedPudo is collapsed in the document, so the least it promises is an empty list.
      return { carrierCode: svc.carrierCode, carrierExternalCode: svc.carrierExternalCode, pudoPoints: profile.assumedAnswers ? points : [] };
    });
    return { status: 200, json: result };
  }

  function file(req: SimRequest): SimResponse {
    const f = state.files.get(req.params.file);
    if (!f) fail(404, `File ${req.params.file} not found`);
    return { status: 200, bytes: f!.bytes, contentType: f!.contentType };
  }

  const server = await startSimServer({
    name: "ifreturns",
    basePath: IF_BASE_PATH,
    authenticate,
    errorBody: (status, message) => errorBody(status, message),
    assumedEndpoints: profile.assumedEndpoints,
    // The document lists only application/json request bodies; a REST server answers anything else with
    // 415 Unsupported Media Type (RFC 9110 section 15.5.16).
    refuseMediaType: (contentType) => ({ status: 415, json: errorBody(415, `Content-Type ${contentType ?? "(none)"} is not supported: send application/json`) }),
    transformAnswer: hostile.transformAnswer,
    clock: opts.clock,
    port: opts.port,
    routes: [
      { method: "POST", path: "/shipping_trackings", handler: registerTracking },
      { method: "POST", path: "/shipping_labels", handler: createLabel },
      { method: "GET", path: "/shipping_labels", handler: getLabels },
      { method: "PUT", path: "/shipping_labels", handler: updateLabels },
      { method: "POST", path: "/pudos", handler: pudos },
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
    registerReturn,
    findReturn: (name) => state.returns.get(name),
    shipmentsByClientId: (id) => state.shipments.filter((s) => s.clientShipmentId === id),
  };
}
