import { defineConfig } from "vitest/config";
import base from "../vitest.config";

// Until the root config includes bench/**/*.test.ts: `npx vitest run --config bench/vitest.config.ts`.
export default defineConfig({ ...base, test: { ...base.test, include: ["bench/**/*.test.ts"] } });
