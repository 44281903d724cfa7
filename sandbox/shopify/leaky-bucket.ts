// Shopify's cost bucket for one shop: points restore continuously at restoreRate per second, on the real clock
// (the simulator's movable clock is for tokens and order ages, not for throttling).

export class LeakyBucket {
  available: number;
  private last = Date.now();
  constructor(
    public max: number,
    public restoreRate: number,
  ) {
    this.available = max;
  }
  refill(now = Date.now()): void {
    this.available = Math.min(this.max, this.available + ((now - this.last) / 1000) * this.restoreRate);
    this.last = now;
  }
  status() {
    this.refill();
    return { maximumAvailable: this.max, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
