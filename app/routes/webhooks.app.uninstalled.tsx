import { webhookAction } from "../webhooks/webhook-route.server";

// Shopify webhook `app/uninstalled` (shopify.app.toml): verified, stored and acknowledged; processed in a job.
export const action = webhookAction("app/uninstalled");
