import path from "node:path";
import { applyDemoEnv } from "../sandbox/demo-config";
import { loadServerBuild } from "../scripts/lib/server-build";
import { requireEnv, runServerMain } from "./lib/child";

// Child process of bench/dashboard.ts: the built app (`remix vite:build`) served by the production server
// (createAppServer) in demo mode, on the benchmark's database of 100,000 links. No simulators: the dashboard
// only reads the database.

runServerMain(async () => {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: requireEnv("BENCH_DB_URL"), DEMO_SHOP: requireEnv("BENCH_SHOP"), DEMO_MODE: "1", RUN_JOBS: "0" };
  applyDemoEnv(env as NodeJS.ProcessEnv);
  const root = path.resolve(import.meta.dirname, "..");
  const { build, bootApp } = await loadServerBuild(root);
  // The built app's own runtime (from the bundle), listening on the port the parent chose.
  const app = await bootApp({ build, root, env: { ...env, HOST: "127.0.0.1" }, port: 0 });
  // Variant of the benchmark: a larger SQLite page cache than the default 2 MB (the dashboard's indexes then stay in memory).
  const cacheMb = Number(process.env.BENCH_SQLITE_CACHE_MB ?? "0");
  if (cacheMb > 0) await app.runtime.db.$queryRawUnsafe(`PRAGMA cache_size = -${cacheMb * 1024}`);
  return { server: app.server, listening: true, close: () => app.close() };
});
