// Grouped, incremental reduction with retraction.
//
// Algorithm: each step, route every update to its group (by `groupOf`), apply it to the group's state with
// `update` and count the group's net multiplicity; then, for each group touched this step, compare its new
// result with the last one emitted and output a retraction of the old row and an insertion of the new one.
// State: the groups' slots (group-slots.ts: per group its count, state, last row and packed output key, in chunks),
// and the slots a step touches (`touched`, with their groups). With `rowOfCount` the count last emitted is the count
// itself between steps, so a step records it only for the slots it touches (`touchedCounts`).
// Invariants: the integrated output holds exactly one row per group with a positive count, equal to
// `result(state)` where state reflects all updates so far; groups whose count drops to 0 are deleted; a slot is in
// `touched` (with its group and count before the step at the same index of `touchedGroups` and `touchedCounts`)
// exactly when its TOUCHED flag is set (a step that threw leaves its touched slots for the next one).

import { Batch, EMPTY_BATCH, LazyKeys, MADE_KEY, UNMADE_KEY } from './batch.js';
import type { IndexKey } from './arrangement.js';
import {
  CHUNK_BITS,
  CHUNK_MASK,
  DEFERRED_KEY,
  EMITTED,
  GroupSlots,
  ODD_KEY,
  TOUCHED,
} from './group-slots.js';
import type { Key } from './key.js';
import { Operator, readersSkipKeys } from './operator.js';
import type { ReduceSpec } from './reduce-spec.js';
import { rowsEqual } from './row-equality.js';

export type { ReduceSpec } from './reduce-spec.js';

/** `nextRows` entry of a group whose row a step did not change. */
const UNCHANGED: unique symbol = Symbol('unchanged');

/** Grouped reduction: one output row per non-empty group, kept up to date by retraction and insertion. */
export class ReduceOperator<TIn, TState, TOut> extends Operator<TOut> {
  override skipWhenIdle = true;
  /** The groups' slots (group-slots.ts). */
  private slots: GroupSlots<TState, TOut>;
  /** Slots touched in the current step (reused across steps; emptied after each). */
  private readonly touched: number[] = [];
  /** The groups of `touched`, at the same indices. */
  private readonly touchedGroups: IndexKey[] = [];
  /** With `rowOfCount`: the counts of `touched` before the step (the counts last emitted), at the same indices. */
  private readonly touchedCounts: number[] = [];
  /** Without `rowOfCount`: the rows a step emitted for `touched` (UNCHANGED: none), for `settle` to remember. */
  private readonly nextRows: unknown[] = [];

  /** Creates a reduction of `input` by `spec`. */
  constructor(
    input: Operator<TIn>,
    private readonly spec: ReduceSpec<TIn, TState, TOut>,
  ) {
    super([input]);
    this.readsKeys = spec.readsInputKeys !== false;
    this.slots = new GroupSlots(spec);
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
    return this.slots.groups.size;
  }
  /** Called when a group is created, with the row that created it (subclasses schedule per-group work here). */
  protected onGroupCreated(_group: IndexKey, _row: TIn): void {}
  /**
   * Forgets a group's state; with `retract`, its emitted row (if any) is retracted into `out`. Returns whether a
   * retraction was pushed (then `out` may repeat a key: the caller clears its grouped/consolidated flags).
   */
  protected dropGroup(group: IndexKey, out: Batch<TOut>, retract: boolean): boolean {
    const slots = this.slots;
    const slot = slots.groups.get(group);
    if (slot === undefined) return false;
    const emitted = (slots.flags[slot]! & EMITTED) !== 0;
    if (retract && emitted) {
      const outKey = slots.outKeyOf(slot, group);
      // Between steps the count last emitted is the count.
      out.push(outKey, this.lastOf(slot, group, outKey, slots.countOf(slot)), -1);
    }
    slots.freeSlot(slot, group);
    return retract && emitted;
  }
  /** Whether the reduction holds a group. */
  protected hasGroup(group: IndexKey): boolean {
    return this.slots.groups.has(group);
  }
  /**
   * The row last emitted for a slot of `group` (output key `outKey`): remembered, or rebuilt from its state or (with
   * `rowOfCount`) from `lastCount`, the count it was emitted with.
   */
  private lastOf(slot: number, group: IndexKey, outKey: Key, lastCount: number): TOut {
    const spec = this.spec;
    const slots = this.slots;
    if (spec.rowOfCount !== undefined) return spec.rowOfCount(slots.stateOf(slot, group), outKey, lastCount);
    if (spec.lastRow !== undefined) return spec.lastRow(slots.stateOf(slot, group), group, outKey);
    return slots.cell(slot, slots.fLast) as TOut;
  }
  /** Applies one step's input to the groups and returns the output batch (-old/+new per changed group). */
  protected apply(inb: Batch<TIn>, time: number): Batch<TOut> {
    const n = inb.keys.length;
    const spec = this.spec;
    const slots = this.slots;
    const groups = slots.groups;
    const chunks = slots.chunks;
    const touched = this.touched;
    const touchedGroups = this.touchedGroups;
    const touchedCounts = this.touchedCounts;
    const stride = slots.stride;
    const fState = slots.fState;
    // Slots left in the list by a step that threw (in `update` or `result`) stay: this step emits (or frees) them.
    const update = spec.update;
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const diff = inb.diffs[i]!;
      const gk = spec.groupOf(key, row, diff);
      if (gk === undefined) continue;
      let slot = groups.get(gk);
      if (slot === undefined) {
        slot = slots.newSlot(
          gk,
          spec.create(gk, key, row),
          spec.outputKeyOfState === undefined ? spec.outputKey(gk, key, row) : undefined,
        );
        this.onGroupCreated(gk, row);
      }
      // Touched before `update` runs, so a group it created is freed by a later step even if `update` throws.
      const c = chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * stride;
      const count = c[b] as number;
      // Read through the field: a new slot may have replaced the flags array.
      const f = slots.flags[slot]!;
      if ((f & TOUCHED) === 0) {
        slots.flags[slot] = f | TOUCHED;
        touched.push(slot);
        touchedGroups.push(gk);
        touchedCounts.push(count);
      }
      if (update !== undefined) {
        if (fState >= 0) c[b + fState] = update(c[b + fState] as TState, key, row, diff, time);
        else slots.setGroupState(slot, gk, update(slots.stateOf(slot, gk), key, row, diff, time));
      }
      c[b] = count + diff;
    }
    const out = new Batch<TOut>();
    const unique = spec.uniqueOutputKeys !== false;
    out.grouped = unique;
    out.consolidated = unique;
    const eq = spec.equals ?? rowsEqual;
    if (spec.rowOfCount !== undefined) {
      // Keys nobody reads are left unmade: made from the slots' packed keys (kept when a slot is freed) if asked.
      // The states of the groups whose deferred keys this step leaves unmade.
      const states: unknown[] = [];
      if (spec.rowOfCountReadsNoKey === true && readersSkipKeys(this)) out.lazy = this.unmadeKeys(states);
      this.emitCounted(out, eq, states);
    } else {
      this.emitRows(out, eq);
    }
    this.settle();
    this.clearTouched();
    return out;
  }
  /**
   * Output of the touched groups whose rows are `rowOfCount(state, count)`: compares each count with the one last
   * emitted and builds only the rows to emit. Changes no state (see `settle`).
   */
  private emitCounted(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean, states: unknown[]): void {
    const touched = this.touched;
    const groups = this.touchedGroups;
    const counts = this.touchedCounts;
    const rowOf = this.spec.rowOfCount!;
    const slots = this.slots;
    const flags = slots.flags;
    // With unmade keys (see `unmadeKeys`): per update a slot, -1 beside a key made now (an odd key goes with its
    // slot), or -2 - i for a deferred key made from `states[i]` (a group's state goes with its slot).
    const refs = out.lazy?.second;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      const lastCount = counts[t]!;
      const count = slots.countOf(slot);
      const emitted = (flags[slot]! & EMITTED) !== 0;
      if (emitted ? lastCount === count : count === 0) continue;
      const group = groups[t];
      const made = refs === undefined || (flags[slot]! & ODD_KEY) !== 0;
      const outKey = made ? slots.outKeyOf(slot, group) : UNMADE_KEY;
      const state = slots.stateOf(slot, group);
      const ref = made ? MADE_KEY : (flags[slot]! & DEFERRED_KEY) !== 0 ? -1 - states.push(state) : slot;
      if (!emitted) {
        out.push(outKey, rowOf(state, outKey, count), 1);
        refs?.push(ref);
        continue;
      }
      const prev = rowOf(state, outKey, lastCount);
      if (count === 0) {
        out.push(outKey, prev, -1);
        refs?.push(ref);
        continue;
      }
      const next = rowOf(state, outKey, count);
      if (eq(prev, next)) continue;
      out.push(outKey, prev, -1);
      out.push(outKey, next, 1);
      refs?.push(ref, ref);
    }
  }
  /**
   * A step's unmade output keys (`Batch.lazy`): made from a slot's stored key, or (deferred) from a group's state in
   * `states` (filled by `emitCounted`). The stored key stays when a slot is freed, until a later step reuses the slot.
   */
  private unmadeKeys(states: readonly unknown[]): LazyKeys {
    return new LazyKeys([], (made, ref) => {
      const r = ref as number;
      if (r === MADE_KEY) return made;
      if (r < MADE_KEY) return this.spec.outputKeyOfState!(states[-2 - r] as TState);
      return this.slots.packedKey(r);
    });
  }
  /**
   * Output of the touched groups: results compared with the last emitted (or rebuilt) rows. Changes no state; the
   * rows to remember are left in `nextRows` for `settle`.
   */
  private emitRows(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const slots = this.slots;
    const touched = this.touched;
    const groups = this.touchedGroups;
    const spec = this.spec;
    const flags = slots.flags;
    const nextRows = this.nextRows;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      const group = groups[t];
      const count = slots.countOf(slot);
      const emitted = (flags[slot]! & EMITTED) !== 0;
      nextRows[t] = UNCHANGED;
      if (count === 0 && !emitted) continue;
      const outKey = slots.outKeyOf(slot, group);
      const prev = emitted ? this.lastOf(slot, group, outKey, 0) : undefined;
      if (count === 0) {
        out.push(outKey, prev as TOut, -1);
        continue;
      }
      const next = spec.result(slots.stateOf(slot, group), group, outKey, count);
      if (emitted) {
        if (eq(prev as TOut, next)) continue;
        out.push(outKey, prev as TOut, -1);
      }
      out.push(outKey, next, 1);
      nextRows[t] = next;
    }
  }
  /**
   * Ends a step whose output was built: every touched group is emitted (its row is in the integrated output) unless
   * its count is 0, when its slot is freed; new rows are remembered. Until this runs, a step that threw changed no
   * group's emitted state, and the next step emits its touched groups.
   */
  private settle(): void {
    const slots = this.slots;
    const touched = this.touched;
    const groups = this.touchedGroups;
    const flags = slots.flags;
    const spec = this.spec;
    const rows = spec.rowOfCount === undefined;
    const fLast = slots.fLast;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      if (slots.countOf(slot) === 0) {
        slots.freeSlot(slot, groups[t]);
        continue;
      }
      flags[slot] = (flags[slot]! & ~TOUCHED) | EMITTED;
      if (!rows) continue;
      const next = this.nextRows[t];
      if (next === UNCHANGED) continue;
      if (fLast < 0) spec.remember!(slots.stateOf(slot, groups[t]), next as TOut);
      else slots.chunks[slot >> CHUNK_BITS]![(slot & CHUNK_MASK) * slots.stride + fLast] = next;
    }
  }
  override snapshot(): unknown {
    const slots = this.slots;
    // The layout of earlier versions: [group, state, count, outKey, last row or null, emitted, last count].
    const save = this.spec.snapshotState ?? ((s: TState) => structuredClone(s));
    const counted = this.spec.rowOfCount !== undefined;
    // Slots a step that threw left touched were last emitted with their counts from before it.
    const before = new Map<number, number>();
    for (let t = 0; t < this.touched.length; t++) before.set(this.touched[t]!, this.touchedCounts[t] ?? 0);
    const out: unknown[] = [];
    for (const [k, slot] of slots.groups) {
      const count = slots.countOf(slot);
      out.push([
        k,
        save(slots.stateOf(slot, k)),
        count,
        slots.outKeyOf(slot, k),
        slots.fLast >= 0 ? (slots.cell(slot, slots.fLast) ?? null) : null,
        (slots.flags[slot]! & EMITTED) !== 0,
        counted ? (before.get(slot) ?? count) : 0,
      ]);
    }
    return out;
  }
  override restore(state: unknown): void {
    const load = this.spec.restoreState ?? ((s: unknown) => structuredClone(s) as TState);
    const counted = this.spec.rowOfCount !== undefined;
    this.reset();
    const slots = this.slots;
    for (const [k, s, count, outKey, last, emitted, lastCount] of state as [
      IndexKey,
      unknown,
      number,
      Key,
      TOut | undefined | null,
      boolean | undefined,
      number | undefined,
    ][]) {
      const slot = slots.newSlot(k, load(s), outKey);
      const c = slots.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * slots.stride;
      c[b] = count;
      const wasEmitted = emitted ?? (last !== undefined && last !== null);
      if (wasEmitted) slots.flags[slot]! |= EMITTED;
      // A copy of the last row, so stepping never shares it with the snapshot (rows are arrays in the table layer).
      if (slots.fLast >= 0 && last !== undefined && last !== null) {
        c[b + slots.fLast] = Array.isArray(last) ? last.slice() : last;
      }
      // A row emitted with another count than the group's (a snapshot after a step that threw): the next step emits.
      if (counted && wasEmitted && (lastCount ?? 0) !== count) {
        slots.flags[slot]! |= TOUCHED;
        this.touched.push(slot);
        this.touchedGroups.push(k);
        this.touchedCounts.push(lastCount ?? 0);
      }
    }
  }
  override reset(): void {
    this.slots = new GroupSlots(this.spec);
    this.clearTouched();
  }
  /** Empties the touched lists (their flags are already cleared, or the slots gone). */
  private clearTouched(): void {
    this.touched.length = 0;
    this.touchedGroups.length = 0;
    this.touchedCounts.length = 0;
    this.nextRows.length = 0;
  }
}
