// Grouped, incremental reduction with retraction.
//
// Algorithm: each step, route every update to its group (by `groupOf`), apply it to the group's state with
// `update` and count the group's net multiplicity; then, for each group touched this step, compare its new
// result with the last one emitted and output a retraction of the old row and an insertion of the new one.
// State: group → a slot number; per slot, five cells in a chunk of 1,024 slots (the group, its state, net count,
// output key, last emitted row or, with `rowOfCount`, the count it was built from) and a byte of flags (emitted,
// touched this step). Cells rather than an object per group: ~41 bytes instead of a ~90-byte object (B1: 80k
// groups); chunks rather than one growing array: growth never copies (or leaves behind) a large array. Freed slots
// are reused.
// Invariants: the integrated output holds exactly one row per group with a positive count, equal to
// `result(state)` where state reflects all updates so far; groups whose count drops to 0 are deleted; a slot is in
// `touched` exactly when its TOUCHED flag is set (a step that threw leaves its touched slots for the next one).

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

/** Flag: the group's row is currently in the output. */
const EMITTED = 1;
/** Flag: the group is in this step's `touched` list. */
const TOUCHED = 2;

/** Cells per slot, and their positions. */
const STRIDE = 5;
const F_GROUP = 0;
const F_STATE = 1;
const F_COUNT = 2;
const F_OUTKEY = 3;
const F_LAST = 4;
const CHUNK_BITS = 10;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SLOTS - 1;

/** Grouped reduction: one output row per non-empty group, kept up to date by retraction and insertion. */
export class ReduceOperator<TIn, TState, TOut> extends Operator<TOut> {
  override skipWhenIdle = true;
  /** Group → its slot. */
  private groups = new Map<IndexKey, number>();
  /** Slot cells: slot `s` has its STRIDE cells at `(s & CHUNK_MASK) * STRIDE` of chunk `s >> CHUNK_BITS`. */
  private chunks: unknown[][] = [];
  /** Slots ever allocated (freed ones included). */
  private slots = 0;
  private flags = new Uint8Array(CHUNK_SLOTS);
  /** Slots of deleted groups, for reuse. */
  private free: number[] = [];
  /** Slots touched in the current step (reused across steps; emptied after each). */
  private readonly touched: number[] = [];

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
    const slot = this.groups.get(group);
    if (slot === undefined) return false;
    const emitted = (this.flags[slot]! & EMITTED) !== 0;
    if (retract && emitted) out.push(this.cell(slot, F_OUTKEY) as Key, this.lastOf(slot), -1);
    this.freeSlot(slot);
    return retract && emitted;
  }
  /** Whether the reduction holds a group. */
  protected hasGroup(group: IndexKey): boolean {
    return this.groups.has(group);
  }
  /** Cell `f` of a slot (not on the per-update path, which indexes its chunk directly). */
  private cell(slot: number, f: number): unknown {
    return this.chunks[slot >> CHUNK_BITS]![(slot & CHUNK_MASK) * STRIDE + f];
  }
  /** A slot for a new group (a freed one, or the next), its cells set. */
  private newSlot(group: IndexKey, state: TState, outKey: Key): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.slots++;
      if ((slot & CHUNK_MASK) === 0)
        this.chunks.push(new Array<unknown>(STRIDE << CHUNK_BITS).fill(undefined));
      if (slot >= this.flags.length) {
        const grown = new Uint8Array(this.flags.length * 2);
        grown.set(this.flags);
        this.flags = grown;
      }
    }
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * STRIDE;
    c[b + F_GROUP] = group;
    c[b + F_STATE] = state;
    c[b + F_COUNT] = 0;
    c[b + F_OUTKEY] = outKey;
    c[b + F_LAST] = undefined;
    this.flags[slot] = 0;
    this.groups.set(group, slot);
    return slot;
  }
  /** Deletes a slot's group and clears its cells (so nothing it held stays reachable). */
  private freeSlot(slot: number): void {
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * STRIDE;
    this.groups.delete(c[b + F_GROUP] as IndexKey);
    for (let f = 0; f < STRIDE; f++) c[b + f] = undefined;
    this.flags[slot] = 0;
    this.free.push(slot);
  }
  /** The row last emitted for a slot: remembered, or rebuilt from its state or its last count. */
  private lastOf(slot: number): TOut {
    const spec = this.spec;
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * STRIDE;
    const state = c[b + F_STATE] as TState;
    const outKey = c[b + F_OUTKEY] as Key;
    if (spec.rowOfCount !== undefined) return spec.rowOfCount(state, outKey, c[b + F_LAST] as number);
    return spec.lastRow !== undefined
      ? spec.lastRow(state, c[b + F_GROUP] as IndexKey, outKey)
      : (c[b + F_LAST] as TOut);
  }
  /** Applies one step's input to the groups and returns the output batch (-old/+new per changed group). */
  protected apply(inb: Batch<TIn>, time: number): Batch<TOut> {
    const n = inb.keys.length;
    const spec = this.spec;
    const groups = this.groups;
    const touched = this.touched;
    // Slots left in the list by a step that threw (in `update` or `result`) stay: this step emits (or frees) them.
    const update = spec.update;
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const diff = inb.diffs[i]!;
      const gk = spec.groupOf(key, row);
      let slot = groups.get(gk);
      if (slot === undefined) {
        slot = this.newSlot(gk, spec.create(gk, key, row), spec.outputKey(gk, key, row));
        this.onGroupCreated(gk, row);
      }
      // Touched before `update` runs, so a group it created is freed by a later step even if `update` throws.
      const f = this.flags[slot]!;
      if ((f & TOUCHED) === 0) {
        this.flags[slot] = f | TOUCHED;
        touched.push(slot);
      }
      const c = this.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * STRIDE;
      if (update !== undefined) c[b + F_STATE] = update(c[b + F_STATE] as TState, key, row, diff, time);
      c[b + F_COUNT] = (c[b + F_COUNT] as number) + diff;
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
  /**
   * Ends a touched slot's step (clears its TOUCHED flag); when its group's count is 0, retracts its row (if emitted),
   * frees the slot and returns true.
   */
  private settleIfEmpty(slot: number, out: Batch<TOut>): boolean {
    const f = this.flags[slot]! & ~TOUCHED;
    this.flags[slot] = f;
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * STRIDE;
    if (c[b + F_COUNT] !== 0) return false;
    if ((f & EMITTED) !== 0) out.push(c[b + F_OUTKEY] as Key, this.lastOf(slot), -1);
    this.freeSlot(slot);
    return true;
  }
  /** Output of the touched groups whose rows are `rowOfCount(state, count)`: compares counts, builds rows to emit. */
  private emitCounted(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const touched = this.touched;
    const rowOf = this.spec.rowOfCount!;
    const flags = this.flags;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      if (this.settleIfEmpty(slot, out)) continue;
      const c = this.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * STRIDE;
      const count = c[b + F_COUNT] as number;
      const emitted = (flags[slot]! & EMITTED) !== 0;
      if (emitted && c[b + F_LAST] === count) continue;
      const outKey = c[b + F_OUTKEY] as Key;
      const next = rowOf(c[b + F_STATE] as TState, outKey, count);
      if (emitted) {
        const prev = this.lastOf(slot);
        c[b + F_LAST] = count;
        if (eq(prev, next)) continue;
        out.push(outKey, prev, -1);
      }
      out.push(outKey, next, 1);
      flags[slot]! |= EMITTED;
      c[b + F_LAST] = count;
    }
  }
  /** Output of the touched groups: results compared with the last emitted (or rebuilt) rows. */
  private emitRows(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const touched = this.touched;
    const spec = this.spec;
    const rebuild = spec.lastRow !== undefined;
    const flags = this.flags;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      if (this.settleIfEmpty(slot, out)) continue;
      const c = this.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * STRIDE;
      const count = c[b + F_COUNT] as number;
      const emitted = (flags[slot]! & EMITTED) !== 0;
      const outKey = c[b + F_OUTKEY] as Key;
      const state = c[b + F_STATE] as TState;
      const next = spec.result(state, c[b + F_GROUP] as IndexKey, outKey, count);
      if (emitted) {
        const prev = this.lastOf(slot);
        if (eq(prev, next)) continue;
        out.push(outKey, prev, -1);
      }
      out.push(outKey, next, 1);
      flags[slot]! |= EMITTED;
      if (rebuild) spec.remember!(state, next);
      else c[b + F_LAST] = next;
    }
  }
  override snapshot(): unknown {
    // The layout of earlier versions: [group, state, count, outKey, last row or null, emitted, last count].
    const save = this.spec.snapshotState ?? ((s: TState) => structuredClone(s));
    const counted = this.spec.rowOfCount !== undefined;
    const out: unknown[] = [];
    for (const [k, slot] of this.groups) {
      const last = this.cell(slot, F_LAST);
      out.push([
        k,
        save(this.cell(slot, F_STATE) as TState),
        this.cell(slot, F_COUNT),
        this.cell(slot, F_OUTKEY),
        counted ? null : (last ?? null),
        (this.flags[slot]! & EMITTED) !== 0,
        counted ? (last ?? 0) : 0,
      ]);
    }
    return out;
  }
  override restore(state: unknown): void {
    const load = this.spec.restoreState ?? ((s: unknown) => structuredClone(s) as TState);
    const counted = this.spec.rowOfCount !== undefined;
    this.reset();
    for (const [k, s, count, outKey, last, emitted, lastCount] of state as [
      IndexKey,
      unknown,
      number,
      Key,
      TOut | undefined | null,
      boolean | undefined,
      number | undefined,
    ][]) {
      const slot = this.newSlot(k, load(s), outKey);
      const c = this.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * STRIDE;
      c[b + F_COUNT] = count;
      if (emitted ?? (last !== undefined && last !== null)) this.flags[slot] = EMITTED;
      // A copy of the last row, so stepping never shares it with the snapshot (rows are arrays in the table layer).
      if (counted) c[b + F_LAST] = lastCount ?? 0;
      else if (last !== undefined && last !== null) c[b + F_LAST] = Array.isArray(last) ? last.slice() : last;
    }
  }
  override reset(): void {
    this.groups = new Map();
    this.chunks = [];
    this.slots = 0;
    this.flags = new Uint8Array(CHUNK_SLOTS);
    this.free = [];
    this.touched.length = 0;
  }
}
