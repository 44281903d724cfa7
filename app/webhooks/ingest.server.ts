import type { Jobs } from "../jobs/jobs.server";
import type { OutboxTable } from "../jobs/outbox-writer.server";
import { newRowId } from "../jobs/row-id.server";
import type { Logger } from "../logger.server";
import { PROCESS_WEBHOOK, TOPICS, type Topic } from "./topics.server";
import { verifyShopifyHmac } from "./verify-hmac.server";

// The webhook request path: verify, store one delivery with its processing job, acknowledge. Nothing slow runs
// here: no session load, no Shopify or provider call. Processing happens in the `webhook.process` job.

export interface IncomingWebhook {
  topic: Topic;
  headers: { get(name: string): string | null };
  rawBody: Buffer;
}

export interface IngestResult {
  status: 200 | 400 | 401 | 413;
  body: string;
  deliveryId?: string;
  outcome: "stored" | "duplicate" | "rejected" | "unauthorized" | "malformed" | "too_large";
}

export interface IngestDeps {
  jobs: Pick<Jobs, "outbox">;
  log: Logger;
  secret: string;
  maxBytes: number;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface DeliveryRow {
  id: string;
  shop: string;
  eventId: string;
  webhookId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  resourceGid: string | null;
  payload: string;
  state: "RECEIVED" | "REJECTED";
  reason: string | null;
  receivedAt: Date;
}

/** Deliveries, once per (shop, topic, event id), each with its `webhook.process` job (the sweep re-sends a lost one). */
export const WEBHOOK_OUTBOX: OutboxTable<DeliveryRow> = {
  table: "WebhookDelivery",
  columns: [
    { name: "id", pgType: "text" },
    { name: "shop", pgType: "text" },
    { name: "eventId", pgType: "text" },
    { name: "webhookId", pgType: "text" },
    { name: "topic", pgType: "text" },
    { name: "apiVersion", pgType: "text" },
    { name: "triggeredAt", pgType: "timestamp(3)" },
    { name: "resourceGid", pgType: "text" },
    { name: "payload", pgType: "text" },
    { name: "state", pgType: "text" },
    { name: "reason", pgType: "text" },
    { name: "receivedAt", pgType: "timestamp(3)" },
  ],
  conflict: ["shop", "topic", "eventId"],
  job: { name: PROCESS_WEBHOOK, payload: (row) => ({ deliveryId: row.id }) },
  timeColumn: "receivedAt",
  sizeOf: (row) => row.payload.length,
};

/** A payload that names its shop (compliance topics: shop_domain; app/uninstalled: myshopify_domain) must name the header's. */
function shopMismatch(payload: unknown, shop: string): string | null {
  if (!payload || typeof payload !== "object") return null;
  const p = payload as { shop_domain?: unknown; myshopify_domain?: unknown };
  const named = typeof p.shop_domain === "string" ? p.shop_domain : typeof p.myshopify_domain === "string" ? p.myshopify_domain : null;
  if (named === null || named.toLowerCase() === shop) return null;
  return `The payload's shop (${named.slice(0, 100)}) is not the X-Shopify-Shop-Domain (${shop})`;
}

export async function ingestWebhook(deps: IngestDeps, hook: IncomingWebhook): Promise<IngestResult> {
  if (hook.rawBody.length > deps.maxBytes) return { status: 413, body: "Payload too large", outcome: "too_large" };
  if (!verifyShopifyHmac(hook.rawBody, hook.headers.get("x-shopify-hmac-sha256"), deps.secret)) {
    return { status: 401, body: "Invalid HMAC", outcome: "unauthorized" };
  }
  const shop = (hook.headers.get("x-shopify-shop-domain") ?? "").toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) return { status: 400, body: "X-Shopify-Shop-Domain must be a *.myshopify.com domain", outcome: "malformed" };
  const headerTopic = hook.headers.get("x-shopify-topic");
  if (headerTopic && headerTopic !== hook.topic) {
    return { status: 400, body: `X-Shopify-Topic "${headerTopic.slice(0, 64)}" does not match this endpoint (${hook.topic})`, outcome: "malformed" };
  }
  const eventId = hook.headers.get("x-shopify-event-id") ?? hook.headers.get("x-shopify-webhook-id");
  if (!eventId || eventId.length > 255) return { status: 400, body: "X-Shopify-Event-Id is required", outcome: "malformed" };

  const text = hook.rawBody.toString("utf8");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { status: 400, body: "Body is not valid JSON", outcome: "malformed" };
  }
  const triggeredRaw = hook.headers.get("x-shopify-triggered-at");
  const triggeredAt = triggeredRaw && !Number.isNaN(Date.parse(triggeredRaw)) ? new Date(triggeredRaw) : null;

  // Valid JSON without what we key on: acknowledged (a 4xx makes Shopify retry for hours), recorded, never processed.
  const parsed = TOPICS[hook.topic].schema.safeParse(payload);
  const reason = shopMismatch(payload, shop) ?? (parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const resourceGid =
    parsed.success && payload && typeof payload === "object" && "admin_graphql_api_id" in payload
      ? String((payload as { admin_graphql_api_id: unknown }).admin_graphql_api_id)
      : null;

  const row: DeliveryRow = {
    id: newRowId(),
    shop,
    eventId,
    webhookId: hook.headers.get("x-shopify-webhook-id"),
    topic: hook.topic,
    apiVersion: hook.headers.get("x-shopify-api-version"),
    triggeredAt,
    resourceGid,
    payload: text,
    state: reason ? "REJECTED" : "RECEIVED",
    reason,
    receivedAt: new Date(),
  };
  // The delivery and its processing job commit together (a rejected one gets no job).
  const stored = await deps.jobs.outbox(WEBHOOK_OUTBOX).write(row, { enqueue: !reason });
  if (!stored) return { status: 200, body: "Duplicate delivery", outcome: "duplicate" };
  const deliveryId = row.id;
  if (reason) {
    deps.log.warn("webhook.rejected", { shop, topic: hook.topic, eventId, reason });
    return { status: 200, body: "Accepted (not processable)", deliveryId, outcome: "rejected" };
  }
  return { status: 200, body: "OK", deliveryId, outcome: "stored" };
}
