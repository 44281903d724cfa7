import { webhookAction } from "../webhooks/webhook-route.server";

// Shopify webhook `customers/data_request` (shopify.app.toml): verified, stored and acknowledged; processed in a job.
export const action = webhookAction("customers/data_request");
