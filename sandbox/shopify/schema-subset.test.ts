import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findDocuments } from "../../test/graphql-documents";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  validate,
  type GraphQLNamedType,
} from "graphql";

// The simulator executes this subset after validating every document against Shopify's full schema: it must be
// a true subset (same names, types, arguments), or the simulator would accept what Shopify refuses.
const here = import.meta.dirname;
const subset = buildSchema(fs.readFileSync(path.join(here, "schema.graphql"), "utf8"));
// Shopify's own schema as vendored (test/fixtures/README.md).
const realPath = path.resolve(here, "../../app/shopify/schema/admin-2026-07.graphql");
const real = buildSchema(fs.readFileSync(realPath, "utf8"));

const userTypes = Object.values(subset.getTypeMap()).filter((t) => !t.name.startsWith("__"));

function kind(t: GraphQLNamedType): string {
  if (isObjectType(t)) return "object";
  if (isInterfaceType(t)) return "interface";
  if (isUnionType(t)) return "union";
  if (isEnumType(t)) return "enum";
  if (isInputObjectType(t)) return "input";
  return "scalar";
}

describe("sandbox Shopify schema subset", () => {
  it("declares the same root operation types as Shopify", () => {
    expect(subset.getQueryType()?.name).toBe(real.getQueryType()?.name);
    expect(subset.getMutationType()?.name).toBe(real.getMutationType()?.name);
  });

  it("only has types that exist in Shopify's schema with the same kind", () => {
    const problems = userTypes
      .map((t) => {
        const r = real.getType(t.name);
        if (!r) return `${t.name}: no such type`;
        return kind(r) === kind(t) ? null : `${t.name}: ${kind(t)} here, ${kind(r)} at Shopify`;
      })
      .filter(Boolean);
    expect(problems).toEqual([]);
  });

  it("only has fields and arguments that exist in Shopify's schema with the same types", () => {
    const problems: string[] = [];
    for (const t of userTypes) {
      const r = real.getType(t.name);
      if (!r) continue;
      if ((isObjectType(t) || isInterfaceType(t)) && (isObjectType(r) || isInterfaceType(r))) {
        const rf = r.getFields();
        for (const f of Object.values(t.getFields())) {
          const g = rf[f.name];
          if (!g) {
            problems.push(`${t.name}.${f.name}: no such field`);
            continue;
          }
          if (String(g.type) !== String(f.type)) problems.push(`${t.name}.${f.name}: ${f.type} here, ${g.type} at Shopify`);
          for (const a of f.args) {
            const b = g.args.find((x) => x.name === a.name);
            if (!b) problems.push(`${t.name}.${f.name}(${a.name}): no such argument`);
            else if (String(b.type) !== String(a.type)) problems.push(`${t.name}.${f.name}(${a.name}): ${a.type} here, ${b.type} at Shopify`);
            else if (JSON.stringify(b.defaultValue) !== JSON.stringify(a.defaultValue)) problems.push(`${t.name}.${f.name}(${a.name}): default differs`);
          }
          // A required argument at Shopify must be required here too, or we would accept what Shopify refuses.
          for (const b of g.args) if (String(b.type).endsWith("!") && !f.args.some((a) => a.name === b.name)) problems.push(`${t.name}.${f.name}: misses required ${b.name}`);
        }
        const rIfs = new Set(r.getInterfaces().map((i) => i.name));
        for (const i of t.getInterfaces()) if (!rIfs.has(i.name)) problems.push(`${t.name}: does not implement ${i.name} at Shopify`);
      }
      if (isInputObjectType(t) && isInputObjectType(r)) {
        const rf = r.getFields();
        for (const f of Object.values(t.getFields())) {
          const g = rf[f.name];
          if (!g) problems.push(`${t.name}.${f.name}: no such input field`);
          else if (String(g.type) !== String(f.type)) problems.push(`${t.name}.${f.name}: ${f.type} here, ${g.type} at Shopify`);
        }
        for (const g of Object.values(rf)) if (String(g.type).endsWith("!") && g.defaultValue === undefined && !t.getFields()[g.name]) problems.push(`${t.name}: misses required input field ${g.name}`);
      }
      if (isEnumType(t) && isEnumType(r)) {
        const values = new Set(r.getValues().map((v) => v.name));
        for (const v of t.getValues()) if (!values.has(v.name)) problems.push(`${t.name}.${v.name}: no such enum value`);
      }
      if (isUnionType(t) && isUnionType(r)) {
        const members = new Set(r.getTypes().map((m) => m.name));
        for (const m of t.getTypes()) if (!members.has(m.name)) problems.push(`${t.name}: ${m.name} is not a member at Shopify`);
      }
      if (isScalarType(t) && !isScalarType(r)) problems.push(`${t.name}: not a scalar at Shopify`);
    }
    expect(problems).toEqual([]);
  });

  it("serves every field the app's gateway documents and the seed select", () => {
    const gatewayDir = path.resolve(here, "../../app/shopify/graphql");
    // Operations with their interpolated fragments resolved; fragments alone are checked through them.
    const docs = findDocuments([gatewayDir, path.join(here, "seed.ts")])
      .filter((d) => d.kind === "operation")
      .map((d) => d.source);
    expect(docs.length).toBeGreaterThan(5);
    const problems = docs.flatMap((d) => validate(subset, parse(d)).map((e) => `${/(query|mutation) (\w+)/.exec(d)?.[2]}: ${e.message}`));
    expect(problems).toEqual([]);
  });
});
