import { z } from "zod";

// Every topic we subscribe to (shopify.app.toml), its path and what its payload must carry (handlers:
// topic-handlers.server.ts). Payload schemas require only what we key on and allow extra keys (Shopify adds
// fields over time).

/** The job that processes a stored delivery (app/jobs/webhook-jobs.server.ts). */
export const PROCESS_WEBHOOK = "webhook.process";

const gid = (type: string) =>
  z
    .string({ required_error: "admin_graphql_api_id is required" })
    .regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `admin_graphql_api_id must be a ${type} GID`);

const returnPayload = z.object({ admin_graphql_api_id: gid("Return") }).passthrough();
const reverseDeliveryPayload = z.object({ admin_graphql_api_id: gid("ReverseDelivery") }).passthrough();
const reverseFulfillmentOrderPayload = z.object({ admin_graphql_api_id: gid("ReverseFulfillmentOrder") }).passthrough();

const customerRef = z
  .object({ id: z.union([z.number(), z.string()]).nullish(), email: z.string().nullish(), phone: z.string().nullish() })
  .passthrough();

export const TOPICS = {
  "returns/request": { path: "/webhooks/returns/request", kind: "return", schema: returnPayload },
  "returns/approve": { path: "/webhooks/returns/approve", kind: "return", schema: returnPayload },
  "returns/decline": { path: "/webhooks/returns/decline", kind: "return", schema: returnPayload },
  "returns/cancel": { path: "/webhooks/returns/cancel", kind: "return", schema: returnPayload },
  "returns/close": { path: "/webhooks/returns/close", kind: "return", schema: returnPayload },
  "returns/reopen": { path: "/webhooks/returns/reopen", kind: "return", schema: returnPayload },
  "returns/update": { path: "/webhooks/returns/update", kind: "return", schema: returnPayload },
  "returns/process": { path: "/webhooks/returns/process", kind: "return", schema: returnPayload },
  "reverse_deliveries/attach_deliverable": {
    path: "/webhooks/reverse-deliveries/attach-deliverable",
    kind: "reverse_delivery",
    schema: reverseDeliveryPayload,
  },
  // The warehouse recorded what happened to returned items: for automation, the parcel has arrived (issue 16).
  "reverse_fulfillment_orders/dispose": {
    path: "/webhooks/reverse-fulfillment-orders/dispose",
    kind: "reverse_fulfillment_order",
    schema: reverseFulfillmentOrderPayload,
  },
  "app/uninstalled": { path: "/webhooks/app/uninstalled", kind: "app", schema: z.object({}).passthrough() },
  "app/scopes_update": {
    path: "/webhooks/app/scopes-update",
    kind: "app",
    schema: z.object({ current: z.array(z.string()) }).passthrough(),
  },
  "customers/data_request": {
    path: "/webhooks/customers/data-request",
    kind: "compliance",
    schema: z.object({ shop_domain: z.string().optional(), customer: customerRef, orders_requested: z.array(z.union([z.number(), z.string()])).optional() }).passthrough(),
  },
  "customers/redact": {
    path: "/webhooks/customers/redact",
    kind: "compliance",
    schema: z.object({ shop_domain: z.string().optional(), customer: customerRef, orders_to_redact: z.array(z.union([z.number(), z.string()])).optional() }).passthrough(),
  },
  "shop/redact": { path: "/webhooks/shop/redact", kind: "compliance", schema: z.object({ shop_domain: z.string().optional() }).passthrough() },
} as const;

export type Topic = keyof typeof TOPICS;

const byPath = new Map<string, Topic>(Object.entries(TOPICS).map(([topic, def]) => [def.path, topic as Topic]));

export function topicForPath(pathname: string): Topic | undefined {
  return byPath.get(pathname.replace(/\/+$/, ""));
}

export function isTopic(value: string): value is Topic {
  return value in TOPICS;
}
