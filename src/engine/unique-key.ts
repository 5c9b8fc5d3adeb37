// Keeps at most one row per key: the first present row of a key is passed on, later ones with the same key wait
// (and are reported) until it goes. Used after re-keying (`withIdFrom`), where two rows can hash to one id.
//
// Algorithm: per key, a queue of present rows in arrival order; the output holds the queue's head. An update that
// changes the head emits -old head / +new head; other updates only change the queue.
// State: key -> rows (with multiplicities) in arrival order.
// Invariants: the integrated output has at most one row per key, the head of that key's queue.

import { applyToGroup, type ArrangementGroup } from './arrangement.js';
import { Batch, EMPTY_BATCH } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { consolidateBatch } from './consolidate.js';
import { valuesEqual } from './row-equality.js';

/**
 * Passes on one row per key; `onDuplicate(key)` is called when a second row (or a second copy of the row) arrives for a
 * key already present.
 */
export class UniqueKeyOperator<TRow> extends Operator<TRow> {
  private state = new Map<Key, ArrangementGroup<TRow>>();

  /** Creates the guard over `input`. */
  constructor(
    input: Operator<TRow>,
    private readonly onDuplicate: (key: Key) => void,
  ) {
    super([input]);
  }
  get name(): string {
    return 'unique-key';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    // Consolidated first: a row inserted and retracted in one step never existed, so it is no duplicate.
    const inb = consolidateBatch(this.inputs[0]!.output as Batch<TRow>);
    const n = inb.keys.length;
    if (n === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    // Retractions first, so an update (-old, +new in any order) never looks like a duplicate.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < n; i++) {
        if (pass === 0 ? inb.diffs[i]! > 0 : inb.diffs[i]! < 0) continue;
        this.apply(inb.keys[i]!, inb.rows[i]!, inb.diffs[i]!, out);
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }

  private apply(key: Key, row: TRow, diff: number, out: Batch<TRow>): void {
    let g = this.state.get(key);
    const head = g === undefined ? undefined : headOf(g);
    const hadHead = head !== undefined;
    if (g === undefined) {
      g = { keys: [], rows: [], diffs: [] };
      this.state.set(key, g);
    }
    // A second row for a present key, or the same row twice (a multiplicity above one), is a duplicate.
    if (diff > 0 && (hadHead || diff > 1)) this.onDuplicate(key);
    // applyToGroup swaps the last entry into a removed slot; keep arrival order instead.
    const at = indexOf(g, row);
    if (at >= 0) {
      const d = g.diffs[at]! + diff;
      if (d === 0) {
        g.keys.splice(at, 1);
        g.rows.splice(at, 1);
        g.diffs.splice(at, 1);
      } else g.diffs[at] = d;
    } else applyToGroup(g, key, row, diff);
    const next = headOf(g);
    if (g.rows.length === 0) this.state.delete(key);
    if (hadHead && (next === undefined || !valuesEqual(head, next))) out.push(key, head, -1);
    if (next !== undefined && (!hadHead || !valuesEqual(head, next))) out.push(key, next, 1);
  }
  override snapshot(): unknown {
    return [...this.state.entries()].map(([k, g]) => [k, g.rows.slice(), g.diffs.slice()]);
  }
  override restore(state: unknown): void {
    this.state = new Map(
      (state as [Key, TRow[], number[]][]).map(([k, rows, diffs]) => [
        k,
        { keys: rows.map(() => k), rows: rows.slice(), diffs: diffs.slice() },
      ]),
    );
  }
  override reset(): void {
    this.state = new Map();
  }
}

/** The first row of the key with a positive multiplicity (a retraction may arrive before its insertion). */
function headOf<TRow>(g: ArrangementGroup<TRow>): TRow | undefined {
  for (let i = 0; i < g.rows.length; i++) if (g.diffs[i]! > 0) return g.rows[i];
  return undefined;
}

function indexOf<TRow>(g: ArrangementGroup<TRow>, row: TRow): number {
  for (let i = 0; i < g.rows.length; i++) if (valuesEqual(g.rows[i], row)) return i;
  return -1;
}
