// Incremental equi-join of two arrangements by the bilinear rule.
//
// Algorithm: Δ(A ⋈ B) = ΔA ⋈ B' + A ⋈ ΔB, where B' is the right arrangement after this step's delta and A the
// left one before it (A = A' − ΔA, evaluated per matched group, since the arrangement operators have already
// applied their deltas when the join runs).
// State: none of its own; it reads the two shared arrangements.
// Invariants: the sum of outputs up to time t equals the join of the inputs integrated up to t.
// A step with a delta on one side of keyed arrangements (a single-row update) emits an update's `-old, +new` pair
// per matched row together, dropping the two when the rows built are equal: with pair keys the output is then
// consolidated, and sinks skip consolidating it.

import { Batch, EMPTY_BATCH, insertionsOnly } from './batch.js';
import type { Arrangement, IndexKey } from './arrangement.js';
import { ROW_SLOT, rowAt, strideOf, type FlatGroup } from './flat-group.js';
import { rowsEqual } from './row-equality.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** Emits the output updates for one matching pair; called with the product of the pair's diffs. */
export type JoinEmit<TL, TR, TOut> = (
  leftKey: Key,
  left: TL,
  rightKey: Key,
  right: TR,
  diff: number,
  out: Batch<TOut>,
) => void;

/**
 * A left group as it was before this step: the new group `g` (layout `cells`) minus this step's left updates `fresh`
 * (indices into `dl`, all with the group's index key), as a row-slot group. Cost O(|g| + |fresh|) with a by-key
 * index of the fresh updates.
 */
function oldGroup<T>(
  g: FlatGroup | undefined,
  cells: number,
  dl: Batch<T>,
  fresh: readonly number[],
): FlatGroup {
  const byKey = new Map<Key, number[]>();
  for (const i of fresh) {
    const list = byKey.get(dl.keys[i]!);
    if (list === undefined) byKey.set(dl.keys[i]!, [i]);
    else list.push(i);
  }
  const old: FlatGroup = [];
  const used = new Set<number>();
  if (g !== undefined) {
    const s = strideOf(cells);
    for (let j = 0; j < g.length; j += s) {
      let w = g[j + 1] as number;
      const row = rowAt(g, j, cells);
      const same = byKey.get(g[j] as Key);
      if (same !== undefined) {
        for (const i of same) {
          if (!used.has(i) && rowsEqual(dl.rows[i], row)) {
            w -= dl.diffs[i]!;
            used.add(i);
          }
        }
      }
      if (w !== 0) old.push(g[j], w, row);
    }
  }
  // Updates whose row is no longer in the group at all were in the old group with the opposite weight.
  for (const i of fresh) {
    if (used.has(i)) continue;
    old.push(dl.keys[i]!, -dl.diffs[i]!, dl.rows[i]!);
  }
  return old;
}

/** Options of a join. */
export interface JoinOptions {
  /**
   * True when `emit` pushes exactly one update per pair with a key that identifies the pair (e.g. a hash of both
   * keys). With keyed arrangements the join can then tell when its output has unique keys, so sinks skip
   * consolidating it (a load epoch of a large join).
   */
  readonly pairKeys?: boolean;
  /**
   * True when `emit` never keeps the rows it is handed once it returns (it copies their cells into a new row). A row
   * stored inline in an arrangement is then read into one array reused for every pair instead of a fresh one each.
   */
  readonly transientRows?: boolean;
}

/** True when the batch is empty or has unique keys. */
function uniqueOrEmpty(b: Batch<unknown>): boolean {
  return b.keys.length === 0 || b.uniqueKeys;
}

/** True when updates `i` and `i + 1` of `b` exist, share a row key and have the index key `ik` (`-old, +new`). */
function pairAt<T>(b: Batch<T>, i: number, ik: IndexKey, keyOf: (key: Key, row: T) => IndexKey): boolean {
  return i + 1 < b.keys.length && b.keys[i + 1] === b.keys[i] && keyOf(b.keys[i]!, b.rows[i + 1]!) === ik;
}

/**
 * Drops the last two updates of `out` when they are all it gained since length `from` and cancel (one key, equal
 * rows, opposite diffs): an update's `-old, +new` paired with one row, where the cells that changed were not kept.
 */
function dropCancelled(out: Batch<unknown>, from: number): void {
  const n = out.keys.length;
  if (n - from !== 2 || out.diffs[n - 2]! + out.diffs[n - 1]! !== 0) return;
  if (out.keys[n - 2] !== out.keys[n - 1] || !rowsEqual(out.rows[n - 2], out.rows[n - 1])) return;
  out.keys.length = out.rows.length = out.diffs.length = n - 2;
}

/** Inner equi-join of two arrangements. */
export class JoinOperator<TL, TR, TOut> extends Operator<TOut> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates a join; `emit` builds output rows for each matching pair. */
  constructor(
    private readonly left: Arrangement<TL>,
    private readonly right: Arrangement<TR>,
    private readonly emit: JoinEmit<TL, TR, TOut>,
    private readonly options: JoinOptions = {},
  ) {
    super([left, right]);
    this.transientRows = options.transientRows === true;
    this.keyedPairs = options.pairKeys === true && left.keyed && right.keyed;
    // Each side touches the other's group when it looks up its own (see `Arrangement.peer`).
    left.peer ??= right as Arrangement<unknown>;
    right.peer ??= left as Arrangement<unknown>;
  }
  get name(): string {
    return 'join';
  }
  /** See `JoinOptions.transientRows` (read once: `readRow` runs per matched pair). */
  private readonly transientRows: boolean;
  /** Pair keys over keyed arrangements: the output's flags can be told from the deltas' (see `eval`). */
  private readonly keyedPairs: boolean;
  /** The arrays reused for inline rows of the left and right side (see `JoinOptions.transientRows`). */
  private readonly scratch: [unknown[], unknown[]] = [[], []];
  /** The row of entry `j` of group `g` (layout `cells`), in the side's reused array when rows are transient. */
  private readRow<T>(g: FlatGroup, j: number, cells: number, side: 0 | 1): T {
    if (cells < 0 || !this.transientRows) return rowAt<T>(g, j, cells);
    const row = this.scratch[side];
    if (row.length !== cells) row.length = cells;
    for (let c = 0; c < cells; c++) row[c] = g[j + 2 + c];
    return row as T;
  }
  /**
   * Emits the update pair at `i`, `i + 1` of one side's delta `delta` (one row key, `-old, +new`) against every
   * entry of the other side's group `g` (layout `cells`; `groupSide` 0: `g` is a left group, 1: a right one): both
   * outputs of an entry together, dropped when they cancel (see the header).
   */
  private emitPairAgainst(
    delta: Batch<unknown>,
    i: number,
    g: FlatGroup,
    cells: number,
    groupSide: 0 | 1,
    out: Batch<TOut>,
  ): void {
    const emit = this.emit as JoinEmit<unknown, unknown, TOut>;
    const key = delta.keys[i]!;
    const row0 = delta.rows[i];
    const row1 = delta.rows[i + 1];
    const d0 = delta.diffs[i]!;
    const d1 = delta.diffs[i + 1]!;
    const s = strideOf(cells);
    for (let j = 0; j < g.length; j += s) {
      const from = out.keys.length;
      const other = g[j] as Key;
      const w = g[j + 1] as number;
      // Read once for both outputs: with transient rows `emit` copies the cells it needs and keeps nothing.
      const row = this.readRow<unknown>(g, j, cells, groupSide);
      if (groupSide === 1) {
        emit(key, row0, other, row, d0 * w, out);
        emit(key, row1, other, row, d1 * w, out);
      } else {
        emit(other, row, key, row0, w * d0, out);
        emit(other, row, key, row1, w * d1, out);
      }
      dropCancelled(out, from);
    }
  }
  eval(): void {
    const dl = this.left.output;
    const dr = this.right.output;
    if (dl.keys.length === 0 && dr.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TOut>();
    const emit = this.emit;
    // One side's delta only, of keyed sides, with pair keys: pairs come out grouped, and consolidated once each
    // update pair's cancelling outputs are dropped (see the header).
    const oneSided = this.keyedPairs && (dl.keys.length === 0 || dr.keys.length === 0);
    const lKeyOf = this.left.keyOf;
    const rKeyOf = this.right.keyOf;
    const rIndex = this.right.index;
    const lIndex = this.left.index;
    // ΔA ⋈ B'
    // Consecutive left updates with one index key (an update's -old, +new) look the right group up once.
    let lastIk: IndexKey = undefined;
    let lastG: FlatGroup | undefined;
    const rCells = this.right.cells;
    const rStride = strideOf(rCells);
    for (let i = 0; i < dl.keys.length; i++) {
      const lk = dl.keys[i]!;
      const lrow = dl.rows[i]!;
      const ik = lKeyOf(lk, lrow);
      const g = i > 0 && ik === lastIk ? lastG : rIndex.get(ik);
      lastIk = ik;
      lastG = g;
      if (g === undefined) continue;
      const d = dl.diffs[i]!;
      if (oneSided && pairAt(dl, i, ik, lKeyOf)) {
        this.emitPairAgainst(dl, i, g, rCells, 1, out);
        i++;
        continue;
      }
      for (let j = 0; j < g.length; j += rStride)
        emit(lk, lrow, g[j] as Key, this.readRow<TR>(g, j, rCells, 1), d * (g[j + 1] as number), out);
    }
    // A ⋈ ΔB, with A the left side BEFORE this step: A' minus the part of ΔA in each matched group, so pairs of
    // ΔA ⋈ ΔB are not counted twice (and nothing has to be emitted only to be cancelled).
    // A left side that was empty before this step (a load) has nothing to pair with ΔB.
    const nr = dl.keys.length > 0 && this.left.wasEmpty ? 0 : dr.keys.length;
    const both = dl.keys.length > 0;
    let dlByKey: Map<IndexKey, number[]> | undefined;
    if (both && nr > 0) {
      dlByKey = new Map();
      for (let i = 0; i < dl.keys.length; i++) {
        const ik = lKeyOf(dl.keys[i]!, dl.rows[i]!);
        const list = dlByKey.get(ik);
        if (list === undefined) dlByKey.set(ik, [i]);
        else list.push(i);
      }
    }
    // Old left groups are computed once per index key touched by both deltas (cached across right rows).
    const oldGroups = dlByKey === undefined ? undefined : new Map<IndexKey, FlatGroup>();
    const lCells = this.left.cells;
    for (let i = 0; i < nr; i++) {
      const rk = dr.keys[i]!;
      const rrow = dr.rows[i]!;
      const ik = rKeyOf(rk, rrow);
      const d = dr.diffs[i]!;
      const fresh = dlByKey?.get(ik);
      let g = lIndex.get(ik);
      let cells = lCells;
      if (fresh !== undefined) {
        let old = oldGroups!.get(ik);
        if (old === undefined) {
          old = oldGroup(g, lCells, dl, fresh);
          oldGroups!.set(ik, old);
        }
        g = old;
        cells = ROW_SLOT;
      }
      if (g === undefined) continue;
      const s = strideOf(cells);
      if (oneSided && pairAt(dr, i, ik, rKeyOf)) {
        this.emitPairAgainst(dr, i, g, cells, 0, out);
        i++;
        continue;
      }
      for (let j = 0; j < g.length; j += s)
        emit(g[j] as Key, this.readRow<TL>(g, j, cells, 0), rk, rrow, (g[j + 1] as number) * d, out);
    }
    if (out.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    // A delta of keyed rows holds at most a retraction and an insertion per key: when they are adjacent (grouped,
    // or two updates in all) every pair's updates came out together, and none cancel.
    const delta = dl.keys.length > 0 ? dl : dr;
    if (oneSided && delta.consolidated && (delta.grouped || delta.uniqueKeys || delta.keys.length <= 2)) {
      out.consolidated = out.grouped = true;
    }
    // Unique output keys: within ΔA ⋈ B' a pair repeats only if a left key repeats in ΔA (unique keys) or a right key
    // repeats in a group (keyed); likewise within A ⋈ ΔB. Across the two parts a pair needs its left key both in ΔA
    // and in A (before the step), which insertions-only into a keyed side rule out.
    if (
      this.keyedPairs &&
      uniqueOrEmpty(dl) &&
      uniqueOrEmpty(dr) &&
      (dl.keys.length === 0 || dr.keys.length === 0 || insertionsOnly(dl))
    ) {
      out.consolidated = out.uniqueKeys = true;
    }
    this.output = out;
  }
}
