import { webhookAction } from "../webhooks/webhook-route.server";

// Shopify webhook `returns/update` (shopify.app.toml): verified, stored and acknowledged; processed in a job.
export const action = webhookAction("returns/update");
