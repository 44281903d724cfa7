import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { log } from "../logger.server";
import { TOPICS, type Topic } from "./topics.server";
import { verifyShopifyHmac } from "./verify-hmac.server";

// The webhook request path: verify, store one delivery (+ its job), acknowledge. Nothing slow runs here:
// no session load, no Shopify or provider call. Processing happens in the `webhook.process` job.

export const PROCESS_WEBHOOK_JOB = "webhook.process";

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
  db: Db;
  secret: string;
  maxBytes: number;
  /** Where the queue lives in another store (pg-boss), jobs are sent after the commit and swept if lost. */
  enqueueAfterCommit?: (deliveryId: string, shop: string) => Promise<void>;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
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

  let payload: unknown;
  try {
    payload = JSON.parse(hook.rawBody.toString("utf8"));
  } catch {
    return { status: 400, body: "Body is not valid JSON", outcome: "malformed" };
  }
  const triggeredRaw = hook.headers.get("x-shopify-triggered-at");
  const triggeredAt = triggeredRaw && !Number.isNaN(Date.parse(triggeredRaw)) ? new Date(triggeredRaw) : null;

  // Valid JSON without what we key on: acknowledged (a 4xx makes Shopify retry for hours), recorded, never processed.
  const parsed = TOPICS[hook.topic].schema.safeParse(payload);
  const reason = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  const resourceGid =
    parsed.success && payload && typeof payload === "object" && "admin_graphql_api_id" in payload
      ? String((payload as { admin_graphql_api_id: unknown }).admin_graphql_api_id)
      : null;

  const data = {
    shop,
    eventId,
    webhookId: hook.headers.get("x-shopify-webhook-id"),
    topic: hook.topic,
    apiVersion: hook.headers.get("x-shopify-api-version"),
    triggeredAt,
    resourceGid,
    payload: hook.rawBody.toString("utf8"),
    state: reason ? "REJECTED" : "RECEIVED",
    reason,
  };
  let deliveryId: string;
  try {
    if (reason || deps.enqueueAfterCommit) {
      deliveryId = (await deps.db.webhookDelivery.create({ data, select: { id: true } })).id;
    } else {
      // SQLite runner: the job row is written in the same transaction as the delivery.
      deliveryId = await deps.db.$transaction(async (tx) => {
        const d = await tx.webhookDelivery.create({ data, select: { id: true } });
        await tx.job.create({
          data: { name: PROCESS_WEBHOOK_JOB, shop, payload: JSON.stringify({ deliveryId: d.id }), singletonKey: `webhook:${d.id}` },
        });
        return d.id;
      });
    }
  } catch (err) {
    if (isUniqueViolation(err)) return { status: 200, body: "Duplicate delivery", outcome: "duplicate" };
    throw err;
  }
  if (reason) {
    log.warn("webhook.rejected", { shop, topic: hook.topic, eventId, reason });
    return { status: 200, body: "Accepted (not processable)", deliveryId, outcome: "rejected" };
  }
  if (deps.enqueueAfterCommit) {
    // If this fails the sweeper re-enqueues RECEIVED deliveries that have no job.
    await deps.enqueueAfterCommit(deliveryId, shop).catch((err) => log.warn("webhook.enqueue_failed", { deliveryId, err }));
  }
  return { status: 200, body: "OK", deliveryId, outcome: "stored" };
}

/** Read a body with a hard limit so an oversized request is refused without buffering it all. */
export async function readLimitedBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | "too_large"> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
