// The engine operator of `intervalJoin(..., { behavior })`: the interval join of two sides whose rows already went
// through their side's late filter and delay buffer (side-behavior.ts), forgetting rows past the cutoff.
//
// Algorithm: per side, live entries (key, tagged row, time, instance, multiplicity) indexed by (instance, bucket
// floor(t / w), w = intervalBucketWidth). Each step applies the left updates against the right entries, then the right updates
// against the left entries (the bilinear rule: dL join R + L' join dR), emitting the pairs with
// `lt + lower <= rt <= lt + upper`. Each entry counts the weight of its emitted pairs; a row of a kept side (left /
// right / outer) is padded with None while it has none. Then each side receiving updates this step forgets its
// rows whose time + cutoff <= its clock, the largest time of the updates it received in EARLIER steps (Pathway's
// `_forget`: time_column.rs postpone_core with update_time_before_emitting = false, flush_on_end = false; a side
// receiving nothing forgets nothing, a batch run forgets nothing): with keepResults their output stays (Pathway's
// filter-out-results-of-forgetting: pairs with a forgotten row are never retracted, and count for the partner's
// padding), otherwise they are retracted like a deletion (the output is the join of the rows not forgotten).
// State: the live entries of both sides, the forgetting thresholds (a heap per side), each side's clock.
// Invariants: forgotten entries hold no state; an entry's `pairs` is the weight of its pairs in the output.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import { combineKeys, keyFromValue, type Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { rowsEqual } from '../../../engine/row-equality.js';
import type { CellFn, JoinRowFn } from '../../expression-compiler.js';
import { setQuiet } from '../../expressions/error-reporter.js';
import { MapOperator } from '../../../engine/linear-operators.js';
import type { JoinMode } from '../../join.js';
import type { LoweringContext, PlanNode } from '../../plan.js';
import { bucketKey, intervalBucketWidth } from './bucketed-join.js';
import { instanceOf, NO_MATCH_LEFT, NO_MATCH_RIGHT, quietCell } from './join-sides.js';
import { lowerSideBehavior, Watermark, type JoinBehavior } from './side-behavior.js';
import { timeNumber } from './time-values.js';
import { NumberHeap } from '../windows/number-heap.js';

/** What the operator needs: bounds, row widths, kept sides, the behavior and the row builder. */
export interface IntervalBehaviorSpec {
  readonly lower: number;
  readonly upper: number;
  /** Widths of the left and right rows (the tagged rows append time and instance). */
  readonly widths: readonly [number, number];
  /** Whether unmatched rows of each side are output, padded with None. */
  readonly pad: readonly [boolean, boolean];
  readonly cutoff: number | undefined;
  readonly keepResults: boolean;
  /** Instances that match nothing (None and error join keys), per side. */
  readonly noMatch: readonly [IndexKey, IndexKey];
  readonly make: JoinRowFn;
}

interface Entry {
  readonly side: 0 | 1;
  readonly key: Key;
  /** Tagged row: [...columns, time (NaN: none), instance]. */
  readonly row: unknown[];
  readonly t: number;
  readonly inst: IndexKey;
  /** Whether it can match (a time and a matching instance): then it is indexed by bucket. */
  readonly indexed: boolean;
  count: number;
  pairs: number;
  padded: number;
  alive: boolean;
}

class Side {
  byKey = new Map<Key, Entry[]>();
  buckets = new Map<IndexKey, Entry[]>();
  forget = new Map<number, Entry[]>();
  heap = new NumberHeap();
  size = 0;
  /** The largest time of the updates received in earlier steps (Pathway's release threshold of `_forget`). */
  clock = -Infinity;
}

const NULL_KEY = keyFromValue(null);
const NO_KEY = null as unknown as Key;

function removeFrom<T>(map: Map<IndexKey, T[]>, k: IndexKey, v: T): void {
  const list = map.get(k);
  if (list === undefined) return;
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(k);
}

/** Interval join with per-side forgetting (see the file header). */
export class IntervalBehaviorJoinOperator extends Operator<unknown[]> {
  private sides: [Side, Side] = [new Side(), new Side()];
  private readonly width: number;
  private readonly nulls: readonly [unknown[], unknown[]];

  /** Creates the join of the tagged `left` and `right` rows. */
  constructor(
    left: Operator<unknown[]>,
    right: Operator<unknown[]>,
    private readonly spec: IntervalBehaviorSpec,
  ) {
    super([left, right]);
    this.width = intervalBucketWidth(spec.lower, spec.upper);
    this.nulls = [
      new Array<unknown>(spec.widths[0]).fill(null),
      new Array<unknown>(spec.widths[1]).fill(null),
    ];
  }
  get name(): string {
    return 'interval-join-behavior';
  }
  override get stateful(): boolean {
    return true;
  }
  /** Number of live rows held, both sides (for tests of bounded memory). */
  get heldRows(): number {
    return this.sides[0].size + this.sides[1].size;
  }

  eval(): void {
    const out = new Batch<unknown[]>();
    const touched = new Set<Entry>();
    // The largest time of each side's updates this step; -Infinity: none (NaN times do not count).
    const seen = [-Infinity, -Infinity];
    const received = [false, false];
    for (const side of [0, 1] as const) {
      const b = consolidateBatch(this.inputs[side]!.output as Batch<unknown[]>);
      received[side] = b.keys.length > 0;
      const n = this.spec.widths[side];
      for (let i = 0; i < b.keys.length; i++) {
        const t = b.rows[i]![n] as number;
        if (t > seen[side]!) seen[side] = t;
        this.apply(this.find(side, b.keys[i]!, b.rows[i]!), b.diffs[i]!, out, touched);
      }
    }
    const forgotten: Entry[] = [];
    for (const side of [0, 1] as const) {
      if (!received[side]) continue;
      const st = this.sides[side];
      this.due(side, forgotten);
      if (seen[side]! > st.clock) st.clock = seen[side]!;
    }
    if (!this.spec.keepResults) for (const e of forgotten) this.apply(e, -e.count, out, touched);
    for (const e of touched) this.settle(e, out);
    if (this.spec.keepResults) for (const e of forgotten) this.drop(e);
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }

  /** The entry of (key, row) of a side, created (with multiplicity 0) when missing. */
  private find(side: 0 | 1, key: Key, row: unknown[]): Entry {
    const st = this.sides[side];
    const list = st.byKey.get(key);
    if (list !== undefined) for (const e of list) if (rowsEqual(e.row, row)) return e;
    const n = this.spec.widths[side];
    const t = row[n] as number;
    const inst = row[n + 1] as IndexKey;
    const indexed = !Number.isNaN(t) && inst !== this.spec.noMatch[side];
    const e: Entry = { side, key, row, t, inst, indexed, count: 0, pairs: 0, padded: 0, alive: true };
    if (list === undefined) st.byKey.set(key, [e]);
    else list.push(e);
    st.size++;
    if (indexed) {
      const bk = bucketKey(inst, Math.floor(t / this.width));
      const bl = st.buckets.get(bk);
      if (bl === undefined) st.buckets.set(bk, [e]);
      else bl.push(e);
    }
    if (!Number.isNaN(t)) {
      if (this.spec.cutoff !== undefined) {
        const th = t + this.spec.cutoff;
        const fl = st.forget.get(th);
        if (fl === undefined) {
          st.forget.set(th, [e]);
          st.heap.push(th);
        } else fl.push(e);
      }
    }
    return e;
  }

  /** Applies `d` to an entry: its pairs with the other side's live entries, then its multiplicity. */
  private apply(e: Entry, d: number, out: Batch<unknown[]>, touched: Set<Entry>): void {
    if (d === 0) return;
    touched.add(e);
    if (e.indexed) {
      const { lower, upper } = this.spec;
      const other = this.sides[1 - e.side]!;
      const [lo, hi] = e.side === 0 ? [e.t + lower, e.t + upper] : [e.t - upper, e.t - lower];
      const w = this.width;
      for (let b = Math.floor(lo / w); b <= Math.floor(hi / w); b++) {
        const list = other.buckets.get(bucketKey(e.inst, b));
        if (list === undefined) continue;
        for (const o of list) {
          if (o.count === 0 || o.t < lo || o.t > hi) continue;
          const weight = d * o.count;
          const [l, r] = e.side === 0 ? [e, o] : [o, e];
          const n0 = this.spec.widths[0];
          const n1 = this.spec.widths[1];
          const key = combineKeys(l.key, r.key);
          const prev = setQuiet(weight < 0);
          out.push(key, this.spec.make(l.row.slice(0, n0), l.key, r.row.slice(0, n1), r.key, key), weight);
          setQuiet(prev);
          e.pairs += weight;
          o.pairs += weight;
          touched.add(o);
        }
      }
    }
    e.count += d;
  }

  /** Emits the change of an entry's padded row; removes entries whose multiplicity is 0. */
  private settle(e: Entry, out: Batch<unknown[]>): void {
    if (this.spec.pad[e.side]) {
      const want = e.count !== 0 && e.pairs === 0 ? e.count : 0;
      if (want !== e.padded) {
        const n = this.spec.widths[e.side];
        const own = e.row.slice(0, n);
        const key = e.side === 0 ? combineKeys(e.key, NULL_KEY) : combineKeys(NULL_KEY, e.key);
        const prev = setQuiet(want < e.padded);
        const row =
          e.side === 0
            ? this.spec.make(own, e.key, this.nulls[1], NO_KEY, key)
            : this.spec.make(this.nulls[0], NO_KEY, own, e.key, key);
        setQuiet(prev);
        out.push(key, row, want - e.padded);
        e.padded = want;
      }
    }
    if (e.count === 0) this.drop(e);
  }

  /** The live entries of a side whose time + cutoff <= the side's clock (removed from the schedule). */
  private due(side: 0 | 1, into: Entry[]): void {
    const st = this.sides[side];
    const w = st.clock;
    while (st.heap.size > 0 && st.heap.peek() <= w) {
      const th = st.heap.pop();
      for (const e of st.forget.get(th) ?? []) if (e.alive && e.count !== 0) into.push(e);
      st.forget.delete(th);
    }
  }

  /** Removes an entry from its side's state. */
  private drop(e: Entry): void {
    if (!e.alive) return;
    e.alive = false;
    const st = this.sides[e.side];
    st.size--;
    removeFrom(st.byKey as Map<IndexKey, Entry[]>, e.key, e);
    if (e.indexed) removeFrom(st.buckets, bucketKey(e.inst, Math.floor(e.t / this.width)), e);
  }

  override snapshot(): unknown {
    return this.sides.map((st) => {
      const rows: unknown[] = [];
      for (const list of st.byKey.values()) {
        for (const e of list) rows.push([e.key, e.row, e.count, e.pairs, e.padded]);
      }
      return { rows, clock: st.clock };
    });
  }

  override restore(state: unknown): void {
    this.reset();
    type Saved = [Key, unknown[], number, number, number][];
    (state as (Saved | { rows: Saved; clock: number })[]).forEach((saved, i) => {
      // Snapshots without the clock (rows only) restore it as -Infinity.
      const rows = Array.isArray(saved) ? saved : saved.rows;
      if (!Array.isArray(saved)) this.sides[i]!.clock = saved.clock;
      for (const [key, row, count, pairs, padded] of rows) {
        const e = this.find(i as 0 | 1, key, row.slice());
        e.count = count;
        e.pairs = pairs;
        e.padded = padded;
      }
    });
  }

  override reset(): void {
    this.sides = [new Side(), new Side()];
  }
}

/**
 * Lowers `intervalJoin(..., { behavior })`: each side's rows tagged [...columns, time, instance], through its
 * watermark, late filter and buffer (side-behavior.ts), into one IntervalBehaviorJoinOperator.
 */
export function lowerIntervalBehavior(
  ctx: LoweringContext,
  node: PlanNode,
  ops: readonly [Operator<unknown[]>, Operator<unknown[]>],
  cells: readonly [CellFn[], CellFn[]],
  make: JoinRowFn,
  o: { lower: number; upper: number; widths: [number, number]; how: JoinMode; behavior: JoinBehavior },
): Operator<unknown[]> {
  const noMatch = [NO_MATCH_LEFT, NO_MATCH_RIGHT] as const;
  const wms = [new Watermark(), new Watermark()] as const;
  const side = (s: 0 | 1): Operator<unknown[]> => {
    const cs = cells[s].map(quietCell);
    const n = o.widths[s];
    const tagged = ctx.add(
      new MapOperator<unknown[], unknown[]>(ops[s], (r, k) => {
        const t = timeNumber(cs[0]!(r, k));
        const { inst } = instanceOf(cs.slice(1), r, k, noMatch[s]);
        const row = r.slice(0, n);
        row.push(t === null ? Number.NaN : t, inst);
        return row;
      }),
      node,
    );
    return lowerSideBehavior(ctx, node, tagged, wms[s], o.behavior, (r) => r[n] as number);
  };
  const how = o.how;
  return ctx.add(
    new IntervalBehaviorJoinOperator(side(0), side(1), {
      lower: o.lower,
      upper: o.upper,
      widths: o.widths,
      pad: [how === 'left' || how === 'outer', how === 'right' || how === 'outer'],
      cutoff: o.behavior.cutoff,
      keepResults: o.behavior.keepResults,
      noMatch,
      make,
    }),
    node,
  );
}
