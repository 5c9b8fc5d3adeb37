// Incremental equi-join of two arrangements by the bilinear rule.
//
// Algorithm: Δ(A ⋈ B) = ΔA ⋈ B' + A' ⋈ ΔB − ΔA ⋈ ΔB, where A', B' are the arrangements after this step's
// deltas were applied (the arrangement operators run before the join in every step).
// State: none of its own; it reads the two shared arrangements.
// Invariants: the sum of outputs up to time t equals the join of the inputs integrated up to t.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { Arrangement, IndexKey } from './arrangement.js';
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
    // A' ⋈ ΔB
    for (let i = 0; i < dr.keys.length; i++) {
      const rk = dr.keys[i]!;
      const rrow = dr.rows[i]!;
      const g = lIndex.get(rKeyOf(rk, rrow));
      if (g === undefined) continue;
      const d = dr.diffs[i]!;
      for (let j = 0; j < g.keys.length; j++) emit(g.keys[j]!, g.rows[j]!, rk, rrow, g.diffs[j]! * d, out);
    }
    // − ΔA ⋈ ΔB (counted twice above)
    if (dl.keys.length > 0 && dr.keys.length > 0) {
      const small = new Map<IndexKey, number[]>();
      for (let i = 0; i < dr.keys.length; i++) {
        const ik = rKeyOf(dr.keys[i]!, dr.rows[i]!);
        const list = small.get(ik);
        if (list === undefined) small.set(ik, [i]);
        else list.push(i);
      }
      for (let i = 0; i < dl.keys.length; i++) {
        const lk = dl.keys[i]!;
        const lrow = dl.rows[i]!;
        const list = small.get(lKeyOf(lk, lrow));
        if (list === undefined) continue;
        const d = dl.diffs[i]!;
        for (const j of list) emit(lk, lrow, dr.keys[j]!, dr.rows[j]!, -d * dr.diffs[j]!, out);
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}
