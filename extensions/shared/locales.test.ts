import { describe, expect, it } from "vitest";
import actionEn from "../order-returns-action/locales/en.default.json";
import actionEs from "../order-returns-action/locales/es.json";
import printSource from "../return-label-print/src/PrintExtension.tsx?raw";
import printEn from "../return-label-print/locales/en.default.json";
import printEs from "../return-label-print/locales/es.json";

// Every string the extensions show exists in English and Spanish (the admin's locale picks the file).

// Every source file of the order action and the shared form logic, so a split into more files stays checked.
const actionSources = import.meta.glob(["../order-returns-action/src/*.{ts,tsx}", "./*.ts", "!./*.test.ts", "!./*.d.ts"], { query: "?raw", import: "default", eager: true });
const actionSource = Object.values(actionSources).join("\n");

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Keys passed to t("...") literally, plus `prefix.${...}` families expanded from the known values. */
function usedKeys(source: string): { exact: string[]; families: string[] } {
  const exact = [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((m) => m[1]);
  const families = [...source.matchAll(/\bt\(\s*`([a-zA-Z]+)\.\$\{/g)].map((m) => m[1]);
  const ternaries = [...source.matchAll(/\bt\([^)]*?\?\s*"([^"]+)"\s*:\s*"([^"]+)"/g)].flatMap((m) => [m[1], m[2]]);
  return { exact: [...exact, ...ternaries], families };
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each([
  ["order action", actionSource, actionEn as Tree, actionEs as Tree],
  ["print action", printSource, printEn as Tree, printEs as Tree],
])("the %s locales", (_name, source, en, es) => {
  const enKeys = flatten(en);
  const esKeys = flatten(es);

  it("have the same keys and placeholders in English and Spanish", () => {
    expect([...esKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
    for (const [key, text] of enKeys) expect(placeholders(esKeys.get(key)!), key).toEqual(placeholders(text));
  });

  it("define every key the code translates", () => {
    const { exact, families } = usedKeys(source);
    if (_name === "order action") expect(Object.keys(actionSources).map((p) => p.split("/").pop())).toEqual(expect.arrayContaining(["ActionExtension.tsx", "pickup-panel.tsx", "pickup-form.ts"]));
    expect(exact.length).toBeGreaterThan(3);
    // Error keys come from the forms module as values, not t() calls.
    const errorKeys = [...source.matchAll(/"(error\.[a-zA-Z]+)"/g)].map((m) => m[1]);
    for (const key of [...exact, ...errorKeys]) expect(enKeys.has(key), `missing ${key}`).toBe(true);
    for (const family of families) expect([...enKeys.keys()].some((k) => k.startsWith(`${family}.`)), `missing ${family}.*`).toBe(true);
  });
});

describe("families of keys built from values", () => {
  const en = flatten(actionEn as Tree);
  it("cover every return status, tab, location type, pickup range and return method", () => {
    for (const s of ["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"]) expect(en.has(`status.${s}`)).toBe(true);
    for (const s of ["label", "pickup", "dropOff", "link"]) expect(en.has(`tab.${s}`)).toBe(true);
    for (const s of ["ALL", "STORE_POINT", "LOCKER_POINT"]) expect(en.has(`location.${s}`)).toBe(true);
    for (const s of ["8-12", "12-16", "16-20"]) expect(en.has(`range.${s}`)).toBe(true);
    for (const s of ["DROP_OFF_POINT", "HOME_PICK_UP"]) expect(en.has(`method.${s}`)).toBe(true);
    for (const s of ["name", "line1", "line2", "postalCode", "city", "countryCode", "email", "phone"]) expect(en.has(`address.${s}`)).toBe(true);
    for (const s of ["length", "width", "height"]) expect(en.has(`field.${s}`)).toBe(true);
  });
});
