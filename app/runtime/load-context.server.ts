import type { AppLoadContext } from "@remix-run/node";
import type { Runtime } from "./runtime.server";

// Remix hands every loader and action the load context our server built: the runtime, passed explicitly.
declare module "@remix-run/node" {
  interface AppLoadContext {
    runtime: Runtime;
  }
}

export function runtimeOf(context: AppLoadContext | undefined): Runtime {
  const rt = context?.runtime;
  if (!rt) throw new Error("No runtime in the load context: start the app through app/server (npm start, npm run dev, npm run demo)");
  return rt;
}
