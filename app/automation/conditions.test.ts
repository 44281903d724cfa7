import { describe, expect, it } from "vitest";
import { chooseRule, toCents, unmetConditions, type ReturnFacts } from "./conditions";
import { emptyRule } from "./rule-types";

// Which rule decides for a return, and the words the timeline uses when none does.

const facts: ReturnFacts = { country: "ES", reasonHandles: ["too-tight", "too-tight"], orderTotal: "79.8", currency: "EUR", tags: ["VIP", "wholesale"] };
const rule = (over: Partial<ReturnType<typeof emptyRule>>) => ({ ...emptyRule(0), ...over });

describe("automation rule conditions", () => {
  it("match every return when empty", () => {
    expect(unmetConditions(rule({}), facts)).toEqual([]);
    expect(unmetConditions(rule({}), { ...facts, country: null, reasonHandles: [], tags: [] })).toEqual([]);
  });

  it("check the destination country, every line's reason, the total range (inclusive) and any tag, case-insensitively for tags", () => {
    expect(unmetConditions(rule({ countries: ["ES", "PT"], reasonHandles: ["too-tight"], minOrderTotal: "79.80", maxOrderTotal: "79.80", orderTags: ["vip"] }), facts)).toEqual([]);
    expect(unmetConditions(rule({ countries: ["FR"] }), facts)).toEqual(["country ES is not FR"]);
    expect(unmetConditions(rule({ reasonHandles: ["too-tight"] }), { ...facts, reasonHandles: ["too-tight", null] })).toEqual(["reason none is not too-tight"]);
    expect(unmetConditions(rule({ reasonHandles: ["quality"] }), facts)).toEqual(["reason too-tight, too-tight is not quality"]);
    expect(unmetConditions(rule({ minOrderTotal: "80" }), facts)).toEqual(["order total 79.80 EUR is below 80.00 EUR"]);
    expect(unmetConditions(rule({ maxOrderTotal: "50.5" }), facts)).toEqual(["order total 79.80 EUR is above 50.50 EUR"]);
    expect(unmetConditions(rule({ orderTags: ["retail"] }), facts)).toEqual(["order tags (VIP, wholesale) include none of retail"]);
    expect(unmetConditions(rule({ countries: ["ES"] }), { ...facts, country: null })).toEqual(["country unknown is not ES"]);
  });

  it("let the first enabled matching rule decide, naming the ones before it and why they did not match", () => {
    const rules = [rule({ name: "Off", enabled: false }), rule({ name: "France", countries: ["FR"] }), rule({ name: "Spain", countries: ["ES"] }), rule({ name: "Any" })];
    const choice = chooseRule(rules, facts);
    expect(choice.rule?.name).toBe("Spain");
    expect(choice.explanation).toBe('Rule "Spain" matched (before it: "France": country ES is not FR)');
  });

  it("say why no rule matched, or that none is enabled", () => {
    expect(chooseRule([rule({ name: "France", countries: ["FR"] }), rule({ name: "Cheap", maxOrderTotal: "10" })], facts)).toEqual({
      rule: null,
      explanation: 'No rule matched ("France": country ES is not FR | "Cheap": order total 79.80 EUR is above 10.00 EUR)',
    });
    expect(chooseRule([rule({ enabled: false })], facts).explanation).toBe("No rule is enabled");
  });

  it("read amounts as whole cents and refuse what is not an amount", () => {
    expect([toCents("79.9"), toCents("0"), toCents("12.345"), toCents("-1"), toCents("abc"), toCents(null)]).toEqual([7990, 0, 1235, null, null, null]);
  });
});
