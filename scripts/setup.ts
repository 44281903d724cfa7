import path from "node:path";
import { migrateDatabase } from "./lib/migrate";
import { ConfigError, loadEnv } from "../app/env.server";

// `npm run setup`: validate configuration and apply the committed migrations to DATABASE_URL.
const root = path.resolve(import.meta.dirname, "..");
try {
  const e = loadEnv();
  migrateDatabase(root, e.DATABASE_URL);
  console.log("Database is up to date.");
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : (err as Error).message);
  process.exit(1);
}
