// Emitting a join's pairs: what the join operators (join.ts, co-join.ts) share once they have found a group to pair an
// update with. A group here is any run of flat-group entries `[key, diff, payload...]`, or `[key, payload...]` of
// multiplicity 1 (`at` UNIT_AT, flat-group.ts).
//
// Keyed pairs: a step with a delta on one side of keyed inputs (a single-row update) emits an update's `-old, +new`
// pair per matched row together, dropping the two when the rows built are equal; with pair keys the output is then
// consolidated, and sinks skip consolidating it.
// Unmade keys: when every reader of the join reads no keys (`Operator.readsKeys`) and the join was given `pairRow`
// and `pairKey`, the output's keys are left unmade (`Batch.lazy`), so a subscriber of values never pays for pair ids.

import { Batch, EMPTY_BATCH, LazyKeys, insertionsOnly } from './batch.js';
import {
  DIFF_AT,
  UNIT_AT,
  rowAt,
  strideOf,
  type FlatGroup,
  type PayloadAt,
  type Projection,
} from './flat-group.js';
import type { IndexKey } from './arrangement.js';
import { sameKey, type Key } from './key.js';
import { readersSkipKeys, type Operator } from './operator.js';
import { rowsEqual } from './row-equality.js';

/** Emits the output updates for one matching pair; called with the product of the pair's diffs. */
export type JoinEmit<TL, TR, TOut> = (
  leftKey: Key,
  left: TL,
  rightKey: Key,
  right: TR,
  diff: number,
  out: Batch<TOut>,
) => void;

/** Options of a join. */
export interface JoinOptions {
  /**
   * True when `emit` pushes exactly one update per pair with a key that identifies the pair (e.g. a hash of both
   * keys). With keyed inputs the join can then tell when its output has unique keys, so sinks skip consolidating it
   * (a load epoch of a large join).
   */
  readonly pairKeys?: boolean;
  /**
   * True when `emit` never keeps the rows it is handed once it returns (it copies their cells into a new row). A row
   * stored inline in a group is then read into one array reused for every pair instead of a fresh one each.
   */
  readonly transientRows?: boolean;
  /**
   * A pair's output row without its key (never reading one). Given with `pairKey`, the join may leave its output's
   * keys unmade (see the header): `emit` must then push `pairKey(leftKey, rightKey)` and this row, nothing else.
   */
  readonly pairRow?: (leftKey: Key, left: any, rightKey: Key, right: any, diff: number) => unknown;
  /** The key of a pair's output row (see `pairRow`). */
  readonly pairKey?: (leftKey: Key, rightKey: Key) => Key;
}

/** True when the batch is empty or has unique keys. */
export function uniqueOrEmpty(b: Batch<unknown>): boolean {
  return b.keys.length === 0 || b.uniqueKeys;
}

/** True when updates `i` and `i + 1` of `b` exist, share a row key and have the index key `ik` (`-old, +new`). */
export function pairAt<T>(
  b: Batch<T>,
  i: number,
  ik: IndexKey,
  keyOf: (key: Key, row: T) => IndexKey,
): boolean {
  return (
    i + 1 < b.keys.length && sameKey(b.keys[i + 1]!, b.keys[i]!) && keyOf(b.keys[i]!, b.rows[i + 1]!) === ik
  );
}

/**
 * Drops the last two updates of `out` when they are all it gained since length `from` and cancel (one key, equal
 * rows, opposite diffs): an update's `-old, +new` paired with one row, where the cells that changed were not kept.
 */
function dropCancelled(out: Batch<unknown>, from: number): void {
  const n = out.keys.length;
  if (n - from !== 2 || out.diffs[n - 2]! + out.diffs[n - 1]! !== 0) return;
  if (!sameKey(out.keys[n - 2]!, out.keys[n - 1]!) || !rowsEqual(out.rows[n - 2], out.rows[n - 1])) return;
  const second = out.lazy?.second;
  if (second !== undefined) {
    if (!sameKey(second[n - 2] as Key, second[n - 1] as Key)) return;
    second.length = n - 2;
  }
  out.keys.length = out.rows.length = out.diffs.length = n - 2;
}

/**
 * Sets the flags of a join's output `out` from its deltas `dl`, `dr` (consolidated inputs): `keyedPairs` when the
 * join has pair keys over keyed inputs, `oneSided` when one delta is empty. Its own function, so the rarely taken
 * conditions never sit in a join's optimized loop without type feedback.
 */
export function setJoinOutputFlags(
  out: Batch<unknown>,
  dl: Batch<unknown>,
  dr: Batch<unknown>,
  keyedPairs: boolean,
  oneSided: boolean,
): void {
  // A delta of keyed rows holds at most a retraction and an insertion per key: when they are adjacent (grouped,
  // or two updates in all) every pair's updates came out together, and none cancel.
  const delta = dl.keys.length > 0 ? dl : dr;
  if (oneSided && delta.consolidated && (delta.grouped || delta.uniqueKeys || delta.keys.length <= 2)) {
    out.consolidated = out.grouped = true;
  }
  // Unique output keys: within dA join B' a pair repeats only if a left key repeats in dA (unique keys) or a right key
  // repeats in a group (keyed); likewise within A join dB. Across the two parts a pair needs its left key both in dA
  // and in A (before the step), which insertions-only into a keyed side rule out.
  if (
    keyedPairs &&
    uniqueOrEmpty(dl) &&
    uniqueOrEmpty(dr) &&
    (dl.keys.length === 0 || dr.keys.length === 0 || insertionsOnly(dl))
  ) {
    out.consolidated = out.uniqueKeys = true;
  }
}

/** Emits a join's pairs into its output batches: the eager or the unmade-key way, rows read from groups. */
export class PairEmitter<TL, TR, TOut> {
  /** Emits a pair leaving its key unmade (see `JoinOptions.pairRow`); undefined when the join cannot. */
  private readonly lazyEmit: JoinEmit<TL, TR, TOut> | undefined;
  /** `JoinOptions.pairKey`, for outputs with unmade keys. */
  private readonly combine: ((leftKey: Key, rightKey: Key) => Key) | undefined;
  /** `JoinOptions.pairRow`, for outputs with unmade keys. */
  private readonly pairRow: JoinOptions['pairRow'];
  /** See `JoinOptions.transientRows` (read once: `readRow` runs per matched pair). */
  private readonly transientRows: boolean;
  /** The arrays reused for inline rows of the left and right side (see `JoinOptions.transientRows`). */
  private readonly scratch: [unknown[], unknown[]] = [[], []];
  /** `emit` or `lazyEmit`: how this step's pairs are emitted (see `start`). */
  emit: JoinEmit<TL, TR, TOut>;

  /** An emitter for the join `op`, building pairs with `eager` (or `options.pairRow` when keys go unmade). */
  constructor(
    private readonly op: Operator<TOut>,
    private readonly eager: JoinEmit<TL, TR, TOut>,
    options: JoinOptions,
  ) {
    this.transientRows = options.transientRows === true;
    const { pairRow, pairKey } = options;
    if (pairRow !== undefined && pairKey !== undefined) {
      this.combine = pairKey;
      this.pairRow = pairRow;
      this.lazyEmit = (lk, lrow, rk, rrow, d, out) => {
        out.keys.push(lk);
        out.lazy!.second.push(rk);
        out.rows.push(pairRow(lk, lrow, rk, rrow, d) as TOut);
        out.diffs.push(d);
      };
    }
    this.emit = eager;
  }

  /** True when this step's keys may be left unmade: the join can, and no reader of it reads keys. */
  keysUnmade(): boolean {
    return this.lazyEmit !== undefined && readersSkipKeys(this.op);
  }

  /** A step's fresh output batch; its keys are left unmade when no reader of the join reads keys. */
  start(): Batch<TOut> {
    const out = new Batch<TOut>();
    const lazy = this.keysUnmade();
    this.emit = lazy ? this.lazyEmit! : this.eager;
    if (lazy) out.lazy = new LazyKeys([], this.combine as (first: Key, second: unknown) => Key);
    return out;
  }

  /**
   * Shapes side `side`'s reused row for rows of `cells` inline cells kept at `proj` (or at 0..cells-1) before the first
   * read, so that reading rows never meets an unshaped one (see `padRow`).
   */
  shapeScratch(side: 0 | 1, cells: number, proj: Projection | undefined): void {
    if (!this.transientRows || cells < 0) return;
    padRow(this.scratch[side], proj === undefined ? cells : cells > 0 ? proj[cells - 1]! + 1 : 0);
  }

  /**
   * The output of a step whose only updates are `delta`'s pair (updates 0 and 1: one row's `-old, +new`) against the
   * other side's entries of group `g` from `from` to `to` (as `emitPairAgainst`): made at its size (see `emitPairSized`)
   * when keys go unmade, else pushed. No entry: the empty batch, made for nothing (read only).
   */
  onlyPair(
    delta: Batch<unknown>,
    g: FlatGroup,
    from: number,
    to: number,
    cells: number,
    groupSide: 0 | 1,
    at: PayloadAt,
    proj: Projection | undefined,
  ): Batch<TOut> {
    if (from >= to) return EMPTY_BATCH;
    if (this.keysUnmade()) return this.emitPairSized(delta, g, from, to, cells, groupSide, at, proj);
    const out = this.start();
    this.emitPairAgainst(delta, 0, g, from, to, cells, groupSide, out, at, proj);
    return out;
  }

  /**
   * `onlyPair` when keys go unmade: the output's arrays are made at their final size (two updates per entry of the
   * group) and written in place, instead of grown by `push` (an empty array's first push gives it 17 slots: a one-row
   * step's output took ~500 bytes more, B3 ~7% slower). An entry's two outputs are dropped when they cancel.
   */
  private emitPairSized(
    delta: Batch<unknown>,
    g: FlatGroup,
    from: number,
    to: number,
    cells: number,
    groupSide: 0 | 1,
    at: PayloadAt,
    proj: Projection | undefined,
  ): Batch<TOut> {
    const pairRow = this.pairRow!;
    const s = strideOf(cells, at);
    const n = 2 * ((to - from) / s);
    // `new Array` has an allocation site (see array-of.ts), but this method is optimized before V8 decides on it: no
    // run of B3 pretenured it (`--trace-pretenuring-statistics`, 40 runs), and `arrayOf` here cost ~4% of an update.
    const keys = new Array<Key>(n);
    const second = new Array<Key>(n);
    const rows = new Array<TOut>(n);
    const diffs = new Array<number>(n);
    const key = delta.keys[0]!;
    const rowA = delta.rows[0];
    const rowB = delta.rows[1];
    const dA = delta.diffs[0]!;
    const dB = delta.diffs[1]!;
    const unit = at === UNIT_AT;
    let c = 0;
    // One call site per output row (not one per side as well): the JIT inlines `pairRow` twice, not four times.
    const deltaLeft = groupSide === 1;
    for (let j = from; j < to; j += s) {
      const other = g[j] as Key;
      const w = unit ? 1 : (g[j + 1] as number);
      const row = this.readRow<unknown>(g, j, cells, groupSide, at, proj);
      const lk = deltaLeft ? key : other;
      const rk = deltaLeft ? other : key;
      const a = pairRow(lk, deltaLeft ? rowA : row, rk, deltaLeft ? row : rowA, dA * w);
      const b = pairRow(lk, deltaLeft ? rowB : row, rk, deltaLeft ? row : rowB, dB * w);
      if (dA + dB === 0 && rowsEqual(a, b)) continue;
      keys[c] = lk;
      second[c] = rk;
      rows[c] = a as TOut;
      diffs[c++] = dA * w;
      keys[c] = lk;
      second[c] = rk;
      rows[c] = b as TOut;
      diffs[c++] = dB * w;
    }
    if (c < n) keys.length = second.length = rows.length = diffs.length = c;
    const out = new Batch<TOut>(keys, rows, diffs);
    out.lazy = new LazyKeys(second, this.combine as (first: Key, second: unknown) => Key);
    return out;
  }

  /** True when this step's keys are left unmade. */
  get lazy(): boolean {
    return this.emit !== this.eager;
  }

  /**
   * The row of entry `j` of group `g` (layout `cells`, payload at `at`), in the side's reused array when rows are
   * transient. A group keeping the projection `proj` (a join storing only the cells `emit` reads; its rows are always
   * transient) gives a row holding those cells at their own indices, the others placeholders (0, see `padRow`); its
   * owner shapes that side's row with `shapeScratch` whenever it sets the layout.
   */
  readRow<T>(
    g: FlatGroup,
    j: number,
    cells: number,
    side: 0 | 1,
    at: PayloadAt = DIFF_AT,
    proj?: Projection,
  ): T {
    if (cells < 0 || !this.transientRows) return rowAt<T>(g, j, cells, at);
    const row = this.scratch[side];
    const p = j + at;
    if (proj !== undefined) {
      // Shaped to the projection's width when the layout was set (`shapeScratch`): no check per read.
      for (let c = 0; c < cells; c++) row[proj[c]!] = g[p + c];
      return row as T;
    }
    if (row.length !== cells) padRow(row, cells);
    for (let c = 0; c < cells; c++) row[c] = g[p + c];
    return row as T;
  }

  /**
   * Emits update `i` of one side's delta against the entries of the other side's group `g` from slot `from` to
   * `to` (layout `cells`, payload at `at`, projection `proj`; `groupSide` 0: they are left entries, 1: right ones).
   */
  emitAgainst(
    delta: Batch<unknown>,
    i: number,
    g: FlatGroup,
    from: number,
    to: number,
    cells: number,
    groupSide: 0 | 1,
    out: Batch<TOut>,
    at: PayloadAt = DIFF_AT,
    proj?: Projection,
  ): void {
    const emit = this.emit as JoinEmit<unknown, unknown, TOut>;
    const key = delta.keys[i]!;
    const row = delta.rows[i];
    const d = delta.diffs[i]!;
    const s = strideOf(cells, at);
    const unit = at === UNIT_AT;
    for (let j = from; j < to; j += s) {
      const other = this.readRow<unknown>(g, j, cells, groupSide, at, proj);
      const w = unit ? d : d * (g[j + 1] as number);
      if (groupSide === 1) emit(key, row, g[j] as Key, other, w, out);
      else emit(g[j] as Key, other, key, row, w, out);
    }
  }

  /**
   * Emits the update pair at `i`, `i + 1` of one side's delta (one row key, `-old, +new`) against the entries of the
   * other side's group `g` from slot `from` to `to` (as `emitAgainst`): both outputs of an entry together, dropped
   * when they cancel (see the header).
   */
  emitPairAgainst(
    delta: Batch<unknown>,
    i: number,
    g: FlatGroup,
    from: number,
    to: number,
    cells: number,
    groupSide: 0 | 1,
    out: Batch<TOut>,
    at: PayloadAt = DIFF_AT,
    proj?: Projection,
  ): void {
    const emit = this.emit as JoinEmit<unknown, unknown, TOut>;
    const key = delta.keys[i]!;
    const row0 = delta.rows[i];
    const row1 = delta.rows[i + 1];
    const d0 = delta.diffs[i]!;
    const d1 = delta.diffs[i + 1]!;
    const s = strideOf(cells, at);
    const unit = at === UNIT_AT;
    for (let j = from; j < to; j += s) {
      const start = out.keys.length;
      const other = g[j] as Key;
      const w = unit ? 1 : (g[j + 1] as number);
      // Read once for both outputs: with transient rows `emit` copies the cells it needs and keeps nothing.
      const row = this.readRow<unknown>(g, j, cells, groupSide, at, proj);
      if (groupSide === 1) {
        emit(key, row0, other, row, d0 * w, out);
        emit(key, row1, other, row, d1 * w, out);
      } else {
        emit(other, row, key, row0, w * d0, out);
        emit(other, row, key, row1, w * d1, out);
      }
      dropCancelled(out, start);
    }
  }
}

/**
 * Makes a reused row exactly `width` cells long, growing it by pushing 0s: it stays a packed array, of the same shape
 * as the rows a program pushes, so code reading both kinds of rows keeps one shape (a hole would give it another).
 */
function padRow(row: unknown[], width: number): void {
  if (row.length > width) row.length = width;
  while (row.length < width) row.push(0);
}
