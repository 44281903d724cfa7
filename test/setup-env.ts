// Every test worker gets a valid, fake configuration; tests that need more set it themselves.
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret-0123456789";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
process.env.ENCRYPTION_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
