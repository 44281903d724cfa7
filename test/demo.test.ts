import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES } from "../app/analytics/stages";
import { demoStory } from "../sandbox/demo/story";
import { startDemoProcess, type DemoProcess } from "./demo-process";

// `npm run demo` as a reviewer runs it: own port, own database file, own secret from the environment, and the
// demo's own build (made only when the sources changed). The simulated carrier moves a parcel every 3 seconds.

interface Answer {
  status: number;
  preparing: boolean;
  listsReturns: boolean;
}

describe("npm run demo", () => {
  let demo: DemoProcess;
  const whileStarting: Answer[] = [];
  let watching = true;

  beforeAll(async () => {
    demo = await startDemoProcess({
      build: true,
      carrierSeconds: 3,
      // What a quick visitor sees while the demo is being prepared: never a half-filled list.
      onSpawn(baseUrl) {
        void (async () => {
          while (watching) {
            const res = await fetch(`${baseUrl}/app`).catch(() => null);
            if (res) {
              const html = await res.text();
              whileStarting.push({ status: res.status, preparing: html.includes("Preparing the demo"), listsReturns: /#\d{4}-R\d/.test(html) });
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
      },
    });
    watching = false;
  }, 300_000);

  afterAll(async () => {
    watching = false;
    await demo?.stop();
  });

  function readDb<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(demo.databaseFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  it("prints where the embedded pages open", () => {
    expect(demo.output()).toContain(`${demo.baseUrl}/app`);
  });

  it("answers 'preparing the demo' until the shop is seeded, never a partial list", () => {
    // The watcher's last answers came while the output said ready; those before it must all be "preparing".
    const before = whileStarting.filter((a) => a.status !== 200);
    expect(before.length).toBeGreaterThan(0);
    for (const a of before) expect(a).toEqual({ status: 503, preparing: true, listsReturns: false });
  });

  it("serves a month of returns of both platforms, in every state, on the home page and behind each filter", async () => {
    // All at once, before the carrier's first move: each stage of a return's journey has returns in it.
    const pages = await Promise.all(STAGES.map(async (stage) => [stage, await (await fetch(`${demo.baseUrl}/app?stage=${stage}`)).text()] as const));
    for (const [stage, page] of pages) expect(new Set(page.match(/#\d{4}-R\d/g)).size, stage).toBeGreaterThan(0);
    const res = await fetch(`${demo.baseUrl}/app`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Seeded through the Shopify simulator's Admin API; the links arrived as signed webhooks.
    // Names as the rows show them (the link import's help names an example return too).
    expect(new Set(html.match(/>#\d{4}-R\d</g)).size).toBe(50);
    const [{ n, days }] = readDb<{ n: number; days: number }>(`SELECT count(*) AS n, julianday(max(createdAt)) - julianday(min(createdAt)) AS days FROM ReturnLink WHERE shop = ?`, demo.shop);
    expect(n).toBeGreaterThanOrEqual(55);
    expect(days).toBeGreaterThan(25);
    for (const provider of ["IFRETURNS", "REVER"]) {
      const page = await (await fetch(`${demo.baseUrl}/app?provider=${provider}`)).text();
      expect(new Set(page.match(/#\d{4}-R\d/g)).size, provider).toBeGreaterThan(10);
    }
  });

  it("has the shop's automation rule label its tagged returns with no click, and the analytics count them", async () => {
    const tagged = demoStory(new Date()).filter((r) => r.automated).length;
    expect(tagged).toBeGreaterThan(0);
    const runs = readDb<{ state: string }>(`SELECT state FROM AutomationRun WHERE shop = ? AND stage = 'LABEL'`, demo.shop);
    expect(runs.map((r) => r.state)).toEqual(Array(tagged).fill("DONE"));
    const page = await (await fetch(`${demo.baseUrl}/app/analytics`)).text();
    expect(page).toMatch(/[1-9]\d*% of \d+ labelled returns/);
  });

  it("shows one return failing with the reason, and its retry works", async () => {
    const [failing] = readDb<{ id: string; lastError: string }>(`SELECT id, lastError FROM ReturnLink WHERE shop = ? AND lastError IS NOT NULL`, demo.shop);
    expect(failing.lastError).toMatch(/No REVER process found/);
    const page = await (await fetch(`${demo.baseUrl}/app/returns/${failing.id}`)).text();
    expect(page).toContain("No REVER process found");
    // The customer has finished the return in REVER meanwhile: "Retry sync" links the process.
    await expect.poll(async () => {
      const form = new URLSearchParams({ intent: "retry-sync" });
      await fetch(`${demo.baseUrl}/app/returns/${failing.id}`, { method: "POST", body: form });
      return readDb<{ reverProcessId: string | null }>(`SELECT reverProcessId FROM ReturnLink WHERE id = ?`, failing.id)[0].reverProcessId;
    }, { timeout: 60_000, interval: 2_000 }).toMatch(/^proc_/);
    expect(readDb<{ lastError: string | null }>(`SELECT lastError FROM ReturnLink WHERE id = ?`, failing.id)[0].lastError).toBeNull();
  });

  it("moves a parcel along while it runs: the return's page shows the new status", async () => {
    const since = new Date().toISOString().replace("Z", "+00:00");
    // The carrier moves a REVER parcel; the app reads it with its own sync and records it on the timeline.
    await expect.poll(() => readDb(`SELECT 1 FROM TrackingEvent WHERE shop = ? AND source = 'REVER' AND kind = 'status' AND createdAt > ?`, demo.shop, since).length, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    const [moved] = readDb<{ returnLinkId: string; status: string }>(`SELECT returnLinkId, status FROM TrackingEvent WHERE shop = ? AND source = 'REVER' AND kind = 'status' AND createdAt > ? ORDER BY createdAt LIMIT 1`, demo.shop, since);
    const page = await (await fetch(`${demo.baseUrl}/app/returns/${moved.returnLinkId}`)).text();
    expect(page).toContain(moved.status === "IN_WAREHOUSE" ? "In the warehouse" : moved.status === "IN_TRANSIT" ? "In transit" : "Picked up");
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
