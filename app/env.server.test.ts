import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env.server";

const valid = {
  DATABASE_URL: "file:./prisma/dev.sqlite",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret-0123456789",
  SHOPIFY_APP_URL: "https://app.example.com",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

function problemsFor(overrides: Record<string, string | undefined>): string {
  try {
    parseEnv({ ...valid, ...overrides });
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe("configuration", () => {
  it("accepts a complete configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.SCOPES).toBe("read_orders,read_returns,write_returns");
    expect(env.DEMO_MODE).toBe(false);
  });

  it("names a missing secret", () => {
    expect(problemsFor({ SHOPIFY_API_SECRET: undefined })).toMatch(/SHOPIFY_API_SECRET is required/);
  });

  it("names a malformed DATABASE_URL", () => {
    expect(problemsFor({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL/);
  });

  it("names an encryption key of the wrong length", () => {
    expect(problemsFor({ ENCRYPTION_KEY: "abcd" })).toMatch(/ENCRYPTION_KEY must be 32 bytes/);
  });

  it("refuses demo mode in production", () => {
    expect(problemsFor({ DEMO_MODE: "1", NODE_ENV: "production" })).toMatch(/DEMO_MODE refuses/);
  });

  it("stops `npm start` at boot with a message naming the bad setting", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const res = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", ...valid, ENCRYPTION_KEY: "too-short" },
      encoding: "utf8",
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/ENCRYPTION_KEY/);
  });
});
