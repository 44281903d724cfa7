import { createHmac } from "node:crypto";

// Signed returns/request deliveries shaped like Shopify's (about 1.5 KB), each with its own event id.

export const BENCH_SECRET = "bench-webhook-secret-0123456789abcdef";
export const BENCH_SHOP = "bench-shop.myshopify.com";
export const BENCH_API_VERSION = "2026-07";
export const RETURNS_REQUEST_PATH = "/webhooks/returns/request";

export interface SignedDelivery {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

const REASONS = ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "NOT_AS_DESCRIBED", "DEFECTIVE", "WRONG_ITEM", "STYLE", "COLOR"];

export function returnsRequestPayload(seq: number): Record<string, unknown> {
  const returnId = 9_100_000_000 + seq;
  const orderId = 5_200_000_000 + seq;
  const lines = 1 + (seq % 3);
  return {
    id: returnId,
    admin_graphql_api_id: `gid://shopify/Return/${returnId}`,
    status: "requested",
    name: `#${1000 + (seq % 90_000)}-R1`,
    order: { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}` },
    total_return_line_items: lines,
    return_line_items: Array.from({ length: lines }, (_, i) => {
      const lineId = returnId * 10 + i;
      return {
        id: lineId,
        admin_graphql_api_id: `gid://shopify/ReturnLineItem/${lineId}`,
        fulfillment_line_item: {
          id: lineId + 7,
          admin_graphql_api_id: `gid://shopify/FulfillmentLineItem/${lineId + 7}`,
          line_item: { id: lineId + 11, admin_graphql_api_id: `gid://shopify/LineItem/${lineId + 11}`, sku: `SKU-${(seq * 7 + i) % 5000}`, quantity: 1 },
        },
        quantity: 1,
        return_reason: REASONS[(seq + i) % REASONS.length],
        return_reason_note: i === 0 ? "The fit is not what I expected, I would like a refund please." : "",
        customer_note: "Requested from the customer account page",
      };
    }),
    total_exchange_line_items: 0,
    exchange_line_items: [],
    return_shipping_fees: [],
    decline: null,
  };
}

export function sign(body: Buffer | string, secret = BENCH_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** A unique, validly signed returns/request delivery; `run` keeps event ids unique across runs on one database. */
export function signedDelivery(seq: number, run: string, secret = BENCH_SECRET): SignedDelivery {
  const body = Buffer.from(JSON.stringify(returnsRequestPayload(seq)));
  return {
    path: RETURNS_REQUEST_PATH,
    body,
    headers: {
      "content-type": "application/json",
      "content-length": String(body.length),
      "x-shopify-hmac-sha256": sign(body, secret),
      "x-shopify-shop-domain": BENCH_SHOP,
      "x-shopify-topic": "returns/request",
      "x-shopify-api-version": BENCH_API_VERSION,
      "x-shopify-webhook-id": `wh-${run}-${seq}`,
      "x-shopify-event-id": `ev-${run}-${seq}`,
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}
