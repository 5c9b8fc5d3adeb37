// Snapshots of a collection (Pathway's `unpack_snapshots`): every step that changes the input emits the whole
// collection as it is after the step, as insertions.
//
// Algorithm: the consolidated input is added to the integrated collection; when it was not empty, every row of the
// collection is emitted with its multiplicity.
// State: the integrated input (a Collection).
// Invariants: the output of a step is empty, or exactly the integrated input up to that step; the output holds only
// insertions (an append-only stream of snapshots, ids repeating once per snapshot).

import { Batch, EMPTY_BATCH } from './batch.js';
import { Collection } from './collection.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** A snapshot entry: a key with its rows and multiplicities. */
type SnapshotEntry = [Key, unknown[], number[]];

/** Emits the whole integrated input at every step that changes it. */
export class UnpackSnapshotsOperator<TRow> extends Operator<TRow> {
  private state = new Collection<TRow>();

  /** Creates the snapshot stream of `input`. */
  constructor(input: Operator<TRow>) {
    super([input]);
  }
  get name(): string {
    return 'unpack-snapshots';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<TRow>;
    // Consolidated: a step whose updates cancel changes nothing, and makes no snapshot.
    const delta = raw.keys.length === 0 ? raw : consolidateBatch(raw);
    if (delta.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    this.state.apply(delta);
    const out = this.state.toBatch();
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return [...this.state.entries].map(([k, g]): SnapshotEntry => [k, g.rows.slice(), g.diffs.slice()]);
  }
  override restore(state: unknown): void {
    const c = new Collection<TRow>();
    for (const [k, rows, diffs] of state as SnapshotEntry[]) {
      for (let i = 0; i < rows.length; i++) c.update(k, rows[i] as TRow, diffs[i]!);
    }
    this.state = c;
  }
  override reset(): void {
    this.state = new Collection();
  }
}
