// Dev tool, never run by the simulator or CI: regenerates sandbox/shopify/schema.graphql from Shopify's real
// schema (app/shopify/schema, vendored) keeping only what the captures, the app's documents and the seed use.
// Run: npx tsx sandbox/shopify/tools/extract-schema-subset.ts
// A field this adds answers NOT_SIMULATED until it gets a resolver (resolvers.ts) or is declared a record
// property (served-fields.ts); not-simulated.test.ts fails until one of the two is done.
import fs from "node:fs";
import path from "node:path";
import {
  TypeInfo,
  astFromValue,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { findDocuments } from "../../../test/graphql-documents";

const root = path.resolve(import.meta.dirname, "../../..");
const refDir = path.resolve(root, "test/fixtures/shopify");
const real: GraphQLSchema = buildSchema(fs.readFileSync(path.resolve(root, "app/shopify/schema/admin-2026-07.graphql"), "utf8"));

// Fields the simulator serves for webhooks and the app's future reads although no document asks yet.
const EXTRA: Record<string, string[]> = {
  Return: ["createdAt", "requestApprovedAt", "closedAt", "decline", "order", "totalQuantity"],
  ReverseDelivery: ["reverseFulfillmentOrder"],
  ReverseFulfillmentOrder: ["order"],
  Location: ["isActive", "name"],
  // Refunds through returnProcess (issue 16): the order's transactions and what a refund leaves.
  Order: ["createdAt", "updatedAt", "email", "phone", "returnStatus", "displayFulfillmentStatus", "tags", "note", "test", "transactions", "totalRefundedSet"],
  OrderTransaction: ["id", "kind", "status", "gateway", "amountSet", "parentTransaction", "processedAt"],
  ReturnLineItem: ["returnReasonNote", "customerNote", "refundableQuantity", "refundedQuantity", "processableQuantity", "returnReasonDefinition"],
  ReverseFulfillmentOrderDisposition: ["type", "quantity", "location"],
};

// Input fields the seed sends through variables (documents alone do not show them).
const EXTRA_INPUT: Record<string, string[]> = {
  OrderCreateCustomerInput: ["toUpsert"],
  OrderCreateLineItemInput: ["sku", "variantTitle"],
  ReturnRequestLineItemInput: ["customerNote"],
  // Issue 16: paid orders (refunds need a transaction), and the returnProcess input the app sends.
  OrderCreateOrderInput: ["customer", "shippingAddress", "transactions"],
  OrderCreateOrderTransactionInput: ["amountSet"],
  MoneyBagInput: ["shopMoney"],
  ReturnProcessInput: ["returnLineItems", "exchangeLineItems", "financialTransfer"],
  ReturnProcessReturnLineItemInput: ["dispositions"],
  ReturnProcessFinancialTransferInput: ["issueRefund"],
  ReturnProcessRefundInput: ["orderTransactions"],
};

const usedFields = new Map<string, Set<string>>();
const usedArgs = new Map<string, Set<string>>();
const usedInputFields = new Map<string, Set<string>>();
const named = new Set<string>();

const add = (m: Map<string, Set<string>>, k: string, v: string) => {
  if (!m.has(k)) m.set(k, new Set());
  m.get(k)!.add(v);
};

function markType(t: GraphQLNamedType) {
  named.add(t.name);
  if (isInputObjectType(t) && !usedInputFields.has(t.name)) {
    usedInputFields.set(t.name, new Set());
    for (const f of Object.values(t.getFields())) {
      const nt = getNamedType(f.type);
      if (isScalarType(nt) || isEnumType(nt) || String(f.type).endsWith("!")) {
        add(usedInputFields, t.name, f.name);
        markType(nt);
      }
    }
  }
}

function markValue(type: GraphQLInputType, value: unknown) {
  const nt = getNamedType(type);
  markType(nt);
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => markValue(nt as GraphQLInputType, v));
  if (isInputObjectType(nt) && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const f = nt.getFields()[k];
      if (!f) continue;
      add(usedInputFields, nt.name, k);
      markValue(f.type, v);
    }
  }
}

function collect(doc: string, variables: Record<string, unknown> = {}) {
  const ast = parse(doc);
  const errs = validate(real, ast);
  if (errs.length) throw new Error(`invalid document: ${errs[0].message}\n${doc.slice(0, 200)}`);
  const ti = new TypeInfo(real);
  visit(
    ast,
    visitWithTypeInfo(ti, {
      Field(node) {
        const parent = ti.getParentType();
        const def = ti.getFieldDef();
        if (!parent || !def || node.name.value.startsWith("__")) return;
        add(usedFields, parent.name, def.name);
        markType(parent);
        markType(getNamedType(def.type));
        for (const a of def.args) {
          const nt = getNamedType(a.type);
          const used = node.arguments?.some((x) => x.name.value === a.name);
          if (used || isScalarType(nt) || isEnumType(nt) || String(a.type).endsWith("!")) {
            add(usedArgs, `${parent.name}.${def.name}`, a.name);
            markType(nt);
          }
        }
      },
      ObjectField() {
        const it = ti.getParentInputType();
        const nt = it ? getNamedType(it) : undefined;
        // Literal input objects: TypeInfo gives the field via getInputType on enter.
        void nt;
      },
      InlineFragment(node) {
        if (node.typeCondition) markType(real.getType(node.typeCondition.name.value)!);
      },
      FragmentDefinition(node) {
        markType(real.getType(node.typeCondition.name.value)!);
      },
      VariableDefinition(node) {
        const t = ti.getInputType();
        if (t) markValue(t, variables[node.variable.name.value]);
      },
    }),
  );
}

// 1. Every recorded capture step.
for (const file of fs.readdirSync(refDir).filter((f) => f.startsWith("recorded-") && f.endsWith(".json"))) {
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o.query === "string" && o.response) return collect(o.query, (o.variables as Record<string, unknown>) ?? {});
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(fs.readFileSync(path.join(refDir, file), "utf8")));
}

// 2. Every `#graphql` document of the app's gateway and of the sandbox seed.
// Operations with their interpolated fragments resolved (the fragments alone add nothing more).
const gatewayDocs = findDocuments([path.join(root, "app/shopify/graphql"), path.join(root, "sandbox/shopify/seed.ts")]);
for (const d of gatewayDocs) if (d.kind === "operation") collect(d.source);

for (const [t, fields] of Object.entries(EXTRA)) {
  const type = real.getType(t);
  if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
  for (const f of fields) {
    const def = type.getFields()[f];
    add(usedFields, t, f);
    markType(getNamedType(def.type));
    for (const a of def.args) {
      const nt = getNamedType(a.type);
      if (isScalarType(nt) || isEnumType(nt)) add(usedArgs, `${t}.${f}`, a.name);
    }
  }
  markType(type);
}

for (const [t, fields] of Object.entries(EXTRA_INPUT)) {
  const type = real.getType(t);
  if (!isInputObjectType(type)) continue;
  markType(type);
  for (const f of fields) {
    add(usedInputFields, t, f);
    markType(getNamedType(type.getFields()[f].type));
  }
}

// Interfaces: keep those a document asked for; their fields must exist on every kept implementer.
const keptInterfaces = [...named].filter((n) => isInterfaceType(real.getType(n)));
for (const i of keptInterfaces) {
  const iface = real.getType(i);
  if (!isInterfaceType(iface)) continue;
  if (!usedFields.has(i)) usedFields.set(i, new Set());
  if (i === "Node") add(usedFields, i, "id");
  for (const n of [...named]) {
    const t = real.getType(n);
    if (isObjectType(t) && t.getInterfaces().some((x) => x.name === i)) for (const f of usedFields.get(i)!) add(usedFields, n, f);
  }
}
// A kept interface needs at least one kept implementer; a kept union needs at least one kept member.
for (const n of [...named]) {
  const t = real.getType(n);
  if (isUnionType(t)) for (const m of t.getTypes()) if (usedFields.has(m.name)) named.add(m.name);
}

function defaultOf(a: { defaultValue?: unknown; type: GraphQLInputType }): string {
  if (a.defaultValue === undefined) return "";
  const ast = astFromValue(a.defaultValue, a.type);
  return ast ? ` = ${print(ast)}` : "";
}

const out: string[] = [
  "# Subset of Shopify's Admin GraphQL schema 2026-07 served by the sandbox simulator.",
  "# Generated by sandbox/shopify/tools/extract-schema-subset.ts from the real schema; every type, field,",
  "# argument and enum value here exists with the same type there (checked by schema-subset.test.ts).",
  "",
  "schema {\n  query: QueryRoot\n  mutation: Mutation\n}",
  "",
];
const builtins = new Set(["String", "Int", "Float", "Boolean", "ID"]);
const sorted = [...named].sort();
for (const n of sorted) {
  const t = real.getType(n)!;
  if (isScalarType(t) && !builtins.has(n)) out.push(`scalar ${n}\n`);
}
for (const n of sorted) {
  const t = real.getType(n)!;
  if (isEnumType(t)) out.push(`enum ${n} {\n${t.getValues().map((v) => `  ${v.name}`).join("\n")}\n}\n`);
}
for (const n of sorted) {
  const t = real.getType(n)!;
  if (!isInputObjectType(t)) continue;
  const keep = usedInputFields.get(n) ?? new Set();
  const lines = Object.values(t.getFields())
    .filter((f) => keep.has(f.name))
    .map((f) => `  ${f.name}: ${String(f.type)}${defaultOf(f)}`);
  out.push(`input ${n} {\n${lines.join("\n")}\n}\n`);
}
function fieldLines(typeName: string, fields: Record<string, { name: string; type: unknown; args: readonly { name: string; type: GraphQLInputType; defaultValue?: unknown }[] }>) {
  const keep = usedFields.get(typeName) ?? new Set();
  return Object.values(fields)
    .filter((f) => keep.has(f.name))
    .map((f) => {
      const ak = usedArgs.get(`${typeName}.${f.name}`) ?? new Set();
      const args = f.args.filter((a) => ak.has(a.name)).map((a) => `${a.name}: ${String(a.type)}${defaultOf(a)}`);
      return `  ${f.name}${args.length ? `(${args.join(", ")})` : ""}: ${String(f.type)}`;
    });
}
for (const n of sorted) {
  const t = real.getType(n)!;
  if (isInterfaceType(t)) out.push(`interface ${n} {\n${fieldLines(n, t.getFields() as never).join("\n")}\n}\n`);
}
for (const n of sorted) {
  const t = real.getType(n)!;
  if (isUnionType(t)) out.push(`union ${n} = ${t.getTypes().filter((m) => named.has(m.name)).map((m) => m.name).join(" | ")}\n`);
}
for (const n of sorted) {
  const t = real.getType(n)!;
  if (!isObjectType(t)) continue;
  const ifs = t.getInterfaces().filter((i) => keptInterfaces.includes(i.name)).map((i) => i.name);
  out.push(`type ${n}${ifs.length ? ` implements ${ifs.join(" & ")}` : ""} {\n${fieldLines(n, t.getFields() as never).join("\n")}\n}\n`);
}
const target = path.join(root, "sandbox/shopify/schema.graphql");
fs.writeFileSync(target, out.join("\n"));
buildSchema(out.join("\n")); // must be a valid schema on its own
console.log(`wrote ${target}: ${named.size} types`);
