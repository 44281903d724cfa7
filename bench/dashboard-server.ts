import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { applyDemoEnv } from "../sandbox/demo-config";
import { requireEnv, runServerMain } from "./lib/child";

// Child process of bench/dashboard.ts: the built app (`remix vite:build`) served by the production server
// (createAppServer) in demo mode, on the benchmark's database of 100,000 links. No simulators: the dashboard
// only reads the database.

runServerMain(async () => {
  process.env.DATABASE_URL = requireEnv("BENCH_DB_URL");
  process.env.DEMO_SHOP = requireEnv("BENCH_SHOP");
  process.env.DEMO_MODE = "1";
  process.env.JOB_RUNNER = "inline-off";
  applyDemoEnv();
  const root = path.resolve(import.meta.dirname, "..");
  const { createAppServer } = await import("../app/server/node-server.server");
  const { db } = await import("../app/db.server");
  const build = (await import(pathToFileURL(path.join(root, "build", "server", "index.js")).href)) as ServerBuild;
  const prisma = await db();
  // Variant of the benchmark: a larger SQLite page cache than the default 2 MB (the dashboard's indexes then stay in memory).
  const cacheMb = Number(process.env.BENCH_SQLITE_CACHE_MB ?? "0");
  if (cacheMb > 0) await prisma.$queryRawUnsafe(`PRAGMA cache_size = -${cacheMb * 1024}`);
  const server = createAppServer({ build, clientDir: path.join(root, "build", "client"), mode: "production" });
  return { server, close: () => prisma.$disconnect() };
});
