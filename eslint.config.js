import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "build", "public/build", ".cache", "prisma/postgresql/client", "extensions/*/dist", "tmp", "test-results", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  // Command-line scripts and simulators print to the terminal on purpose.
  { files: ["scripts/**", "bench/**", "sandbox/**", "test/**", "app/entry.server.tsx"], rules: { "no-console": "off" } },
);
