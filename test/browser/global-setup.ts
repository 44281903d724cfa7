import { spawnSync } from "node:child_process";
import path from "node:path";
import { sourceHash, writeBuildStamp } from "../../scripts/lib/build-stamp";

// Builds the app once for every browser test file (each demo then starts with DEMO_SKIP_BUILD=1).
// RB_BROWSER_SKIP_BUILD=1 reuses an existing build (CI steps that already ran `npm run build`).
export default function setup() {
  if (process.env.RB_BROWSER_SKIP_BUILD === "1") return;
  const root = path.resolve(import.meta.dirname, "..", "..");
  const hash = sourceHash(root);
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`remix vite:build failed:\n${res.stdout}\n${res.stderr}`);
  // `npm run demo` afterwards finds the build fresh and starts without building again.
  writeBuildStamp(root, hash);
}
