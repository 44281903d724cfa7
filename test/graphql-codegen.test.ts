import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import type { Types } from "@graphql-codegen/plugin-helpers";
import { describe, expect, it } from "vitest";
import { adminProject } from "../.graphqlrc";

// The committed GraphQL types (app/shopify/types) are what `npm run codegen` makes of today's documents and the
// vendored schema: regenerated in memory (offline) and compared, so an edited document cannot ship stale types.

const root = path.resolve(import.meta.dirname, "..");

describe("generated Admin API types", () => {
  it("match the documents and the vendored schema (else run npm run codegen)", async () => {
    const codegen = adminProject.extensions!.codegen as Types.Config;
    const outputs: Types.FileOutput[] = await generate({ ...codegen, schema: adminProject.schema as Types.Schema, documents: adminProject.documents as Types.OperationDocument[], cwd: root, silent: true }, false);
    expect(outputs.map((o) => path.relative(root, path.resolve(root, o.filename))).sort()).toEqual(["app/shopify/types/admin.generated.d.ts", "app/shopify/types/admin.types.d.ts"]);
    for (const o of outputs) {
      const committed = readFileSync(path.resolve(root, o.filename), "utf8");
      expect(committed === o.content, `${o.filename} is stale: run npm run codegen`).toBe(true);
    }
  });
});
