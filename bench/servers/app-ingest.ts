import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createDb } from "../../app/db.server";
import { createAppServer } from "../../app/server/node-server.server";
import { webhookRawHandler } from "../../app/webhooks/raw-handler.server";
import { requireEnv, runServerMain } from "../lib/child";

// Ours (d): the real production server (createAppServer) with the real lean webhook handler in front, on the
// app's own database client. Remix gets a minimal ServerBuild with one empty root route: webhooks are answered
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
  process.env.DATABASE_URL = requireEnv("BENCH_DB_URL");
  const db = await createDb(process.env.DATABASE_URL);
  const server = createAppServer({
    build: minimalBuild,
    clientDir: mkdtempSync(path.join(tmpdir(), "rb-bench-client-")),
    before: [webhookRawHandler({ db, secret: requireEnv("BENCH_SECRET"), maxBytes: MAX_BYTES })],
    mode: "production",
  });
  return { server, close: () => db.$disconnect() };
});
