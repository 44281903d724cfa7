// Requests-per-second budget for a simulator: a token bucket on an injectable clock, answering 429 + Retry-After.

export type Clock = () => number;

export class SimRateLimiter {
  private rps: number | null = null;
  private tokens = 0;
  private last = 0;

  constructor(private readonly clock: Clock) {}

  /** null or 0 turns limiting off. */
  set(rps: number | null): void {
    this.rps = rps && rps > 0 ? rps : null;
    this.tokens = this.rps ?? 0;
    this.last = this.clock();
  }

  get limit(): number | null {
    return this.rps;
  }

  /** Take one token; when none is left, return the whole seconds to wait (at least 1, as HTTP wants). */
  take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.rps === null) return { ok: true };
    const now = this.clock();
    this.tokens = Math.min(this.rps, this.tokens + ((now - this.last) / 1000) * this.rps);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitMs = ((1 - this.tokens) / this.rps) * 1000;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
