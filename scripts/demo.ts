import { spawnSync } from "node:child_process";
import path from "node:path";
import { applyDemoEnv } from "../sandbox/demo-config";
import { buildIsFresh, sourceHash, writeBuildStamp } from "./lib/build-stamp";
import { migrateDatabase } from "./lib/migrate";

// `npm run demo`: migrate a local SQLite file, build the app when its sources changed, start the simulators,
// play the demo shop's last month and start the app.
const root = path.resolve(import.meta.dirname, "..");
if (process.env.NODE_ENV === "production") {
  console.error("npm run demo refuses to start with NODE_ENV=production (DEMO_MODE is sandbox-only).");
  process.exit(1);
}
applyDemoEnv();
const { ConfigError, loadEnv } = await import("../app/env.server");
try {
  loadEnv();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const started = Date.now();
migrateDatabase(root, process.env.DATABASE_URL!);
// The production build, made again only when the sources changed since the last one (or never made).
if (process.env.DEMO_SKIP_BUILD !== "1") {
  const hash = sourceHash(root);
  if (!buildIsFresh(root, hash)) {
    console.log("Building the app (the sources changed since the last build)...");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
    writeBuildStamp(root, hash);
  }
}
const { startDemo } = await import("../sandbox/demo");
const demo = await startDemo({ root, log: process.env.DEMO_QUIET === "1" ? undefined : (line) => console.log(`  [demo] ${line}`) });
console.log(`\nReturns Bridge demo is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const line of demo.lines) console.log(`  ${line}`);
console.log(`\n  Open ${demo.appUrl}/app in a browser (no Shopify account needed). Ctrl+C stops everything.\n`);
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
