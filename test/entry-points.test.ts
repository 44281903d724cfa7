import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../app/runtime/runtime.server";
import * as landing from "../app/routes/_index";
import * as appLayout from "../app/routes/app";
import * as auth from "../app/routes/auth.$";
import { createTestDb, type TestDb } from "./db";
import { createTestRuntime } from "./runtime";

// What a visitor without Shopify context gets at the app's entry points: a page or a redirect to one, never an
// error; Shopify's own opens go on to the embedded app. (test/browser/production-entry.test.ts: the same on the
// production server.)

let t: TestDb;
let rt: Runtime;
beforeAll(async () => {
  t = await createTestDb();
  rt = await createTestRuntime(t);
});
afterAll(async () => {
  await rt.close();
  await t.cleanup();
});

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; location: string | null; data?: unknown }> {
  try {
    const data = await run();
    if (data instanceof Response) return { status: data.status, location: data.headers.get("location") };
    return { status: 200, location: null, data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("location") };
    throw thrown;
  }
}

const args = (url: string, headers: Record<string, string> = {}) => ({ request: new Request(`http://127.0.0.1:3999${url}`, { headers }), params: {}, context: { runtime: rt } });

describe("entry points without Shopify context", () => {
  it("/ is the landing page", async () => {
    expect(await outcome(() => landing.loader(args("/")))).toEqual({ status: 200, location: null, data: { demo: false } });
  });

  it("/ sends Shopify's own opens on to the embedded app with their query", async () => {
    expect(await outcome(() => landing.loader(args("/?shop=a-shop.myshopify.com&host=YWRtaW4")))).toMatchObject({ status: 302, location: "/app?shop=a-shop.myshopify.com&host=YWRtaW4" });
  });

  it("/app and /auth/login send a direct visitor to the landing page, crawlers included", async () => {
    for (const ua of ["Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"]) {
      expect(await outcome(() => appLayout.loader(args("/app", { "user-agent": ua }))), ua).toMatchObject({ status: 302, location: "/" });
      expect(await outcome(() => auth.loader(args("/auth/login", { "user-agent": ua }))), ua).toMatchObject({ status: 302, location: "/" });
      expect(await outcome(() => auth.loader(args("/auth", { "user-agent": ua }))), ua).toMatchObject({ status: 302, location: "/" });
    }
  });

  it("/auth/login with a shop goes to that shop's install page, asking for nothing", async () => {
    const res = await outcome(() => auth.loader(args("/auth/login?shop=a-shop.myshopify.com")));
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^https:\/\/admin\.shopify\.com\/store\/a-shop\/oauth\/install\?client_id=test-api-key$/);
  });
});
