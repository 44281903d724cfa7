import "./lib/production-mode";
import path from "node:path";
import { ConfigError, loadEnv } from "../app/env.server";
import { isDatabaseNotReady } from "../app/runtime/database-ready.server";
import { loadServerBuild } from "./lib/server-build";

// `npm run start`: the production server (after `npm run build` and `npm run setup`), always with
// NODE_ENV=production. It runs jobs too unless RUN_JOBS=0 (then `npm run worker` processes do).
const root = path.resolve(import.meta.dirname, "..");
try {
  loadEnv();
  const { build, bootApp } = await loadServerBuild(root);
  const app = await bootApp({ build, root, env: process.env });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  if (err instanceof ConfigError || isDatabaseNotReady(err)) {
    console.error((err as Error).message);
    process.exit(1);
  }
  throw err;
}
