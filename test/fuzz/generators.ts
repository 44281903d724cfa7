// Seeded generators of malformed and hostile inputs, shared by the fuzz suites.

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    bool: (p = 0.5) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "'; DROP TABLE \"ReturnLink\"; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "gid://shopify/Return/",
  "gid://shopify/Order/1",
  "gid://shopify/Return/-1",
  "gid://shopify/Return/1e309",
  "%00%ff",
  "\ud800",
  "💥".repeat(50),
  "__proto__",
  "constructor",
  "NaN",
  "null",
  "9".repeat(400),
];

export function hostileValue(r: Rng, depth = 0): unknown {
  switch (r.int(0, 11)) {
    case 0:
      return null;
    case 1:
      return r.int(-(2 ** 31), 2 ** 31);
    case 2:
      return r.next() * 1e308 * (r.bool() ? -1 : 1);
    case 3:
      return r.bool();
    case 4:
      return r.pick(HOSTILE_STRINGS);
    case 5:
      return "x".repeat(r.int(1000, 20000));
    case 6:
      return depth < 4 ? Array.from({ length: r.int(0, 5) }, () => hostileValue(r, depth + 1)) : [];
    case 7:
      return depth < 4 ? { [r.pick(["__proto__", "constructor", "id", "admin_graphql_api_id", "status"])]: hostileValue(r, depth + 1) } : {};
    case 8:
      return `gid://shopify/Return/${r.int(0, 1e9)}`;
    case 9:
      return { nested: { deeper: { deepest: hostileValue(r, depth + 1) } } };
    case 10:
      return String.fromCharCode(...Array.from({ length: r.int(1, 40) }, () => r.int(0, 0xffff)));
    default:
      return undefined;
  }
}

/** A JSON-ish object built around a base shape: fields dropped, retyped, added, or replaced. */
export function mutateObject(r: Rng, base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const keys = Object.keys(out);
  const n = r.int(1, 4);
  for (let i = 0; i < n; i++) {
    const action = r.int(0, 3);
    if (action === 0 && keys.length) delete out[r.pick(keys)];
    else if (action === 1 && keys.length) out[r.pick(keys)] = hostileValue(r);
    else if (action === 2) out[r.pick(["extra", "__proto__", "admin_graphql_api_id", "x".repeat(r.int(1, 300))])] = hostileValue(r);
    else return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, r.bool(0.3) ? hostileValue(r) : v]));
  }
  return out;
}

/** Raw bytes that are not a well-formed JSON document (or not valid UTF-8 at all). */
export function malformedBody(r: Rng): Buffer {
  switch (r.int(0, 6)) {
    case 0:
      return Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, r.int(0, 255)]);
    case 1:
      return Buffer.from(`{"admin_graphql_api_id": "gid://shopify/Return/1"`);
    case 2:
      return Buffer.from("[".repeat(r.int(100, 5000)));
    case 3:
      return Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]);
    case 4:
      return Buffer.from("");
    case 5:
      return Buffer.from("undefined");
    default:
      return Buffer.from(`{"admin_graphql_api_id": ${"9".repeat(r.int(10, 400))}}`);
  }
}

/**
 * Cases per route and engine: 1,000 on SQLite; PostgreSQL runs the same route code on a second engine, so a
 * quarter of them keeps `.ci/run` under 12 minutes on 2 cores. FUZZ_CASES sets both (the full run: 1000).
 */
export function fuzzCases(kind: "sqlite" | "postgresql"): number {
  const forced = Number(process.env.FUZZ_CASES);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return kind === "sqlite" ? 1000 : 250;
}
