import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION } from "./app/shopify/api-version";

// `npm run codegen`: types for every `#graphql` document of the app and the admin extensions, from the vendored
// Admin schema (offline). The preset points at shopify.dev; every output is pointed at the vendored file instead.
// Decision record 0012.

const ADMIN_SCHEMA = `app/shopify/schema/admin-${ADMIN_API_VERSION}.graphql`;
const TYPES_DIR = "app/shopify/types";

const preset = shopifyApiProject({
  apiType: ApiType.Admin,
  apiVersion: ADMIN_API_VERSION,
  outputDir: TYPES_DIR,
  documents: ["app/**/*.{ts,tsx}", "extensions/**/*.{ts,tsx}", "!**/*.test.{ts,tsx}", `!${TYPES_DIR}/**`, "!**/node_modules/**", "!extensions/*/dist/**"],
  // The generated interfaces extend ours (types/admin-operations.ts), which AdminClient.request is typed with.
  module: "./admin-operations",
});

type Output = { plugins?: string[]; config?: Record<string, unknown> };

const generates = Object.fromEntries(
  Object.entries(preset.extensions!.codegen.generates as Record<string, Output>)
    // The preset downloads the schema when it has no introspection file: ours is vendored as SDL.
    .filter(([, output]) => !output.plugins?.includes("introspection"))
    // Enums as string unions: a .d.ts has no runtime enum objects, and Shopify sends plain strings.
    .map(([file, output]) => [file, { ...output, schema: ADMIN_SCHEMA, ...(output.plugins?.includes("typescript") ? { config: { ...output.config, enumsAsTypes: true } } : {}) }]),
);

export const adminProject: ReturnType<typeof shopifyApiProject> = {
  ...preset,
  schema: ADMIN_SCHEMA,
  extensions: { codegen: { ...preset.extensions!.codegen, generates } },
};

export default { projects: { default: adminProject } };
