import { z, type ZodType } from "zod";
import type { HttpClient, RetryPolicy } from "../../http/client.server";
import { ValidationError } from "../../http/errors.server";
import type { RateLimiter } from "../../http/rate-limiter.server";
import type { Logger } from "../../logger.server";
import { checkRequest, providerAccess } from "../shared.server";
import { REVER_LKSS } from "../status-map";
import { classifyRever, type ReverCallContext } from "./errors.server";

// REVER Admin API (Logistics): one typed method per documented endpoint, plus two assumed ones (process
// search, returns import) that the adapter calls only when the connection turned them on. Requests are strict;
// responses lenient.

// The docs name only a mock server (docs/providers/rever.md, "Servers"): the production base URL is the
// operator's REVER_API_BASE_URL (docs/security.md), never a guess of ours (descriptors.ts).
export type ReverEnvironment = "production" | "custom";

export const REVER_RETURN_TYPE = z.enum(["NO_RETURN_METHOD", "HOME_PICK_UP", "DROP_OFF_POINT", "DELIVERY_PICKUP", "IN_STORE"]);
export const REVER_PICKUP_RANGE = z.enum(["NO_RANGE", "RANGE_8_TO_12", "RANGE_12_TO_16", "RANGE_16_TO_20"]);
export const REVER_LKSS_ENUM = z.enum(REVER_LKSS);
export const REVER_LABEL_EXTENSION = z.enum(["pdf", "png", "jpg"]);
export type ReverReturnType = z.infer<typeof REVER_RETURN_TYPE>;
export type ReverPickupRange = z.infer<typeof REVER_PICKUP_RANGE>;

// ---- Requests ----

const text = (name: string) => z.string({ required_error: `${name} is required` }).trim().min(1, `${name} is required`);

// Assumption: api.Address marks nothing required; a carrier needs a street, city, postcode and country.
export const reverAddressSchema = z
  .object({
    address_line_1: text("address_line_1"),
    address_line_2: z.string().optional(),
    city: text("city"),
    company: z.string().optional(),
    country: z.string().optional(),
    country_code: z.string().regex(/^[A-Z]{2}$/, "country_code must be an ISO 3166-1 alpha-2 code such as ES"),
    email: z.string().email().optional(),
    first_name: text("first_name"),
    last_name: z.string().optional(),
    phone: z.string().optional(),
    postcode: text("postcode"),
    rever_id: z.string().optional(),
    state_province: z.string().optional(),
    state_province_code: z.string().optional(),
  })
  .strict();
export type ReverAddress = z.input<typeof reverAddressSchema>;

export const reverCustomerSchema = z
  .object({ email: z.string().email().optional(), first_name: z.string().optional(), last_name: z.string().optional(), rever_id: z.string().optional() })
  .strict();

export const reverShippingStatusRequest = z.object({ lkss: REVER_LKSS_ENUM, process_id: text("process_id") }).strict();

const usableReturnType = REVER_RETURN_TYPE.exclude(["NO_RETURN_METHOD"], { errorMap: () => ({ message: "return_type must be HOME_PICK_UP, DROP_OFF_POINT, DELIVERY_PICKUP or IN_STORE" }) });

export const reverCreateLogisticOrderRequest = z
  .object({
    carrier: text("carrier"),
    customer: reverCustomerSchema.optional(),
    customer_address: reverAddressSchema,
    ecommerce_group: z.string().min(1).optional(),
    ecommerce_id: text("ecommerce_id"),
    ecommerce_order_id: z.string().optional(),
    ecommerce_warehouse_address: reverAddressSchema,
    order_number: z.string().optional(),
    pickup_ranges: z.array(REVER_PICKUP_RANGE).optional(),
    process_id: text("process_id"),
    provider: text("provider"),
    return_type: usableReturnType,
    weight_in_grams: z.number().int().min(0).max(2_147_483_647),
  })
  .strict()
  .refine((v) => v.return_type !== "HOME_PICK_UP" || (v.pickup_ranges?.length ?? 0) > 0, {
    message: "pickup_ranges are required for a HOME_PICK_UP return",
    path: ["pickup_ranges"],
  });
export type ReverCreateLogisticOrderRequest = z.input<typeof reverCreateLogisticOrderRequest>;

export const reverPickupRequest = z
  .object({
    carrier: text("carrier"),
    customer: reverCustomerSchema,
    ecommerce_id: text("ecommerce_id"),
    pickup_address: reverAddressSchema,
    pickup_ranges: z.array(REVER_PICKUP_RANGE).min(1, "pickup_ranges needs at least one range"),
    process_id: text("process_id"),
    provider: text("provider"),
  })
  .strict();
export type ReverPickupRequest = z.input<typeof reverPickupRequest>;

export const reverManualLogisticOrderRequest = z
  .object({
    label: z.string().min(1, "label is required").regex(/^[A-Za-z0-9+/]+={0,2}$/, "label must be base64"),
    label_extension: REVER_LABEL_EXTENSION,
    order: z
      .object({
        carrier: z.string().optional(),
        from: reverAddressSchema.optional(),
        process_id: text("process_id"),
        provider: z.string().optional(),
        return_method: REVER_RETURN_TYPE.optional(),
        to: reverAddressSchema.optional(),
        tracking_id: z.string().optional(),
        tracking_url: z.string().url().optional(),
      })
      .strict(),
  })
  .strict();
export type ReverManualLogisticOrderRequest = z.input<typeof reverManualLogisticOrderRequest>;

// Assumption (REVER "Returns" section is silent): import a return created elsewhere.
export const reverImportReturnRequest = z
  .object({
    ecommerce_id: text("ecommerce_id"),
    order_number: text("order_number"),
    ecommerce_order_id: z.string().optional(),
    return_name: z.string().optional(),
    customer: reverCustomerSchema.extend({ email: z.string().email() }),
    items: z.array(z.object({ sku: z.string().optional(), title: z.string().optional(), quantity: z.number().int().positive() }).strict()).min(1),
    return_method: REVER_RETURN_TYPE.optional(),
  })
  .strict();
export type ReverImportReturnRequest = z.input<typeof reverImportReturnRequest>;

// ---- Responses ----

const optStr = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? undefined : String(v)));

export const reverEmptyResponse = z.unknown().transform(() => ({}));
export const reverLabelResponse = z.object({ url: z.string().min(1) });
export const reverLogisticsSummary = z.object({
  carrier: optStr,
  pickups_scheduled: optStr,
  return_method: optStr,
  status: optStr,
  tracking_id: optStr,
  tracking_url: optStr,
});
export type ReverLogisticsSummary = z.output<typeof reverLogisticsSummary>;
export const reverLogisticsResponse = z.object({ logistics_summary: reverLogisticsSummary.nullish() });

export const reverLogisticOrderResponse = z.object({
  order: z
    .object({
      carrier: optStr,
      currency_code: optStr,
      id: optStr,
      price: z.union([z.number(), z.string()]).nullish(),
      provider: optStr,
      shipments: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});
export type ReverLogisticOrderResponse = z.output<typeof reverLogisticOrderResponse>;

export const reverPickupResponse = z.object({
  pickup_order: z.object({ carrier: optStr, id: optStr, pickup_range: z.unknown().optional(), provider: optStr }).nullish(),
});
export type ReverPickupResponse = z.output<typeof reverPickupResponse>;

// Assumption: process search answers {processes: [{process_id, order_number, created_at}]}.
export const reverProcessSearchResponse = z.object({
  processes: z
    .array(z.object({ process_id: z.union([z.string(), z.number()]).transform(String), order_number: optStr, created_at: optStr }))
    .nullish()
    .transform((v) => v ?? []),
});
export const reverImportReturnResponse = z.object({ process_id: z.union([z.string(), z.number()]).transform(String) });

// ---- Errors: see ./errors.server.ts ----

export { classifyRever, type ReverCallContext } from "./errors.server";

// ---- Client ----

export interface ReverClientConfig {
  baseUrl: string;
  apiKey: string;
  http: HttpClient;
  log?: Logger;
  limiter?: RateLimiter;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** REVER's API hosts: calls and the key go nowhere else. */
  allowedHosts?: string[];
}

export class ReverClient {
  private readonly base: string;

  constructor(private readonly config: ReverClientConfig) {
    this.base = config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`;
  }

  get baseUrl(): string {
    return this.base;
  }

  private call<T>(
    method: "GET" | "POST" | "PUT",
    path: string,
    opts: { json?: unknown; query?: Record<string, string | undefined>; schema: ZodType<T, z.ZodTypeDef, unknown>; lookupBeforeRetry?: () => Promise<T | undefined>; ctx?: ReverCallContext; unsafeToRepeat?: boolean },
  ) {
    return this.config.http.request<T>({
      log: this.config.log,
      service: "rever",
      access: providerAccess(this.base, "api", this.config.allowedHosts),
      method,
      url: new URL(path, this.base).toString(),
      query: opts.query,
      headers: { "x-rever-api-key": this.config.apiKey },
      json: opts.json,
      schema: opts.schema as ZodType<T>,
      limiter: this.config.limiter,
      timeoutMs: this.config.timeoutMs,
      retry: this.config.retry,
      lookupBeforeRetry: opts.lookupBeforeRetry,
      unsafeToRepeat: opts.unsafeToRepeat,
      classify: classifyRever(opts.ctx),
    }).then((r) => r.data);
  }

  private path(processId: string, rest: string): string {
    if (!processId.trim()) throw new ValidationError("Not sent to rever: process_id is required", { service: "rever", fields: { process_id: "is required" } });
    return `v1/processes/${encodeURIComponent(processId)}/${rest}`;
  }

  /** POST /v1/processes/{id}/shipping_status: set the process's lkss. */
  updateShippingStatus(processId: string, lkss: z.input<typeof REVER_LKSS_ENUM>) {
    const json = checkRequest(reverShippingStatusRequest, { lkss, process_id: processId }, "rever");
    return this.call("POST", this.path(processId, "shipping_status"), { json, schema: reverEmptyResponse });
  }

  /** GET /v1/processes/{id}/label: a URL to download the label file. */
  getLabelUrl(processId: string) {
    return this.call("GET", this.path(processId, "label"), { schema: reverLabelResponse });
  }

  /** GET /v1/processes/{id}/logistics: the reverse delivery summary. */
  getLogistics(processId: string) {
    return this.call("GET", this.path(processId, "logistics"), { schema: reverLogisticsResponse });
  }

  /**
   * POST /v1/processes/{id}/pickup: needs a logistic order first. Not idempotent, and no documented read lists a
   * process's pickups: a failure after sending is never repeated here (OutcomeUnknownError: the caller decides).
   */
  createPickup(processId: string, input: Omit<ReverPickupRequest, "process_id">) {
    const json = checkRequest(reverPickupRequest, { ...input, process_id: processId }, "rever");
    return this.call("POST", this.path(processId, "pickup"), {
      json,
      schema: reverPickupResponse,
      unsafeToRepeat: true,
      ctx: { provider: json.provider, carrier: json.carrier, returnType: "pickup", creates: true },
    });
  }

  /** POST /v1/processes/{id}/logistics/: a logistic order made elsewhere, with its label file (pdf, png, jpg). */
  saveManualLogisticOrder(processId: string, input: ReverManualLogisticOrderRequest, lookupBeforeRetry?: () => Promise<ReverLogisticOrderResponse | undefined>) {
    const json = checkRequest(reverManualLogisticOrderRequest, input, "rever");
    if (json.order.process_id !== processId) throw new ValidationError("Not sent to rever: order.process_id must be the process in the path", { service: "rever", fields: { "order.process_id": "must match" } });
    return this.call("POST", this.path(processId, "logistics/"), { json, schema: reverLogisticOrderResponse, lookupBeforeRetry, unsafeToRepeat: true });
  }

  /** PUT /v1/processes/{id}/logistics/: create a logistic order; not idempotent (looked up, never sent twice). */
  createLogisticOrder(processId: string, input: Omit<ReverCreateLogisticOrderRequest, "process_id">, lookupBeforeRetry?: () => Promise<ReverLogisticOrderResponse | undefined>) {
    const json = checkRequest(reverCreateLogisticOrderRequest, { ...input, process_id: processId }, "rever");
    return this.call("PUT", this.path(processId, "logistics/"), {
      json,
      schema: reverLogisticOrderResponse,
      lookupBeforeRetry,
      // No idempotency key: a lookup that finds nothing may come before a queued create lands, so never sent twice.
      unsafeToRepeat: true,
      ctx: { provider: json.provider, carrier: json.carrier, returnType: json.return_type, creates: true },
    });
  }

  /** Assumption: GET /v1/processes?ecommerce_id=&order_number= lists the processes of an order. */
  searchProcesses(ecommerceId: string, orderNumber: string) {
    return this.call("GET", "v1/processes", { query: { ecommerce_id: ecommerceId, order_number: orderNumber }, schema: reverProcessSearchResponse });
  }

  /** Assumption: POST /v1/returns/import creates (or finds) the process for a return made elsewhere. */
  importReturn(input: ReverImportReturnRequest) {
    const json = checkRequest(reverImportReturnRequest, input, "rever");
    return this.call("POST", "v1/returns/import", { json, schema: reverImportReturnResponse });
  }
}
