// A grouped reduction whose groups (windows) are closed once a forgetting clock reaches their threshold
// (window end + cutoff): the closed group's state is freed, its last result kept (keepResults) or retracted.
//
// Algorithm: the engine's ReduceOperator (route updates to groups, apply them, emit -old/+new per touched group);
// then every group whose threshold <= the clock is dropped. This is Pathway's forget-then-filter-out-results-of-
// forgetting, done in place, with the timing of Pathway's `_forget` (postpone_core with
// update_time_before_emitting = false, flush_on_end = false; time_column.rs): forgetting runs only in an epoch in
// which the reduction receives updates, and compares thresholds with the clock = the watermark as it was at the
// end of the last EARLIER epoch in which it received updates (the current epoch's rows are not counted). So a batch
// run (one epoch) forgets nothing, and a window passed by the watermark closes in the next epoch bringing updates;
// none is forgotten at the end of the input. Deviation: Pathway's clock is the largest (delay-adjusted) time of the
// rows reaching the forget; the watermark, used here, can be ahead of it when a delay buffer still holds the
// newest rows. Updates of an epoch are applied before its forgetting, so a group receiving updates and closed in
// the same epoch (a row released by the delay buffer into a window already past the clock) emits its result once
// (then retracts it unless keepResults), as Pathway's forget emits the row and its retraction in one epoch.
// State: the reduction's groups, each open group's closing threshold (a heap with the groups per threshold), and
// the clock.
// Invariants: as ReduceOperator for open groups; closed groups hold no state; with keepResults the output keeps
// each closed group's last row, without it the row is retracted when the group closes; the clock never decreases
// and is at most the watermark of the previous epoch (so the window assignment upstream, which drops rows of
// windows with end + cutoff <= that watermark, never sends rows to a closed window).
// Sessions (`lagged: false`; Pathway's session windows take no behavior, so this timing is Causeway's own) close
// in step with the SessionOperator upstream: at the end of every epoch, against the watermark with its rows.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import type { Operator } from '../../../engine/operator.js';
import { ReduceOperator, type ReduceSpec } from '../../../engine/reduce.js';
import { NumberHeap } from './number-heap.js';
import type { Watermark } from './watermark-operators.js';

/** Grouped reduction with closing of groups by a watermark. */
export class ForgettingReduceOperator<TIn, TState, TOut> extends ReduceOperator<TIn, TState, TOut> {
  private thresholds = new Map<IndexKey, number>();
  private closing = new Map<number, IndexKey[]>();
  private heap = new NumberHeap();
  /** The watermark at the end of the last epoch with input (Pathway's release threshold of `_forget`). */
  private clock = -Infinity;

  /** Creates the reduction; `thresholdOf` gives the closing threshold of a row's group (all its rows agree). */
  constructor(
    input: Operator<TIn>,
    spec: ReduceSpec<TIn, TState, TOut>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TIn) => number,
    private readonly keepResults: boolean,
    /** Pathway's `_forget` timing (the clock, see the header); false: the current watermark, every epoch. */
    private readonly lagged = true,
  ) {
    super(input, spec);
    // Unlagged, groups close when the watermark passes them, with or without input this step.
    this.skipWhenIdle = lagged;
  }
  override get name(): string {
    return 'windowReduce';
  }
  /** Number of open groups (for tests and benchmarks). */
  get openGroups(): number {
    return this.groupCount;
  }
  override eval(time: number): void {
    const inb = this.inputs[0]!.output as Batch<TIn>;
    // Pathway's forget runs only when its input receives a batch.
    const w = this.lagged ? this.clock : this.watermark.value;
    if (inb.keys.length === 0 && (this.lagged || this.heap.peek() > w)) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = this.apply(inb, time);
    let retracted = false;
    while (this.heap.size > 0 && this.heap.peek() <= w) {
      const t = this.heap.pop();
      for (const gk of this.closing.get(t) ?? []) {
        if (this.thresholds.get(gk) !== t) continue;
        this.thresholds.delete(gk);
        if (this.dropGroup(gk, out, !this.keepResults)) retracted = true;
      }
      this.closing.delete(t);
    }
    if (this.watermark.value > this.clock) this.clock = this.watermark.value;
    // A group updated and retracted in the same epoch repeats its key: then the batch is not consolidated.
    if (retracted) {
      out.grouped = false;
      out.consolidated = false;
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  protected override onGroupCreated(group: IndexKey, row: TIn): void {
    this.schedule(group, this.thresholdOf(row));
  }
  private schedule(group: IndexKey, threshold: number): void {
    this.thresholds.set(group, threshold);
    let list = this.closing.get(threshold);
    if (list === undefined) {
      list = [];
      this.closing.set(threshold, list);
      this.heap.push(threshold);
    }
    list.push(group);
  }
  override snapshot(): unknown {
    const open: [IndexKey, number][] = [];
    for (const [gk, t] of this.thresholds) if (this.hasGroup(gk)) open.push([gk, t]);
    return { groups: super.snapshot(), thresholds: open, clock: this.clock };
  }
  override restore(state: unknown): void {
    const saved = state as { groups: unknown; thresholds: [IndexKey, number][]; clock?: number };
    this.reset();
    super.restore(saved.groups);
    this.clock = saved.clock ?? -Infinity;
    for (const [gk, t] of saved.thresholds) this.schedule(gk, t);
  }
  override reset(): void {
    super.reset();
    this.thresholds = new Map();
    this.closing = new Map();
    this.heap = new NumberHeap();
    this.clock = -Infinity;
  }
}
