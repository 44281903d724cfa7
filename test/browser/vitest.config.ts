import path from "node:path";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Browser tests (Debian Chromium through playwright-core) against the running demo. Kept apart from the main
// suite: they need the built app, which global-setup builds once. Run: npx vitest run -c test/browser/vitest.config.ts
const root = path.resolve(import.meta.dirname, "..", "..");

export default defineConfig({
  root,
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
