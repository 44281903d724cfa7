import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "../env.server";
import { log } from "../logger.server";
import { createAppServer, type RawHandler } from "./node-server.server";
import { db } from "../db.server";
import { webhookRawHandler } from "../webhooks/raw-handler.server";
import { startJobs } from "../jobs/start-jobs.server";

// Starts the built app: validates configuration first so a bad setting stops the process with its name.

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

export async function startApp(opts: { root: string; before?: RawHandler[]; work?: boolean }): Promise<RunningApp> {
  const e = env();
  const buildPath = path.join(opts.root, "build", "server", "index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const prisma = await db();
  const jobs = await startJobs(prisma, e.DATABASE_URL, { work: opts.work ?? true });
  const ingest = webhookRawHandler({ db: prisma, secret: e.SHOPIFY_API_SECRET, maxBytes: e.WEBHOOK_MAX_BYTES, enqueueAfterCommit: jobs.enqueueAfterCommit });
  const server = createAppServer({ build, clientDir: path.join(opts.root, "build", "client"), before: [ingest, ...(opts.before ?? [])], mode: e.NODE_ENV });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(e.PORT, e.HOST, () => resolve());
  });
  const url = `http://${e.HOST}:${e.PORT}`;
  log.info("app.started", { url, demo: e.DEMO_MODE });
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await jobs.stop();
    },
  };
}
