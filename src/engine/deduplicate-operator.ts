// Stateful deduplication: per instance, keep the last row an acceptor accepted (Pathway's `deduplicate`).
//
// Algorithm: each step consolidates the input and walks its insertions in batch order; for each, the acceptor
// decides (given the kept row of the row's instance, if any) whether it replaces the kept row. At the end of the
// step, every instance whose kept row changed emits a retraction of the old row and an insertion of the new one.
// Retractions of input rows are ignored: the result depends on the history of insertions, not on the current
// input (as in Pathway, where deduplicate is meant for append-only streams).
// State: instance -> { output key, kept row }.
// Invariants: the integrated output holds exactly one row per instance that ever accepted a row: its kept row.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { IndexKey } from './arrangement.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** How to deduplicate: the instance of a row, its output key, and whether a new row replaces the kept one. */
export interface DeduplicateSpec<TRow> {
  /** The instance (group) of a row: a primitive; hash composite values. */
  instance(key: Key, row: TRow): IndexKey;
  /** The output key of an instance; called once, when the instance first accepts a row. */
  outputKey(instance: IndexKey, key: Key, row: TRow): Key;
  /** True when `row` replaces `kept` (`kept` is undefined when the instance has no row yet). */
  accept(row: TRow, kept: TRow | undefined): boolean;
}

interface Kept<TRow> {
  readonly outKey: Key;
  row: TRow;
}

/** Keeps, per instance, the last row accepted by the spec's acceptor. */
export class DeduplicateOperator<TRow> extends Operator<TRow> {
  private kept = new Map<IndexKey, Kept<TRow>>();

  /** Creates a deduplication of `input` by `spec`. */
  constructor(
    input: Operator<TRow>,
    private readonly spec: DeduplicateSpec<TRow>,
  ) {
    super([input]);
  }
  get name(): string {
    return 'deduplicate';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<TRow>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const inb = consolidateBatch(raw);
    const spec = this.spec;
    // Row each touched instance held before this step (undefined: it held none).
    const before = new Map<IndexKey, TRow | undefined>();
    for (let i = 0; i < inb.keys.length; i++) {
      if (inb.diffs[i]! <= 0) continue;
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const inst = spec.instance(key, row);
      const k = this.kept.get(inst);
      if (!spec.accept(row, k?.row)) continue;
      if (!before.has(inst)) before.set(inst, k?.row);
      if (k === undefined) this.kept.set(inst, { outKey: spec.outputKey(inst, key, row), row });
      else k.row = row;
    }
    if (before.size === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    for (const [inst, old] of before) {
      const k = this.kept.get(inst)!;
      if (old === k.row) continue;
      if (old !== undefined) out.push(k.outKey, old, -1);
      out.push(k.outKey, k.row, 1);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return [...this.kept.entries()].map(([inst, k]) => [inst, k.outKey, k.row]);
  }
  override restore(state: unknown): void {
    this.kept = new Map(
      (state as [IndexKey, Key, TRow][]).map(([inst, outKey, row]) => [inst, { outKey, row }]),
    );
  }
  override reset(): void {
    this.kept = new Map();
  }
}
