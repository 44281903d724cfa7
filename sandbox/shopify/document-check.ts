import fs from "node:fs";
import path from "node:path";
import { GraphQLError, buildSchema, getOperationAST, getVariableValues, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

// Every document is checked twice: against Shopify's full 2026-07 schema (vendored in app/shopify/schema), which
// gives Shopify's own validation errors, then against the subset the simulator executes. What passes the first
// check but fails the second exists at Shopify and is not simulated: it is answered NOT_SIMULATED, an error no
// real Shopify answer carries, so no test can take the simulator's silence for Shopify's.

let cachedFull: GraphQLSchema | undefined;
export function fullShopifySchema(): GraphQLSchema {
  cachedFull ??= buildSchema(fs.readFileSync(path.resolve(import.meta.dirname, "../../app/shopify/schema/admin-2026-07.graphql"), "utf8"), { assumeValidSDL: true });
  return cachedFull;
}

/** graphql-js validation messages rewritten to the wording and codes Shopify (graphql-ruby) answers with. */
export function shopifyValidationError(e: GraphQLError, doc: DocumentNode): Record<string, unknown> {
  const op = getOperationAST(doc);
  const opLabel = op ? `${op.operation}${op.name ? ` ${op.name.value}` : ""}` : "query";
  const locations = e.locations?.map((l) => ({ line: l.line, column: l.column }));
  let m: RegExpExecArray | null;
  const out = (message: string, extensions: Record<string, unknown>) => ({ message, locations, path: [opLabel], extensions });
  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message)))
    return out(`Field '${m[1]}' doesn't exist on type '${m[2]}'`, { code: "undefinedField", typeName: m[2], fieldName: m[1] });
  if ((m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(e.message)))
    return out(`Field '${m[3]}' doesn't accept argument '${m[1]}'`, { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] });
  if ((m = /^Field "(\w+)\.(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./.exec(e.message)))
    return out(`Field '${m[2]}' is missing required arguments: ${m[3]}`, { code: "missingRequiredArguments", className: "Field", name: m[2], arguments: m[3] });
  if ((m = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(e.message)))
    return out(`Field must have selections (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`, {
      code: "selectionMismatch",
      nodeName: `field '${m[1]}'`,
      typeName: m[2].replace(/[[\]!]/g, ""),
    });
  if ((m = /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./.exec(e.message)))
    return out(`Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has selections)`, {
      code: "selectionMismatch",
      nodeName: `field '${m[1]}'`,
      typeName: m[2].replace(/[[\]!]/g, ""),
    });
  if ((m = /^Variable "\$(\w+)" is never used/.exec(e.message)))
    return out(`Variable $${m[1]} is declared by ${op?.name?.value ?? "anonymous query"} but not used`, { code: "variableNotUsed", variableName: m[1] });
  if ((m = /^Variable "\$(\w+)" is not defined/.exec(e.message)))
    return out(`Variable $${m[1]} is used by ${op?.name?.value ?? "anonymous query"} but not declared`, { code: "variableNotDefined", variableName: m[1] });
  if ((m = /^Unknown type "(\w+)"/.exec(e.message))) return out(`No such type ${m[1]}, so it can't be a fragment condition`, { code: "undefinedType", typeName: m[1] });
  if ((m = /^Value "(.+)" does not exist in "(\w+)" enum/.exec(e.message)) || (m = /^Enum "(\w+)" cannot represent/.exec(e.message)))
    return out(e.message.replace(/"/g, "'"), { code: "argumentLiteralsIncompatible" });
  return out(e.message.replace(/"/g, "'"), { code: "validationError" });
}

/** Variable coercion failures, in graphql-ruby's shape ("was provided invalid value" + problems). */
export function shopifyVariableError(e: GraphQLError): Record<string, unknown> {
  const m = /^Variable "\$(\w+)" (?:got invalid value (.*?)(?: at "([^"]+)")?; |of required type "(.+)" was not provided)(.*)$/s.exec(e.message);
  const name = m?.[1] ?? "variable";
  const path = m?.[3] ? m[3].split(/\.|\[|\]/).filter(Boolean).slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  const explanation = (m?.[5] || e.message).trim();
  return {
    message: `Variable $${name} of type ${m?.[4] ?? "input"} was provided invalid value${path.length ? ` for ${path.join(".")}` : ""} (${explanation})`,
    locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
    extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path, explanation }] },
  };
}

const locationsOf = (e: GraphQLError) => e.locations?.map((l) => ({ line: l.line, column: l.column }));

/** What of the simulator's schema a graphql-js complaint names, in the simulator's NOT_SIMULATED shape. */
export function notSimulatedError(e: GraphQLError): Record<string, unknown> {
  let m: RegExpExecArray | null;
  let what = e.message;
  if ((m = /Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message))) what = `${m[2]}.${m[1]}`;
  else if ((m = /Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(e.message))) what = `argument ${m[2]}.${m[3]}(${m[1]})`;
  else if ((m = /Field "(\w+)" is not defined by type "(\w+)"/.exec(e.message))) what = `input field ${m[2]}.${m[1]}`;
  else if ((m = /Value "(\w+)" does not exist in "(\w+)" enum/.exec(e.message))) what = `enum value ${m[2]}.${m[1]}`;
  else if ((m = /Unknown type "(\w+)"/.exec(e.message))) what = `type ${m[1]}`;
  return { message: `not simulated: ${what}`, locations: locationsOf(e), extensions: { code: "NOT_SIMULATED" } };
}

export type DocumentVerdict =
  | { kind: "ok"; op: OperationDefinitionNode }
  | { kind: "invalid"; op: OperationDefinitionNode | null; errors: Array<Record<string, unknown>> }
  | { kind: "notSimulated"; op: OperationDefinitionNode; errors: Array<Record<string, unknown>> };

// Apps send the same few static documents: their verdict is computed once (validating against the full schema costs ~1.5 ms).
const verdicts = new Map<string, DocumentVerdict>();

/** Shopify's validation first (full schema), then what the simulator can execute (subset); cached per document text. */
export function checkDocument(subset: GraphQLSchema, doc: DocumentNode, operationName: string | undefined, text?: string): DocumentVerdict {
  const key = text === undefined ? undefined : `${operationName ?? ""}\u0000${text}`;
  const cached = key === undefined ? undefined : verdicts.get(key);
  if (cached) return cached;
  const verdict = uncachedCheck(subset, doc, operationName);
  if (key !== undefined) {
    if (verdicts.size >= 1000) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function uncachedCheck(subset: GraphQLSchema, doc: DocumentNode, operationName: string | undefined): DocumentVerdict {
  const op = getOperationAST(doc, operationName);
  const shopifyErrors = validate(fullShopifySchema(), doc);
  if (shopifyErrors.length || !op) {
    const errors = shopifyErrors.length ? shopifyErrors.map((e) => shopifyValidationError(e, doc)) : [{ message: "An operation name is required", extensions: { code: "operationNameRequired" } }];
    return { kind: "invalid", op: op ?? null, errors };
  }
  const subsetErrors = validate(subset, doc);
  if (subsetErrors.length) return { kind: "notSimulated", op, errors: subsetErrors.map(notSimulatedError) };
  return { kind: "ok", op };
}

/** Variables Shopify would refuse (errors in Shopify's shape), else variables only the simulator cannot take. */
export function checkVariables(subset: GraphQLSchema, op: OperationDefinitionNode, variables: Record<string, unknown>): { invalid?: Array<Record<string, unknown>>; notSimulated?: Array<Record<string, unknown>> } {
  const atShopify = getVariableValues(fullShopifySchema(), op.variableDefinitions ?? [], variables);
  if (atShopify.errors?.length) return { invalid: atShopify.errors.map(shopifyVariableError) };
  const here = getVariableValues(subset, op.variableDefinitions ?? [], variables);
  if (here.errors?.length) return { notSimulated: here.errors.map(notSimulatedError) };
  return {};
}
