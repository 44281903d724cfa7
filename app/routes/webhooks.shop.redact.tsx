import { webhookAction } from "../webhooks/webhook-route.server";

// Shopify webhook `shop/redact` (shopify.app.toml): verified, stored and acknowledged; processed in a job.
export const action = webhookAction("shop/redact");
