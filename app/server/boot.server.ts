import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { loadEnv } from "../env.server";
import { createRuntime, type Runtime, type RuntimeOptions } from "../runtime/runtime.server";
import { webhookRawHandler } from "../webhooks/raw-handler.server";
import { createAppServer, type RawHandler } from "./node-server.server";

// Starts the app: the runtime, then the HTTP server in front of Remix with the webhook ingest mounted first.
// Exported from the server entry (app/entry.server.tsx), so `npm start` builds the runtime from the same bundle as
// the routes that receive it; `npm run dev` loads it through Vite for the same reason.

const CLOSE_GRACE_MS = 10_000;

export interface RunningApp {
  url: string;
  runtime: Runtime;
  server: Server;
  close(): Promise<void>;
}

export interface BootOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** The project root (production serves build/client from it); absent when Vite serves the assets. */
  root?: string;
  /** Handlers before the app's own (Vite's dev middleware). */
  before?: RawHandler[];
  /** The process environment, read by the entry script (app modules never read process.env). */
  env: Record<string, string | undefined>;
  runtime?: RuntimeOptions;
  /** Listen here instead of PORT (0: any free port, for benchmarks and tests). */
  port?: number;
  /** How long close() lets requests in flight finish (default 10 s; the dev server restarts at once). */
  closeGraceMs?: number;
}

export async function bootApp(opts: BootOptions): Promise<RunningApp> {
  const env = loadEnv(opts.env);
  const rt = await createRuntime(env, opts.runtime);
  const ingest = webhookRawHandler({ jobs: rt.jobs, log: rt.log, secret: env.SHOPIFY_API_SECRET, maxBytes: env.WEBHOOK_MAX_BYTES });
  const server = createAppServer({
    build: opts.build,
    clientDir: opts.root ? path.join(opts.root, "build", "client") : undefined,
    before: [ingest, ...(opts.before ?? [])],
    mode: env.NODE_ENV,
    loadContext: { runtime: rt },
    log: rt.log,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? env.PORT, env.HOST, () => resolve());
    });
  } catch (err) {
    await rt.close();
    throw err;
  }
  const url = `http://${env.HOST}:${(server.address() as AddressInfo).port}`;
  rt.log.info("app.started", { url, demo: env.DEMO_MODE, runsJobs: rt.jobs.working });
  return {
    url,
    runtime: rt,
    server,
    close: async () => {
      // Stop accepting, let requests in flight finish (a label being made) for a few seconds, then cut the rest.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), opts.closeGraceMs ?? CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await rt.close();
    },
  };
}
