import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultBurst, TokenBucketLimiter } from "./rate-limiter.server";

// The per-connection budget on a fake clock: how many requests it lets through, when, and how it reacts to
// a server's 429 (the reconciliation benchmark found a pass running at 66% of the limit after a few 429s).

function queue(limiter: TokenBucketLimiter, n: number): () => number {
  let granted = 0;
  for (let i = 0; i < n; i++) void limiter.acquire().then(() => granted++);
  return () => granted;
}

describe("TokenBucketLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a quarter of a second of requests through at once, not the server's whole one-second budget", async () => {
    expect(defaultBurst(100)).toBe(25);
    expect(defaultBurst(3)).toBe(1);
    const granted = queue(new TokenBucketLimiter(100), 100);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted()).toBe(25);
  });

  it("keeps to the configured rate: never more than the burst plus rate x elapsed, and no less once it is queued", async () => {
    const granted = queue(new TokenBucketLimiter(100), 1000);
    for (let ms = 100; ms <= 5000; ms += 100) {
      await vi.advanceTimersByTimeAsync(100);
      expect(granted()).toBeLessThanOrEqual(25 + (ms * 100) / 1000);
      expect(granted()).toBeGreaterThanOrEqual((ms * 100) / 1000 - 1);
    }
  });

  it("pauses every request for Retry-After and cuts the rate once when several requests in flight get the same 429", async () => {
    const limiter = new TokenBucketLimiter(100);
    limiter.onRateLimited(1000);
    limiter.onRateLimited(1000);
    limiter.onRateLimited(1000);
    expect(limiter.rate).toBeCloseTo(90);
    const granted = queue(limiter, 20);
    await vi.advanceTimersByTimeAsync(999);
    expect(granted()).toBe(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(granted()).toBeGreaterThan(0);
  });

  it("cuts again for a new push-back after the pause", async () => {
    const limiter = new TokenBucketLimiter(100);
    limiter.onRateLimited(500);
    await vi.advanceTimersByTimeAsync(500);
    limiter.onRateLimited(500);
    expect(limiter.rate).toBeCloseTo(81);
  });

  it("returns to the configured rate after a few calm seconds, so one 429 does not slow every later request", async () => {
    const limiter = new TokenBucketLimiter(100);
    limiter.onRateLimited(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(limiter.rate).toBeCloseTo(90);
    await vi.advanceTimersByTimeAsync(1000);
    expect(limiter.rate).toBeCloseTo(95);
    await vi.advanceTimersByTimeAsync(5000);
    expect(limiter.rate).toBe(100);
  });

  it("without Retry-After pauses for a second", async () => {
    const limiter = new TokenBucketLimiter(10);
    limiter.onRateLimited(undefined);
    const granted = queue(limiter, 1);
    await vi.advanceTimersByTimeAsync(990);
    expect(granted()).toBe(0);
    await vi.advanceTimersByTimeAsync(150);
    expect(granted()).toBe(1);
  });
});
