import type { AutomationRuleView } from "./rule-types";

// Whether a rule's conditions hold for a return, and in words why not: the timeline says which rule matched, or
// why each one did not. Pure: the facts are read from Shopify by the caller.

export interface ReturnFacts {
  /** The order's shipping country (ISO 3166-1 alpha-2), null when it has no shipping address or Shopify withheld it. */
  country: string | null;
  /** Each returned line's reason handle (null: no reason definition on the line). */
  reasonHandles: Array<string | null>;
  /** The order's total in the shop's currency, as Shopify writes it ("79.9"). */
  orderTotal: string;
  currency: string;
  tags: string[];
}

export type RuleConditions = Pick<AutomationRuleView, "countries" | "reasonHandles" | "minOrderTotal" | "maxOrderTotal" | "orderTags">;

/** Whole cents of a decimal amount ("79.9" -> 7990), or null when it is not one. */
export function toCents(amount: string | null | undefined): number | null {
  if (amount === null || amount === undefined || !/^\d+(\.\d+)?$/.test(amount.trim())) return null;
  return Math.round(Number(amount) * 100);
}

function money(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

/** The conditions that do not hold (an empty list: the rule matches). */
export function unmetConditions(rule: RuleConditions, facts: ReturnFacts): string[] {
  const unmet: string[] = [];
  if (rule.countries.length && !(facts.country && rule.countries.includes(facts.country.toUpperCase()))) {
    unmet.push(`country ${facts.country ?? "unknown"} is not ${rule.countries.join(" or ")}`);
  }
  if (rule.reasonHandles.length) {
    const other = facts.reasonHandles.filter((h) => !h || !rule.reasonHandles.includes(h));
    if (!facts.reasonHandles.length || other.length) unmet.push(`reason ${other.map((h) => h ?? "none").join(", ") || "none"} is not ${rule.reasonHandles.join(" or ")}`);
  }
  const total = toCents(facts.orderTotal) ?? 0;
  const min = toCents(rule.minOrderTotal);
  const max = toCents(rule.maxOrderTotal);
  if (min !== null && total < min) unmet.push(`order total ${money(total, facts.currency)} is below ${money(min, facts.currency)}`);
  if (max !== null && total > max) unmet.push(`order total ${money(total, facts.currency)} is above ${money(max, facts.currency)}`);
  if (rule.orderTags.length) {
    const tags = new Set(facts.tags.map((t) => t.trim().toLowerCase()));
    if (!rule.orderTags.some((t) => tags.has(t.trim().toLowerCase()))) unmet.push(`order tags (${facts.tags.join(", ") || "none"}) include none of ${rule.orderTags.join(", ")}`);
  }
  return unmet;
}

export type RuleChoice<R> = { rule: R; explanation: string } | { rule: null; explanation: string };

/** The first enabled rule whose conditions all hold; the explanation names it, or says why each rule did not match. */
export function chooseRule<R extends RuleConditions & { name: string; enabled: boolean }>(rules: readonly R[], facts: ReturnFacts): RuleChoice<R> {
  const misses: string[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const unmet = unmetConditions(rule, facts);
    if (!unmet.length) return { rule, explanation: `Rule "${rule.name}" matched${misses.length ? ` (before it: ${misses.join(" | ")})` : ""}` };
    misses.push(`"${rule.name}": ${unmet.join("; ")}`);
  }
  return { rule: null, explanation: misses.length ? `No rule matched (${misses.join(" | ")})` : "No rule is enabled" };
}
