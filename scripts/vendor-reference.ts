import fs from "node:fs";
import path from "node:path";
import { parse, print, visit, type ASTNode } from "graphql";

// Refreshes what the project keeps of its outside references (test/fixtures/README.md says where each comes from):
//   npx tsx scripts/vendor-reference.ts <reference folder>
// The folder holds shopify/admin-2026-07.graphql, shopify/recorded-*.json and providers/*.txt. The project never
// reads that folder itself; it reads only what this script writes:
//   app/shopify/schema/admin-2026-07.graphql      Shopify's Admin schema without its description prose
//   test/fixtures/shopify/recorded-*.json         live captures of the Admin API, as recorded
//   test/fixtures/providers/*-examples.json       each provider document's request and response examples

const root = path.resolve(import.meta.dirname, "..");
const ref = process.argv[2];
if (!ref || !fs.existsSync(ref)) {
  console.error("usage: npx tsx scripts/vendor-reference.ts <reference folder>");
  process.exit(1);
}

function write(rel: string, text: string) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${rel} (${text.length} bytes)`);
}

// Shopify's schema: types, fields, arguments and deprecations kept; descriptions dropped (they are most of its size).
const schemaText = fs.readFileSync(path.join(ref, "shopify", "admin-2026-07.graphql"), "utf8");
const stripped = visit(parse(schemaText, { noLocation: true }), {
  enter(node: ASTNode) {
    if ("description" in node && node.description) return { ...node, description: undefined };
    return undefined;
  },
});
write("app/shopify/schema/admin-2026-07.graphql", `${print(stripped)}\n`);

for (const name of fs.readdirSync(path.join(ref, "shopify")).filter((f) => /^recorded-.*\.json$/.test(f)).sort()) {
  write(`test/fixtures/shopify/${name}`, fs.readFileSync(path.join(ref, "shopify", name), "utf8"));
}

interface Example {
  method: string;
  /** Path under the documented server, as the document writes it. */
  path: string;
  body?: unknown;
  /** The document's example answer, when it gives one that parses as JSON ("…" marks a collapsed part: null). */
  response?: unknown;
}

/** The curl examples of a provider page and the example answer printed after each. */
function examples(text: string, server: string): Example[] {
  const escaped = server.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const re = new RegExp(`curl -i -X (\\w+) \\\\\\s+'?${escaped}([^'\\s]+)'?([\\s\\S]*?)(?=\\n\\s*\\nResponses)`, "g");
  const out: Example[] = [];
  const matches = [...text.matchAll(re)];
  matches.forEach((m, i) => {
    const body = /-d '([\s\S]*)'/.exec(m[3])?.[1];
    const rest = text.slice(m.index! + m[0].length, matches[i + 1]?.index ?? text.length);
    const answer = /\nResponse\napplication\/json\n(.+)\n/.exec(rest)?.[1];
    let response: unknown;
    if (answer) {
      try {
        response = JSON.parse(answer);
      } catch {
        response = null;
      }
    }
    out.push({ method: m[1], path: m[2], ...(body ? { body: JSON.parse(body) } : {}), ...(answer ? { response } : {}) });
  });
  return out;
}

const providers = [
  { file: "ifreturns-inverse-logistic-api.txt", server: "https://docs.ifreturns.com/_mock/apis/returns/", out: "ifreturns-examples.json" },
  { file: "rever-admin-api.txt", server: "https://docs.itsrever.com/_mock/apis/admin/", out: "rever-examples.json" },
];
for (const p of providers) {
  const found = examples(fs.readFileSync(path.join(ref, "providers", p.file), "utf8"), p.server);
  if (found.length === 0) throw new Error(`${p.file}: no curl example found; has the page's layout changed?`);
  write(`test/fixtures/providers/${p.out}`, `${JSON.stringify({ source: p.file, server: p.server, examples: found }, null, 2)}\n`);
}
