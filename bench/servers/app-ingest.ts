import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv } from "../../app/env.server";
import { createRuntime } from "../../app/runtime/runtime.server";
import { createAppServer } from "../../app/server/node-server.server";
import { webhookRawHandler } from "../../app/webhooks/raw-handler.server";
import { requireEnv, runServerMain } from "../lib/child";

// Ours (d): the real production server (createAppServer) with the real lean webhook handler in front, on the
// app's own runtime (its queue sends jobs; none run here, so the benchmark measures the request path). Remix gets a minimal ServerBuild with one empty root route: webhooks are answered
// by the raw handler and never reach Remix, so the benchmark needs no `remix vite:build`.

const MAX_BYTES = 512 * 1024; // WEBHOOK_MAX_BYTES default (app/env.server.ts)

const minimalBuild = {
  mode: "production",
  entry: { module: { default: () => new Response("Not found", { status: 404 }) } },
  routes: { root: { id: "root", path: "", module: { default: () => null } } },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "bench" },
  publicPath: "/build/",
  assetsBuildDirectory: "build/client",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

runServerMain(async () => {
  // As in production, where the app's client is opened from DATABASE_URL.
  const rt = await createRuntime(
    parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: requireEnv("BENCH_DB_URL"),
      SHOPIFY_API_KEY: "bench-api-key",
      SHOPIFY_API_SECRET: requireEnv("BENCH_SECRET"),
      SHOPIFY_APP_URL: "https://bench.example.com",
      // A key of its own: production refuses published and trivial keys.
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
    }),
    { runJobs: false },
  );
  const server = createAppServer({
    build: minimalBuild,
    clientDir: mkdtempSync(path.join(tmpdir(), "rb-bench-client-")),
    before: [webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret: requireEnv("BENCH_SECRET"), maxBytes: MAX_BYTES })],
    mode: "production",
    loadContext: { runtime: rt },
    log: rt.log,
  });
  return { server, close: () => rt.close() };
});
