// Keeps at most one row per key where two rows can get one key (re-keying with `withIdFrom`, a join keeping one side's
// ids). A key with one row passes it on; a key with several (reported) shows either the first of them (the others
// wait until it goes) or, given a conflict function, the row it makes of the first (Pathway's reindex: a row of errors
// while the ids collide; a join keeping one side's ids: that side's cells, the other's errors).
//
// Algorithm: per key, a queue of present rows in arrival order; the output holds the key's visible row (the queue's
// head, or the conflict row while the queue holds more than one copy). An update that changes the visible row emits
// -old / +new; other updates only change the queue.
// State: key -> rows (with multiplicities) in arrival order.
// Invariants: the integrated output has at most one row per key, the visible row of that key's queue.

import { applyToGroup, type ArrangementGroup } from './arrangement.js';
import { Batch, EMPTY_BATCH } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { consolidateBatch } from './consolidate.js';
import { valuesEqual } from './row-equality.js';

/** The row a key holding several rows shows, made from the first of them (it must give equal rows for equal rows). */
export type ConflictRow<TRow> = (first: TRow) => TRow;

/**
 * Passes on one row per key; `onDuplicate(key)` is called when a second row (or a second copy of the row) arrives for a
 * key already present. With `conflict`, a key holding more than one row shows `conflict(first row)` instead of its first.
 */
export class UniqueKeyOperator<TRow> extends Operator<TRow> {
  private state = new Map<Key, ArrangementGroup<TRow>>();

  /** Creates the guard over `input`. */
  constructor(
    input: Operator<TRow>,
    private readonly onDuplicate: (key: Key) => void,
    private readonly conflict?: ConflictRow<TRow>,
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
    const head = g === undefined ? undefined : this.visible(g);
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
    const next = this.visible(g);
    if (g.rows.length === 0) this.state.delete(key);
    if (hadHead && (next === undefined || !valuesEqual(head, next))) out.push(key, head, -1);
    if (next !== undefined && (!hadHead || !valuesEqual(head, next))) out.push(key, next, 1);
  }
  /** The row the output shows for a key's queue: its head, or the conflict row while it holds two copies or more. */
  private visible(g: ArrangementGroup<TRow>): TRow | undefined {
    if (this.conflict === undefined) return headOf(g);
    let copies = 0;
    let first: TRow | undefined;
    for (let i = 0; i < g.rows.length; i++) {
      const d = g.diffs[i]!;
      if (d <= 0) continue;
      copies += d;
      first ??= g.rows[i];
    }
    return copies === 0 ? undefined : copies === 1 ? first : this.conflict(first!);
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
