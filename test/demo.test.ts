import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run demo` as a reviewer runs it: own port, own database file, own secret from the environment.

const root = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm run demo", () => {
  let child: ChildProcess;
  let output = "";
  let baseUrl = "";
  const dir = mkdtempSync(path.join(tmpdir(), "rb-demo-"));

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn("npm", ["run", "demo"], {
      cwd: root,
      // Only what a reviewer would set: the vitest worker's own test settings must not leak into the demo.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", PORT: String(port), DATABASE_URL: `file:${dir}/demo.sqlite`, SHOPIFY_API_SECRET: "reviewer-secret-123", DEMO_SANDBOX_PORTS: "auto" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 110_000);
      const check = setInterval(() => {
        if (output.includes("demo is ready")) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
      child.on("exit", (code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`demo exited with ${code}:\n${output}`));
      });
    });
  }, 120_000);

  afterAll(async () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints where the embedded pages open", () => {
    expect(output).toContain(`${baseUrl}/app`);
  });

  it("serves the home page with the seeded returns listed", async () => {
    const res = await fetch(`${baseUrl}/app`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Seeded through the Shopify simulator's Admin API; the links arrived as signed webhooks.
    expect(new Set(html.match(/#\d{4}-R\d/g)).size).toBeGreaterThanOrEqual(11);
  });

  it("follows the shop admin's locale", async () => {
    const html = await (await fetch(`${baseUrl}/app?locale=es`)).text();
    expect(html).toContain("Devoluciones");
  });
});
