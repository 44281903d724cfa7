import { z } from "zod";
import { RateLimitedError } from "../http/errors.server";
import type { Clock } from "../runtime/clock";

// Our model of a shop's leaky bucket (Shopify's cost-based rate limit): requests wait until the estimate covers
// their cost, learnt from each answer's throttleStatus. One bucket per shop per runtime.

/** What the last response told us about the shop's leaky bucket, plus our own bookkeeping. */
export interface ThrottleState {
  maximumAvailable: number;
  /** Estimated for "now": the last reported value, plus what restored since, minus in-flight reservations. */
  currentlyAvailable: number;
  restoreRate: number;
  /** Epoch ms of the response that reported it. */
  observedAt: number;
  inFlight: number;
}

export const throttleSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});

export type ThrottleStatus = z.infer<typeof throttleSchema>;

export interface Ticket {
  cost: number;
  counted: boolean;
  released: boolean;
}

/** Per-shop bucket model shared by every client of that shop in this runtime. */
export class ShopBucket {
  maximumAvailable = 0;
  available = 0;
  restoreRate = 0;
  observedAt = 0;
  known = false;
  inFlight = 0;
  private reserved = 0;
  private queue: Array<{ cost: () => number; resolve: (t: Ticket) => void; reject: (e: Error) => void }> = [];
  /** Longest we pace before one request; beyond it the call fails with RateLimitedError (retryAfterMs set). */
  readonly maxWaitMs = 60_000;
  private draining = false;
  readonly costs = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  snapshot(now = this.clock.now()): ThrottleState | undefined {
    if (!this.known) return undefined;
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.max(0, Math.floor(this.estimate(now) - this.reserved)),
      restoreRate: this.restoreRate,
      observedAt: this.observedAt,
      inFlight: this.inFlight,
    };
  }

  private estimate(now: number): number {
    const restored = ((now - this.observedAt) / 1000) * this.restoreRate;
    return Math.min(this.maximumAvailable, this.available + restored);
  }

  /**
   * Resolves when the estimated cost is free by our estimate, and reserves it until `release`. The
   * estimate is read when the request's turn comes, so a burst benefits from costs learnt meanwhile.
   */
  acquire(cost: () => number): Promise<Ticket> {
    return new Promise((resolve, reject) => {
      this.queue.push({ cost, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0];
        // Nothing known about the bucket yet: one request at a time until the first answer.
        if (!this.known && this.inFlight > 0) return;
        const cost = head.cost();
        if (this.known) {
          const need = Math.min(cost, this.maximumAvailable);
          const free = this.estimate(this.clock.now()) - this.reserved;
          if (free < need) {
            const waitMs = Math.max(1, Math.ceil(((need - free) / Math.max(this.restoreRate, 0.001)) * 1000));
            if (waitMs > this.maxWaitMs && this.inFlight === 0) {
              // Hours away at this restore rate: let the caller's job retry later instead of hanging.
              this.queue.shift()!.reject(
                new RateLimitedError(`Shopify's rate-limit bucket needs ${Math.ceil(waitMs / 1000)} s to cover this request`, { service: "shopify", code: "THROTTLED", retryAfterMs: waitMs }),
              );
              continue;
            }
            await this.clock.sleep(Math.min(waitMs, this.maxWaitMs));
            continue;
          }
        }
        this.queue.shift();
        const ticket: Ticket = { cost, counted: this.known, released: false };
        if (ticket.counted) this.reserved += cost;
        this.inFlight += 1;
        head.resolve(ticket);
      }
    } finally {
      this.draining = false;
    }
  }

  /** A request finished: free its reservation and learn the bucket from the answer, if it had one. */
  release(ticket: Ticket, status?: ThrottleStatus): void {
    if (ticket.released) return;
    ticket.released = true;
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (ticket.counted) this.reserved = Math.max(0, this.reserved - ticket.cost);
    if (status) {
      const now = this.clock.now();
      // Answers can arrive out of order: an older, fuller report must not undo a newer deduction.
      const sameBucket = this.known && this.maximumAvailable === status.maximumAvailable && this.restoreRate === status.restoreRate;
      this.available = sameBucket ? Math.min(this.estimate(now), status.currentlyAvailable) : status.currentlyAvailable;
      this.maximumAvailable = status.maximumAvailable;
      this.restoreRate = status.restoreRate;
      this.observedAt = now;
      this.known = true;
    }
    void this.drain();
  }
}
