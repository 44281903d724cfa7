import { seededRng, type Rng } from "./rng";

// Fault injection for the simulators: off by default, switched on per test, deterministic by seed.

export type FaultKind = "429" | "5xx" | "timeout" | "malformed";

export interface FaultConfig {
  /** Probability (0..1) of each fault per matching request. */
  rate429?: number;
  rate5xx?: number;
  rateTimeout?: number;
  rateMalformed?: number;
  seed?: number;
  /**
   * "before": fail without doing the work; "after": do the work, then lose the answer (the case that makes
   * creates dangerous to retry). Malformed JSON always replaces a real answer. Default "after".
   */
  phase?: "before" | "after";
  /** Stop injecting after this many faults (e.g. 1 = "the first call fails, the retry succeeds"). */
  times?: number;
  /** Only requests that match are eligible. */
  only?: { method?: string; pathPrefix?: string; pathIncludes?: string };
  /** Seconds sent in Retry-After with injected 429s; omit the header when null. Default 1. */
  retryAfterSeconds?: number | null;
  /** HTTP status for injected 5xx. Default 503. */
  status5xx?: number;
}

export class FaultInjector {
  private config: FaultConfig = {};
  private rng: Rng = seededRng(1);
  private injected = 0;
  /** Faults injected since the last `set`, by kind: tests assert the schedule really happened. */
  counts: Record<FaultKind, number> = { "429": 0, "5xx": 0, timeout: 0, malformed: 0 };

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.rng = seededRng(config.seed ?? 1);
    this.injected = 0;
    this.counts = { "429": 0, "5xx": 0, timeout: 0, malformed: 0 };
  }

  get current(): Readonly<FaultConfig> {
    return this.config;
  }

  /** Decide the fault for one request (consumes one random number only for eligible requests). */
  decide(method: string, path: string): FaultKind | null {
    const c = this.config;
    const total = (c.rate429 ?? 0) + (c.rate5xx ?? 0) + (c.rateTimeout ?? 0) + (c.rateMalformed ?? 0);
    if (total <= 0) return null;
    if (c.times !== undefined && this.injected >= c.times) return null;
    if (c.only?.method && c.only.method.toUpperCase() !== method.toUpperCase()) return null;
    if (c.only?.pathPrefix && !path.startsWith(c.only.pathPrefix)) return null;
    if (c.only?.pathIncludes && !path.includes(c.only.pathIncludes)) return null;
    const r = this.rng();
    let edge = 0;
    const pick: Array<[FaultKind, number | undefined]> = [
      ["429", c.rate429],
      ["5xx", c.rate5xx],
      ["timeout", c.rateTimeout],
      ["malformed", c.rateMalformed],
    ];
    for (const [kind, rate] of pick) {
      edge += rate ?? 0;
      if (r < edge) {
        this.injected++;
        this.counts[kind]++;
        return kind;
      }
    }
    return null;
  }
}
