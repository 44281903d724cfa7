import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { bootApp } from "../../app/server/boot.server";

// The production build and the bootApp it bundles (app/entry.server.tsx exports it), so the runtime and the
// routes that receive it are the same modules.
export async function loadServerBuild(root: string): Promise<{ build: ServerBuild; bootApp: typeof bootApp }> {
  const file = path.join(root, "build", "server", "index.js");
  const build = (await import(pathToFileURL(file).href)) as ServerBuild;
  const boot = (build.entry.module as unknown as { bootApp?: typeof bootApp }).bootApp;
  if (!boot) throw new Error(`${file} does not export bootApp: run \`npm run build\` again`);
  return { build, bootApp: boot };
}
