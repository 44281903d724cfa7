// A per-connection request budget: token bucket that also pauses when the server says 429 + Retry-After.

export interface RateLimiter {
  /** Resolves when one request may be sent. */
  acquire(): Promise<void>;
  /** The server pushed back: pause everyone sharing this budget. */
  onRateLimited(retryAfterMs: number | undefined): void;
}

/** Rate kept after a push-back, as a share of the rate at the time. */
const CUT = 0.9;
/** Share of the configured rate regained per second without a push-back, so a passing 429 does not slow us for good. */
const RECOVERY_PER_SECOND = 0.05;
const MIN_RATE = 0.5;

/**
 * A quarter of a second of requests. A server's limit is usually a bucket of one second: sending all of it at
 * once leaves no room for network jitter or for calls made outside this limiter, and the next request meets a
 * 429; a burst too small cannot catch up after the event loop was busy for a moment, and the budget is lost.
 */
export function defaultBurst(ratePerSecond: number): number {
  return Math.max(1, Math.ceil(ratePerSecond / 4));
}

export class TokenBucketLimiter implements RateLimiter {
  private tokens: number;
  private current: number;
  private last = Date.now();
  private pausedUntil = 0;
  private queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = defaultBurst(ratePerSecond),
  ) {
    this.current = ratePerSecond;
    this.tokens = this.burst;
  }

  /** The rate allowed now: the configured one, or less for a few seconds after the server pushed back. */
  get rate(): number {
    this.refill(Date.now());
    return this.current;
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  onRateLimited(retryAfterMs: number | undefined): void {
    const now = Date.now();
    this.refill(now);
    // Requests already in flight get the same answer: one push-back cuts the rate once, not once per answer.
    if (now >= this.pausedUntil) this.current = Math.max(MIN_RATE, this.current * CUT);
    this.pausedUntil = Math.max(this.pausedUntil, now + (retryAfterMs ?? 1000));
    this.tokens = 0;
  }

  private refill(now: number) {
    const elapsed = Math.max(0, now - this.last) / 1000;
    // Recovery counts only calm time: after the pause, never during it.
    const calm = Math.max(0, now - Math.max(this.last, this.pausedUntil)) / 1000;
    this.last = now;
    if (this.current < this.ratePerSecond && calm > 0) this.current = Math.min(this.ratePerSecond, this.current + calm * this.ratePerSecond * RECOVERY_PER_SECOND);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.current);
  }

  private drain() {
    if (this.timer) return;
    const now = Date.now();
    this.refill(now);
    while (this.queue.length && now >= this.pausedUntil && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (!this.queue.length) return;
    const waitPause = Math.max(0, this.pausedUntil - now);
    const waitToken = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.current) * 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, Math.max(1, Math.ceil(Math.max(waitPause, waitToken))));
  }
}

/** No budget: used where the caller paces itself (e.g. Shopify's cost-based client). */
export const unlimited: RateLimiter = { acquire: async () => {}, onRateLimited: () => {} };
