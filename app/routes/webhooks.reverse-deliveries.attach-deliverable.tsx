import { webhookAction } from "../webhooks/webhook-route.server";

// Shopify webhook `reverse_deliveries/attach_deliverable` (shopify.app.toml): verified, stored and acknowledged; processed in a job.
export const action = webhookAction("reverse_deliveries/attach_deliverable");
