import type { ServerBuild } from "@remix-run/node";
import { createServer as createViteServer } from "vite";
import type { RawHandler } from "../app/server/node-server.server";
import type { bootApp as BootApp, RunningApp } from "../app/server/boot.server";
import { ConfigError, loadEnv } from "../app/env.server";

// `npm run dev` (through `shopify app dev`, shopify.web.toml): the app on Vite's dev server with hot reload, with
// the same runtime, webhook ingest and jobs as `npm start`. The runtime comes from Vite's module graph, like the
// routes that receive it; when a file under app/ changes, the app is booted again from the fresh modules, so the
// runtime and the routes never hold two copies of a class (an error thrown by one and checked by the other).
try {
  loadEnv();
  const vite = await createViteServer({ server: { middlewareMode: true }, appType: "custom" });
  const build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  // Vite answers its own requests (modules, assets, HMR); everything else falls through to the app.
  const viteAssets: RawHandler = (req, res) =>
    new Promise((resolve) => {
      res.once("finish", () => resolve(true));
      vite.middlewares(req, res, () => resolve(false));
    });
  const boot = async (): Promise<RunningApp> => {
    const { bootApp } = (await build()).entry.module as unknown as { bootApp: typeof BootApp };
    return bootApp({ build, before: [viteAssets], env: process.env, closeGraceMs: 0 });
  };
  let app = await boot();
  console.log(`Returns Bridge (development) on ${app.url}; jobs ${app.runtime.jobs.working ? "run in this process" : "are off (RUN_JOBS=0)"}`);

  let restart: NodeJS.Timeout | undefined;
  let restarting = Promise.resolve();
  vite.watcher.on("change", (file) => {
    if (!/[/\\]app[/\\]/.test(file)) return;
    clearTimeout(restart);
    restart = setTimeout(() => {
      restarting = restarting.then(async () => {
        await app.close();
        app = await boot();
        console.log(`Returns Bridge restarted after a change to ${file}`);
      });
    }, 200);
  });

  const stop = async () => {
    await restarting;
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
