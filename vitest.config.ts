import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// `npm test`'s first half. Long evidence runs stay out: the crash-mid-soak (`npm run test:crash`) and the
// 10,000-return soak (`npm run soak`); their figures live in docs/reliability.md.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "sandbox/**/*.test.ts", "test/**/*.test.ts", "extensions/**/*.test.ts", "extensions/**/*.test.tsx", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["node_modules", "build", "test/browser/**", "test/soak/crash.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
