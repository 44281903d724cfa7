import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULTS } from "../../sandbox/demo-config";
import { TEST_ENV_DEFAULTS } from "../../test/runtime";
import { ConfigError, parseEnv } from "../env.server";
import { createRuntime } from "../runtime/runtime.server";
import { DatabaseNotReadyError } from "../runtime/database-ready.server";
import { PUBLISHED_VALUES } from "./production-config.server";

// Production fails closed: every value a reader of this repository knows, every sandbox override and the demo's
// skipped authentication stop `npm start` and `npm run worker` with the setting named, whatever NODE_ENV the
// shell had; a database never migrated says to run `npm run setup`.

const root = path.resolve(import.meta.dirname, "..", "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A configuration fit for production: nothing in it is published anywhere. */
function production(): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: "file:./prisma/never-opened.sqlite",
    SHOPIFY_API_KEY: randomBytes(16).toString("hex"),
    SHOPIFY_API_SECRET: `shpss_${randomBytes(16).toString("hex")}`,
    SHOPIFY_APP_URL: "https://returns-bridge.example.com",
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  };
}

function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(root, ".env.example"), "utf8").split("\n")) {
    const m = /^([A-Z_]+)=(\S*)/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function problems(env: Record<string, string | undefined>): string {
  try {
    parseEnv(env);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

const BAD_VALUES: Array<[string, Record<string, string>, RegExp]> = [
  ["DEMO_MODE=1", { DEMO_MODE: "1" }, /DEMO_MODE=1 is sandbox-only/],
  ["the demo client secret", { SHOPIFY_API_SECRET: DEMO_DEFAULTS.SHOPIFY_API_SECRET }, /SHOPIFY_API_SECRET is a demo, example or test value/],
  ["the demo encryption key", { ENCRYPTION_KEY: DEMO_DEFAULTS.ENCRYPTION_KEY }, /ENCRYPTION_KEY is a demo, example or test key/],
  ["the example ENCRYPTION_KEY of .env.example", { ENCRYPTION_KEY: envExample().ENCRYPTION_KEY }, /ENCRYPTION_KEY is a demo, example or test key/],
  ["the tests' encryption key", { ENCRYPTION_KEY: TEST_ENV_DEFAULTS.ENCRYPTION_KEY }, /ENCRYPTION_KEY is a demo, example or test key/],
  ["the Shopify simulator override", { SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4101" }, /SHOPIFY_ADMIN_API_ORIGIN is a sandbox override/],
];

describe("configuration in production", () => {
  it("accepts a configuration of the operator's own", () => {
    expect(problems(production())).toBe("");
  });

  it.each(BAD_VALUES)("refuses %s and says which setting", (_what, bad, reason) => {
    expect(problems({ ...production(), ...bad })).toMatch(reason);
    // The same value outside production is the sandbox's business.
    if (!bad.DEMO_MODE) expect(problems({ ...production(), NODE_ENV: "development", SHOPIFY_APP_URL: "http://127.0.0.1:3000", ...bad })).toBe("");
  });

  it("refuses every value published in the demo, .env.example and the tests, and a key of one repeated byte", () => {
    const example = envExample();
    for (const [setting, value] of [
      ["SHOPIFY_API_KEY", DEMO_DEFAULTS.SHOPIFY_API_KEY],
      ["SHOPIFY_API_KEY", example.SHOPIFY_API_KEY],
      ["SHOPIFY_API_KEY", TEST_ENV_DEFAULTS.SHOPIFY_API_KEY],
      ["SHOPIFY_API_SECRET", example.SHOPIFY_API_SECRET],
      ["SHOPIFY_API_SECRET", TEST_ENV_DEFAULTS.SHOPIFY_API_SECRET],
      ["ENCRYPTION_KEY", "ff".repeat(32)],
    ] as const) {
      expect(problems({ ...production(), [setting]: value }), `${setting}=${value}`).toContain(`${setting} is a demo, example or test`);
    }
    expect(PUBLISHED_VALUES.ENCRYPTION_KEY).toContain(DEMO_DEFAULTS.ENCRYPTION_KEY);
  });

  it("keeps a published key usable as an old key, so data sealed with it can move to a new one", () => {
    expect(problems({ ...production(), ENCRYPTION_OLD_KEYS: DEMO_DEFAULTS.ENCRYPTION_KEY })).toBe("");
  });

  it("wants https for the app and for REVER's operator-set base URL", () => {
    expect(problems({ ...production(), SHOPIFY_APP_URL: "http://returns-bridge.example.com" })).toMatch(/SHOPIFY_APP_URL must be an https:\/\/ URL/);
    expect(problems({ ...production(), REVER_API_BASE_URL: "http://api.rever.example/" })).toMatch(/REVER_API_BASE_URL must be an https:\/\/ URL/);
  });

  it("lets DEMO_MODE listen on a loopback HOST only, in any mode", () => {
    const dev = { ...production(), NODE_ENV: "development", DEMO_MODE: "1" };
    expect(problems({ ...dev, HOST: "127.0.0.1" })).toBe("");
    expect(problems({ ...dev, HOST: "::1" })).toBe("");
    expect(problems({ ...dev, HOST: "0.0.0.0" })).toMatch(/DEMO_MODE=1 skips Shopify authentication, so it only listens on a loopback HOST/);
  });
});

/** Runs an entry script the way npm does, from a shell that says NODE_ENV=development. */
function run(script: "start" | "worker", env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", `${script}.ts`)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, NODE_ENV: "development" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm start and npm run worker", () => {
  it.each(BAD_VALUES)("refuse to start with %s, whatever NODE_ENV the shell had", (_what, bad, reason) => {
    const res = run("start", { ...production(), ...bad });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toMatch(reason);
    expect(res.stderr).toMatch(/NODE_ENV=development is ignored/);
  });

  it("the worker refuses DEMO_MODE and the demo key as the server does", () => {
    const res = run("worker", { ...production(), DEMO_MODE: "1", ENCRYPTION_KEY: DEMO_DEFAULTS.ENCRYPTION_KEY });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/DEMO_MODE=1 is sandbox-only/);
    expect(res.stderr).toMatch(/ENCRYPTION_KEY is a demo, example or test key/);
  });

  it("say to run `npm run setup` on a database that was never migrated, without a stack trace", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rb-unmigrated-"));
    dirs.push(dir);
    const url = `file:${path.join(dir, "empty.sqlite")}`;
    await expect(createRuntime(parseEnv({ ...production(), DATABASE_URL: url }), { runJobs: false })).rejects.toBeInstanceOf(DatabaseNotReadyError);
    const res = run("worker", { ...production(), DATABASE_URL: url });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/has not been set up \(its tables are missing\): run `npm run setup`/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
