// Incremental equi-join of two arrangements by the bilinear rule.
//
// Algorithm: Δ(A ⋈ B) = ΔA ⋈ B' + A ⋈ ΔB, where B' is the right arrangement after this step's delta and A the
// left one before it (A = A' − ΔA, evaluated per matched group, since the arrangement operators have already
// applied their deltas when the join runs).
// State: none of its own; it reads the two shared arrangements.
// Invariants: the sum of outputs up to time t equals the join of the inputs integrated up to t.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { Arrangement, ArrangementGroup, IndexKey } from './arrangement.js';
import { valuesEqual } from './row-equality.js';
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

function weightIn<T>(b: Batch<T>, idx: readonly number[], key: Key, row: T): number {
  let w = 0;
  for (const i of idx) if (b.keys[i] === key && valuesEqual(b.rows[i], row)) w += b.diffs[i]!;
  return w;
}

function firstIndexOf<T>(b: Batch<T>, idx: readonly number[], key: Key, row: T): number {
  for (const i of idx) if (b.keys[i] === key && valuesEqual(b.rows[i], row)) return i;
  return -1;
}

function inGroup<T>(g: ArrangementGroup<T>, key: Key, row: T): boolean {
  for (let j = 0; j < g.keys.length; j++) if (g.keys[j] === key && valuesEqual(g.rows[j], row)) return true;
  return false;
}

/** Inner equi-join of two arrangements. */
export class JoinOperator<TL, TR, TOut> extends Operator<TOut> {
  /** Creates a join; `emit` builds output rows for each matching pair. */
  constructor(
    private readonly left: Arrangement<TL>,
    private readonly right: Arrangement<TR>,
    private readonly emit: JoinEmit<TL, TR, TOut>,
  ) {
    super([left, right]);
  }
  get name(): string {
    return 'join';
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
    const lKeyOf = this.left.keyOf;
    const rKeyOf = this.right.keyOf;
    const rIndex = this.right.index;
    const lIndex = this.left.index;
    // ΔA ⋈ B'
    for (let i = 0; i < dl.keys.length; i++) {
      const lk = dl.keys[i]!;
      const lrow = dl.rows[i]!;
      const g = rIndex.get(lKeyOf(lk, lrow));
      if (g === undefined) continue;
      const d = dl.diffs[i]!;
      for (let j = 0; j < g.keys.length; j++) emit(lk, lrow, g.keys[j]!, g.rows[j]!, d * g.diffs[j]!, out);
    }
    // A ⋈ ΔB, with A the left side BEFORE this step: A' minus the part of ΔA in each matched group, so pairs of
    // ΔA ⋈ ΔB are not counted twice (and nothing has to be emitted only to be cancelled).
    const both = dl.keys.length > 0;
    let dlByKey: Map<IndexKey, number[]> | undefined;
    if (both && dr.keys.length > 0) {
      dlByKey = new Map();
      for (let i = 0; i < dl.keys.length; i++) {
        const ik = lKeyOf(dl.keys[i]!, dl.rows[i]!);
        const list = dlByKey.get(ik);
        if (list === undefined) dlByKey.set(ik, [i]);
        else list.push(i);
      }
    }
    for (let i = 0; i < dr.keys.length; i++) {
      const rk = dr.keys[i]!;
      const rrow = dr.rows[i]!;
      const ik = rKeyOf(rk, rrow);
      const g = lIndex.get(ik);
      const d = dr.diffs[i]!;
      const fresh = dlByKey?.get(ik);
      if (g !== undefined) {
        for (let j = 0; j < g.keys.length; j++) {
          let w = g.diffs[j]!;
          if (fresh !== undefined) w -= weightIn(dl, fresh, g.keys[j]!, g.rows[j]!);
          if (w !== 0) emit(g.keys[j]!, g.rows[j]!, rk, rrow, w * d, out);
        }
      }
      if (fresh !== undefined) {
        // Rows of ΔA that cancelled out of A' entirely (retracted this step) were in the old A: include them.
        for (const j of fresh) {
          const lk = dl.keys[j]!;
          const lrow = dl.rows[j]!;
          if (g !== undefined && inGroup(g, lk, lrow)) continue;
          if (firstIndexOf(dl, fresh, lk, lrow) !== j) continue;
          const w = -weightIn(dl, fresh, lk, lrow);
          if (w !== 0) emit(lk, lrow, rk, rrow, w * d, out);
        }
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}
