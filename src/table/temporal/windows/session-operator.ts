// Session assignment: tags every row with the start and end (its first and last event time) of its session, the
// maximal run of time-ordered events of one instance whose neighbours are connected (gap < maxGap, or a predicate).
//
// Algorithm: rows per instance are kept sorted by (time, key). Each epoch, the touched instances apply their
// updates and recompute their sessions in one pass (only touched instances are recomputed); each row whose
// session (start, end) or multiplicity changed emits a retraction of its old tagged row and an insertion of the
// new one. A late event that bridges two sessions re-tags both; retracting the bridge splits them again.
// State: instance → sorted entries { time, key, row, count, emitted tag }.
// Invariants: the integrated output holds, for each input row with positive multiplicity, that row tagged with
// its current session, with the same multiplicity; nothing else.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import type { Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { rowsEqual } from '../../../engine/row-equality.js';

/** How sessions are formed, and how a row is tagged. */
export interface SessionSpec<TRow> {
  /** Instance of a row (a primitive; hash composite values). */
  instance(row: TRow): IndexKey;
  /** Event time of a row, in milliseconds (or plain units); rows with NaN are dropped upstream. */
  timeMs(row: TRow): number;
  /** Whether two time-adjacent rows (a before b) belong to the same session. */
  connected(a: TRow, b: TRow, aMs: number, bMs: number): boolean;
  /** The output row: `row` tagged with its session's first and last row. */
  tag(row: TRow, first: TRow, last: TRow): TRow;
}

interface Entry<TRow> {
  ms: number;
  key: Key;
  row: TRow;
  count: number;
  /** The tagged row currently emitted (with multiplicity `emitted`), if any. */
  out: TRow | undefined;
  emitted: number;
  /** Time of the session's first and last rows when `out` was built. */
  startMs: number;
  endMs: number;
}

/** Assigns rows to sessions, per instance, incrementally. */
export class SessionOperator<TRow> extends Operator<TRow> {
  private instances = new Map<IndexKey, Entry<TRow>[]>();

  /** Creates the operator. */
  constructor(
    input: Operator<TRow>,
    private readonly spec: SessionSpec<TRow>,
  ) {
    super([input]);
  }
  get name(): string {
    return 'session';
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
    const out = new Batch<TRow>();
    const touched = new Map<IndexKey, Entry<TRow>[]>();
    for (let i = 0; i < inb.keys.length; i++) {
      const row = inb.rows[i]!;
      const inst = this.spec.instance(row);
      let entries = this.instances.get(inst);
      if (entries === undefined) {
        entries = [];
        this.instances.set(inst, entries);
      }
      touched.set(inst, entries);
      this.apply(entries, inb.keys[i]!, row, inb.diffs[i]!, out);
    }
    for (const [inst, entries] of touched) {
      this.retag(entries, out);
      if (entries.length === 0) this.instances.delete(inst);
    }
    const c = consolidateBatch(out);
    this.output = c.keys.length === 0 ? EMPTY_BATCH : c;
  }

  /** Applies one update to the sorted entries; an entry whose count drops to 0 is removed (its row retracted). */
  private apply(entries: Entry<TRow>[], key: Key, row: TRow, diff: number, out: Batch<TRow>): void {
    const ms = this.spec.timeMs(row);
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = entries[mid]!;
      if (e.ms < ms || (e.ms === ms && e.key < key)) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.ms !== ms || e.key !== key) break;
      if (!rowsEqual(e.row, row)) continue;
      e.count += diff;
      if (e.count === 0) {
        if (e.out !== undefined && e.emitted !== 0) out.push(e.key, e.out, -e.emitted);
        entries.splice(i, 1);
      }
      return;
    }
    entries.splice(lo, 0, {
      ms,
      key,
      row,
      count: diff,
      out: undefined,
      emitted: 0,
      startMs: Number.NaN,
      endMs: Number.NaN,
    });
  }

  /** Recomputes the sessions of one instance and emits the rows whose tag or multiplicity changed. */
  private retag(entries: Entry<TRow>[], out: Batch<TRow>): void {
    const spec = this.spec;
    let i = 0;
    while (i < entries.length) {
      let j = i;
      while (
        j + 1 < entries.length &&
        spec.connected(entries[j]!.row, entries[j + 1]!.row, entries[j]!.ms, entries[j + 1]!.ms)
      ) {
        j++;
      }
      const first = entries[i]!;
      const last = entries[j]!;
      for (let k = i; k <= j; k++) {
        const e = entries[k]!;
        if (e.out !== undefined && e.startMs === first.ms && e.endMs === last.ms && e.emitted === e.count) {
          continue;
        }
        if (e.out !== undefined && e.emitted !== 0) out.push(e.key, e.out, -e.emitted);
        e.out = spec.tag(e.row, first.row, last.row);
        e.startMs = first.ms;
        e.endMs = last.ms;
        e.emitted = e.count;
        if (e.count !== 0) out.push(e.key, e.out, e.count);
      }
      i = j + 1;
    }
  }

  override snapshot(): unknown {
    return [...this.instances.entries()].map(([inst, entries]) => [
      inst,
      entries.map((e) => [e.ms, e.key, e.row, e.count, e.out ?? null, e.emitted, e.startMs, e.endMs]),
    ]);
  }
  override restore(state: unknown): void {
    this.instances = new Map();
    const copy = (r: unknown): TRow => (Array.isArray(r) ? (r.slice() as TRow) : (r as TRow));
    for (const [inst, entries] of state as [IndexKey, unknown[][]][]) {
      this.instances.set(
        inst,
        entries.map(([ms, key, row, count, o, emitted, startMs, endMs]) => ({
          ms: ms as number,
          key: key as Key,
          row: copy(row),
          count: count as number,
          out: o === null ? undefined : copy(o),
          emitted: emitted as number,
          startMs: startMs as number,
          endMs: endMs as number,
        })),
      );
    }
  }
  override reset(): void {
    this.instances = new Map();
  }
}
