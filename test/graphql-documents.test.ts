import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { extractDocuments, findDocuments } from "./graphql-documents";

// Every GraphQL document in app/ and extensions/ must validate against Shopify's real Admin schema (2026-07).

const root = path.resolve(import.meta.dirname, "..");
const schemaFile = path.resolve(root, "app", "shopify", "schema", "admin-2026-07.graphql");
let schema: GraphQLSchema;

function problems(source: string): string[] {
  try {
    return validate(schema, parse(source)).map((e) => e.message);
  } catch (err) {
    return [(err as Error).message];
  }
}

beforeAll(() => {
  schema = buildSchema(readFileSync(schemaFile, "utf8"), { assumeValidSDL: true });
});

describe("GraphQL documents sent to the Admin API", () => {
  const docs = findDocuments([path.join(root, "app"), path.join(root, "extensions")]);

  it("are found in the app (the extractor sees #graphql template literals)", () => {
    const sample = "const Q = `#graphql\n  query ShopName { shop { name } }\n`;";
    expect(extractDocuments(sample)).toHaveLength(1);
  });

  it("reports a field that Shopify's schema does not have", () => {
    expect(problems("query Bad { shop { name notAFieldOnShop } }").join("\n")).toMatch(/notAFieldOnShop/);
    expect(problems("query Good { shop { name } }")).toEqual([]);
  });

  it.each(docs.map((d) => [`${path.relative(root, d.file)}:${d.line}`, d.source]))("%s validates against admin-2026-07", (_where, source) => {
    expect(problems(source)).toEqual([]);
  });
});
