// Update streams: a collection's changes as an append-only stream of upsert / delete events, and back (Pathway's
// `to_stream`, `stream_to_table`, `Table.from_streams`).
//
// ToStreamOperator (stateless): per step and key, an insertion makes one upsert event of the inserted row; a key with
// only retractions makes one delete event of the retracted row. Events are insertions, never retracted.
// FromStreamsOperator (stateful): applies each step's events in arrival order (upserts input first, then deletions),
// the last event of a key winning, then emits -old / +new for every key whose row changed.
// State (FromStreamsOperator): key -> current row.
// Invariants: the integrated output of FromStreamsOperator holds exactly one row per key whose last event was an
// upsert: that event's row. Retractions of events are ignored (streams are append-only, as in Pathway).

import { Batch, EMPTY_BATCH } from './batch.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { valuesEqual } from './row-equality.js';

/** Turns a collection's changes into upsert / delete events; `event(row, upsert)` builds an event's row. */
export class ToStreamOperator<TRow, TOut> extends Operator<TOut> {
  /** Creates the stream of `input`'s changes. */
  constructor(
    input: Operator<TRow>,
    private readonly event: (row: TRow, upsert: boolean) => TOut,
  ) {
    super([input]);
  }
  get name(): string {
    return 'to-stream';
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<TRow>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    // Consolidated: a row inserted and retracted within the step never existed.
    const inb = consolidateBatch(raw);
    // Per key, its event: the last insertion, else the first retraction.
    const events = new Map<Key, { row: TRow; upsert: boolean }>();
    for (let i = 0; i < inb.keys.length; i++) {
      const key = inb.keys[i]!;
      const upsert = inb.diffs[i]! > 0;
      const seen = events.get(key);
      if (seen === undefined) events.set(key, { row: inb.rows[i]!, upsert });
      else if (upsert) {
        seen.row = inb.rows[i]!;
        seen.upsert = true;
      }
    }
    const out = new Batch<TOut>();
    for (const [key, e] of events) out.push(key, this.event(e.row, e.upsert), 1);
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}

/**
 * Rebuilds a collection from events: the events of `upserts` are upserts or deletions as `isUpsert` says (true /
 * false; undefined: the event is skipped), those of `deletions` (optional) delete their key.
 */
export class FromStreamsOperator<TRow> extends Operator<TRow> {
  private state = new Map<Key, TRow>();

  /** Creates the collection of `upserts` (and `deletions`) events. */
  constructor(
    upserts: Operator<TRow>,
    private readonly isUpsert: (key: Key, row: TRow) => boolean | undefined,
    deletions?: Operator<unknown>,
  ) {
    super(deletions === undefined ? [upserts] : [upserts, deletions]);
  }
  get name(): string {
    return 'from-streams';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    // Per touched key, its row after this step's events (undefined: deleted), in first-touched order.
    const after = new Map<Key, TRow | undefined>();
    const ups = this.inputs[0]!.output as Batch<TRow>;
    for (let i = 0; i < ups.keys.length; i++) {
      if (ups.diffs[i]! <= 0) continue;
      const key = ups.keys[i]!;
      const upsert = this.isUpsert(key, ups.rows[i]!);
      if (upsert !== undefined) after.set(key, upsert ? ups.rows[i]! : undefined);
    }
    const dels = this.inputs[1]?.output;
    if (dels !== undefined) {
      for (let i = 0; i < dels.keys.length; i++) if (dels.diffs[i]! > 0) after.set(dels.keys[i]!, undefined);
    }
    if (after.size === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    const state = this.state;
    for (const [key, row] of after) {
      const old = state.get(key);
      if (old !== undefined && row !== undefined && valuesEqual(old, row)) continue;
      if (old !== undefined) out.push(key, old, -1);
      if (row !== undefined) {
        out.push(key, row, 1);
        state.set(key, row);
      } else state.delete(key);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return [...this.state.entries()];
  }
  override restore(state: unknown): void {
    this.state = new Map(state as [Key, TRow][]);
  }
  override reset(): void {
    this.state = new Map();
  }
}
