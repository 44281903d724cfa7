import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { en, es, pickLocale, translate, type MessageKey } from "./messages";

/** The variables a message uses: {name} and {name, plural, ...} (plural branches themselves removed first). */
const placeholders = (text: string) =>
  [...text.replace(/(zero|one|two|few|many|other|=\d+) \{[^{}]*\}/g, "").matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort().join(",");

describe("messages", () => {
  it("has a Spanish text for every English key, with the same placeholders", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(es[key].trim(), key).not.toBe("");
      expect(placeholders(es[key]), key).toBe(placeholders(en[key]));
    }
  });

  it("picks the plural form and formats numbers the way each language writes them", () => {
    expect(translate("en", "home.count", { count: 1, total: 1 })).toBe("Showing 1 of 1 return");
    expect(translate("en", "home.count", { count: 50, total: 100000 })).toBe("Showing 50 of 100,000 returns");
    expect(translate("es", "home.count", { count: 50, total: 100000 })).toBe("Mostrando 50 de 100.000 devoluciones");
    expect(translate("es", "home.errors.title", { count: 1 })).toBe("1 devolución tiene un error de sincronización");
    expect(translate("es", "rules.reconcile.hours", { count: 1 })).toBe("Cada hora");
    expect(translate("en", "rules.reconcile.hours", { count: 6 })).toBe("Every 6 hours");
  });

  it("follows the shop admin's locale, falling back to English", () => {
    expect(pickLocale("es")).toBe("es");
    expect(pickLocale("es-ES,es;q=0.9")).toBe("es");
    expect(pickLocale("ES-mx")).toBe("es");
    expect(pickLocale("fr-FR")).toBe("en");
    expect(pickLocale(null)).toBe("en");
  });
});

// Attributes whose values a person reads or hears (text content is checked as a whole).
const READ_ATTRIBUTES = new Set(["label", "title", "content", "placeholder", "queryPlaceholder", "heading", "helpText", "accessibilityLabel", "aria-label", "alt", "subtitle", "error", "badge", "directionLabel"]);

function literalsIn(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}/u.test(node.initializer.text)) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    if (ts.isPropertyAssignment(node) && READ_ATTRIBUTES.has(node.name.getText()) && ts.isStringLiteral(node.initializer) && /\p{L}{2,}/u.test(node.initializer.text)) {
      found.push(`${node.name.getText()}: "${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("embedded pages and components", () => {
  const root = path.resolve(import.meta.dirname, "..");
  const files = [
    ...readdirSync(path.join(root, "routes")).filter((f) => /^app(\.|$).*\.tsx$/.test(f)).map((f) => path.join(root, "routes", f)),
    // Route folders (app.analytics/route.tsx and the components beside it).
    ...readdirSync(path.join(root, "routes"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^app(\.|$)/.test(d.name))
      .flatMap((d) => readdirSync(path.join(root, "routes", d.name)).filter((f) => f.endsWith(".tsx")).map((f) => path.join(root, "routes", d.name, f))),
    ...readdirSync(path.join(root, "components")).filter((f) => f.endsWith(".tsx")).map((f) => path.join(root, "components", f)),
  ];

  it("hold no user-facing text of their own: every string comes from the message tables", () => {
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((f) => literalsIn(f).map((l) => `${path.relative(root, f)}: ${l}`));
    expect(offenders).toEqual([]);
  });

  it("the literal check notices hard-coded text, labels and action contents", () => {
    const probe = `const a = <TextField label="City" />; const b = <p>Hello world</p>; const c = { content: "Save" }; const d = <Badge tone="info">{t("x")}</Badge>;`;
    expect(literalsIn("probe.tsx", probe)).toEqual(['label="City"', "Hello world", 'content: "Save"']);
  });
});
