// Distinct: turns a Z-set into a set, emitting a row when its multiplicity becomes positive and retracting it
// when the multiplicity drops to zero or below.
//
// State: key -> group of (row, multiplicity). Invariant: the integrated output has each (key, row) with a
// positive integrated input multiplicity exactly once.

import { applyToGroup, type ArrangementGroup } from './arrangement.js';
import { Batch, EMPTY_BATCH } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { valuesEqual } from './row-equality.js';

function weightOf<TRow>(g: ArrangementGroup<TRow> | undefined, key: Key, row: TRow): number {
  if (g === undefined) return 0;
  for (let i = 0; i < g.keys.length; i++)
    if (g.keys[i] === key && valuesEqual(g.rows[i], row)) return g.diffs[i]!;
  return 0;
}

/** Set semantics over (key, row) pairs. */
export class DistinctOperator<TRow> extends Operator<TRow> {
  override skipWhenIdle = true;
  private state = new Map<Key, ArrangementGroup<TRow>>();

  /** Creates a distinct over `input`. */
  constructor(input: Operator<TRow>) {
    super([input]);
  }
  get name(): string {
    return 'distinct';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    const n = inb.keys.length;
    if (n === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      let g = this.state.get(key);
      const before = weightOf(g, key, row);
      if (g === undefined) {
        g = { keys: [], rows: [], diffs: [] };
        this.state.set(key, g);
      }
      if (!applyToGroup(g, key, row, inb.diffs[i]!)) this.state.delete(key);
      const after = before + inb.diffs[i]!;
      if (before <= 0 && after > 0) out.push(key, row, 1);
      else if (before > 0 && after <= 0) out.push(key, row, -1);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return [...this.state.entries()].map(([k, g]) => [k, g.keys.slice(), g.rows.slice(), g.diffs.slice()]);
  }
  override restore(state: unknown): void {
    this.state = new Map(
      (state as [Key, Key[], TRow[], number[]][]).map(([k, keys, rows, diffs]) => [
        k,
        // Copies, so stepping after a restore never mutates the snapshot (it may be restored again).
        { keys: keys.slice(), rows: rows.slice(), diffs: diffs.slice() },
      ]),
    );
  }
  override reset(): void {
    this.state = new Map();
  }
}
