import { describe, expect, it } from "vitest";
import { add, BUCKET_RELATIVE_ERROR, bucketOf, countOf, mergeInto, parse, quantile, serialize, type Histogram } from "./histogram";

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

/** A reproducible spread of durations from seconds to weeks. */
function samples(seed: number, n: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => Math.round(60 * Math.exp(next() * 10)));
}

describe("duration histograms", () => {
  it("report medians and 90th percentiles within the bucket's error of the exact values", () => {
    for (const seed of [1, 7, 42, 1234]) {
      const values = samples(seed, 500);
      const h: Histogram = [];
      for (const v of values) add(h, v);
      for (const q of [0.5, 0.9]) {
        const exact = exactQuantile(values, q);
        expect(Math.abs(quantile(h, q)! - exact) / exact, `seed ${seed} q ${q}`).toBeLessThanOrEqual(BUCKET_RELATIVE_ERROR + 1e-9);
      }
    }
  });

  it("keep a duration of a year and more in the last bucket, still counted", () => {
    const h: Histogram = [];
    add(h, 3 * 365 * 86_400);
    add(h, 60);
    expect(countOf(h)).toBe(2);
    expect(quantile(h, 1)).toBeGreaterThan(300 * 86_400);
  });

  it("merged day by day give the same quantiles as one histogram of every value", () => {
    const values = samples(99, 300);
    const whole: Histogram = [];
    for (const v of values) add(whole, v);
    const merged: Histogram = [];
    for (let day = 0; day < 10; day++) {
      const h: Histogram = [];
      for (const v of values.slice(day * 30, day * 30 + 30)) add(h, v);
      mergeInto(merged, parse(serialize(h)));
    }
    expect(countOf(merged)).toBe(300);
    expect(quantile(merged, 0.5)).toBe(quantile(whole, 0.5));
    expect(quantile(merged, 0.9)).toBe(quantile(whole, 0.9));
  });

  it("keeps values under a minute apart, ignores missing and negative ones, and says nothing when empty", () => {
    const h: Histogram = [];
    add(h, 5);
    add(h, null);
    add(h, -3);
    add(h, Number.NaN);
    expect(countOf(h)).toBe(1);
    expect(bucketOf(5)).toBe(0);
    expect(quantile([], 0.5)).toBeNull();
    expect(serialize([])).toBeNull();
    expect(parse("not json")).toEqual([]);
    expect(parse(serialize(h))).toEqual(h);
  });
});
