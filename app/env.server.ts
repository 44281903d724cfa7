import { z } from "zod";
import { dbKind } from "../prisma/db-url";
import { parseProviderExtraHosts } from "./platforms/provider-hosts";
import { productionProblems, demoProblems } from "./security/production-config.server";

// Configuration is validated once at boot; a bad setting stops the app with a message naming it.

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const url = (name: string) =>
  z.string({ required_error: `${name} is required` }).url(`${name} must be a URL (e.g. https://example.com)`);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z
      .string({ required_error: "DATABASE_URL is required (file:./prisma/dev.sqlite or postgresql://...)" })
      .superRefine((v, ctx) => {
        try {
          dbKind(v);
          if (v.startsWith("postgres")) new URL(v);
        } catch (err) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message.replace(/^DATABASE_URL /, "") });
        }
      }),
    SHOPIFY_API_KEY: z.string({ required_error: "SHOPIFY_API_KEY is required" }).min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z
      .string({ required_error: "SHOPIFY_API_SECRET is required" })
      .min(8, "SHOPIFY_API_SECRET must be the app's client secret"),
    SHOPIFY_APP_URL: url("SHOPIFY_APP_URL"),
    SCOPES: z.string().default("read_orders,read_all_orders,read_returns,write_returns,read_locations"),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // 32 bytes as 64 hex characters or 44 base64 characters (openssl rand -hex 32).
    ENCRYPTION_KEY: z
      .string({ required_error: "ENCRYPTION_KEY is required (32 bytes: `openssl rand -hex 32`)" })
      .refine((v) => decodeKey(v) !== null, "ENCRYPTION_KEY must be 32 bytes as 64 hex or base64 characters"),
    // Keys that sealed older values: they still open them (rotation); new values are sealed with ENCRYPTION_KEY.
    ENCRYPTION_OLD_KEYS: z
      .string()
      .default("")
      .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
      .refine((keys) => keys.every((k) => decodeKey(k) !== null), "ENCRYPTION_OLD_KEYS must be comma-separated 32-byte keys (64 hex or base64 characters)"),
    // Sandbox only (refused in production): where the Shopify Admin API lives (the simulator). Production talks to https://{shop}.
    SHOPIFY_ADMIN_API_ORIGIN: url("SHOPIFY_ADMIN_API_ORIGIN").optional(),
    // REVER documents only a mock server: the operator sets the production API base URL REVER gives them.
    REVER_API_BASE_URL: url("REVER_API_BASE_URL").optional(),
    // Operator only: provider API hosts our docs do not name, "IFRETURNS:host,REVER:host" (a merchant cannot add one).
    PROVIDER_EXTRA_HOSTS: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const parsed = parseProviderExtraHosts(v);
        for (const problem of parsed.problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `PROVIDER_EXTRA_HOSTS: ${problem}` });
        return parsed.hosts;
      }),
    // Retention (days): handled webhook deliveries are deleted, label file URLs of closed returns forgotten.
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    LABEL_URL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    DEMO_MODE: bool.default("0"),
    DEMO_SHOP: z.string().default("returns-bridge-demo.myshopify.com"),
    // Whether this process runs jobs (it always sends them): "0" for a web process beside `npm run worker` ones.
    RUN_JOBS: bool.default("1"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(512 * 1024),
    // How soon a reconciliation pass whose process died is taken over (its lease is renewed 4 times per lease).
    RECONCILE_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  })
  .superRefine((env, ctx) => {
    // Production fails closed: demo and example values, sandbox overrides and DEMO_MODE stop the boot, named.
    const problems = [...demoProblems(env), ...(env.NODE_ENV === "production" ? productionProblems(env) : [])];
    for (const p of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [p.setting], message: p.message });
  });

export type Env = z.infer<typeof envSchema>;

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const buf = Buffer.from(value, "base64");
    return buf.length === 32 ? buf : null;
  }
  return null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join(".") || "environment";
    return i.message.startsWith(key) ? i.message : `${key}: ${i.message}`;
  });
  throw new ConfigError(problems);
}

/** The process's configuration, read once by the entry point that builds the runtime (never by app modules). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(source);
}
