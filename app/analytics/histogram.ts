// Durations kept as histograms with geometric buckets, so a day's (or a week's) roll-up row can be merged with any
// other and a median or 90th percentile read from the sum. A bucket spans a factor of RATIO: the value reported
// for a quantile (the bucket's geometric middle) is within about 2.5% of the exact one (nearest-rank definition).
// In memory a histogram is a dense array of counts (index 0: under a minute); stored, it is the JSON array
// [first index, counts...] of the part in use, which parses and merges quickly.

export type Histogram = number[];

const RATIO = 1.05;
const FLOOR_SECONDS = 60;
const LOG_RATIO = Math.log(RATIO);
/** Buckets up to about 500 days; longer durations count in the last one. */
const SIZE = 280;

export function emptyHistogram(): Histogram {
  return [];
}

/** Index 0 holds everything under a minute; index b + 1 holds [60 * RATIO^b, 60 * RATIO^(b+1)) seconds. */
export function bucketOf(seconds: number): number {
  if (!(seconds >= FLOOR_SECONDS)) return 0;
  return Math.min(SIZE - 1, 1 + Math.floor(Math.log(seconds / FLOOR_SECONDS) / LOG_RATIO + 1e-9));
}

/** The value a bucket stands for: the geometric middle of its span (half a minute for the first). */
export function bucketValue(index: number): number {
  if (index <= 0) return 30;
  return FLOOR_SECONDS * Math.pow(RATIO, index - 0.5);
}

/** The largest relative error of bucketValue against any value of its bucket (above a minute). */
export const BUCKET_RELATIVE_ERROR = Math.sqrt(RATIO) - 1;

export function add(h: Histogram, seconds: number | null | undefined): void {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return;
  const b = bucketOf(seconds);
  h[b] = (h[b] ?? 0) + 1;
}

export function mergeInto(into: Histogram, from: Histogram): void {
  for (let i = 0; i < from.length; i++) if (from[i]) into[i] = (into[i] ?? 0) + from[i];
}

export function countOf(h: Histogram): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) n += h[i] ?? 0;
  return n;
}

/** Nearest-rank quantile (0 < q <= 1): the bucket holding the value at rank ceil(q * n). Null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const n = countOf(h);
  if (!n) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return bucketValue(i);
  }
  return bucketValue(h.length - 1);
}

export function serialize(h: Histogram): string | null {
  let first = 0;
  while (first < h.length && !h[first]) first++;
  if (first >= h.length) return null;
  let last = h.length - 1;
  while (!h[last]) last--;
  const out: number[] = [first];
  for (let i = first; i <= last; i++) out.push(h[i] ?? 0);
  return JSON.stringify(out);
}

/** Adds a stored histogram into `into` without building it first (the hot path of the page's read). */
export function mergeSerialized(into: Histogram, raw: string | null | undefined): void {
  if (!raw) return;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return;
  }
  if (!Array.isArray(stored) || typeof stored[0] !== "number") return;
  const first = stored[0];
  for (let k = 1; k < stored.length; k++) {
    const c = stored[k] as number;
    if (c) into[first + k - 1] = (into[first + k - 1] ?? 0) + c;
  }
}

export function parse(raw: string | null | undefined): Histogram {
  const h: Histogram = [];
  mergeSerialized(h, raw);
  return h;
}
