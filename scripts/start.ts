import path from "node:path";
import { startApp } from "../app/server/boot.server";
import { ConfigError, env } from "../app/env.server";

// `npm run start`: the production server (after `npm run build` and `npm run setup`).
const root = path.resolve(import.meta.dirname, "..");
try {
  env();
  const app = await startApp({ root });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
