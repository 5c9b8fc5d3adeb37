// Grouped, incremental reduction with retraction.
//
// Algorithm: each step, route every update to its group (by `groupOf`), apply it to the group's state with
// `update` and count the group's net multiplicity; then, for each group touched this step, compare its new
// result with the last one emitted and output a retraction of the old row and an insertion of the new one.
// State: group → { state, count, outKey, last emitted row }.
// Invariants: the integrated output holds exactly one row per group with a positive count, equal to
// `result(state)` where state reflects all updates so far; groups whose count drops to 0 are deleted.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { IndexKey } from './arrangement.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { rowsEqual } from './row-equality.js';

/** How to reduce: group routing, state creation and update, and the output row of a group. */
export interface ReduceSpec<TIn, TState, TOut> {
  /** Group of an update (a primitive; use a hashed Key for composite groups). */
  groupOf(key: Key, row: TIn): IndexKey;
  /** Key of a group's output row; called once, when the group first appears. */
  outputKey(group: IndexKey, key: Key, row: TIn): Key;
  /** A fresh state for a new group, given its first row. */
  create(group: IndexKey, key: Key, row: TIn): TState;
  /** Applies one update; returns the (possibly same) state. Omit it when the net count is all the state needs. */
  update?(state: TState, key: Key, row: TIn, diff: number, time: number): TState;
  /** The output row of a non-empty group, whose output key is `outKey` and net multiplicity `count`. */
  result(state: TState, group: IndexKey, outKey: Key, count: number): TOut;
  /** A serializable copy of a state, not shared with the live one (default: structuredClone). */
  snapshotState?(state: TState): unknown;
  /** Rebuilds a state from `snapshotState`'s output (default: structuredClone). */
  restoreState?(saved: unknown): TState;
  /** Output equality (defaults to deep equality), to skip unchanged results. */
  equals?(a: TOut, b: TOut): boolean;
  /**
   * Rebuilds the row last emitted for a group from its state, instead of the operator keeping that row alive.
   * Output rows then die young (no promotion of every emitted row to the old generation, smaller long-lived state);
   * `remember` is called after each emission so the state can record what `lastRow` needs.
   */
  lastRow?(state: TState, group: IndexKey, outKey: Key): TOut;
  /** Records in the state what `lastRow` needs to rebuild `row` (required with `lastRow`). */
  remember?(state: TState, row: TOut): void;
  /** Whether distinct groups always get distinct output keys (default true); false disables the consolidated flag. */
  uniqueOutputKeys?: boolean;
  /**
   * For reductions whose row depends only on the state `create` gave (no `update`) and the net count (group columns
   * and `count()`s): the row of a group. The operator then keeps the last emitted count instead of a row, skips a
   * group whose count is unchanged, and rebuilds the retracted row from the remembered count (`result`, `lastRow` and
   * `equals`' deep default are not used; `equals` still drops a pair whose rows are equal).
   */
  rowOfCount?(state: TState, outKey: Key, count: number): TOut;
}

/** Per-group state held by the reduce operator. */
interface GroupState<TState, TOut> {
  group: IndexKey;
  state: TState;
  count: number;
  outKey: Key;
  /** The last emitted row, unless the spec rebuilds it (`lastRow`). */
  last: TOut | undefined;
  /** Whether the group's row is currently in the output. */
  emitted: boolean;
  /** The count the emitted row was built from (with `rowOfCount`). */
  lastCount: number;
  stamp: number;
}

/** Grouped reduction: one output row per non-empty group, kept up to date by retraction and insertion. */
export class ReduceOperator<TIn, TState, TOut> extends Operator<TOut> {
  override skipWhenIdle = true;
  private groups = new Map<IndexKey, GroupState<TState, TOut>>();
  private stepNo = 0;
  /** Groups touched in the current step (reused across steps; emptied after each). */
  private readonly touched: GroupState<TState, TOut>[] = [];

  /** Creates a reduction of `input` by `spec`. */
  constructor(
    input: Operator<TIn>,
    private readonly spec: ReduceSpec<TIn, TState, TOut>,
  ) {
    super([input]);
  }
  get name(): string {
    return 'reduce';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(time: number): void {
    const inb = this.inputs[0]!.output as Batch<TIn>;
    if (inb.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = this.apply(inb, time);
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  /** Number of groups held (non-empty ones). */
  get groupCount(): number {
    return this.groups.size;
  }
  /** Called when a group is created, with the row that created it (subclasses schedule per-group work here). */
  protected onGroupCreated(_group: IndexKey, _row: TIn): void {}
  /**
   * Forgets a group's state; with `retract`, its emitted row (if any) is retracted into `out`. Returns whether a
   * retraction was pushed (then `out` may repeat a key: the caller clears its grouped/consolidated flags).
   */
  protected dropGroup(group: IndexKey, out: Batch<TOut>, retract: boolean): boolean {
    const g = this.groups.get(group);
    if (g === undefined) return false;
    this.groups.delete(group);
    if (!retract || !g.emitted) return false;
    out.push(g.outKey, this.lastOf(g), -1);
    return true;
  }
  /** Whether the reduction holds a group. */
  protected hasGroup(group: IndexKey): boolean {
    return this.groups.has(group);
  }
  /** The row last emitted for a group: remembered, or rebuilt from its state or its last count. */
  private lastOf(g: GroupState<TState, TOut>): TOut {
    const spec = this.spec;
    if (spec.rowOfCount !== undefined) return spec.rowOfCount(g.state, g.outKey, g.lastCount);
    return spec.lastRow !== undefined ? spec.lastRow(g.state, g.group, g.outKey) : g.last!;
  }
  /** Applies one step's input to the groups and returns the output batch (-old/+new per changed group). */
  protected apply(inb: Batch<TIn>, time: number): Batch<TOut> {
    const n = inb.keys.length;
    const stamp = ++this.stepNo;
    const spec = this.spec;
    const groups = this.groups;
    const touched = this.touched;
    touched.length = 0; // a step that threw may have left groups in it
    const hasUpdate = spec.update !== undefined;
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
          lastCount: 0,
          stamp: 0,
        };
        groups.set(gk, g);
        this.onGroupCreated(gk, row);
      }
      if (hasUpdate) g.state = spec.update!(g.state, key, row, diff, time);
      g.count += diff;
      if (g.stamp !== stamp) {
        g.stamp = stamp;
        touched.push(g);
      }
    }
    const out = new Batch<TOut>();
    const unique = spec.uniqueOutputKeys !== false;
    out.grouped = unique;
    out.consolidated = unique;
    const eq = spec.equals ?? rowsEqual;
    if (spec.rowOfCount !== undefined) this.emitCounted(out, eq);
    else this.emitRows(out, eq);
    touched.length = 0;
    return out;
  }
  /** Output of the touched groups whose rows are `rowOfCount(state, count)`: compares counts, builds rows to emit. */
  private emitCounted(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const touched = this.touched;
    const rowOf = this.spec.rowOfCount!;
    for (let t = 0; t < touched.length; t++) {
      const g = touched[t]!;
      const count = g.count;
      if (count === 0) {
        if (g.emitted) out.push(g.outKey, this.lastOf(g), -1);
        this.groups.delete(g.group);
        continue;
      }
      if (g.emitted && g.lastCount === count) continue;
      const next = rowOf(g.state, g.outKey, count);
      if (g.emitted) {
        const prev = this.lastOf(g);
        g.lastCount = count;
        if (eq(prev, next)) continue;
        out.push(g.outKey, prev, -1);
      }
      out.push(g.outKey, next, 1);
      g.emitted = true;
      g.lastCount = count;
    }
  }
  /** Output of the touched groups: results compared with the last emitted (or rebuilt) rows. */
  private emitRows(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const touched = this.touched;
    const spec = this.spec;
    const groups = this.groups;
    const rebuild = spec.lastRow !== undefined;
    for (let t = 0; t < touched.length; t++) {
      const g = touched[t]!;
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
      if (rebuild) spec.remember!(g.state, next);
      else g.last = next;
    }
  }
  override snapshot(): unknown {
    const save = this.spec.snapshotState ?? ((s: TState) => structuredClone(s));
    return [...this.groups.entries()].map(([k, g]) => [
      k,
      save(g.state),
      g.count,
      g.outKey,
      g.last ?? null,
      g.emitted,
      g.lastCount,
    ]);
  }
  override restore(state: unknown): void {
    const load = this.spec.restoreState ?? ((s: unknown) => structuredClone(s) as TState);
    this.groups = new Map(
      (
        state as [IndexKey, unknown, number, Key, TOut | undefined, boolean | undefined, number | undefined][]
      ).map(([k, s, count, outKey, last, emitted, lastCount]) => [
        k,
        // A copy of the last row, so stepping never shares it with the snapshot (rows are arrays in the table layer).
        {
          group: k,
          state: load(s),
          count,
          outKey,
          last: Array.isArray(last) ? (last.slice() as TOut) : (last ?? undefined),
          emitted: emitted ?? (last !== undefined && last !== null),
          lastCount: lastCount ?? 0,
          stamp: 0,
        },
      ]),
    );
  }
  override reset(): void {
    this.groups = new Map();
  }
}
