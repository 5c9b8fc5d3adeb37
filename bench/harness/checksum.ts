// An order-insensitive-within-epoch, epoch-sensitive checksum of output diffs: engines may emit an
// epoch's diffs in any order, but each epoch's net output must match, not only the final state.

/** Modulus of the running checksum (2^31 - 1), small enough that `sum * MULTIPLIER` stays exact. */
const MODULUS = 2147483647;
const MULTIPLIER = 1000003;

/**
 * Accumulates `diff × weight` over one epoch's output diffs, then folds the epoch's sum into a
 * running checksum. A plain sum over all diffs would telescope to the final state (a retraction
 * cancels the previous insertion), so the per-epoch fold is what checks intermediate epochs.
 */
export class EpochChecksum {
  /** Output diffs seen so far (not compared across engines: they may emit redundant pairs). */
  diffs = 0;
  private epochSum = 0;
  private running = 0;

  /** Records one output diff with an integer weight derived from the row. */
  add(weight: number, diff: number): void {
    this.epochSum += weight * diff;
    this.diffs++;
  }

  /** Closes the current epoch; call once per epoch, after the engine has produced its output. */
  endEpoch(): void {
    const folded = ((this.epochSum % MODULUS) + MODULUS) % MODULUS;
    this.running = (this.running * MULTIPLIER + folded) % MODULUS;
    this.epochSum = 0;
  }

  /** The checksum over all closed epochs. */
  get value(): number {
    return this.running;
  }
}
