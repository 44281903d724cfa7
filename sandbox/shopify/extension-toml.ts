import fs from "node:fs";
import path from "node:path";

// The part of TOML the app's extension files use (tables, arrays of tables, strings, booleans, numbers, arrays of
// strings, comments), read strictly: anything else throws, so a file this cannot read fails loudly instead of
// being misread. Shared by the Shopify simulator (Flow triggers and actions) and the extension tests.

type Table = Record<string, unknown>;

function parseValue(raw: string, where: string): unknown {
  const v = raw.trim();
  if (v === "true" || v === "false") return v === "true";
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"$/.exec(v);
    if (!m) throw new Error(`${where}: unreadable string ${v}`);
    return JSON.parse(`"${m[1]}"`) as string;
  }
  if (v.startsWith("[") && v.endsWith("]")) {
    const inner = v.slice(1, -1).trim();
    if (!inner) return [];
    return inner.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((x) => x.trim()).filter(Boolean).map((x) => parseValue(x, where));
  }
  throw new Error(`${where}: unsupported value ${v}`);
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== "\\") quoted = !quoted;
    if (line[i] === "#" && !quoted) return line.slice(0, i);
  }
  return line;
}

/** The last element of an array of tables, or the table itself. */
function current(node: unknown): Table {
  return (Array.isArray(node) ? node[node.length - 1] : node) as Table;
}

export function parseExtensionToml(text: string, file = "toml"): Table {
  const root: Table = {};
  let table: Table = root;
  text.split("\n").forEach((rawLine, n) => {
    const where = `${file}:${n + 1}`;
    const line = stripComment(rawLine).trim();
    if (!line) return;
    const header = /^(\[\[?)\s*([A-Za-z0-9_.-]+)\s*(\]\]?)$/.exec(line);
    if (header) {
      const isArray = header[1] === "[[";
      if (isArray !== (header[3] === "]]")) throw new Error(`${where}: unbalanced header`);
      const keys = header[2].split(".");
      let node: Table = root;
      for (const k of keys.slice(0, -1)) {
        node[k] ??= {};
        node = current(node[k]);
      }
      const last = keys[keys.length - 1];
      if (isArray) {
        const list = (node[last] ??= []) as Table[];
        if (!Array.isArray(list)) throw new Error(`${where}: ${header[2]} is not an array of tables`);
        list.push((table = {}));
      } else {
        node[last] ??= {};
        table = current(node[last]);
      }
      return;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) throw new Error(`${where}: unsupported line ${line}`);
    if (kv[1] in table) throw new Error(`${where}: ${kv[1]} given twice`);
    table[kv[1]] = parseValue(kv[2], where);
  });
  return root;
}

export interface FlowField {
  type: string;
  key?: string;
  name?: string;
  description?: string;
  required?: boolean;
}

export interface FlowExtension {
  type: "flow_trigger" | "flow_action";
  handle: string;
  name: string;
  description?: string;
  runtimeUrl?: string;
  fields: FlowField[];
  file: string;
}

/** The key a field has in a trigger payload or an action's properties: `order_id` for an order reference. */
export function payloadKey(field: FlowField): string {
  return field.type.endsWith("_reference") ? `${field.type.slice(0, -"_reference".length)}_id` : (field.key ?? "");
}

/** Every Flow trigger and action declared under `dir` (one folder per extension, each with shopify.extension.toml). */
export function loadFlowExtensions(dir: string): FlowExtension[] {
  if (!fs.existsSync(dir)) return [];
  const out: FlowExtension[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, "shopify.extension.toml");
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    if (!/type\s*=\s*"flow_(trigger|action)"/.test(text)) continue;
    const toml = parseExtensionToml(text, file);
    const settings = (toml.settings ?? {}) as { fields?: FlowField[] };
    for (const ext of (toml.extensions ?? []) as Table[]) {
      out.push({
        type: ext.type as FlowExtension["type"],
        handle: String(ext.handle),
        name: String(ext.name),
        description: ext.description as string | undefined,
        runtimeUrl: ext.runtime_url as string | undefined,
        fields: settings.fields ?? [],
        file,
      });
    }
  }
  return out;
}
