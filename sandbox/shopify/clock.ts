// The simulator's clock: every timestamp, token lifetime and the 60-day order window read it, so a test
// can live through hours or months of a shop's life by moving it, without waiting.

export class SimClock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date = () => new Date()) {}

  now = (): Date => new Date(this.base().getTime() + this.offsetMs);

  /** Move the clock forward (or back, with a negative value). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jump to a given instant; the clock keeps running from there. */
  set(at: Date): void {
    this.offsetMs += at.getTime() - this.now().getTime();
  }
}
