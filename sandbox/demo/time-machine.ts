// The demo's history is played by the app's real code, a month of it in a few seconds: while it plays, the
// clock of this process and of the app's thread (`Date`, which the app, Prisma and the simulators all read)
// shows the moment being played; it only ever moves forward, and back to the real time once the history has
// caught up with it. Timers and performance.now() are untouched, so waits and timeouts keep real durations.

const RealDate = Date;
/** Milliseconds to add to the real time, shared by the threads of the demo (0 or negative). */
let offset: Float64Array<ArrayBufferLike> = new Float64Array(1);

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offset[0]);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + offset[0];
  }

  // Dates made before the switch, or by Node itself, are still Dates.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

export interface TimeMachine {
  /** Shared with the app's thread (attachTimeMachine there). */
  buffer: SharedArrayBuffer;
  now(): Date;
  /** Jump forward to `at` (never back: a jump into the past is ignored). */
  jumpTo(at: Date): void;
  /** The clock shows the real time again (the end of the history). */
  release(): void;
}

/** Follow the clock of the thread that plays the history. */
export function attachTimeMachine(buffer: SharedArrayBuffer): void {
  offset = new Float64Array(buffer);
  globalThis.Date = ShiftedDate as DateConstructor;
}

export function installTimeMachine(start: Date): TimeMachine {
  const buffer = new SharedArrayBuffer(8);
  attachTimeMachine(buffer);
  offset[0] = Math.min(0, start.getTime() - RealDate.now());
  return {
    buffer,
    now: () => new RealDate(RealDate.now() + offset[0]),
    jumpTo(at) {
      const next = Math.min(0, at.getTime() - RealDate.now());
      if (next > offset[0]) offset[0] = next;
    },
    release() {
      offset[0] = 0;
    },
  };
}
