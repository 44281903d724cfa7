import { en } from "./en";
import { es } from "./es";

// Every user-facing string of the embedded app lives in en.ts and es.ts; components never hold literals.
// Messages take {name} placeholders and a small ICU subset for counts: "{count, plural, one {# return} other {# returns}}".

export { en, es };
export type MessageKey = keyof typeof en;
export type Locale = "en" | "es";
export const LOCALES: readonly Locale[] = ["en", "es"];

export function pickLocale(raw: string | null | undefined): Locale {
  return (raw ?? "").trim().toLowerCase().startsWith("es") ? "es" : "en";
}

const PLURAL = /\{(\w+), plural, ((?:(?:zero|one|two|few|many|other|=\d+) \{[^{}]*\}\s*)+)\}/g;
const BRANCH = /(zero|one|two|few|many|other|=\d+) \{([^{}]*)\}/g;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

function plural(locale: Locale, n: number, branches: string): string {
  const options = new Map<string, string>();
  for (const m of branches.matchAll(BRANCH)) options.set(m[1], m[2]);
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const chosen = options.get(`=${n}`) ?? options.get(rules.select(n)) ?? options.get("other") ?? "";
  return chosen.replaceAll("#", formatNumber(locale, n));
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const table: Record<MessageKey, string> = locale === "es" ? es : en;
  let text: string = table[key] ?? en[key] ?? key;
  if (!vars) return text;
  text = text.replace(PLURAL, (whole, name: string, branches: string) => (typeof vars[name] === "number" ? plural(locale, vars[name] as number, branches) : whole));
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(typeof vars[name] === "number" ? formatNumber(locale, vars[name] as number) : vars[name]) : whole));
}

/** True when `key` names a message (for keys built from data, such as statuses). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
