// A grouped reduction whose groups (windows) are closed once the watermark reaches their threshold
// (window end + cutoff): the closed group's state is freed, its last result kept (keepResults) or retracted.
//
// Algorithm: the engine's ReduceOperator (route updates to groups, apply them, emit -old/+new per touched group);
// then, after the epoch's output is computed, every group whose threshold ≤ watermark is dropped. This is
// Pathway's forget-then-filter-out-results-of-forgetting, done in place: updates of an epoch are applied before
// its forgetting, so a window released and closed in the same epoch still emits its result once. The watermark
// read is the advanced one (this epoch's rows included); the window assignment upstream drops the rows of
// windows closed in earlier epochs (end + cutoff ≤ the previous epoch's watermark), so a closed window receives no
// updates (with a delay longer than duration + cutoff, a window's rows are all released in the epoch closing it).
// State: the reduction's groups, plus each open group's closing threshold, in a heap with the groups per threshold.
// Invariants: as ReduceOperator for open groups; closed groups hold no state; with keepResults the output keeps
// each closed group's last row, without it the row is retracted when the group closes.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import type { Operator } from '../../../engine/operator.js';
import { ReduceOperator, type ReduceSpec } from '../../../engine/reduce.js';
import { NumberHeap } from './number-heap.js';
import type { Watermark } from './watermark-operators.js';

/** Grouped reduction with closing of groups by a watermark. */
export class ForgettingReduceOperator<TIn, TState, TOut> extends ReduceOperator<TIn, TState, TOut> {
  // Closes windows when the watermark passes them, with or without input this step.
  override skipWhenIdle = false;
  private thresholds = new Map<IndexKey, number>();
  private closing = new Map<number, IndexKey[]>();
  private heap = new NumberHeap();

  /** Creates the reduction; `thresholdOf` gives the closing threshold of a row's group (all its rows agree). */
  constructor(
    input: Operator<TIn>,
    spec: ReduceSpec<TIn, TState, TOut>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TIn) => number,
    private readonly keepResults: boolean,
  ) {
    super(input, spec);
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
    const w = this.watermark.value;
    if (inb.keys.length === 0 && this.heap.peek() > w) {
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
    return { groups: super.snapshot(), thresholds: open };
  }
  override restore(state: unknown): void {
    const saved = state as { groups: unknown; thresholds: [IndexKey, number][] };
    this.reset();
    super.restore(saved.groups);
    for (const [gk, t] of saved.thresholds) this.schedule(gk, t);
  }
  override reset(): void {
    super.reset();
    this.thresholds = new Map();
    this.closing = new Map();
    this.heap = new NumberHeap();
  }
}
