// A counting semaphore bounding how many UDF calls are in flight at once (Pathway's `capacity` option).

/** Lets at most `capacity` tasks run at once; the rest wait in FIFO order. */
export class CapacityLimiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  /** Creates a limiter; `Infinity` admits everything immediately. */
  constructor(readonly capacity: number) {
    if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity > 0))) {
      throw new RangeError(`capacity must be a positive integer or Infinity, got ${capacity}`);
    }
  }

  /** Tasks running now. */
  get active(): number {
    return this.inFlight;
  }

  /** Runs `task` once a slot is free and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.capacity) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.head < this.waiting.length) {
      // Hand the slot straight to the next waiter: inFlight stays the same.
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      }
      next();
    } else {
      this.inFlight--;
    }
  }
}

function noop(): void {}
