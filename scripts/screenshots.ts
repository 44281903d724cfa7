import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { launchChromium } from "../test/browser/chromium";
import { settled } from "../test/browser/page-checks";
import { startDemoProcess } from "../test/demo-process";
import { buildIsFresh, sourceHash, writeBuildStamp } from "./lib/build-stamp";
import { spawnSync } from "node:child_process";

// `npm run screenshots`: the README's pictures of the main pages, taken from a fresh demo (the carrier still, so
// every run shows the same month) in headless Chromium, into docs/screenshots/. Run it after changing a page.

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "docs", "screenshots");

const hash = sourceHash(root);
if (!buildIsFresh(root, hash)) {
  console.log("Building the app...");
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  if (res.status !== 0) process.exit(res.status ?? 1);
  writeBuildStamp(root, hash);
}

const demo = await startDemoProcess();
const browser = await launchChromium();
try {
  mkdirSync(out, { recursive: true });
  const db = new Database(demo.databaseFile, { readonly: true });
  // A return with a full story: REVER, label, carrier scans, closed by the warehouse.
  const [ret] = db
    .prepare(`SELECT l.id FROM ReturnLink l WHERE l.provider = 'REVER' AND l.status = 'CLOSED' AND (SELECT count(*) FROM TrackingEvent e WHERE e.returnLinkId = l.id) >= 6 ORDER BY l.createdAt DESC LIMIT 1`)
    .all() as Array<{ id: string }>;
  db.close();
  const page = await browser.context.newPage();
  const shots: Array<[string, string, boolean]> = [
    ["dashboard", "/app", false],
    ["return", `/app/returns/${ret.id}`, true],
    ["analytics", "/app/analytics", true],
    ["analytics-es", "/app/analytics?locale=es", true],
    ["settings", "/app/settings", false],
    ["onboarding", "/app/onboarding", false],
  ];
  for (const [name, url, fullPage] of shots) {
    await page.goto(`${demo.baseUrl}${url}`, { waitUntil: "load" });
    await settled(page);
    if (name.startsWith("analytics")) await page.getByRole("figure").first().locator('svg [role="listitem"]').first().waitFor({ state: "attached" });
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`wrote ${path.relative(root, file)}`);
  }
} finally {
  await browser.close();
  await demo.stop();
}
