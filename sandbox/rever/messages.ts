import type { ErrorBodies, MessageType } from "../lib";

// The REVER Admin API request messages as its document's examples list them (every request example spells out
// every field, nested ones included), decoded the way its gRPC-gateway does (../lib/proto-json.ts), and the
// gRPC status codes with the HTTP statuses grpc-gateway v2 gives them (runtime/errors.go, HTTPStatusFromCode).

export const LKSS = ["NO_SHIPPING_STATUS", "CREATED", "COLLECTED", "IN_WAREHOUSE", "ERROR", "CANCELED"] as const;
export const RETURN_TYPES = ["NO_RETURN_METHOD", "HOME_PICK_UP", "DROP_OFF_POINT", "DELIVERY_PICKUP", "IN_STORE"] as const;
export const PICKUP_RANGES = ["NO_RANGE", "RANGE_8_TO_12", "RANGE_12_TO_16", "RANGE_16_TO_20"] as const;

const address: MessageType = {
  address_line_1: "string",
  address_line_2: "string",
  city: "string",
  company: "string",
  country: "string",
  country_code: "string",
  email: "string",
  first_name: "string",
  last_name: "string",
  phone: "string",
  postcode: "string",
  rever_id: "string",
  state_province: "string",
  state_province_code: "string",
};
const customer: MessageType = { email: "string", first_name: "string", last_name: "string", rever_id: "string" };
const settings: MessageType = {
  logistic_config: { repeated: { message: { carrier: "string", provider: "string" } } },
  return_method: { enum: RETURN_TYPES },
};

export const UPDATE_LKSS_REQUEST: MessageType = { lkss: { enum: LKSS }, process_id: "string" };

export const CREATE_PICKUP_REQUEST: MessageType = {
  carrier: "string",
  customer: { message: customer },
  ecommerce_id: "string",
  pickup_address: { message: address },
  pickup_ranges: { repeated: { enum: PICKUP_RANGES } },
  process_id: "string",
  provider: "string",
  settings: { message: settings },
};

export const SAVE_MANUAL_ORDER_REQUEST: MessageType = {
  label: "bytes",
  label_extension: "string",
  order: {
    message: {
      carrier: "string",
      from: { message: address },
      process_id: "string",
      provider: "string",
      return_method: { enum: RETURN_TYPES },
      to: { message: address },
      tracking_id: "string",
      tracking_url: "string",
    },
  },
};

export const CREATE_LOGISTIC_ORDER_REQUEST: MessageType = {
  carrier: "string",
  customer: { message: customer },
  customer_address: { message: address },
  ecommerce_group: "string",
  ecommerce_id: "string",
  ecommerce_order_id: "string",
  ecommerce_warehouse_address: { message: address },
  order_number: "string",
  pickup_ranges: { repeated: { enum: PICKUP_RANGES } },
  process_id: "string",
  provider: "string",
  return_type: { enum: RETURN_TYPES },
  settings: { message: settings },
  weight_in_grams: "int32",
};

/** Assumed (decision 0004): the body of the undocumented returns import. */
export const IMPORT_RETURN_REQUEST: MessageType = {
  ecommerce_id: "string",
  order_number: "string",
  ecommerce_order_id: "string",
  return_name: "string",
  customer: { message: customer },
  items: { repeated: { message: { sku: "string", title: "string", quantity: "int32" } } },
  return_method: { enum: RETURN_TYPES },
};

export const GRPC_CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

/** grpc-gateway v2's HTTPStatusFromCode. */
export const HTTP_STATUS_BY_CODE: Record<number, number> = { 0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 };

/** The code grpc-gateway's routing errors and our generic HTTP errors carry (404 -> NotFound, 405 -> Unimplemented...). */
export const CODE_BY_HTTP_STATUS: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 3, 415: 3, 429: 8, 500: 13, 501: 12, 503: 14 };

/**
 * REVER's error body as the profile has it: grpc-gateway's status JSON `{code, message, details}` (assumed,
 * decision 0004), only the code's name (`{"code":"UNIMPLEMENTED"}`), or no body at all.
 */
export function reverErrorBody(style: ErrorBodies, code: number, message: string) {
  if (style === "none") return undefined;
  if (style === "string-code") return { code: GRPC_CODE_NAMES[code] ?? "UNKNOWN" };
  return { code, message, details: [] as unknown[] };
}
