// A per-connection request budget: token bucket that also pauses when the server says 429 + Retry-After.

export interface RateLimiter {
  /** Resolves when one request may be sent. */
  acquire(): Promise<void>;
  /** The server pushed back: pause everyone sharing this budget. */
  onRateLimited(retryAfterMs: number | undefined): void;
}

export class TokenBucketLimiter implements RateLimiter {
  private tokens: number;
  private last = Date.now();
  private pausedUntil = 0;
  private queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private ratePerSecond: number,
    private readonly burst = Math.max(1, Math.ceil(ratePerSecond)),
  ) {
    this.tokens = this.burst;
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  onRateLimited(retryAfterMs: number | undefined): void {
    const wait = retryAfterMs ?? 1000;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
    this.tokens = 0;
    // Slow down a little so we do not immediately hit the wall again.
    this.ratePerSecond = Math.max(0.5, this.ratePerSecond * 0.9);
  }

  private refill(now: number) {
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
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
    const waitToken = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, Math.max(1, Math.ceil(Math.max(waitPause, waitToken))));
  }
}

/** No budget: used where the caller paces itself (e.g. Shopify's cost-based client). */
export const unlimited: RateLimiter = { acquire: async () => {}, onRateLimited: () => {} };
