import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

// Shopify's calculated query cost (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
// scalars and enums 0, objects 1, interfaces and unions 1 + the most expensive possible selection,
// mutations 10, connections 2 + pageFactor(first|last) x (1 + the node's selection). Details fitted to the
// live captures in test/fixtures/shopify (see docs/decisions/0005-shopify-simulator.md):
//  - pageFactor(n) = max(1, floor(2 ln n)): 1->1, 5->3, 10->4, 50->7, 250->11 all observed;
//  - MoneyBag, MoneyV2 and PageInfo are free; plain lists of objects cost one element, not n;
//  - the objects a mutation payload returns directly (return, job, userErrors...) are covered by its 10.

const FREE_TYPES = new Set(["MoneyBag", "MoneyV2", "PageInfo"]);
const MUTATION_COST = 10;

export function pageFactor(n: number): number {
  if (!Number.isFinite(n) || n <= 1) return 1;
  return Math.max(1, Math.floor(2 * Math.log(n)));
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const t = getNamedType(field.type);
  return t.name.endsWith("Connection") && field.args.some((a) => a.name === "first" || a.name === "last");
}

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string, ctx: Ctx): unknown {
  const argDef = field.args.find((a) => a.name === name);
  const argNode = node.arguments?.find((a) => a.name.value === name);
  if (!argDef || !argNode) return undefined;
  return valueFromAST(argNode.value, argDef.type, ctx.variables as Record<string, unknown>);
}

/** Fields grouped by the concrete type they apply to ("*" for every possible type). */
function collectFields(set: SelectionSetNode, typeCond: string, ctx: Ctx, out: Array<{ cond: string; node: FieldNode }>): void {
  for (const sel of set.selections) {
    if (sel.kind === "Field") out.push({ cond: typeCond, node: sel });
    else if (sel.kind === "InlineFragment") collectFields(sel.selectionSet, sel.typeCondition?.name.value ?? typeCond, ctx, out);
    else {
      const frag = ctx.fragments[sel.name.value];
      if (frag) collectFields(frag.selectionSet, frag.typeCondition.name.value, ctx, out);
    }
  }
}

function possibleTypes(t: GraphQLCompositeType, ctx: Ctx): string[] {
  if (isObjectType(t)) return [t.name];
  return ctx.schema.getPossibleTypes(t).map((x) => x.name);
}

function appliesTo(cond: string, concrete: string, ctx: Ctx): boolean {
  if (cond === "*" || cond === concrete) return true;
  const c = ctx.schema.getType(cond);
  if (!c || !(isInterfaceType(c) || isUnionType(c))) return false;
  return ctx.schema.getPossibleTypes(c).some((x) => x.name === concrete);
}

/** Cost of a selection set on a composite type: the max over its possible concrete types. */
function selectionCost(set: SelectionSetNode | undefined, type: GraphQLCompositeType, ctx: Ctx): number {
  if (!set) return 0;
  const fields: Array<{ cond: string; node: FieldNode }> = [];
  collectFields(set, "*", ctx, fields);
  let best = 0;
  for (const concrete of possibleTypes(type, ctx)) {
    const obj = ctx.schema.getType(concrete);
    if (!isObjectType(obj)) continue;
    let sum = 0;
    for (const f of fields) {
      if (!appliesTo(f.cond, concrete, ctx) || f.node.name.value.startsWith("__")) continue;
      const def = obj.getFields()[f.node.name.value];
      if (def) sum += fieldCost(def, f.node, ctx);
    }
    best = Math.max(best, sum);
  }
  return best;
}

function ownCost(t: GraphQLOutputType): number {
  const named = getNamedType(t);
  if (!(isObjectType(named) || isInterfaceType(named) || isUnionType(named))) return 0;
  return FREE_TYPES.has(named.name) ? 0 : 1;
}

function fieldCost(def: GraphQLField<unknown, unknown>, node: FieldNode, ctx: Ctx): number {
  const named = getNamedType(def.type);
  if (!(isObjectType(named) || isInterfaceType(named) || isUnionType(named))) return 0;
  if (isConnection(def)) {
    const size = Number(argValue(def, node, "first", ctx) ?? argValue(def, node, "last", ctx) ?? 0);
    // The connection's own fields: nodes/edges carry the per-node cost, pageInfo is free.
    const inner: Array<{ cond: string; node: FieldNode }> = [];
    collectFields(node.selectionSet!, "*", ctx, inner);
    let perNode = 0;
    const connType = named as GraphQLObjectType;
    for (const f of inner) {
      const connField = connType.getFields()[f.node.name.value];
      if (!connField) continue;
      if (f.node.name.value === "nodes") perNode = Math.max(perNode, 1 + selectionCost(f.node.selectionSet, getNamedType(connField.type) as GraphQLCompositeType, ctx));
      if (f.node.name.value === "edges") {
        const edgeType = getNamedType(connField.type);
        if (!isObjectType(edgeType)) continue;
        const edgeFields: Array<{ cond: string; node: FieldNode }> = [];
        collectFields(f.node.selectionSet!, "*", ctx, edgeFields);
        for (const e of edgeFields) {
          if (e.node.name.value !== "node") continue;
          perNode = Math.max(perNode, 1 + selectionCost(e.node.selectionSet, getNamedType(edgeType.getFields().node.type) as unknown as GraphQLCompositeType, ctx));
        }
      }
    }
    return 2 + pageFactor(size) * perNode;
  }
  return ownCost(def.type) + selectionCost(node.selectionSet, named as GraphQLCompositeType, ctx);
}

export function requestedQueryCost(schema: GraphQLSchema, doc: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  if (!op) return 0;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === "FragmentDefinition") fragments[d.name.value] = d;
  const ctx: Ctx = { schema, fragments, variables };
  const root = op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const fields: Array<{ cond: string; node: FieldNode }> = [];
  collectFields(op.selectionSet, "*", ctx, fields);
  let total = 0;
  for (const f of fields) {
    const def = root.getFields()[f.node.name.value];
    if (!def) continue;
    if (op.operation === "mutation") total += MUTATION_COST + payloadChildrenCost(def, f.node, ctx);
    else total += fieldCost(def, f.node, ctx);
  }
  return total;
}

/** Inside a mutation payload the direct children are free; what they select is not. */
function payloadChildrenCost(def: GraphQLField<unknown, unknown>, node: FieldNode, ctx: Ctx): number {
  const payload = getNamedType(def.type);
  if (!isObjectType(payload) || !node.selectionSet) return 0;
  const fields: Array<{ cond: string; node: FieldNode }> = [];
  collectFields(node.selectionSet, "*", ctx, fields);
  let sum = 0;
  for (const f of fields) {
    const child = payload.getFields()[f.node.name.value];
    if (!child) continue;
    const cost = fieldCost(child, f.node, ctx);
    sum += isConnection(child) ? cost : Math.max(0, cost - ownCost(child.type));
  }
  return sum;
}

/**
 * Actual cost, approximated: the same rules over what was returned (null objects cost nothing, a
 * connection pays for min(pageFactor, nodes returned) nodes). Shopify's own actual cost also depends on
 * work we cannot see, so the simulator only promises actual <= requested.
 */
export function actualQueryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  data: Record<string, unknown> | null | undefined,
): number {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  if (!op || !data) return op?.operation === "mutation" ? MUTATION_COST : 0;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === "FragmentDefinition") fragments[d.name.value] = d;
  const ctx: Ctx = { schema, fragments, variables };
  const root = op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const fields: Array<{ cond: string; node: FieldNode }> = [];
  collectFields(op.selectionSet, "*", ctx, fields);
  let total = 0;
  for (const f of fields) {
    const def = root.getFields()[f.node.name.value];
    const key = f.node.alias?.value ?? f.node.name.value;
    if (!def) continue;
    if (op.operation === "mutation") {
      total += MUTATION_COST;
      const value = data[key] as Record<string, unknown> | null;
      const payload = getNamedType(def.type);
      if (!value || !isObjectType(payload) || !f.node.selectionSet) continue;
      const inner: Array<{ cond: string; node: FieldNode }> = [];
      collectFields(f.node.selectionSet, "*", ctx, inner);
      for (const c of inner) {
        const child = payload.getFields()[c.node.name.value];
        if (!child) continue;
        const v = value[c.node.alias?.value ?? c.node.name.value];
        const cost = actualFieldCost(child, c.node, v, ctx);
        total += isConnection(child) ? cost : Math.max(0, cost - (v === null || v === undefined ? 0 : ownCost(child.type)));
      }
    } else total += actualFieldCost(def, f.node, data[key], ctx);
  }
  return total;
}

function actualFieldCost(def: GraphQLField<unknown, unknown>, node: FieldNode, value: unknown, ctx: Ctx): number {
  const named = getNamedType(def.type);
  if (!(isObjectType(named) || isInterfaceType(named) || isUnionType(named))) return 0;
  if (value === null || value === undefined) return 0;
  if (isConnection(def)) {
    const size = Number(argValue(def, node, "first", ctx) ?? argValue(def, node, "last", ctx) ?? 0);
    const conn = value as Record<string, unknown>;
    const inner: Array<{ cond: string; node: FieldNode }> = [];
    collectFields(node.selectionSet!, "*", ctx, inner);
    let perNode = 0;
    let count = 0;
    for (const f of inner) {
      if (f.node.name.value !== "nodes") continue;
      const list = (conn[f.node.alias?.value ?? "nodes"] as unknown[]) ?? [];
      count = Math.max(count, list.length);
      const nodeType = getNamedType((named as GraphQLObjectType).getFields().nodes.type) as unknown as GraphQLCompositeType;
      for (const item of list) perNode = Math.max(perNode, 1 + actualSelectionCost(f.node.selectionSet, nodeType, item, ctx));
    }
    return 2 + Math.min(pageFactor(size), count) * perNode;
  }
  const items = Array.isArray(value) ? value : [value];
  let best = 0;
  for (const item of items) best = Math.max(best, actualSelectionCost(node.selectionSet, named as GraphQLCompositeType, item, ctx));
  return (items.length ? ownCost(def.type) : 0) + best;
}

function actualSelectionCost(set: SelectionSetNode | undefined, type: GraphQLCompositeType, value: unknown, ctx: Ctx): number {
  if (!set || !value || typeof value !== "object") return 0;
  const obj = value as Record<string, unknown>;
  const concrete = typeof obj.__typename === "string" ? obj.__typename : isObjectType(type) ? type.name : undefined;
  const fields: Array<{ cond: string; node: FieldNode }> = [];
  collectFields(set, "*", ctx, fields);
  const types = concrete ? [concrete] : possibleTypes(type, ctx);
  let best = 0;
  for (const t of types) {
    const o = ctx.schema.getType(t);
    if (!isObjectType(o)) continue;
    let sum = 0;
    for (const f of fields) {
      if (!appliesTo(f.cond, t, ctx) || f.node.name.value.startsWith("__")) continue;
      const def = o.getFields()[f.node.name.value];
      if (def) sum += actualFieldCost(def, f.node, obj[f.node.alias?.value ?? f.node.name.value], ctx);
    }
    best = Math.max(best, sum);
  }
  return best;
}

