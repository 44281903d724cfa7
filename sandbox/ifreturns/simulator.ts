import { z } from "zod";
import {
  CONTENT_TYPES,
  SimHttpError,
  labelPdf,
  labelZpl,
  rngId,
  seededRng,
  startSimServer,
  validateBody,
  type Clock,
  type FaultConfig,
  type FieldProblem,
  type RecordedRequest,
  type SimRequest,
  type SimResponse,
} from "../lib";

// iF returns Inverse Logistic API 1.2.10 simulator: every documented Transportations endpoint, validated as
// the docs say, stateful, with the assumed error body {statusCode, description, errors[]} (decision 0004).

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

export const IF_TRANSPORTATION_STATUSES = [
  "REQUESTED",
  "PICK_UP_IN_PROGRESS",
  "PICK_UP_COMPLETED",
  "SHIPPING_IN_PROGRESS",
  "SHIPPING_COMPLETED",
  "PICK_UP_FAILED",
  "PICK_UP_CANCELLED",
  "SHIPPING_FAILED",
  "SHIPPING_CANCELLED",
] as const;

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

export interface IfSimulatorOptions {
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
  state: IfState;
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

function errorBody(status: number, description: string, errors?: FieldProblem[]) {
  return errors ? { statusCode: String(status), description, errors } : { statusCode: String(status), description };
}

// Docs examples carry phone / hsCode / originCountryCode as numbers though declared strings: accept both.
const stringish = z.union([z.string(), z.number()]).transform(String);
const nonEmpty = (name: string) => z.string({ required_error: "is required" }).trim().min(1, `${name} must not be empty`);

// Assumption: the Address object's fields are not documented as required; a carrier needs these four.
const addressSchema = z
  .object({
    line1: nonEmpty("line1"),
    line2: z.string().optional(),
    city: nonEmpty("city"),
    postalCode: stringish.pipe(z.string().min(1)),
    region: z.string().optional(),
    countryCode: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as ES"),
  })
  .strict();

const contactSchema = z
  .object({
    fullName: nonEmpty("fullName"),
    code: z.string().optional(),
    email: z.string({ required_error: "is required" }).email("must be an email address"),
    phone: stringish.pipe(z.string().min(1, "is required")),
    address: addressSchema,
  })
  .strict();

const parcelSchema = z
  .object({
    clientParcelId: z.string().optional(),
    description: z.string().optional(),
    weight: z.number({ required_error: "is required" }).positive("must be greater than 0"),
    height: z.number().positive().optional(),
    length: z.number().positive().optional(),
    width: z.number().positive().optional(),
  })
  .strict();

const customsSchema = z
  .object({
    description: nonEmpty("description"),
    hsCode: stringish.optional(),
    weight: z.number().nonnegative().optional(),
    quantity: z.number().int().positive(),
    unitPrice: z.number().nonnegative().optional(),
    currencyCode: z.string().regex(/^[A-Z]{3}$/).optional(),
    originCountryCode: stringish.optional(),
  })
  .strict();

const createLabelSchema = z
  .object({
    shopCode: z.string().optional(),
    shipmentType: z.enum(["ORDER", "RETURN"]).optional(),
    clientShipmentId: nonEmpty("clientShipmentId"),
    clientShipmentName: z.string().optional(),
    carrierServiceCode: nonEmpty("carrierServiceCode"),
    labelFormat: z.enum(["PDF", "ZPL"], { required_error: "is required", invalid_type_error: "must be PDF or ZPL" }),
    shipper: contactSchema.partial({ email: true, phone: true, code: true }).optional(),
    origin: contactSchema,
    destination: contactSchema,
    parcels: z.array(parcelSchema).optional(),
    customsInfo: z.array(customsSchema).optional(),
  })
  .strict();

const isoDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date");

const trackingSchema = z
  .object({
    shopCode: z.string().optional(),
    shipmentId: nonEmpty("shipmentId"),
    shipmentIdType: z.literal("RETURN_NAME", { errorMap: () => ({ message: "must be RETURN_NAME" }) }),
    carrierName: z.string().optional(),
    trackingNumber: z.string().optional(),
    trackingUrl: z.string().optional(),
    trackingStatus: z.enum(IF_TRANSPORTATION_STATUSES, { required_error: "is required" }),
    trackingStatusDescription: z.string().optional(),
    trackingDate: isoDate.optional(),
  })
  .strict();

const updateLabelSchema = z
  .object({
    shopCode: z.string().optional(),
    shipmentId: nonEmpty("shipmentId"),
    shipmentIdType: z.enum(["RETURN_NAME", "CLIENT_REFERENCE", "MERCHANT_RETURN_NAME"], { required_error: "is required" }),
    shippingLabels: z
      .array(
        z
          .object({
            carrierTrackingCode: nonEmpty("carrierTrackingCode"),
            additionalTrackingCodes: z.array(z.string()).optional(),
            carrierTrackingUrl: nonEmpty("carrierTrackingUrl"),
            format: z.enum(["PDF", "ZPL", "PNG"], { required_error: "is required" }),
            url: nonEmpty("url"),
          })
          .strict(),
        { required_error: "is required" },
      )
      .min(1, "must hold at least one label"),
  })
  .strict();

const pudoSchema = z
  .object({
    shopCode: z.string().optional(),
    carrierServices: z.array(z.object({ code: nonEmpty("code") }).strict()).optional(),
    limit: z.number().int().positive().max(100).optional(),
    address: z.string().optional(),
    city: z.string().optional(),
    postalCode: stringish.optional(),
    countryCode: z.string().regex(/^[A-Z]{2}$/).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    range: z.number().min(1, "must be between 1 and 20 km").max(20, "must be between 1 and 20 km").optional(),
    locationType: z.enum(["ALL", "STORE_POINT", "LOCKER_POINT"]).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const hasGeo = v.latitude !== undefined && v.longitude !== undefined;
    if ((v.latitude === undefined) !== (v.longitude === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [v.latitude === undefined ? "latitude" : "longitude"], message: "latitude and longitude go together" });
    } else if (!hasGeo && !v.address?.trim()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["address"], message: "either the address or the geolocation (latitude, longitude) is mandatory" });
    }
  });

const PUDO_DISTANCES_KM = [0.3, 0.8, 1.4, 2.2, 3.5, 5.1, 7.4, 9.8, 12.5, 15.2, 18.6];

export async function startIfReturnsSimulator(opts: IfSimulatorOptions = {}): Promise<IfReturnsSimulator> {
  const credential = opts.credential ?? DEFAULT_IFRETURNS_CREDENTIAL;
  const shops = opts.shops ?? ["returnsbridgedemo"];
  const services = opts.carrierServices ?? DEFAULT_IF_CARRIER_SERVICES;
  const shortCode = opts.merchantShortCode ?? "rbde";
  const rng = seededRng(opts.seed ?? 42);
  const state: IfState = { returns: new Map(), shipments: [], files: new Map(), createCount: 0 };
  let origin = "";

  const bad = (message: string, problems: FieldProblem[]) => errorBody(400, message, problems);
  const fail = (status: number, description: string): never => {
    throw new SimHttpError(status, errorBody(status, description));
  };

  /** The shop a request acts for: validated against the token, mandatory when the token serves several. */
  function shopFor(shopCode: string | undefined | null): string {
    if (shopCode) {
      if (!shops.includes(shopCode)) fail(403, `shopCode ${shopCode} does not belong to the merchants of this token`);
      return shopCode;
    }
    if (shops.length > 1) fail(400, "shopCode is mandatory because the token is associated with two or more merchants");
    return shops[0];
  }

  function addFile(ext: "pdf" | "zpl" | "png", bytes: Uint8Array): string {
    const id = rngId(rng, 16, "abcdefghijklmnopqrstuvwxyz0123456789");
    state.files.set(`${id}.${ext}`, { bytes, contentType: CONTENT_TYPES[ext] });
    return `${origin}/files/labels/${id}.${ext}`;
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

  function labelView(s: IfShipment) {
    return {
      carrierCode: s.carrierCode,
      // As in the docs' example: a number although declared a string.
      carrierExternalCode: s.carrierExternalCode !== undefined ? Number(s.carrierExternalCode) : undefined,
      carrierServiceCode: s.carrierServiceCode,
      clientShipmentId: s.clientShipmentId,
      shippingLabels: s.shippingLabels,
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
    const body = validateBody(createLabelSchema, req.body, bad);
    const shop = shopFor(body.shopCode);
    const service = services.find((s) => s.code === body.carrierServiceCode);
    if (!service) fail(400, `carrierServiceCode: ${body.carrierServiceCode} is not a carrier connection of shop ${shop}`);
    const svc = service!;
    // Documented: an unsupported format falls back to the carrier's default, and the response says which.
    const format = svc.formats.includes(body.labelFormat) ? body.labelFormat : svc.formats[0];
    const parcels = body.parcels?.length ? body.parcels : [{ weight: 1000 }];
    const shippingLabels = parcels.map(() => {
      const code = `${svc.carrierCode.toUpperCase()}${rngId(rng, 12, "0123456789")}`;
      const lines = [`${svc.carrierName} RETURN`, `Tracking: ${code}`, `Ref: ${body.clientShipmentId}`, `To: ${body.destination.fullName}`];
      const url = format === "ZPL" ? addFile("zpl", new Uint8Array(Buffer.from(labelZpl(code, lines)))) : addFile("pdf", labelPdf(lines));
      return { carrierTrackingCode: code, additionalTrackingCodes: [] as string[], carrierTrackingUrl: `${svc.trackingUrlPrefix}${code}`, format, url };
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
      trackingNumber: shippingLabels[0].carrierTrackingCode,
      trackingUrl: shippingLabels[0].carrierTrackingUrl,
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
    return { status: 200, json: labelView(shipment) };
  }

  function getLabels(req: SimRequest): SimResponse {
    const id = req.query.get("client_shipment_id");
    if (!id) throw new SimHttpError(400, errorBody(400, "client_shipment_id: is required", [{ field: "client_shipment_id", message: "is required" }]));
    const shop = shopFor(req.query.get("shopCode"));
    const found = state.shipments.filter((s) => s.shopCode === shop && s.clientShipmentId === id);
    if (!found.length) fail(404, `Shipping label with client_shipment_id ${id} not found`);
    return { status: 200, json: found.map(labelView) };
  }

  function updateLabels(req: SimRequest): SimResponse {
    const body = validateBody(updateLabelSchema, req.body, bad);
    const shop = shopFor(body.shopCode);
    const shipment = findShipmentBy(body.shipmentIdType, body.shipmentId, shop);
    if (!shipment) fail(404, `Shipment ${body.shipmentId} (${body.shipmentIdType}) not found`);
    shipment!.shippingLabels = body.shippingLabels.map((l) => ({ ...l, additionalTrackingCodes: l.additionalTrackingCodes ?? [] }));
    shipment!.trackingNumber = body.shippingLabels[0].carrierTrackingCode;
    shipment!.trackingUrl = body.shippingLabels[0].carrierTrackingUrl;
    return { status: 200, json: { statusCode: "200", description: "Your shipping label have been updated correctly" } };
  }

  function registerTracking(req: SimRequest): SimResponse {
    const body = validateBody(trackingSchema, req.body, bad);
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
    const body = validateBody(pudoSchema, req.body, bad);
    shopFor(body.shopCode);
    const wanted = body.carrierServices?.map((c) => c.code) ?? services.map((s) => s.code);
    const chosen = wanted.map((code, i) => {
      const svc = services.find((s) => s.code === code);
      if (!svc) throw new SimHttpError(400, errorBody(400, `carrierServices[${i}].code: ${code} is not a carrier connection`, [{ field: `carrierServices[${i}].code`, message: "unknown carrier service" }]));
      return svc;
    });
    const range = body.range ?? 10;
    const limit = body.limit ?? 10;
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
      return { carrierCode: svc.carrierCode, carrierExternalCode: svc.carrierExternalCode, pudoPoints: points };
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
    clock: opts.clock,
    port: opts.port,
    routes: [
      { method: "POST", path: "/shipping_trackings", handler: registerTracking },
      { method: "POST", path: "/shipping_labels", handler: createLabel },
      { method: "GET", path: "/shipping_labels", handler: getLabels },
      { method: "PUT", path: "/shipping_labels", handler: updateLabels },
      { method: "POST", path: "/pudos", handler: pudos },
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
    registerReturn,
    findReturn: (name) => state.returns.get(name),
    shipmentsByClientId: (id) => state.shipments.filter((s) => s.clientShipmentId === id),
  };
}
