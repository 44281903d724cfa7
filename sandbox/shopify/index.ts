// Public surface of the Shopify sandbox: the simulator, webhook signing, seeding, tokens and access settings.
export { startShopifySimulator, simulatorSchema, type ShopifySimulator, type ShopifySimulatorOptions, type GraphqlCall } from "./simulator";
export { signWebhook, verifyWebhookHmac, parseWebhookPaths, readWebhookPaths, type DeliveredWebhook, type DeliveryMode } from "./webhooks";
export { ShopStore, DEFAULT_SCOPES, type StoreOptions, type RepeatPolicy } from "./store";
export { SimClock } from "./clock";
export { signSessionToken, verifySessionToken, type SessionTokenClaims } from "./session-token";
export { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, REFRESH_RECOVERY_MS, type TokenMode, type TokenStats } from "./oauth";
export { FULL_ACCESS, type ProtectedCustomerData, type ProtectedField } from "./protected-data";
export { requestedQueryCost, actualQueryCost, pageFactor } from "./cost";
export { seedShop, demoSeedSpec, type SeedSpec, type SeedOrderSpec, type SeedOptions, type SeededOrder, type SeededReturn } from "./seed";
