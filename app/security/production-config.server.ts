import { isLoopbackHostname } from "../platforms/provider-hosts";

// Production fails closed: configuration a reviewer can find in this repository (demo, example and test values),
// sandbox overrides and the demo's skipped authentication stop the boot with the setting named. Checked by the
// configuration schema (app/env.server.ts) whenever NODE_ENV=production; `npm start` and `npm run worker`
// always run with it.

export interface ConfigProblem {
  setting: string;
  message: string;
}

/** Values published here: sandbox/demo-config.ts, .env.example, test/runtime.ts and test/demo-process.ts. */
export const PUBLISHED_VALUES = {
  SHOPIFY_API_KEY: ["returns-bridge-demo-key", "0123456789abcdef0123456789abcdef", "test-api-key"],
  SHOPIFY_API_SECRET: ["returns-bridge-demo-secret", "shpss_fake_secret_value_for_docs", "test-api-secret-0123456789", "browser-test-secret-0123456789"],
  ENCRYPTION_KEY: [
    "d3b07384d113edec49eaa6238ad5ff00d3b07384d113edec49eaa6238ad5ff00",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  ],
} as const;

interface CheckedSettings {
  NODE_ENV: string;
  HOST: string;
  DEMO_MODE: boolean;
  SHOPIFY_API_KEY: string;
  SHOPIFY_API_SECRET: string;
  SHOPIFY_APP_URL: string;
  ENCRYPTION_KEY: string;
  SHOPIFY_ADMIN_API_ORIGIN?: string;
  REVER_API_BASE_URL?: string;
}

function published(setting: keyof typeof PUBLISHED_VALUES, value: string): boolean {
  return (PUBLISHED_VALUES[setting] as readonly string[]).some((v) => v.toLowerCase() === value.trim().toLowerCase());
}

/** A key whose 32 bytes are all the same (all zeros, all ones...) is no key. */
function trivialKey(value: string): boolean {
  const hex = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  return hex.length > 0 && hex.every((b) => b === hex[0]);
}

function isHttps(value: string | undefined): boolean {
  try {
    return value !== undefined && new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Checked in every mode: the demo skips Shopify authentication, so it listens on this machine only. */
export function demoProblems(env: CheckedSettings): ConfigProblem[] {
  if (!env.DEMO_MODE || isLoopbackHostname(env.HOST)) return [];
  return [{ setting: "DEMO_MODE", message: `DEMO_MODE=1 skips Shopify authentication, so it only listens on a loopback HOST (127.0.0.1, ::1 or localhost), not ${env.HOST}` }];
}

/** What NODE_ENV=production refuses, one problem per setting, each saying what to do. */
export function productionProblems(env: CheckedSettings): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (env.DEMO_MODE) out.push({ setting: "DEMO_MODE", message: "DEMO_MODE=1 is sandbox-only (it skips Shopify authentication): unset it in production" });
  if (env.SHOPIFY_ADMIN_API_ORIGIN) {
    out.push({ setting: "SHOPIFY_ADMIN_API_ORIGIN", message: "SHOPIFY_ADMIN_API_ORIGIN is a sandbox override (the Shopify simulator) and would send merchants' tokens elsewhere: unset it in production" });
  }
  if (published("SHOPIFY_API_SECRET", env.SHOPIFY_API_SECRET)) {
    out.push({ setting: "SHOPIFY_API_SECRET", message: "SHOPIFY_API_SECRET is a demo, example or test value published in this repository: set the app's client secret from the Partner Dashboard" });
  }
  if (published("SHOPIFY_API_KEY", env.SHOPIFY_API_KEY)) {
    out.push({ setting: "SHOPIFY_API_KEY", message: "SHOPIFY_API_KEY is a demo, example or test value published in this repository: set the app's client id from the Partner Dashboard" });
  }
  if (published("ENCRYPTION_KEY", env.ENCRYPTION_KEY) || trivialKey(env.ENCRYPTION_KEY)) {
    out.push({
      setting: "ENCRYPTION_KEY",
      message: "ENCRYPTION_KEY is a demo, example or test key published in this repository: generate one with `openssl rand -hex 32` (move the old one to ENCRYPTION_OLD_KEYS and run `npm run secrets:reseal`)",
    });
  }
  if (!isHttps(env.SHOPIFY_APP_URL)) out.push({ setting: "SHOPIFY_APP_URL", message: "SHOPIFY_APP_URL must be an https:// URL in production" });
  if (env.REVER_API_BASE_URL !== undefined && !isHttps(env.REVER_API_BASE_URL)) {
    out.push({ setting: "REVER_API_BASE_URL", message: "REVER_API_BASE_URL must be an https:// URL in production" });
  }
  return out;
}
