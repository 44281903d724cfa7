import path from "node:path";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// `npm run test:crash`: the crash-mid-soak on its own (an evidence run, outside `npm test` and CI). Both engines
// when TEST_POSTGRES_URL is set; `-- --repeat N` is not a vitest flag: loop the command to repeat it.
const root = path.resolve(import.meta.dirname, "..", "..");

export default defineConfig({
  root,
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/soak/crash.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
  },
});
