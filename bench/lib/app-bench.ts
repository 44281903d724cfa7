import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { refreshAll } from "../../app/analytics/refresh.server";
import { createDb } from "../../app/db.server";
import { buildIsFresh, sourceHash, writeBuildStamp } from "../../scripts/lib/build-stamp";
import { migrationSql } from "../../test/db";
import { seedAnalyticsData } from "../analytics-seed";

// What the dashboard and analytics benchmarks share: the built app, a SQLite file with a shop of 100,000 returns
// (and its analytics roll-up), timed requests against the app's server, and quantiles.

const root = path.resolve(import.meta.dirname, "..", "..");

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const ms = (n: number) => (Number.isNaN(n) ? "-" : n < 10 ? n.toFixed(2) : n.toFixed(1));

/** `remix vite:build`, unless build/ was made from the sources as they are. */
export function ensureBuild(): void {
  const hash = sourceHash(root);
  if (buildIsFresh(root, hash)) return;
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`remix vite:build failed:\n${res.stdout}\n${res.stderr}`);
  writeBuildStamp(root, hash);
}

export interface BenchShop {
  url: string;
  seedMs: number;
  rollUpMs: number;
  links: number;
  events: number;
}

/** A migrated SQLite file with the shop's offline session (the demo auth reads it), its data and its roll-up. */
export async function prepareShopDb(file: string, shop: string, links: number, otherShopLinks: number): Promise<BenchShop> {
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  for (const sql of migrationSql("sqlite")) raw.exec(sql);
  const now = new Date().toISOString();
  raw.prepare(`INSERT INTO "Session" (id, shop, state, isOnline, accessToken) VALUES (?, ?, 'bench', 0, 'shpat_bench')`).run(`offline_${shop}`, shop);
  raw.prepare(`INSERT INTO "ShopSettings" (shop, onboardedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?)`).run(shop, now, now, now);
  raw.close();
  const t0 = performance.now();
  // No ANALYZE: a production SQLite file rarely has planner statistics, so the plans measured are the plain ones.
  const seeded = seedAnalyticsData(file, { shop, links, otherShopLinks });
  const seedMs = performance.now() - t0;
  const url = `file:${file}`;
  const db = await createDb(url);
  const t1 = performance.now();
  await refreshAll(db, shop);
  const rollUpMs = performance.now() - t1;
  await db.$disconnect();
  return { url, seedMs, rollUpMs, links: seeded.links, events: seeded.events };
}

/** GET the path `iterations` times after `warmup` requests, one at a time; the sorted durations in ms. */
export async function timeRequests(url: string, iterations: number, warmup: number, check?: (status: number, body: string) => void): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    let t0 = performance.now();
    // A keep-alive socket the server closed while the bench measured in process (its idle timeout) fails once.
    const res = await fetch(url).catch(() => {
      t0 = performance.now();
      return fetch(url);
    });
    const body = await res.text();
    const took = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}: ${body.slice(0, 300)}`);
    if (i === 0) check?.(res.status, body);
    if (i >= warmup) samples.push(took);
  }
  return samples.sort((a, b) => a - b);
}
