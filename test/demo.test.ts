import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoProcess, type DemoProcess } from "./demo-process";

// `npm run demo` as a reviewer runs it: own port, own database file, own secret from the environment, and the
// demo's own build.

describe("npm run demo", () => {
  let demo: DemoProcess;

  beforeAll(async () => {
    demo = await startDemoProcess({ build: true });
  }, 180_000);

  afterAll(async () => demo?.stop());

  it("prints where the embedded pages open", () => {
    expect(demo.output()).toContain(`${demo.baseUrl}/app`);
  });

  it("serves the home page with the seeded returns listed", async () => {
    const res = await fetch(`${demo.baseUrl}/app`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Seeded through the Shopify simulator's Admin API; the links arrived as signed webhooks.
    expect(new Set(html.match(/#\d{4}-R\d/g)).size).toBeGreaterThanOrEqual(11);
  });

  it("follows the shop admin's locale", async () => {
    const html = await (await fetch(`${demo.baseUrl}/app?locale=es`)).text();
    expect(html).toContain("Devoluciones");
  });
});

describe("npm run demo with SANDBOX_PROFILE=documented-minimum", () => {
  let demo: DemoProcess;

  beforeAll(async () => {
    // The app was built by the demo above (this file's tests run in order).
    demo = await startDemoProcess({ profile: "documented-minimum" });
  }, 180_000);

  afterAll(async () => demo?.stop());

  it("starts with the documented-minimum simulators and lists the seeded returns, marking those that need a link", async () => {
    expect(demo.output()).toMatch(/profile documented-minimum/);
    const html = await (await fetch(`${demo.baseUrl}/app`)).text();
    expect(new Set(html.match(/#\d{4}-R\d/g)).size).toBeGreaterThanOrEqual(11);
    // iF's own return names are unknown without the assumed derivation: those returns wait for the merchant.
    expect(html).toContain("Needs a link");
  });
});
