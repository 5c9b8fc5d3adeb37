// Tumbling/sliding window assignment in one pass per batch: evaluates each row's time and instance, advances the
// watermark, drops windows already closed (end + cutoff <= the previous epoch's watermark) and emits
// [...columns, start, end, instance] once per window containing the row (the fused form of time evaluation,
// watermark, assignment and late filter).
//
// Algorithm: pass 1 evaluates times (into a reused Float64Array) and instances and finds the batch's largest time;
// the watermark advances with it (`previous` = as at the end of the last epoch, `value` = this one's included);
// pass 2 emits the windows, dropping those closed relative to `previous`, so rows of one epoch are never late
// relative to each other (a batch run keeps every row); one row allocation per (row, window), no per-row closures.
// State: the watermark (when a behavior needs one), snapshotted here.
// Invariants: without a cutoff, linear (each update's windows depend on its row only); the watermark never
// decreases; a window accepted in an epoch has end + cutoff > previous, so the reduce (which closes windows with
// end + cutoff <= value at the end of each epoch) has not closed it.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import { Operator } from '../../../engine/operator.js';
import type { CellFn } from '../../expression-compiler.js';
import { ErrorValue } from '../../values/error-value.js';
import { makeError, reportDropped } from '../../expressions/error-reporter.js';
import { timeLike, timeMs } from './time-values.js';
import type { Watermark } from './watermark-operators.js';
import type { SlidingWindow } from './window-kinds.js';

/** What the assignment needs: row width, compiled time and instance, the window, and the optional watermark. */
export interface WindowAssignSpec {
  width: number;
  timeOf: CellFn;
  instanceOf: CellFn;
  window: SlidingWindow;
  /** Advanced to the largest event time seen (behaviors). */
  watermark: Watermark | undefined;
  /** Windows with end + cutoff <= the previous epoch's watermark are dropped (behaviors with a cutoff). */
  cutoff: number | undefined;
  site: string | undefined;
}

/** Assigns rows to tumbling/sliding windows (see the file header). */
export class WindowAssignOperator extends Operator<unknown[]> {
  private times = new Float64Array(256);
  private values: unknown[] = [];
  private insts: unknown[] = [];

  /** Creates the operator. */
  constructor(
    input: Operator<unknown[]>,
    private readonly spec: WindowAssignSpec,
  ) {
    super([input]);
  }
  get name(): string {
    return 'windowAssign';
  }
  override get stateful(): boolean {
    return this.spec.watermark !== undefined;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<unknown[]>;
    const n = inb.keys.length;
    if (n === 0) {
      this.spec.watermark?.advance(-Infinity);
      this.output = EMPTY_BATCH;
      return;
    }
    const { width, timeOf, instanceOf, watermark, cutoff, site } = this.spec;
    if (this.times.length < n) this.times = new Float64Array(2 * n);
    const times = this.times;
    const values = this.values;
    const insts = this.insts;
    const keys = inb.keys;
    const rows = inb.rows;
    const diffs = inb.diffs;
    let w = -Infinity;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const k = keys[i]!;
      const t = timeOf(r, k);
      const inst = instanceOf(r, k);
      const ms = typeof t === 'number' ? t : timeMs(t);
      values[i] = t;
      insts[i] = inst;
      if (Number.isNaN(ms) || t instanceof ErrorValue || inst instanceof ErrorValue) {
        times[i] = Number.NaN;
        if (diffs[i]! > 0) reportDroppedRow(t, inst, site);
        continue;
      }
      times[i] = ms;
      if (ms > w) w = ms;
    }
    // A window is closed (its updates dropped) once end + cutoff <= the watermark of the previous epoch.
    let closedUpTo = -Infinity;
    if (watermark !== undefined) {
      watermark.advance(w);
      if (cutoff !== undefined) closedUpTo = watermark.previous - cutoff;
    }
    const win = this.spec.window;
    const out = new Batch<unknown[]>();
    for (let i = 0; i < n; i++) {
      const ms = times[i]!;
      if (Number.isNaN(ms)) continue;
      const r = rows[i]!;
      const t = values[i];
      const numeric = typeof t === 'number';
      const inst = insts[i];
      // Pathway's enumeration (windows.rs): every k from lastK - ratio - 2 to lastK, kept when start <= t < end, with
      // the bounds computed as Pathway does, so float rounding neither drops a row nor moves a window's bounds.
      const lastK = win.lastK(ms);
      for (let k = win.firstK(ms); k <= lastK; k++) {
        const start = win.startOf(k);
        const end = win.endOf(k);
        if (!win.holds(start, end, ms) || end <= closedUpTo) continue;
        const row = r.length === width ? r.slice() : r.slice(0, width);
        row.push(numeric ? start : timeLike(t, start), numeric ? end : timeLike(t, end), inst);
        out.push(keys[i]!, row, diffs[i]!);
      }
    }
    values.length = 0;
    insts.length = 0;
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return this.spec.watermark?.value ?? null;
  }
  override restore(state: unknown): void {
    this.spec.watermark?.set((state as number | null) ?? -Infinity);
  }
  override reset(): void {
    this.spec.watermark?.set(-Infinity);
  }
}

/** Reports an inserted row that windowBy drops: its time or instance is an error, or its time is not a time. */
export function reportDroppedRow(t: unknown, inst: unknown, site: string | undefined): void {
  const bad =
    t instanceof ErrorValue
      ? t
      : inst instanceof ErrorValue
        ? inst
        : makeError(`windowBy(): the time ${String(t)} is not a number or a date-time`, site);
  reportDropped(bad, 'windowBy dropped a row whose time or instance is an error', site);
}
