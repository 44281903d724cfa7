// Fixed sandbox values for `npm run demo` / `npm run sandbox`. Every one can be overridden from the environment.
export const DEMO_DEFAULTS = {
  PORT: "3000",
  HOST: "127.0.0.1",
  DATABASE_URL: "file:./prisma/demo.sqlite",
  SHOPIFY_API_KEY: "returns-bridge-demo-key",
  SHOPIFY_API_SECRET: "returns-bridge-demo-secret",
  ENCRYPTION_KEY: "d3b07384d113edec49eaa6238ad5ff00d3b07384d113edec49eaa6238ad5ff00",
  DEMO_SHOP: "returns-bridge-demo.myshopify.com",
  DEMO_MODE: "1",
  NODE_ENV: "development",
} as const;

export const DEMO_ACCESS_TOKEN = "shpat_sandbox_demo_token";

/** Apply the defaults for every variable the environment does not set. */
export function applyDemoEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [k, v] of Object.entries(DEMO_DEFAULTS)) if (env[k] === undefined || env[k] === "") env[k] = v;
  env.SHOPIFY_APP_URL ??= `http://${env.HOST}:${env.PORT}`;
}
