// The Admin API version the app is built against: the gateway's endpoint, the library's apiVersion and
// shopify.app.toml's [webhooks] api_version all use it (test/shopify-app-toml.test.ts compares them).
export const ADMIN_API_VERSION = "2026-07";
