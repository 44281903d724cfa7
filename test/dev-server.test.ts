import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "./db";
import { freePort } from "./demo-process";
import { TEST_ENV_DEFAULTS } from "./runtime";

// `npm run dev`'s server (scripts/dev.ts, started by `shopify app dev`): Vite's dev server with the app's own
// runtime in front, so webhooks are ingested and jobs run in development too.

const root = path.resolve(import.meta.dirname, "..");

describe("the development server", () => {
  let t: TestDb;
  let child: ChildProcess;
  let base = "";
  let output = "";

  beforeAll(async () => {
    t = await createTestDb("sqlite");
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/dev.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...TEST_ENV_DEFAULTS, NODE_ENV: "development", LOG_LEVEL: "warn", DATABASE_URL: t.url, PORT: String(port), SHOPIFY_APP_URL: base },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (output.includes("Returns Bridge (development) on")) {
          clearInterval(check);
          resolve();
        }
      }, 50);
      child.once("exit", (code) => {
        clearInterval(check);
        reject(new Error(`scripts/dev.ts exited with ${code}:\n${output}`));
      });
    });
  }, 120_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    await t?.cleanup();
  });

  it("runs the app's runtime with its jobs, and says so", async () => {
    expect(output).toContain("jobs run in this process");
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", queue: "ok" });
  });

  it("ingests webhooks through the same raw handler as production (a forged one is refused)", async () => {
    const res = await fetch(`${base}/webhooks/returns/request`, { method: "POST", headers: { "x-shopify-hmac-sha256": "forged" }, body: "{}" });
    expect(res.status).toBe(401);
  });

  it("serves Vite's modules for hot reload", async () => {
    const res = await fetch(`${base}/@vite/client`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
  });
});
