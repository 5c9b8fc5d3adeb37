// Engine operators relative to the watermark (the largest event time seen so far): advance it, drop late updates,
// hold updates back until the watermark passes them, forget old rows.
//
// Algorithm: a WatermarkOperator at the head of a temporal chain reads each epoch's rows and advances a shared
// `Watermark`, which keeps two values: `previous` (as at the end of the previous epoch) and `value` (this epoch's
// rows included). Lateness is judged against `previous`, so rows of one epoch are never late relative to each
// other (a batch run, one epoch, drops nothing; as Pathway's `_freeze`, which compares with the largest time of
// earlier epochs only); releasing held rows and forgetting use `value`.
// A retraction of a row that a delay buffer still holds cancels it there even when late (a LateFilterOperator
// given the buffer's `holds` lets it through): a row never released is never released later.
// State: the watermark (WatermarkOperator); held updates by threshold (BufferOperator, ForgetOperator).
// Invariants: the watermark never decreases; a buffer's output integrates to the input's updates whose threshold
// the watermark has reached (all of them after `flushOnEnd`); a forget's output integrates to the input's rows
// whose threshold the watermark has not passed.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import type { Key } from '../../../engine/key.js';
import { Operator, inForgettingPass } from '../../../engine/operator.js';
import { rowsEqual } from '../../../engine/row-equality.js';
import { NumberHeap } from './number-heap.js';

/** The largest event time seen by a temporal chain (shared by its operators, which run in the same step). */
export class Watermark {
  /** Current value, this epoch's rows included (-Infinity before any row). */
  value = -Infinity;
  /** The value at the end of the previous epoch: rows are late relative to this one. */
  previous = -Infinity;

  /** Starts an epoch whose largest event time is `max` (NaN or -Infinity: no rows). */
  advance(max: number): void {
    this.previous = this.value;
    if (max > this.value) this.value = max;
  }

  /** Sets both values (restore, reset). */
  set(v: number): void {
    this.value = v;
    this.previous = v;
  }
}

/** Whether a row with `threshold` is past the watermark: `threshold < w` (strict) or `threshold <= w`. */
function passed(threshold: number, w: number, strict: boolean): boolean {
  return strict ? threshold < w : threshold <= w;
}

/** Passes its input through and advances the watermark with the largest event time of the epoch's rows. */
export class WatermarkOperator<TRow> extends Operator<TRow> {
  /** Creates the operator; `timeOf` gives a row's event time (NaN: no time, ignored). */
  constructor(
    input: Operator<TRow>,
    readonly watermark: Watermark,
    private readonly timeOf: (row: TRow) => number,
  ) {
    super([input]);
  }
  get name(): string {
    return 'watermark';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    let w = -Infinity;
    const rows = inb.rows;
    for (let i = 0; i < rows.length; i++) {
      const t = this.timeOf(rows[i]!);
      if (t > w) w = t;
    }
    this.watermark.advance(w);
    this.output = inb;
  }
  override snapshot(): unknown {
    return this.watermark.value;
  }
  override restore(state: unknown): void {
    this.watermark.set(state as number);
  }
  override reset(): void {
    this.watermark.set(-Infinity);
  }
}

/**
 * Drops updates whose threshold the watermark of the previous epoch has passed (Pathway's `_freeze` /
 * `ignore_late`): rows of one epoch are never late relative to each other. With `held` (the delay buffer after
 * it), a late retraction of a row the buffer still holds passes, to cancel the held insertion there.
 */
export class LateFilterOperator<TRow> extends Operator<TRow> {
  /** Creates the filter; `thresholdOf` gives a row's threshold (NaN never passes, so such rows are kept). */
  constructor(
    input: Operator<TRow>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TRow) => number,
    private readonly strict: boolean,
    private readonly held?: { holds(key: Key, row: TRow): boolean },
  ) {
    super([input]);
  }
  get name(): string {
    return 'ignoreLate';
  }
  eval(): void {
    const held = this.held;
    // With a buffer to cancel in, updates are netted first: a late `-row +row` of a held row changes nothing.
    const raw = this.inputs[0]!.output as Batch<TRow>;
    const inb = held === undefined ? raw : consolidateBatch(raw);
    const n = inb.keys.length;
    const w = this.watermark.previous;
    let out: Batch<TRow> | undefined;
    for (let i = 0; i < n; i++) {
      const late =
        passed(this.thresholdOf(inb.rows[i]!), w, this.strict) &&
        !(held !== undefined && inb.diffs[i]! < 0 && held.holds(inb.keys[i]!, inb.rows[i]!));
      if (late && out === undefined) {
        out = new Batch<TRow>();
        for (let j = 0; j < i; j++) out.push(inb.keys[j]!, inb.rows[j]!, inb.diffs[j]!);
      } else if (!late && out !== undefined) out.push(inb.keys[i]!, inb.rows[i]!, inb.diffs[i]!);
    }
    this.output = out === undefined ? inb : out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}

/** Updates held by threshold: a batch per distinct threshold and a heap of the thresholds. */
class HeldUpdates<TRow> {
  byThreshold = new Map<number, Batch<TRow>>();
  heap = new NumberHeap();
  /** Key index of one threshold's updates (`count`), valid while that batch is unchanged. */
  private index: { batch: Batch<TRow>; n: number; byKey: Map<Key, number[]> } | undefined;

  add(threshold: number, key: string, row: TRow, diff: number): void {
    let b = this.byThreshold.get(threshold);
    if (b === undefined) {
      b = new Batch<TRow>();
      this.byThreshold.set(threshold, b);
      this.heap.push(threshold);
    }
    b.push(key, row, diff);
  }

  /** The net held count of `(key, row)` at `threshold` (a scan of that threshold's updates, indexed by key). */
  count(threshold: number, key: Key, row: TRow): number {
    const b = this.byThreshold.get(threshold);
    if (b === undefined) return 0;
    let ix = this.index;
    if (ix === undefined || ix.batch !== b || ix.n !== b.keys.length) {
      const byKey = new Map<Key, number[]>();
      for (let i = 0; i < b.keys.length; i++) {
        const at = byKey.get(b.keys[i]!);
        if (at === undefined) byKey.set(b.keys[i]!, [i]);
        else at.push(i);
      }
      this.index = ix = { batch: b, n: b.keys.length, byKey };
    }
    let c = 0;
    for (const i of ix.byKey.get(key) ?? []) if (rowsEqual(b.rows[i], row)) c += b.diffs[i]!;
    return c;
  }
  /** Removes and appends to `out` (times `sign`) the updates whose threshold passed; all of them when `all`. */
  release(w: number, strict: boolean, all: boolean, out: Batch<TRow>, sign: number): void {
    while (this.heap.size > 0 && (all || passed(this.heap.peek(), w, strict))) {
      const t = this.heap.pop();
      const b = this.byThreshold.get(t)!;
      this.byThreshold.delete(t);
      if (this.index?.batch === b) this.index = undefined;
      out.append(consolidateBatch(b), sign);
    }
  }

  snapshot(): unknown {
    return [...this.byThreshold.entries()].map(([t, b]) => [
      t,
      b.keys.slice(),
      b.rows.slice(),
      b.diffs.slice(),
    ]);
  }

  restore(state: unknown): void {
    this.byThreshold = new Map();
    this.heap = new NumberHeap();
    for (const [t, keys, rows, diffs] of state as [number, string[], TRow[], number[]][]) {
      const b = new Batch<TRow>();
      b.keys = keys.slice();
      b.rows = rows.map((r) => (Array.isArray(r) ? (r.slice() as TRow) : r));
      b.diffs = diffs.slice();
      this.byThreshold.set(t, b);
      this.heap.push(t);
    }
  }
}

/** An operator whose state is updates held by threshold (Buffer, Forget): snapshot, restore and reset of it. */
abstract class HoldingOperator<TRow> extends Operator<TRow> {
  protected held = new HeldUpdates<TRow>();

  override get stateful(): boolean {
    return true;
  }
  override snapshot(): unknown {
    return this.held.snapshot();
  }
  override restore(state: unknown): void {
    this.held.restore(state);
  }
  override reset(): void {
    this.held = new HeldUpdates<TRow>();
  }
}

/**
 * Holds updates back until the watermark reaches their threshold (Pathway's `_buffer`). Updates whose threshold is
 * already reached pass at once; at the end of the input (`flushOnEnd`) everything held is released.
 */
export class BufferOperator<TRow> extends HoldingOperator<TRow> {
  private flushing = false;

  /** Creates the buffer; a row is released once `thresholdOf(row) <= watermark`. */
  constructor(
    input: Operator<TRow>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TRow) => number,
  ) {
    super([input]);
  }
  get name(): string {
    return 'buffer';
  }
  /** Whether the buffer holds an insertion of `(key, row)` not yet released (the late filter's `held`). */
  holds(key: Key, row: TRow): boolean {
    return this.held.count(this.thresholdOf(row), key, row) > 0;
  }
  /** Called by the runtime once the input ended: true when rows are held (the next step releases them all). */
  flushOnEnd(): boolean {
    if (this.held.heap.size === 0) return false;
    this.flushing = true;
    return true;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    const w = this.watermark.value;
    const n = inb.keys.length;
    if (n === 0 && this.held.heap.peek() > w && !this.flushing) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    for (let i = 0; i < n; i++) {
      const row = inb.rows[i]!;
      const t = this.thresholdOf(row);
      if (!(t > w)) out.push(inb.keys[i]!, row, inb.diffs[i]!);
      else this.held.add(t, inb.keys[i]!, row, inb.diffs[i]!);
    }
    this.held.release(w, false, this.flushing, out, 1);
    this.flushing = false;
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}

/**
 * Passes rows through and retracts them once the watermark passes their threshold (`threshold < watermark`),
 * freeing their state (Pathway's `_forget`), in the epoch where the watermark passes it (this epoch's rows
 * included). Updates arriving for rows already past it are dropped. Comparing them with the current watermark
 * rather than the previous epoch's gives the same output: an update whose threshold lies between the two would be
 * passed and retracted in the same epoch, which consolidates to nothing. Marked (`marked`, see `evalMarked`), its
 * retractions come in the epoch's forgetting pass instead.
 */
export class ForgetOperator<TRow> extends HoldingOperator<TRow> {
  /**
   * Creates the operator. `rule` (temporal joins): `strict: false` forgets once threshold <= watermark;
   * `previous: true` compares with the watermark at the end of the previous epoch (forgetting one epoch later).
   */
  constructor(
    input: Operator<TRow>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TRow) => number,
    private readonly rule: { strict: boolean; previous: boolean } = { strict: true, previous: false },
    marked = false,
  ) {
    super([input]);
    this.marksForgetting = marked;
  }
  get name(): string {
    return 'forget';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    const w = this.rule.previous ? this.watermark.previous : this.watermark.value;
    const strict = this.rule.strict;
    if (this.marksForgetting) {
      this.evalMarked(inb, w, strict);
      return;
    }
    const n = inb.keys.length;
    if (n === 0 && !passed(this.held.heap.peek(), w, strict)) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    for (let i = 0; i < n; i++) {
      const row = inb.rows[i]!;
      const t = this.thresholdOf(row);
      if (passed(t, w, strict)) continue;
      out.push(inb.keys[i]!, row, inb.diffs[i]!);
      this.held.add(t, inb.keys[i]!, row, inb.diffs[i]!);
    }
    this.retractPassed(out, w, strict);
  }

  /** Appends to `out` the retractions of the held rows the watermark `w` passed, and outputs it consolidated. */
  private retractPassed(out: Batch<TRow>, w: number, strict: boolean): void {
    this.held.release(w, strict, false, out, -1);
    const c = consolidateBatch(out);
    this.output = c.keys.length === 0 ? EMPTY_BATCH : c;
  }

  /**
   * Marked forgetting (Pathway's `mark_forgetting_records`): in the epoch's own pass every update passes, late ones
   * too, and is held; the forgetting pass retracts the held rows whose threshold the watermark passed.
   */
  private evalMarked(inb: Batch<TRow>, w: number, strict: boolean): void {
    if (!inForgettingPass()) {
      const { keys, rows, diffs } = inb;
      for (let i = 0; i < keys.length; i++)
        this.held.add(this.thresholdOf(rows[i]!), keys[i]!, rows[i]!, diffs[i]!);
      this.output = inb;
      return;
    }
    if (!passed(this.held.heap.peek(), w, strict)) {
      this.output = EMPTY_BATCH;
      return;
    }
    this.retractPassed(new Batch<TRow>(), w, strict);
  }
}
