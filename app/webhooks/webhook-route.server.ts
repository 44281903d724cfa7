import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { env } from "../env.server";
import { ingestWebhook, readLimitedBody } from "./ingest.server";
import type { Topic } from "./topics.server";

// The Remix action every webhooks.* route exports: thin glue around `ingestWebhook`.
export function webhookAction(topic: Topic) {
  return async ({ request }: ActionFunctionArgs) => {
    if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
    const e = env();
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > e.WEBHOOK_MAX_BYTES) return new Response("Payload too large", { status: 413 });
    const body = await readLimitedBody(request.body, e.WEBHOOK_MAX_BYTES);
    if (body === "too_large") return new Response("Payload too large", { status: 413 });
    const result = await ingestWebhook(
      { db: await db(), secret: e.SHOPIFY_API_SECRET, maxBytes: e.WEBHOOK_MAX_BYTES },
      { topic, headers: request.headers, rawBody: body },
    );
    return new Response(result.body, { status: result.status, headers: { "content-type": "text/plain" } });
  };
}
