import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Kind, parse } from "graphql";

// Finds every GraphQL document the app sends: template literals that start with `#graphql`. A document may spread
// fragments by interpolating their consts (`${NAME}`), which are resolved by name across files, as codegen does.

export interface FoundDocument {
  file: string;
  line: number;
  /** The text sent to Shopify: interpolated fragments resolved. */
  source: string;
  /** "fragment" when the literal holds only fragments (validated through the operations that spread them). */
  kind: "operation" | "fragment";
}

// app/shopify/schema holds Shopify's schema itself and app/shopify/types the generated types, not documents.
const SKIP = new Set(["node_modules", "build", "dist", ".cache", "generated", "schema", "types"]);

function walk(dir: string, out: string[]) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|js|jsx|graphql|gql)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
}

export interface ExtractedDocument {
  index: number;
  /** The const the literal is assigned to, if any (how other documents interpolate it). */
  name?: string;
  source: string;
}

export function extractDocuments(text: string): ExtractedDocument[] {
  const docs: ExtractedDocument[] = [];
  const re = /`\s*#graphql\b([\s\S]*?)`/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (const [, expr] of m[1].matchAll(/\$\{([^}]*)\}/g)) {
      if (!/^\s*[A-Za-z_$][\w$]*\s*$/.test(expr)) throw new Error(`GraphQL documents interpolate only fragment consts, not \${${expr}}`);
    }
    const name = /\b([A-Za-z_$][\w$]*)\s*=\s*$/.exec(text.slice(0, m.index))?.[1];
    docs.push({ index: m.index, name, source: m[1] });
  }
  return docs;
}

/** Replaces each `${NAME}` with the document of that const, recursively. */
export function resolveInterpolations(source: string, byName: Map<string, string>, seen: string[] = []): string {
  return source.replace(/\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g, (_, name: string) => {
    const inner = byName.get(name);
    if (inner === undefined) throw new Error(`\${${name}} is not a #graphql const`);
    if (seen.includes(name)) throw new Error(`fragment consts interpolate each other in a cycle: ${[...seen, name].join(" -> ")}`);
    return resolveInterpolations(inner, byName, [...seen, name]);
  });
}

/** The documents under each root (a folder, or one file); interpolations resolve among all of them. */
export function findDocuments(roots: string[]): FoundDocument[] {
  const files: string[] = [];
  for (const r of roots) {
    try {
      if (statSync(r).isFile()) files.push(r);
      else walk(r, files);
    } catch {
      // A root that does not exist yet holds no documents.
    }
  }
  const raw: Array<{ file: string; line: number; name?: string; source: string }> = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const docs = file.endsWith(".graphql") || file.endsWith(".gql") ? [{ index: 0, name: undefined, source: text }] : extractDocuments(text);
    for (const d of docs) raw.push({ file, line: text.slice(0, d.index).split("\n").length, name: d.name, source: d.source });
  }
  const byName = new Map<string, string>();
  for (const d of raw) {
    if (!d.name) continue;
    if (byName.has(d.name)) throw new Error(`two #graphql consts are named ${d.name}: codegen resolves interpolations by name`);
    byName.set(d.name, d.source);
  }
  return raw.map((d) => {
    const source = resolveInterpolations(d.source, byName);
    return { file: d.file, line: d.line, source, kind: onlyFragments(source) ? "fragment" : "operation" };
  });
}

/** A literal of fragment definitions only; one that does not parse counts as an operation (its check reports it). */
function onlyFragments(source: string): boolean {
  try {
    return parse(source).definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  } catch {
    return false;
  }
}
