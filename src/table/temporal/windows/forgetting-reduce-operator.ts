// A grouped reduction whose groups (windows) are closed once the watermark reaches their threshold
// (window end + cutoff): the closed group's state is freed, its last result kept (keepResults) or retracted.
//
// Algorithm: as the engine's ReduceOperator (route updates to groups, apply them, emit -old/+new per touched
// group); then, after the epoch's output is computed, every group whose threshold ≤ watermark is dropped. This is
// Pathway's forget-then-filter-out-results-of-forgetting, done in place: updates of an epoch are applied before
// its forgetting, so a window released and closed in the same epoch still emits its result once. The watermark
// read is the advanced one (this epoch's rows included); the window assignment upstream drops the rows of
// windows closed in earlier epochs (end + cutoff ≤ the previous epoch's watermark), so a closed window receives no
// updates (with a delay longer than duration + cutoff, a window's rows are all released in the epoch closing it).
// State: group → { state, count, outKey, last row, threshold }; closing thresholds in a heap, groups per threshold.
// Invariants: as ReduceOperator for open groups; closed groups hold no state; with keepResults the output keeps
// each closed group's last row, without it the row is retracted when the group closes.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import type { Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import type { ReduceSpec } from '../../../engine/reduce.js';
import { rowsEqual } from '../../../engine/row-equality.js';
import { NumberHeap } from './number-heap.js';
import type { Watermark } from './watermark-operators.js';

interface Group<TState, TOut> {
  group: IndexKey;
  state: TState;
  count: number;
  outKey: Key;
  last: TOut | undefined;
  emitted: boolean;
  stamp: number;
  threshold: number;
}

/** Grouped reduction with closing of groups by a watermark. */
export class ForgettingReduceOperator<TIn, TState, TOut> extends Operator<TOut> {
  private groups = new Map<IndexKey, Group<TState, TOut>>();
  private closing = new Map<number, IndexKey[]>();
  private heap = new NumberHeap();
  private stepNo = 0;

  /** Creates the reduction; `thresholdOf` gives the closing threshold of a row's group (all its rows agree). */
  constructor(
    input: Operator<TIn>,
    private readonly spec: ReduceSpec<TIn, TState, TOut>,
    private readonly watermark: Watermark,
    private readonly thresholdOf: (row: TIn) => number,
    private readonly keepResults: boolean,
  ) {
    super([input]);
  }
  get name(): string {
    return 'windowReduce';
  }
  override get stateful(): boolean {
    return true;
  }
  /** Number of open groups (for tests and benchmarks). */
  get openGroups(): number {
    return this.groups.size;
  }
  eval(time: number): void {
    const inb = this.inputs[0]!.output as Batch<TIn>;
    const n = inb.keys.length;
    const w = this.watermark.value;
    if (n === 0 && this.heap.peek() > w) {
      this.output = EMPTY_BATCH;
      return;
    }
    const stamp = ++this.stepNo;
    const spec = this.spec;
    const groups = this.groups;
    const touched: Group<TState, TOut>[] = [];
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const diff = inb.diffs[i]!;
      const gk = spec.groupOf(key, row);
      let g = groups.get(gk);
      if (g === undefined) {
        g = {
          group: gk,
          state: spec.create(gk, key, row),
          count: 0,
          outKey: spec.outputKey(gk, key, row),
          last: undefined,
          emitted: false,
          stamp: 0,
          threshold: this.thresholdOf(row),
        };
        groups.set(gk, g);
        this.schedule(g);
      }
      if (spec.update !== undefined) g.state = spec.update(g.state, key, row, diff, time);
      g.count += diff;
      if (g.stamp !== stamp) {
        g.stamp = stamp;
        touched.push(g);
      }
    }
    const out = new Batch<TOut>();
    const eq = spec.equals ?? rowsEqual;
    for (const g of touched) {
      if (g.count === 0) {
        if (g.emitted) out.push(g.outKey, this.lastOf(g), -1);
        groups.delete(g.group);
        continue;
      }
      const next = spec.result(g.state, g.group, g.outKey, g.count);
      if (g.emitted) {
        const prev = this.lastOf(g);
        if (eq(prev, next)) continue;
        out.push(g.outKey, prev, -1);
      }
      out.push(g.outKey, next, 1);
      g.emitted = true;
      if (spec.remember !== undefined) spec.remember(g.state, next);
      else g.last = next;
    }
    const unique = spec.uniqueOutputKeys !== false;
    let retracted = false;
    while (this.heap.size > 0 && this.heap.peek() <= w) {
      const t = this.heap.pop();
      for (const gk of this.closing.get(t) ?? []) {
        const g = groups.get(gk);
        if (g === undefined || g.threshold !== t) continue;
        if (!this.keepResults && g.emitted) {
          out.push(g.outKey, this.lastOf(g), -1);
          retracted = true;
        }
        groups.delete(gk);
      }
      this.closing.delete(t);
    }
    // A group updated and retracted in the same epoch repeats its key: then the batch is not consolidated.
    out.grouped = unique && !retracted;
    out.consolidated = unique && !retracted;
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  private lastOf(g: Group<TState, TOut>): TOut {
    return this.spec.lastRow !== undefined ? this.spec.lastRow(g.state, g.group, g.outKey) : g.last!;
  }
  private schedule(g: Group<TState, TOut>): void {
    let list = this.closing.get(g.threshold);
    if (list === undefined) {
      list = [];
      this.closing.set(g.threshold, list);
      this.heap.push(g.threshold);
    }
    list.push(g.group);
  }
  override snapshot(): unknown {
    const save = this.spec.snapshotState ?? ((s: TState) => structuredClone(s));
    return [...this.groups.values()].map((g) => [
      g.group,
      save(g.state),
      g.count,
      g.outKey,
      g.last ?? null,
      g.emitted,
      g.threshold,
    ]);
  }
  override restore(state: unknown): void {
    const load = this.spec.restoreState ?? ((s: unknown) => structuredClone(s) as TState);
    this.reset();
    for (const [gk, s, count, outKey, last, emitted, threshold] of state as [
      IndexKey,
      unknown,
      number,
      Key,
      TOut | null,
      boolean,
      number,
    ][]) {
      const g: Group<TState, TOut> = {
        group: gk,
        state: load(s),
        count,
        outKey,
        last: Array.isArray(last) ? (last.slice() as TOut) : (last ?? undefined),
        emitted,
        stamp: 0,
        threshold,
      };
      this.groups.set(gk, g);
      this.schedule(g);
    }
  }
  override reset(): void {
    this.groups = new Map();
    this.closing = new Map();
    this.heap = new NumberHeap();
  }
}
