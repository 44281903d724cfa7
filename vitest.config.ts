import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "sandbox/**/*.test.ts", "test/**/*.test.ts", "extensions/**/*.test.ts", "extensions/**/*.test.tsx", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["node_modules", "build", "test/browser/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
