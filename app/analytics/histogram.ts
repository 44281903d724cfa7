// Durations kept as sparse histograms with geometric buckets, so a day's roll-up row can be merged with any other
// and a median or 90th percentile read from the sum. A bucket spans a factor of RATIO: the value reported for a
// quantile (the bucket's geometric middle) is within about 2.5% of the exact one (nearest-rank definition).

export type Histogram = Record<number, number>;

const RATIO = 1.05;
const FLOOR_SECONDS = 60;
const LOG_RATIO = Math.log(RATIO);

/** Bucket -1 holds everything under a minute; bucket b >= 0 holds [60 * RATIO^b, 60 * RATIO^(b+1)) seconds. */
export function bucketOf(seconds: number): number {
  if (!(seconds >= FLOOR_SECONDS)) return -1;
  return Math.floor(Math.log(seconds / FLOOR_SECONDS) / LOG_RATIO + 1e-9);
}

/** The value a bucket stands for: the geometric middle of its span (half a minute for the first). */
export function bucketValue(bucket: number): number {
  if (bucket < 0) return 30;
  return FLOOR_SECONDS * Math.pow(RATIO, bucket + 0.5);
}

/** The largest relative error of bucketValue against any value of its bucket (above a minute). */
export const BUCKET_RELATIVE_ERROR = Math.sqrt(RATIO) - 1;

export function add(h: Histogram, seconds: number | null | undefined): void {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return;
  const b = bucketOf(seconds);
  h[b] = (h[b] ?? 0) + 1;
}

export function mergeInto(into: Histogram, from: Histogram): void {
  for (const [b, n] of Object.entries(from)) into[Number(b)] = (into[Number(b)] ?? 0) + n;
}

export function countOf(h: Histogram): number {
  let n = 0;
  for (const v of Object.values(h)) n += v;
  return n;
}

/** Nearest-rank quantile (0 < q <= 1): the bucket holding the value at rank ceil(q * n). Null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const buckets = Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b);
  const n = countOf(h);
  if (!n) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const b of buckets) {
    seen += h[b];
    if (seen >= rank) return bucketValue(b);
  }
  return bucketValue(buckets[buckets.length - 1]);
}

export function serialize(h: Histogram): string | null {
  return Object.keys(h).length ? JSON.stringify(h) : null;
}

export function parse(raw: string | null | undefined): Histogram {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" ? (v as Histogram) : {};
  } catch {
    return {};
  }
}
