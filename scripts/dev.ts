import type { ServerBuild } from "@remix-run/node";
import { createServer as createViteServer } from "vite";
import type { RawHandler } from "../app/server/node-server.server";
import type { bootApp as BootApp } from "../app/server/boot.server";
import { ConfigError, loadEnv } from "../app/env.server";

// `npm run dev` (through `shopify app dev`, shopify.web.toml): the app on Vite's dev server with hot reload, with
// the same runtime, webhook ingest and jobs as `npm start`. The runtime comes from Vite's module graph, like the
// routes that receive it.
try {
  loadEnv();
  const vite = await createViteServer({ server: { middlewareMode: true }, appType: "custom" });
  const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  const { bootApp } = (await build()).entry.module as unknown as { bootApp: typeof BootApp };
  // Vite answers its own requests (modules, assets, HMR); everything else falls through to the app.
  const viteAssets: RawHandler = (req, res) =>
    new Promise((resolve) => {
      res.once("finish", () => resolve(true));
      vite.middlewares(req, res, () => resolve(false));
    });
  const app = await bootApp({ build, before: [viteAssets] });
  console.log(`Returns Bridge (development) on ${app.url}; jobs ${app.runtime.jobs.working ? "run in this process" : "are off (RUN_JOBS=0)"}`);
  const stop = async () => {
    await app.close();
    await vite.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
