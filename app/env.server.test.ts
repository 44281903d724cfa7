import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv, parseEnv } from "./env.server";

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
    expect(env.SCOPES).toBe("read_orders,read_all_orders,read_returns,write_returns,read_locations");
    expect(env.DEMO_MODE).toBe(false);
    expect(env.RUN_JOBS).toBe(true);
    expect(env.ENCRYPTION_OLD_KEYS).toEqual([]);
  });

  it("reads the source it is given each time (no cached configuration)", () => {
    expect(loadEnv({ ...valid, PORT: "4001" }).PORT).toBe(4001);
    expect(loadEnv({ ...valid, PORT: "4002" }).PORT).toBe(4002);
  });

  it("lets a web process leave jobs to worker processes with RUN_JOBS=0", () => {
    expect(parseEnv({ ...valid, RUN_JOBS: "0" }).RUN_JOBS).toBe(false);
    expect(problemsFor({ RUN_JOBS: "sometimes" })).toMatch(/RUN_JOBS/);
  });

  it("reads old encryption keys as a comma-separated list and names a malformed one", () => {
    const old = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ ...valid, ENCRYPTION_OLD_KEYS: ` ${old} , ${b64},` }).ENCRYPTION_OLD_KEYS).toEqual([old, b64]);
    expect(problemsFor({ ENCRYPTION_OLD_KEYS: `${old},abcd` })).toMatch(/ENCRYPTION_OLD_KEYS must be comma-separated 32-byte keys/);
  });

  it("no longer carries the removed settings (job runner choice, provider base URLs)", () => {
    const env = parseEnv({ ...valid, JOB_RUNNER: "pg-boss", IFRETURNS_BASE_URL: "http://127.0.0.1:1", REVER_BASE_URL: "http://127.0.0.1:2" });
    for (const removed of ["JOB_RUNNER", "IFRETURNS_BASE_URL", "REVER_BASE_URL"]) expect(env).not.toHaveProperty(removed);
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
    expect(problemsFor({ DEMO_MODE: "1", NODE_ENV: "production" })).toMatch(/DEMO_MODE=1 is sandbox-only/);
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
