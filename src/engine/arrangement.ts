// Arrangements: the integrated collection of a stream, indexed by a key, shared by every operator that reads it.
//
// Algorithm: each step, apply the input delta to `index` (group by `keyOf`, sum diffs of equal (key, row)).
// State: `index` maps an index key to a group of parallel arrays (keys, rows, diffs) with non-zero diffs.
// Invariants: after `eval` at time t, `index` holds exactly the consolidated sum of all input batches up to t;
// the output is the input delta itself, so readers see both the delta and the new integrated state.

import type { Batch } from './batch.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { valuesEqual } from './row-equality.js';

/** One index entry: all rows whose index key is equal, with their multiplicities. */
export interface ArrangementGroup<TRow> {
  keys: Key[];
  rows: TRow[];
  diffs: number[];
}

/** Index key of a row: a primitive (string, number, boolean, null) compared by SameValueZero. */
export type IndexKey = string | number | boolean | null | undefined;

/** Applies one update to a group; returns false when the group became empty. */
export function applyToGroup<TRow>(g: ArrangementGroup<TRow>, key: Key, row: TRow, diff: number): boolean {
  const keys = g.keys;
  if (diff === 0) return keys.length > 0;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === key && valuesEqual(g.rows[i], row)) {
      const d = g.diffs[i]! + diff;
      if (d !== 0) {
        g.diffs[i] = d;
        return true;
      }
      const last = keys.length - 1;
      g.keys[i] = g.keys[last]!;
      g.rows[i] = g.rows[last]!;
      g.diffs[i] = g.diffs[last]!;
      g.keys.pop();
      g.rows.pop();
      g.diffs.pop();
      return keys.length > 0;
    }
  }
  keys.push(key);
  g.rows.push(row);
  g.diffs.push(diff);
  return true;
}

/** An indexed, integrated view of a stream; joins read `index` after this operator has run in a step. */
export class Arrangement<TRow> extends Operator<TRow> {
  /** Index key → group of rows. */
  index = new Map<IndexKey, ArrangementGroup<TRow>>();

  /** Creates an arrangement of `input` by `keyOf(key, row)`. */
  constructor(
    input: Operator<TRow>,
    readonly keyOf: (key: Key, row: TRow) => IndexKey,
  ) {
    super([input]);
  }
  get name(): string {
    return 'arrange';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    // Consolidated first, so readers never see a row inserted and retracted in the same step (e.g. an upsert to
    // an equal value): joins would otherwise build, and report errors of, pairs that cancel.
    const inb = consolidateBatch(this.inputs[0]!.output as Batch<TRow>);
    this.output = inb;
    const n = inb.keys.length;
    const index = this.index;
    const keyOf = this.keyOf;
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const ik = keyOf(key, row);
      let g = index.get(ik);
      if (g === undefined) {
        if (inb.diffs[i] === 0) continue;
        g = { keys: [key], rows: [row], diffs: [inb.diffs[i]!] };
        index.set(ik, g);
      } else if (!applyToGroup(g, key, row, inb.diffs[i]!)) {
        index.delete(ik);
      }
    }
  }
  override snapshot(): unknown {
    return [...this.index.entries()].map(([k, g]) => [k, g.keys.slice(), g.rows.slice(), g.diffs.slice()]);
  }
  override restore(state: unknown): void {
    this.index = new Map(
      (state as [IndexKey, Key[], TRow[], number[]][]).map(([k, keys, rows, diffs]) => [
        k,
        // Copies, so stepping after a restore never mutates the snapshot (it may be restored again).
        { keys: keys.slice(), rows: rows.slice(), diffs: diffs.slice() },
      ]),
    );
  }
  override reset(): void {
    this.index = new Map();
  }
}
