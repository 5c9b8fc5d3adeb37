// Consolidation: sums the diffs of equal (key, row) updates in a batch and drops those that cancel.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { valuesEqual } from './row-equality.js';

/**
 * Consolidates a batch: equal `(key, row)` pairs merge, zero diffs vanish. Order of first appearance is kept.
 * Cost: one Map lookup per update; rows are compared only when keys collide.
 */
export function consolidateBatch<TRow>(inb: Batch<TRow>): Batch<TRow> {
  const n = inb.keys.length;
  if (n === 0 || (n === 1 && inb.diffs[0] !== 0)) return inb;
  // Slot index of the first update with each key; collisions of distinct rows chain through `next`.
  const first = new Map<Key, number>();
  const next = new Int32Array(n).fill(-1);
  const diffs = inb.diffs.slice();
  // True once the output must differ from the input: a merge happened or an input diff is already zero.
  let merged = false;
  for (let i = 0; i < n; i++) {
    if (diffs[i] === 0) merged = true;
    const key = inb.keys[i]!;
    const j0 = first.get(key);
    if (j0 === undefined) {
      first.set(key, i);
      continue;
    }
    let j = j0;
    for (;;) {
      if (valuesEqual(inb.rows[j], inb.rows[i])) {
        diffs[j]! += diffs[i]!;
        diffs[i] = 0;
        merged = true;
        break;
      }
      if (next[j] === -1) {
        next[j] = i;
        break;
      }
      j = next[j]!;
    }
  }
  if (!merged) return inb;
  const out = new Batch<TRow>();
  for (let i = 0; i < n; i++) if (diffs[i] !== 0) out.push(inb.keys[i]!, inb.rows[i]!, diffs[i]!);
  return out;
}

/** An operator that consolidates its input each step. */
export class ConsolidateOperator<TRow> extends Operator<TRow> {
  /** Creates a consolidation of `input`. */
  constructor(input: Operator<TRow>) {
    super([input]);
  }
  get name(): string {
    return 'consolidate';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    this.output = inb.keys.length === 0 ? EMPTY_BATCH : consolidateBatch(inb);
  }
}
