// Dropping what forgetting caused (Pathway's `filter_out_results_of_forgetting`): the updates a circuit computes in
// an epoch's forgetting pass (see `Operator.marksForgetting`) are the consequences of marked retractions alone.
//
// Algorithm: in an epoch's own pass updates pass on; in its forgetting pass everything is dropped. With
// `ensureConsistency` the epoch's updates are netted and then, deletions first, each key shows one row: a deletion
// retracts the row the key shows (if any), an insertion retracts it and shows the new row (as Pathway does).
// State (`ensureConsistency` only): the row each key shows downstream.
// Invariants: the output integrates to `shown` (with `ensureConsistency`); a forgetting pass changes nothing.

import { Batch, EMPTY_BATCH } from './batch.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator, inForgettingPass } from './operator.js';

/** Drops an epoch's forgetting pass; with `ensureConsistency`, keeps one shown row per key (see the header). */
export class ForgettingFilterOperator<TRow> extends Operator<TRow> {
  override skipWhenIdle = true;
  /** The row each key shows downstream (`ensureConsistency` only). */
  private shown = new Map<Key, TRow>();

  /** Creates the filter reading `input`. */
  constructor(
    input: Operator<TRow>,
    readonly ensureConsistency: boolean,
  ) {
    super([input]);
  }
  get name(): string {
    return 'filter-out-forgetting';
  }
  override get stateful(): boolean {
    return this.ensureConsistency;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    if (inForgettingPass()) {
      this.output = EMPTY_BATCH;
      return;
    }
    if (!this.ensureConsistency) {
      this.output = inb;
      return;
    }
    const c = consolidateBatch(inb);
    const out = new Batch<TRow>();
    const { keys, rows, diffs } = c;
    const shown = this.shown;
    for (let i = 0; i < keys.length; i++) {
      if (diffs[i]! > 0) continue;
      const former = shown.get(keys[i]!);
      if (former === undefined) continue;
      shown.delete(keys[i]!);
      out.push(keys[i]!, former, -1);
    }
    for (let i = 0; i < keys.length; i++) {
      if (diffs[i]! < 0) continue;
      const former = shown.get(keys[i]!);
      if (former !== undefined) out.push(keys[i]!, former, -1);
      shown.set(keys[i]!, rows[i]!);
      out.push(keys[i]!, rows[i]!, 1);
    }
    const net = consolidateBatch(out);
    this.output = net.keys.length === 0 ? EMPTY_BATCH : net;
  }
  override snapshot(): unknown {
    return { keys: [...this.shown.keys()], rows: [...this.shown.values()] };
  }
  override restore(state: unknown): void {
    const { keys, rows } = state as { keys: Key[]; rows: TRow[] };
    this.shown = new Map(keys.map((k, i) => [k, rows[i]!]));
  }
  override reset(): void {
    this.shown = new Map();
  }
}
