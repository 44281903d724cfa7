// Public surface of the Shopify sandbox: the simulator, webhook signing, seeding.
export { startShopifySimulator, simulatorSchema, type ShopifySimulator, type ShopifySimulatorOptions, type GraphqlCall } from "./simulator";
export { signWebhook, verifyWebhookHmac, parseWebhookPaths, readWebhookPaths, type DeliveredWebhook, type DeliveryMode } from "./webhooks";
export { ShopStore, type StoreOptions } from "./store";
export { requestedQueryCost, actualQueryCost, pageFactor } from "./cost";
export { seedShop, demoSeedSpec, type SeedSpec, type SeedOrderSpec, type SeededOrder, type SeededReturn } from "./seed";
