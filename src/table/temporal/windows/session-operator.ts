// Session assignment: tags every row with the start and end (its first and last event time) of its session, the
// maximal run of time-ordered events of one instance whose neighbours are connected (gap < maxGap, or a predicate).
//
// Algorithm: rows per instance are kept sorted by (time, key). Each epoch, the touched instances apply their
// updates and recompute their sessions in one pass (only touched instances are recomputed); each row whose
// session (start, end) or multiplicity changed emits a retraction of its old tagged row and an insertion of the
// new one. A late event that bridges two sessions re-tags both; retracting the bridge splits them again.
// Behaviors: with a watermark, it advances with each epoch's times; with a cutoff, insertions with time + cutoff <=
// the previous epoch's watermark are dropped (late), deletions of rows not held (closed) are dropped, and after each epoch the leading sessions of an instance
// whose end + cutoff <= the watermark are closed: their entries are dropped silently (their tagged rows stay
// downstream, where the windowed reduce closes their groups by the same rule). Accepted events are later than every
// closed session, so a late event within the cutoff can still extend or bridge open sessions.
// State: instance -> sorted entries { time, key, row, count, emitted tag }; closing thresholds (a heap).
// Invariants: the integrated output holds, for each input row with positive multiplicity, that row tagged with
// its current session, with the same multiplicity; nothing else.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import type { Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { rowsEqual } from '../../../engine/row-equality.js';
import { NumberHeap } from './number-heap.js';
import type { Watermark } from './watermark-operators.js';

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
  /** Behaviors: the watermark (largest time seen) and the cutoff closing sessions (end + cutoff <= watermark). */
  behavior?: { watermark: Watermark; cutoff: number | undefined };
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
  private closing = new Map<number, Set<IndexKey>>();
  private heap = new NumberHeap();

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
  /** Number of rows held (for tests of bounded memory). */
  get heldRows(): number {
    let n = 0;
    for (const e of this.instances.values()) n += e.length;
    return n;
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<TRow>;
    const b = this.spec.behavior;
    let late = -Infinity;
    if (b !== undefined) {
      let w = -Infinity;
      for (const r of raw.rows) {
        const t = this.spec.timeMs(r);
        if (t > w) w = t;
      }
      b.watermark.advance(w);
      if (b.cutoff !== undefined) late = b.watermark.previous - b.cutoff;
    }
    const closing = b?.cutoff !== undefined && this.heap.peek() <= b.watermark.value;
    if (raw.keys.length === 0 && !closing) {
      this.output = EMPTY_BATCH;
      return;
    }
    const inb = consolidateBatch(raw);
    const out = new Batch<TRow>();
    const touched = new Map<IndexKey, Entry<TRow>[]>();
    for (let i = 0; i < inb.keys.length; i++) {
      const row = inb.rows[i]!;
      // Late: an insertion with time + cutoff <= the previous epoch's watermark (a deletion applies while its row
      // is held, in an open session, and is dropped otherwise).
      if (inb.diffs[i]! > 0 && this.spec.timeMs(row) <= late) continue;
      const inst = this.spec.instance(row);
      let entries = this.instances.get(inst);
      if (entries === undefined) {
        entries = [];
        this.instances.set(inst, entries);
      }
      touched.set(inst, entries);
      this.apply(entries, inb.keys[i]!, row, inb.diffs[i]!, out, b?.cutoff !== undefined);
    }
    for (const [inst, entries] of touched) {
      this.retag(entries, out);
      if (entries.length === 0) this.instances.delete(inst);
      else if (b?.cutoff !== undefined) this.schedule(inst, entries, b.cutoff);
    }
    if (b?.cutoff !== undefined) this.close(b.watermark.value, b.cutoff);
    const c = consolidateBatch(out);
    this.output = c.keys.length === 0 ? EMPTY_BATCH : c;
  }

  /** Index of the last entry of the session starting at entry `i`. */
  private sessionEnd(entries: Entry<TRow>[], i: number): number {
    let j = i;
    while (
      j + 1 < entries.length &&
      this.spec.connected(entries[j]!.row, entries[j + 1]!.row, entries[j]!.ms, entries[j + 1]!.ms)
    ) {
      j++;
    }
    return j;
  }

  /** Schedules the closing check of an instance at its first session's end + cutoff. */
  private schedule(inst: IndexKey, entries: Entry<TRow>[], cutoff: number): void {
    const th = entries[this.sessionEnd(entries, 0)]!.ms + cutoff;
    let set = this.closing.get(th);
    if (set === undefined) {
      this.closing.set(th, (set = new Set()));
      this.heap.push(th);
    }
    set.add(inst);
  }

  /** Drops (silently) the leading sessions whose end + cutoff <= w, of the instances due. */
  private close(w: number, cutoff: number): void {
    while (this.heap.size > 0 && this.heap.peek() <= w) {
      const th = this.heap.pop();
      const insts = this.closing.get(th)!;
      this.closing.delete(th);
      for (const inst of insts) {
        const entries = this.instances.get(inst);
        if (entries === undefined) continue;
        let cut = 0;
        while (cut < entries.length) {
          const j = this.sessionEnd(entries, cut);
          if (entries[j]!.ms + cutoff > w) break;
          cut = j + 1;
        }
        if (cut > 0) entries.splice(0, cut);
        if (entries.length === 0) this.instances.delete(inst);
        else this.schedule(inst, entries, cutoff);
      }
    }
  }

  /** Applies one update to the sorted entries; an entry whose count drops to 0 is removed (its row retracted). */
  private apply(
    entries: Entry<TRow>[],
    key: Key,
    row: TRow,
    diff: number,
    out: Batch<TRow>,
    dropMissing: boolean,
  ): void {
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
    if (dropMissing && diff < 0) return;
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
    const b = this.spec.behavior;
    const sessions = [...this.instances.entries()].map(([inst, entries]) => [
      inst,
      entries.map((e) => [e.ms, e.key, e.row, e.count, e.out ?? null, e.emitted, e.startMs, e.endMs]),
    ]);
    return b === undefined ? sessions : { sessions, watermark: b.watermark.value };
  }
  override restore(state: unknown): void {
    this.reset();
    const b = this.spec.behavior;
    if (b !== undefined) {
      const s = state as { sessions: unknown; watermark: number };
      b.watermark.set(s.watermark);
      state = s.sessions;
    }
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
    if (b?.cutoff !== undefined) {
      for (const [inst, entries] of this.instances) this.schedule(inst, entries, b.cutoff);
    }
  }
  override reset(): void {
    this.instances = new Map();
    this.closing = new Map();
    this.heap = new NumberHeap();
    this.spec.behavior?.watermark.set(-Infinity);
  }
}
