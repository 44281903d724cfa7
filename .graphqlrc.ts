import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION } from "./app/shopify/api-version";

// `npm run codegen`: types for every `#graphql` document of the app and the admin extensions, from the vendored
// Admin schema (offline). The preset points at shopify.dev; every output is pointed at the vendored file instead.
// Decision record 0012.

const ADMIN_SCHEMA = `app/shopify/schema/admin-${ADMIN_API_VERSION}.graphql`;
const TYPES_DIR = "app/shopify/types";

/** Source files of app/ and extensions/ (tests and generated files aside) that hold a #graphql document. */
function documentFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!["node_modules", "dist", TYPES_DIR.split("/").pop()].includes(entry.name)) walk(rel);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) && readFileSync(rel, "utf8").includes("#graphql")) {
        files.push(rel.split(path.sep).join("/"));
      }
    }
  };
  for (const root of ["app", "extensions"]) walk(root);
  return files.sort();
}

const preset = shopifyApiProject({
  apiType: ApiType.Admin,
  apiVersion: ADMIN_API_VERSION,
  outputDir: TYPES_DIR,
  // Only files that hold a document are parsed: babel-parsing all of app/ would triple the run.
  documents: documentFiles(),
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
