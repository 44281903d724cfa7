import { z, type ZodType } from "zod";
import type { HttpClient, RetryPolicy } from "../../http/client.server";
import { AppError, NotFoundError, ResponseShapeError, UnimplementedError, ValidationError } from "../../http/errors.server";
import type { RateLimiter } from "../../http/rate-limiter.server";
import { truncate } from "../../http/redact.server";
import type { Logger } from "../../logger.server";
import { isSafeHttpUrl } from "../../security/safe-url";
import { serverUrls } from "../descriptors";
import { checkRequest, providerAccess } from "../shared.server";

// iF returns Inverse Logistic API 1.2.10 (Transportations): one typed method per documented endpoint.
// Requests are checked against the docs before sending; responses are parsed leniently.

export const IF_SERVERS = serverUrls("IFRETURNS") as { development: string; staging: string; production: string };
export type IfEnvironment = keyof typeof IF_SERVERS | "custom";

export const IF_TRANSPORTATION_STATUS = z.enum([
  "REQUESTED",
  "PICK_UP_IN_PROGRESS",
  "PICK_UP_COMPLETED",
  "SHIPPING_IN_PROGRESS",
  "SHIPPING_COMPLETED",
  "PICK_UP_FAILED",
  "PICK_UP_CANCELLED",
  "SHIPPING_FAILED",
  "SHIPPING_CANCELLED",
]);
export const IF_SHIPMENT_ID_TYPE = z.enum(["RETURN_NAME", "CLIENT_REFERENCE", "MERCHANT_RETURN_NAME"]);
export const IF_LABEL_FORMAT_INPUT = z.enum(["PDF", "ZPL"]);
export const IF_LABEL_FORMAT = z.enum(["PDF", "ZPL", "PNG"]);
export const IF_LOCATION_TYPE = z.enum(["ALL", "STORE_POINT", "LOCKER_POINT"]);

// ---- Requests: strict (what we send is what the docs describe) ----

const text = (name: string) => z.string({ required_error: `${name} is required` }).trim().min(1, `${name} is required`);

// Assumption: Address marks nothing required; a carrier needs line1, city, postalCode and countryCode.
export const ifAddressSchema = z
  .object({
    line1: text("line1"),
    line2: z.string().optional(),
    city: text("city"),
    postalCode: text("postalCode"),
    region: z.string().optional(),
    countryCode: z.string().regex(/^[A-Z]{2}$/, "countryCode must be an ISO 3166-1 alpha-2 code such as ES"),
  })
  .strict();

export const ifContactSchema = z
  .object({
    fullName: text("fullName"),
    code: z.string().optional(),
    email: z.string({ required_error: "email is required" }).email("email must be an email address"),
    // Declared a string (the docs' example shows a number): we always send a string.
    phone: text("phone"),
    address: ifAddressSchema,
  })
  .strict();

export const ifParcelSchema = z
  .object({
    clientParcelId: z.string().optional(),
    description: z.string().optional(),
    // Assumption: grams (the docs' example weighs 1000 with customs weight 1).
    weight: z.number().int().positive("weight must be greater than 0"),
    height: z.number().positive().optional(),
    length: z.number().positive().optional(),
    width: z.number().positive().optional(),
  })
  .strict();

export const ifCustomsSchema = z
  .object({
    description: text("description"),
    hsCode: z.string().optional(),
    weight: z.number().nonnegative().optional(),
    quantity: z.number().int().positive(),
    unitPrice: z.number().nonnegative().optional(),
    currencyCode: z.string().regex(/^[A-Z]{3}$/).optional(),
    originCountryCode: z.string().optional(),
  })
  .strict();

export const ifCreateLabelRequest = z
  .object({
    shopCode: z.string().min(1).optional(),
    shipmentType: z.enum(["ORDER", "RETURN"]).optional(),
    clientShipmentId: text("clientShipmentId"),
    clientShipmentName: z.string().optional(),
    carrierServiceCode: text("carrierServiceCode"),
    labelFormat: IF_LABEL_FORMAT_INPUT,
    shipper: ifContactSchema.optional(),
    origin: ifContactSchema,
    destination: ifContactSchema,
    parcels: z.array(ifParcelSchema).min(1).optional(),
    customsInfo: z.array(ifCustomsSchema).optional(),
  })
  .strict();
export type IfCreateLabelRequest = z.input<typeof ifCreateLabelRequest>;

export const ifRegisterTrackingRequest = z
  .object({
    shopCode: z.string().min(1).optional(),
    shipmentId: text("shipmentId"),
    shipmentIdType: z.literal("RETURN_NAME"),
    carrierName: z.string().optional(),
    trackingNumber: z.string().optional(),
    trackingUrl: z.string().refine(isSafeHttpUrl, "trackingUrl must be an http(s) URL").optional(),
    trackingStatus: IF_TRANSPORTATION_STATUS,
    trackingStatusDescription: z.string().optional(),
    trackingDate: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type IfRegisterTrackingRequest = z.input<typeof ifRegisterTrackingRequest>;

export const ifUpdateLabelRequest = z
  .object({
    shopCode: z.string().min(1).optional(),
    shipmentId: text("shipmentId"),
    shipmentIdType: IF_SHIPMENT_ID_TYPE,
    shippingLabels: z
      .array(
        z
          .object({
            carrierTrackingCode: text("carrierTrackingCode"),
            additionalTrackingCodes: z.array(z.string()).optional(),
            carrierTrackingUrl: text("carrierTrackingUrl"),
            format: IF_LABEL_FORMAT,
            url: text("url"),
          })
          .strict(),
      )
      .min(1, "shippingLabels needs at least one label"),
  })
  .strict();
export type IfUpdateLabelRequest = z.input<typeof ifUpdateLabelRequest>;

export const ifPudosRequest = z
  .object({
    shopCode: z.string().min(1).optional(),
    carrierServices: z.array(z.object({ code: text("code") }).strict()).optional(),
    limit: z.number().int().positive().optional(),
    address: z.string().optional(),
    city: z.string().optional(),
    postalCode: z.string().optional(),
    countryCode: z.string().regex(/^[A-Z]{2}$/).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    range: z.number().min(1, "range must be between 1 and 20 km").max(20, "range must be between 1 and 20 km").optional(),
    locationType: IF_LOCATION_TYPE.optional(),
  })
  .strict()
  .refine((v) => (v.latitude !== undefined && v.longitude !== undefined) || !!v.address?.trim(), {
    message: "either the address or the geolocation (latitude and longitude) is mandatory",
    path: ["address"],
  });
export type IfPudosRequest = z.input<typeof ifPudosRequest>;

// ---- Responses: lenient (numbers or strings where the docs disagree, unknown fields ignored) ----

const stringish = z.union([z.string(), z.number()]).transform(String);
const optStr = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? undefined : String(v)));

// The items of shippingLabels are collapsed in the document (`[ {} ]`): parsed leniently as the PUT request's items,
// and read by the adapter only when the connection turned on `labelItemFields` (decision 0004).
export const ifShippingLabelItem = z.object({
  carrierTrackingCode: optStr,
  additionalTrackingCodes: z.array(stringish).nullish().transform((v) => v ?? []),
  carrierTrackingUrl: optStr,
  format: optStr,
  url: optStr,
});

export const ifShippingLabelResponse = z.object({
  carrierCode: optStr,
  carrierExternalCode: optStr,
  carrierServiceCode: optStr,
  clientShipmentId: stringish,
  shippingLabels: z.array(z.preprocess((v) => (v && typeof v === "object" ? v : {}), ifShippingLabelItem)).nullish().transform((v) => v ?? []),
  // Not documented in any answer: read only if present (iF's RETURN_NAME, "R1-64231"), never required.
  returnName: optStr,
});
export type IfShippingLabelResponse = z.output<typeof ifShippingLabelResponse>;

export const ifAckResponse = z
  .object({ statusCode: optStr, description: optStr })
  .nullish()
  .transform((v) => v ?? {});

const coord = z.union([z.number(), z.string()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? undefined : Number(v)));

// Assumption: CalculatedPudo (undocumented) = {code, name, address, city, postalCode, countryCode, latitude,
// longitude, distance (km), locationType, openingHours}; a few alternative spellings are read too.
export const ifCalculatedPudo = z
  .object({
    code: optStr,
    id: optStr,
    name: z.string().min(1),
    address: z
      .union([z.string(), z.object({ line1: optStr, address: optStr, city: optStr, postalCode: optStr, countryCode: optStr })])
      .nullish(),
    city: optStr,
    postalCode: optStr,
    countryCode: optStr,
    latitude: coord,
    longitude: coord,
    distance: coord,
    distanceKm: coord,
    locationType: optStr,
    openingHours: z.union([z.string(), z.array(z.string()), z.record(z.unknown())]).nullish(),
  })
  .transform((p) => {
    const addr = typeof p.address === "string" ? { line1: p.address } : p.address ?? undefined;
    return {
      id: p.code ?? p.id,
      name: p.name,
      address: addr?.line1 ?? addr?.address,
      city: p.city ?? addr?.city,
      postalCode: p.postalCode ?? addr?.postalCode,
      countryCode: p.countryCode ?? addr?.countryCode,
      latitude: p.latitude,
      longitude: p.longitude,
      distanceKm: p.distanceKm ?? p.distance,
      locationType: p.locationType,
      openingHours:
        typeof p.openingHours === "string"
          ? p.openingHours
          : Array.isArray(p.openingHours)
            ? p.openingHours.join(", ")
            : p.openingHours
              ? JSON.stringify(p.openingHours)
              : undefined,
    };
  });

export const ifPudosResponse = z.array(
  z.object({
    carrierCode: optStr,
    carrierExternalCode: optStr,
    pudoPoints: z.array(ifCalculatedPudo).nullish().transform((v) => v ?? []),
  }),
);
export type IfPudosResponse = z.output<typeof ifPudosResponse>;

// ---- Client ----

export interface IfReturnsClientConfig {
  baseUrl: string;
  token: string;
  /** Sent when configured (mandatory when the token serves several merchants). */
  shopCode?: string | null;
  http: HttpClient;
  log?: Logger;
  limiter?: RateLimiter;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** iF's API hosts: calls and the token go nowhere else. */
  allowedHosts?: string[];
}

/**
 * Assumption: iF's error body mirrors its success body, {statusCode, description}, optionally with
 * errors: [{field, message}]. A 400 with field errors becomes a ValidationError carrying them.
 */
function classifyIf(status: number, body: unknown, ctx: { requestId?: string; text: string; redact(text: string): string }): AppError | undefined {
  // HTTP 501 is "not implemented": final, never an outage to retry.
  if (status === 501) return new UnimplementedError(`iF returns does not implement this call (HTTP 501): ${truncate(ctx.redact(ctx.text), 300) || "no reason given"}`, { service: "ifreturns", status, requestId: ctx.requestId });
  if (status !== 400 && status !== 422) return undefined;
  const b = (body ?? {}) as { description?: unknown; errors?: unknown };
  const description = typeof b.description === "string" ? ctx.redact(b.description) : undefined;
  const fields: Record<string, string> = {};
  if (Array.isArray(b.errors)) {
    for (const e of b.errors as Array<{ field?: unknown; message?: unknown }>) {
      if (typeof e?.field === "string") fields[e.field] = typeof e.message === "string" ? ctx.redact(e.message) : "is invalid";
    }
  }
  return new ValidationError(`ifreturns answered ${status}: ${description ?? truncate(ctx.redact(ctx.text), 300)}`, {
    service: "ifreturns",
    status,
    requestId: ctx.requestId,
    body: truncate(ctx.redact(ctx.text)),
    fields: Object.keys(fields).length ? fields : undefined,
  });
}

export class IfReturnsClient {
  private readonly base: string;

  constructor(private readonly config: IfReturnsClientConfig) {
    this.base = config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`;
  }

  get baseUrl(): string {
    return this.base;
  }

  private call<T>(method: "GET" | "POST" | "PUT", path: string, opts: { json?: unknown; query?: Record<string, string | undefined>; schema: ZodType<T, z.ZodTypeDef, unknown>; lookupBeforeRetry?: () => Promise<T | undefined> }) {
    return this.config.http.request<T>({
      log: this.config.log,
      service: "ifreturns",
      access: providerAccess(this.base, "api", this.config.allowedHosts),
      method,
      url: new URL(path, this.base).toString(),
      query: opts.query,
      headers: { authorization: `Bearer ${this.config.token}` },
      json: opts.json,
      schema: opts.schema as ZodType<T>,
      limiter: this.config.limiter,
      timeoutMs: this.config.timeoutMs,
      retry: this.config.retry,
      lookupBeforeRetry: opts.lookupBeforeRetry,
      classify: classifyIf,
    }).then((r) => r.data);
  }

  private withShop<T extends object>(body: T): T & { shopCode?: string } {
    return this.config.shopCode ? { shopCode: this.config.shopCode, ...body } : body;
  }

  /** POST /shipping_trackings: register a tracking status on the return's last active transport. */
  registerTracking(input: Omit<IfRegisterTrackingRequest, "shopCode" | "shipmentIdType">) {
    const json = checkRequest(ifRegisterTrackingRequest, this.withShop({ ...input, shipmentIdType: "RETURN_NAME" as const }), "ifreturns");
    return this.call("POST", "shipping_trackings", { json, schema: ifAckResponse });
  }

  /**
   * POST /shipping_labels. Not documented as idempotent: after a lost answer we look the clientShipmentId up
   * and only retry when nothing was created.
   */
  createShippingLabel(input: Omit<IfCreateLabelRequest, "shopCode">) {
    const json = checkRequest(ifCreateLabelRequest, this.withShop(input), "ifreturns");
    return this.call("POST", "shipping_labels", {
      json,
      schema: ifShippingLabelResponse,
      lookupBeforeRetry: async () => (await this.getShippingLabels(json.clientShipmentId))[0],
    });
  }

  /** GET /shipping_labels?client_shipment_id=: every shipment with that id. Assumption: none may be 404 or []. */
  async getShippingLabels(clientShipmentId: string): Promise<IfShippingLabelResponse[]> {
    if (!clientShipmentId.trim()) throw new ValidationError("Not sent to ifreturns: client_shipment_id is required", { service: "ifreturns", fields: { client_shipment_id: "is required" } });
    try {
      return await this.call("GET", "shipping_labels", {
        query: { client_shipment_id: clientShipmentId, shopCode: this.config.shopCode ?? undefined },
        schema: z.array(ifShippingLabelResponse),
      });
    } catch (err) {
      if (err instanceof NotFoundError) return [];
      throw err;
    }
  }

  /**
   * GET /shipping_labels for an id nobody uses: resolves when iF answered (200, or its own 404 body), so the
   * token and shop code were accepted; a 404 in another shape means the base URL is not iF's.
   */
  async probe(clientShipmentId: string): Promise<void> {
    try {
      await this.call("GET", "shipping_labels", {
        query: { client_shipment_id: clientShipmentId, shopCode: this.config.shopCode ?? undefined },
        schema: z.array(z.unknown()),
      });
    } catch (err) {
      if (err instanceof NotFoundError && /"statusCode"/.test(err.body ?? "")) return;
      if (err instanceof NotFoundError) {
        throw new ResponseShapeError(`${this.base} does not answer like the iF returns API (404 without its statusCode body): check the base URL`, { service: "ifreturns", status: 404, path: "statusCode" });
      }
      throw err;
    }
  }

  /** PUT /shipping_labels: attach label(s) to the transport found by one of the three id types. */
  updateShippingLabel(input: Omit<IfUpdateLabelRequest, "shopCode">) {
    const json = checkRequest(ifUpdateLabelRequest, this.withShop(input), "ifreturns");
    return this.call("PUT", "shipping_labels", { json, schema: ifAckResponse });
  }

  /** POST /pudos: drop-off points around an address or coordinates. */
  calculatePudos(input: Omit<IfPudosRequest, "shopCode">): Promise<IfPudosResponse> {
    const json = checkRequest(ifPudosRequest, this.withShop(input), "ifreturns");
    return this.call("POST", "pudos", { json, schema: ifPudosResponse });
  }
}
