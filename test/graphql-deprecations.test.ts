import { readFileSync } from "node:fs";
import path from "node:path";
import { NoDeprecatedCustomRule, buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { findDocuments } from "./graphql-documents";

// No document of the app or the extensions uses what Shopify marks @deprecated in the vendored 2026-07 schema
// (fields, arguments, input fields and enum values written in the document), so a removal cannot surprise us.
// Values passed through variables are not documents: their types come from the generated types instead.

const root = path.resolve(import.meta.dirname, "..");
let schema: GraphQLSchema;

beforeAll(() => {
  schema = buildSchema(readFileSync(path.resolve(root, "app/shopify/schema/admin-2026-07.graphql"), "utf8"), { assumeValidSDL: true });
});

/** Each use of something deprecated, with where it is and Shopify's reason. */
function deprecations(source: string, where = "document"): string[] {
  return validate(schema, parse(source), [NoDeprecatedCustomRule]).map((e) => `${where}: ${e.message}`);
}

describe("deprecated Admin API fields in the app's documents", () => {
  it("are reported with Shopify's reason: a field, an argument and an enum value", () => {
    const field = "query R($id: ID!) { return(id: $id) { returnLineItems(first: 1) { nodes { ... on ReturnLineItem { returnReason } } } } }";
    expect(deprecations(field)).toEqual(["document: The field ReturnLineItem.returnReason is deprecated. Use `returnReasonDefinition` instead. This field will be removed in the future."]);
    const argument = `mutation C { cartTransformCreate(functionId: "1") { userErrors { message } } }`;
    expect(deprecations(argument)).toEqual(["document: Field \"Mutation.cartTransformCreate\" argument \"functionId\" is deprecated. Use `functionHandle` instead."]);
    const enumValue = `mutation S { scriptTagCreate(input: { src: "https://example.com/a.js", displayScope: ORDER_STATUS }) { userErrors { message } } }`;
    expect(deprecations(enumValue).join("\n")).toMatch(/ScriptTagDisplayScope\.ORDER_STATUS" is deprecated\. `ORDER_STATUS` is deprecated and unavailable as a mutation input/);
    expect(deprecations("query R($id: ID!) { return(id: $id) { id status } }")).toEqual([]);
  });

  it("are none: every document uses only what Shopify still supports", () => {
    const found = findDocuments([path.join(root, "app"), path.join(root, "extensions")]).filter((d) => d.kind === "operation");
    expect(found.length).toBeGreaterThan(5);
    expect(found.flatMap((d) => deprecations(d.source, `${path.relative(root, d.file)}:${d.line}`))).toEqual([]);
  });
});
