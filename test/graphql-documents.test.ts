import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, buildSchema, parse, validate, visit, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { extractDocuments, findDocuments, resolveInterpolations } from "./graphql-documents";

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
  const operations = docs.filter((d) => d.kind === "operation");

  it("are found in the app (the extractor sees #graphql template literals and the const each is assigned to)", () => {
    const sample = "const Q = `#graphql\n  query ShopName { shop { name } }\n`;";
    expect(extractDocuments(sample)).toEqual([{ index: 10, name: "Q", source: "\n  query ShopName { shop { name } }\n" }]);
    expect(() => extractDocuments("const Q = `#graphql\n query { shop { ${field} } }`;".replace("field", "a + b"))).toThrow(/only fragment consts/);
  });

  it("spread fragments interpolated by const name, as codegen resolves them", () => {
    const byName = new Map([["SHOP_FIELDS", "fragment ShopFields on Shop { name }"]]);
    expect(resolveInterpolations("query S { shop { ...ShopFields } } ${SHOP_FIELDS}", byName)).toBe("query S { shop { ...ShopFields } } fragment ShopFields on Shop { name }");
    expect(() => resolveInterpolations("query S { shop { id } } ${MISSING}", byName)).toThrow(/MISSING/);
  });

  it("reports a field that Shopify's schema does not have", () => {
    expect(problems("query Bad { shop { name notAFieldOnShop } }").join("\n")).toMatch(/notAFieldOnShop/);
    expect(problems("query Good { shop { name } }")).toEqual([]);
  });

  it.each(operations.map((d) => [`${path.relative(root, d.file)}:${d.line}`, d.source]))("%s validates against admin-2026-07", (_where, source) => {
    expect(problems(source)).toEqual([]);
  });

  it("spread every fragment they define (a fragment no operation uses is dead)", () => {
    const spread = new Set<string>();
    for (const d of operations) visit(parse(d.source), { FragmentSpread: (n) => void spread.add(n.name.value) });
    const defined = docs
      .filter((d) => d.kind === "fragment")
      .flatMap((d) => parse(d.source).definitions.map((def) => (def.kind === Kind.FRAGMENT_DEFINITION ? def.name.value : "")));
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !spread.has(name))).toEqual([]);
  });
});
