import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../app/server/boot.server";
import { loadServerBuild } from "../../scripts/lib/server-build";
import { createTestDb, type TestDb } from "../db";
import { TEST_ENV_DEFAULTS } from "../runtime";

// The production server (the build global-setup made, booted as `npm start` boots it) visited by someone with no
// Shopify context (a reviewer, a crawler, curl): every entry point answers a page or a redirect to one.

const root = path.resolve(import.meta.dirname, "..", "..");
let t: TestDb;
let app: RunningApp;

beforeAll(async () => {
  t = await createTestDb();
  const { build, bootApp } = await loadServerBuild(root);
  app = await bootApp({
    build,
    root,
    port: 0,
    // Production refuses the repository's demo secrets: the operator's own, as a real deployment has.
    env: { ...TEST_ENV_DEFAULTS, NODE_ENV: "production", SHOPIFY_API_KEY: randomBytes(16).toString("hex"), SHOPIFY_API_SECRET: randomBytes(24).toString("hex"), ENCRYPTION_KEY: randomBytes(32).toString("hex"), HOST: "127.0.0.1", DATABASE_URL: t.url, SHOPIFY_APP_URL: "https://returns-bridge.example", LOG_LEVEL: "warn" },
    runtime: { db: t.db, runJobs: false },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

/** Follows redirects within the app; every hop's status and the last page's body. */
async function visit(pathname: string, userAgent: string): Promise<{ hops: Array<[string, number]>; body: string }> {
  const hops: Array<[string, number]> = [];
  let url = new URL(pathname, app.url);
  for (let i = 0; i < 5; i++) {
    const res = await fetch(url, { redirect: "manual", headers: { "user-agent": userAgent, accept: "text/html" } });
    hops.push([url.pathname + url.search, res.status]);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    return { hops, body: await res.text() };
  }
  throw new Error(`too many redirects: ${JSON.stringify(hops)}`);
}

const AGENTS = {
  browser: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  curl: "curl/8.5.0",
  crawler: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
};

describe.each(Object.entries(AGENTS))("the production server visited by a %s with no Shopify context", (_name, ua) => {
  it.each(["/", "/app", "/auth/login", "/app/settings", "/privacy"])("answers %s with a page or a redirect to one", async (pathname) => {
    const { hops, body } = await visit(pathname, ua);
    expect(hops.every(([, status]) => status < 400), JSON.stringify(hops)).toBe(true);
    expect(hops.at(-1)![1]).toBe(200);
    expect(body).toContain("Returns Bridge");
    expect(body).not.toMatch(/myshopify\.com/);
  });
});
