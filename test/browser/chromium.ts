import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

// Headless Chromium driven by playwright-core: Debian's when installed, else the one @sparticuz/chromium ships
// (unpacked to /tmp on first use), so `npm install && npm test` needs no system package.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Which browser the suite drives: CHROMIUM_PATH, Debian's chromium, or the npm package's. */
export async function chromiumExecutable(): Promise<{ path: string; source: string }> {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, source: "CHROMIUM_PATH" };
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: "Debian chromium" };
  const { default: packaged } = await import("@sparticuz/chromium");
  return { path: await packaged.executablePath(), source: "@sparticuz/chromium" };
}

// Our own flags for both browsers (the npm package's defaults turn off web security, which the XSS checks need on).
const FLAGS = ["--headless", "--no-sandbox", "--no-zygote", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "rb-chromium-"));
  const { path: executablePath } = await chromiumExecutable();
  const context = await chromium.launchPersistentContext(dir, { executablePath, headless: true, viewport: { width: 1280, height: 900 }, args: FLAGS });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
