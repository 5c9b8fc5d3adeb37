// Input operators: where updates enter a circuit. Updates pushed between steps form the next epoch's batch.

import { Batch, EMPTY_BATCH, insertionsOnly } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** A circuit input. `push` stages updates; the next `step` emits them as one batch. */
export class InputOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  private staged = new Batch<TRow>();
  /** The batch the next `eval` outputs instead of the staged one (a pass of an epoch run in parts). */
  private fed: Batch<TRow> | undefined = undefined;

  /** Creates an input with no upstream. */
  constructor(private readonly inputName = 'input') {
    super([]);
  }
  get name(): string {
    return this.inputName;
  }
  /** Stages one update for the next step. */
  push(key: Key, row: TRow, diff: number): void {
    const s = this.staged;
    // An adopted batch may carry the consolidated flag: a single push voids it.
    if (s.consolidated || s.uniqueKeys) s.consolidated = s.grouped = s.uniqueKeys = false;
    s.push(key, row, diff);
  }
  /** Stages a whole batch for the next step. */
  pushBatch(batch: Batch<TRow>): void {
    if (this.staged.keys.length === 0) this.staged = batch.clone();
    else this.staged.append(batch);
  }
  /**
   * Stages a batch the caller hands over (and no longer touches): taken as it is, flags included, when nothing else
   * is staged; else appended (the flags then no longer hold).
   */
  adopt(batch: Batch<TRow>): void {
    if (this.staged.keys.length === 0) {
      this.staged = batch;
      return;
    }
    this.staged.append(batch);
    this.staged.consolidated = this.staged.grouped = this.staged.uniqueKeys = false;
  }
  /** Number of staged updates. */
  get pending(): number {
    return this.staged.keys.length;
  }
  /** True when every staged update is an insertion. */
  stagedInsertOnly(): boolean {
    return insertionsOnly(this.staged);
  }
  /** The staged batch, handed over (nothing stays staged): the circuit runs it in parts. */
  takeStaged(): Batch<TRow> {
    const b = this.staged;
    this.staged = new Batch<TRow>();
    return b;
  }
  /** Makes the next `eval` output `batch` and leave the staged updates for the next epoch. */
  feed(batch: Batch<TRow>): void {
    this.fed = batch;
  }
  eval(): void {
    if (this.fed !== undefined) {
      this.output = this.fed;
      this.fed = undefined;
      return;
    }
    if (this.staged.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    this.output = this.staged;
    this.staged = new Batch<TRow>();
  }
  override reset(): void {
    this.staged = new Batch<TRow>();
    this.fed = undefined;
  }
}

/** Options of an output. */
export interface OutputOptions {
  /**
   * The callback accepts an epoch in several consecutive batches of the same time (each consolidated; their sum is
   * the epoch's change), so the circuit may run a large insert-only epoch in parts (see `Circuit.partRows`).
   */
  readonly acceptsParts?: boolean;
}

/** A circuit output: hands each non-empty batch, with its time, to a callback. */
export class OutputOperator<TRow> extends Operator<never> {
  override skipWhenIdle = true;
  /** Creates an output reading `input`. */
  constructor(
    input: Operator<TRow>,
    private readonly onBatch: (batch: Batch<TRow>, time: number) => void | Promise<void>,
    options: OutputOptions = {},
  ) {
    super([input]);
    this.monotone = options.acceptsParts === true;
  }
  get name(): string {
    return 'output';
  }
  eval(time: number): void | Promise<void> {
    const b = this.inputs[0]!.output as Batch<TRow>;
    this.output = EMPTY_BATCH;
    if (b.keys.length > 0) return this.onBatch(b, time);
  }
}
