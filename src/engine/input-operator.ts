// Input operators: where updates enter a circuit. Updates pushed between steps form the next epoch's batch.

import { arrayOf } from './array-of.js';
import {
  Batch,
  EMPTY_BATCH,
  LazyKeys,
  MADE_KEY,
  UNMADE_KEY,
  insertionsOnly,
  materializeKeys,
} from './batch.js';
import type { Key } from './key.js';
import { Operator, inForgettingPass, readersSkipKeys } from './operator.js';

/**
 * Updates staged as columns (see `InputOperator.pushColumns`): update `i` has key `keys[i]`, the row
 * `[columns[0][i], columns[1][i], ...]` and diff `diffs` (one for all) or `diffs[i]`.
 */
export interface ColumnChunk {
  /** Row keys, one per update. */
  readonly keys: readonly Key[];
  /** One array per row position, each as long as `keys` (plain or typed arrays). */
  readonly columns: readonly ArrayLike<unknown>[];
  /** The diff of every update, or one per update. */
  readonly diffs: number | ArrayLike<number>;
}

/** Staged updates handed over to a circuit that runs an epoch in parts: a batch is made per slice on demand. */
export interface StagedUpdates {
  /** Number of updates. */
  readonly length: number;
  /** Updates [from, to) as a fresh batch (its rows made now, for a chunk of columns). */
  slice(from: number, to: number): Batch<unknown>;
}

/** The rows of updates [from, to) of a column chunk, appended to `out`. */
function appendChunk<TRow>(out: Batch<TRow>, c: ColumnChunk, from: number, to: number): void {
  const cols = c.columns;
  const w = cols.length;
  const d = c.diffs;
  const each = typeof d === 'number';
  // Rows are copies of a packed template: `slice` allocates without an allocation site, so V8 never decides from a
  // part's rows (all alive while the part runs) to allocate the rest of a load straight into the old generation.
  const template: unknown[] = [];
  for (let j = 0; j < w; j++) template.push(0);
  for (let i = from; i < to; i++) {
    const row: unknown[] = template.slice();
    for (let j = 0; j < w; j++) row[j] = cols[j]![i];
    out.push(c.keys[i]!, row as TRow, each ? d : d[i]!);
  }
}

/** Appends one update whose key is made to a staged batch (marked made when the batch has unmade keys). */
function stageMade<TRow>(s: Batch<TRow>, key: Key, row: TRow, diff: number): void {
  s.push(key, row, diff);
  s.lazy?.second.push(MADE_KEY);
}

/** True when every diff of the chunk is positive. */
function chunkInsertOnly(c: ColumnChunk): boolean {
  const d = c.diffs;
  if (typeof d === 'number') return d > 0;
  for (let i = 0; i < c.keys.length; i++) if (!(d[i]! > 0)) return false;
  return true;
}

/**
 * A circuit input. `push` stages updates; the next `step` emits them as one batch.
 * Held updates: the first two updates pushed one at a time into an empty stage (a stream's usual epoch, one row's
 * retraction and insertion) are held in fields, and the step's batch is made at their number: no batch is grown by
 * `push` and replaced each epoch (~400 bytes less per such epoch). Any other staging moves them into the staged batch
 * first (`spill`), so the order of updates is kept. Invariant: `held > 0` only while the staged batch is empty.
 */
export class InputOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  private staged = new Batch<TRow>();
  /** Number of held updates (0, 1 or 2; see the header), in `k0`/`r0`/`d0` then `k1`/`r1`/`d1`. */
  private held = 0;
  private k0: Key = '';
  private r0: TRow | undefined = undefined;
  private d0 = 0;
  private k1: Key = '';
  private r1: TRow | undefined = undefined;
  private d1 = 0;
  /** Updates staged as columns, turned into rows only when a step reads them (see `pushColumns`). */
  private chunks: ColumnChunk[] | undefined = undefined;
  /** Number of updates in `chunks`. */
  private chunkRows = 0;
  /** The batch the next `eval` outputs instead of the staged one (a pass of an epoch run in parts). */
  private fed: Batch<TRow> | undefined = undefined;

  /** Creates an input with no upstream. */
  constructor(private readonly inputName = 'input') {
    super([]);
  }
  get name(): string {
    return this.inputName;
  }
  /** The staged batch, with the held updates moved into it (see the header). */
  private spill(): Batch<TRow> {
    const n = this.held;
    if (n === 0) return this.staged;
    const s = this.staged;
    stageMade(s, this.k0, this.r0!, this.d0);
    if (n === 2) stageMade(s, this.k1, this.r1!, this.d1);
    this.release();
    return s;
  }
  /** Forgets the held updates (their rows are not kept alive). */
  private release(): void {
    this.held = 0;
    this.r0 = this.r1 = undefined;
  }
  /** The staged batch, about to receive more updates: the flags an adopted batch carried no longer hold. */
  private unflagged(): Batch<TRow> {
    const s = this.spill();
    if (s.consolidated || s.uniqueKeys || s.grouped) s.consolidated = s.grouped = s.uniqueKeys = false;
    return s;
  }
  /** Stages one update for the next step. */
  push(key: Key, row: TRow, diff: number): void {
    const n = this.held;
    if (n < 2 && this.staged.keys.length === 0) {
      if (n === 0) {
        this.k0 = key;
        this.r0 = row;
        this.d0 = diff;
      } else {
        this.k1 = key;
        this.r1 = row;
        this.d1 = diff;
      }
      this.held = n + 1;
      return;
    }
    stageMade(this.unflagged(), key, row, diff);
  }
  /**
   * Stages insertions of `rows` under generated keys `keyAt(first)`, `keyAt(first + 1)`, ..., made only when a reader
   * of this input reads keys; otherwise they stay unmade (`Batch.lazy`). `keyAt` must be the same in every call.
   */
  pushGenerated(rows: readonly TRow[], first: number, keyAt: (counter: number) => Key): void {
    const combine = (made: Key, c: unknown): Key => ((c as number) < 0 ? made : keyAt(c as number));
    const n = rows.length;
    if (this.spill().keys.length === 0) {
      // Nothing staged: the batch is made whole (fills and a copy, no push per row). Fresh ids: unique keys.
      const second = new Array<number>(n);
      for (let i = 0; i < n; i++) second[i] = first + i;
      const b = new Batch<TRow>(
        new Array<Key>(n).fill(UNMADE_KEY),
        rows.slice(),
        new Array<number>(n).fill(1),
      );
      b.lazy = new LazyKeys(second, combine);
      b.uniqueKeys = b.consolidated = n > 0;
      this.staged = b;
      return;
    }
    const s = this.unflagged();
    if (s.lazy === undefined) {
      const second: unknown[] = [];
      for (let i = 0; i < s.keys.length; i++) second.push(MADE_KEY);
      s.lazy = new LazyKeys(second, combine);
    }
    const second = s.lazy.second;
    for (let i = 0; i < n; i++) {
      s.keys.push(UNMADE_KEY);
      s.rows.push(rows[i]!);
      s.diffs.push(1);
      second.push(first + i);
    }
  }
  /** The staged batch with its keys made (before appending to it updates that do not track unmade keys). */
  private madeStaged(): Batch<TRow> {
    const s = this.spill();
    materializeKeys(s);
    return s;
  }
  /** Stages a whole batch for the next step. */
  pushBatch(batch: Batch<TRow>): void {
    if (this.spill().keys.length === 0) this.staged = batch.clone();
    else this.madeStaged().append(batch);
  }
  /**
   * Stages a batch the caller hands over (and no longer touches): taken as it is, flags included, when nothing else
   * is staged; else appended (the flags then no longer hold).
   */
  adopt(batch: Batch<TRow>): void {
    if (this.spill().keys.length === 0) {
      this.staged = batch;
      return;
    }
    this.madeStaged();
    this.unflagged().append(batch);
  }
  /**
   * Stages updates given as columns (taken, not copied: leave the arrays unchanged until the next step). Rows are
   * made only when a step reads them; a large insert-only epoch run in parts (`Circuit.partRows`) makes them a part
   * at a time, so a bulk load never holds one array per row for the whole epoch.
   */
  pushColumns(chunk: ColumnChunk): void {
    const n = chunk.keys.length;
    if (n === 0) return;
    (this.chunks ??= []).push(chunk);
    this.chunkRows += n;
  }
  /** Number of staged updates. */
  get pending(): number {
    return this.staged.keys.length + this.held + this.chunkRows;
  }
  /** True when every staged update is an insertion. */
  stagedInsertOnly(): boolean {
    return insertionsOnly(this.spill()) && (this.chunks === undefined || this.chunks.every(chunkInsertOnly));
  }
  /** The staged updates, handed over (nothing stays staged): the circuit runs them in parts. */
  takeStaged(): StagedUpdates[] {
    const out: StagedUpdates[] = [];
    const b = this.madeStaged();
    if (b.keys.length > 0) out.push(batchUpdates(b));
    this.staged = new Batch<TRow>();
    for (const c of this.takeChunks()) out.push(chunkUpdates(c));
    return out;
  }
  /** The staged column chunks, handed over. */
  private takeChunks(): ColumnChunk[] {
    const cs = this.chunks ?? [];
    this.chunks = undefined;
    this.chunkRows = 0;
    return cs;
  }
  /** Makes the next `eval` output `batch` and leave the staged updates for the next epoch. */
  feed(batch: Batch<TRow>): void {
    this.fed = batch;
  }
  eval(): void {
    if (this.fed === undefined && this.chunks === undefined) {
      const n = this.held;
      if (n > 0) {
        // The held updates as a batch made at their number (see the header; the staged batch is empty), its arrays
        // without allocation sites (see array-of.ts): a one-row step's batch is garbage by the next step.
        this.output =
          n === 1
            ? new Batch<TRow>(arrayOf(this.k0), arrayOf(this.r0!), arrayOf(this.d0))
            : new Batch<TRow>(
                arrayOf(this.k0, this.k1),
                arrayOf(this.r0!, this.r1!),
                arrayOf(this.d0, this.d1),
              );
        this.release();
        return;
      }
      if (this.staged.keys.length === 0) {
        this.output = EMPTY_BATCH;
        return;
      }
    }
    this.evalStaged();
  }
  /**
   * `eval` of anything but held updates alone or nothing staged. A method of its own, so that the JIT, which inlines a
   * call only when it is frequent, compiles a stream's one-row steps without this path.
   */
  private evalStaged(): void {
    if (this.fed !== undefined) {
      this.output = this.fed;
      this.fed = undefined;
      return;
    }
    if (this.chunks !== undefined) {
      this.madeStaged();
      const b = this.unflagged();
      for (const c of this.takeChunks()) appendChunk(b, c, 0, c.keys.length);
    }
    if (this.staged.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    // Generated keys stay unmade only for readers that read no keys.
    if (this.staged.lazy !== undefined && !readersSkipKeys(this)) materializeKeys(this.staged);
    this.output = this.staged;
    this.staged = new Batch<TRow>();
  }
  override reset(): void {
    this.release();
    this.staged = new Batch<TRow>();
    this.takeChunks();
    this.fed = undefined;
  }
}

/** A staged batch as `StagedUpdates`: slices share its rows and keep its consolidation flags. */
function batchUpdates(b: Batch<unknown>): StagedUpdates {
  return {
    length: b.keys.length,
    slice(from, to) {
      const s = new Batch<unknown>(b.keys.slice(from, to), b.rows.slice(from, to), b.diffs.slice(from, to));
      s.consolidated = b.consolidated;
      s.uniqueKeys = b.uniqueKeys;
      return s;
    },
  };
}

/** A column chunk as `StagedUpdates`: each slice makes its rows. */
function chunkUpdates(c: ColumnChunk): StagedUpdates {
  return {
    length: c.keys.length,
    slice(from, to) {
      const s = new Batch<unknown>();
      appendChunk(s, c, from, to);
      return s;
    },
  };
}

/** Options of an output. */
export interface OutputOptions {
  /**
   * The callback accepts an epoch in several consecutive batches of the same time (each consolidated; their sum is
   * the epoch's change), so the circuit may run a large insert-only epoch in parts (see `Circuit.partRows`).
   */
  readonly acceptsParts?: boolean;
  /**
   * False when the callback never reads the batch's keys (`materializeKeys` before any read that needs them): the
   * operator feeding it may then leave its keys unmade (`Batch.lazy`, a join's pair ids nothing reads).
   */
  readonly readsKeys?: boolean;
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
    this.readsKeys = options.readsKeys !== false;
  }
  /**
   * Set by a circuit that ends its epochs with a forgetting pass, for an output taking no parts: the epoch's first
   * batch is held until that pass and handed over with its batch, one batch per epoch.
   */
  waitsForForgetting = false;
  /** The batch of this epoch's first pass, held for the forgetting pass (see `waitsForForgetting`). */
  private held: Batch<TRow> | undefined;
  override get runsInForgettingPass(): boolean {
    return this.held !== undefined;
  }
  get name(): string {
    return 'output';
  }
  eval(time: number): void | Promise<void> {
    let b = this.inputs[0]!.output as Batch<TRow>;
    this.output = EMPTY_BATCH;
    if (this.waitsForForgetting) {
      if (!inForgettingPass()) {
        if (b.keys.length > 0) this.held = b;
        return;
      }
      const held = this.held;
      this.held = undefined;
      if (held !== undefined) b = b.keys.length === 0 ? held : concatBatches(held, b);
    }
    if (b.keys.length > 0) return this.onBatch(b, time);
  }
}

/** A new batch of `a`'s updates then `b`'s. */
function concatBatches<T>(a: Batch<T>, b: Batch<T>): Batch<T> {
  const out = new Batch<T>();
  out.append(a);
  out.append(b);
  return out;
}
