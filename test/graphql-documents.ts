import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// Finds every GraphQL document the app sends: template literals that start with `#graphql`.

export interface FoundDocument {
  file: string;
  line: number;
  source: string;
}

// app/shopify/schema holds Shopify's schema itself, not documents.
const SKIP = new Set(["node_modules", "build", "dist", ".cache", "generated", "schema"]);

function walk(dir: string, out: string[]) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|js|jsx|graphql|gql)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
}

export function extractDocuments(text: string): Array<{ index: number; source: string }> {
  const docs: Array<{ index: number; source: string }> = [];
  const re = /`\s*#graphql\b([\s\S]*?)`/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1].includes("${")) throw new Error("GraphQL documents must be static: no ${} interpolation");
    docs.push({ index: m.index, source: m[1] });
  }
  return docs;
}

export function findDocuments(roots: string[]): FoundDocument[] {
  const files: string[] = [];
  for (const r of roots) {
    try {
      walk(r, files);
    } catch {
      // A root that does not exist yet holds no documents.
    }
  }
  const found: FoundDocument[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const docs = file.endsWith(".graphql") || file.endsWith(".gql") ? [{ index: 0, source: text }] : extractDocuments(text);
    for (const d of docs) found.push({ file, line: text.slice(0, d.index).split("\n").length, source: d.source });
  }
  return found;
}
