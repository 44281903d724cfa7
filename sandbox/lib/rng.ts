// Seeded deterministic random numbers (mulberry32): the same seed replays the same fault sequence.

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A short id from the seeded stream, so simulator ids are stable across runs. */
export function rngId(rng: Rng, length = 10, alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}
