// Grouped, incremental reduction with retraction.
//
// Algorithm: each step, route every update to its group (by `groupOf`), apply it to the group's state with
// `update` and count the group's net multiplicity; then, for each group touched this step, compare its new
// result with the last one emitted and output a retraction of the old row and an insertion of the new one.
// State: group → a slot number; per slot, up to three cells in a chunk of 1,024 slots (its state unless the spec's
// states are their groups, its net count, and its last emitted row unless the spec rebuilds it), its output key
// packed as four 32-bit words (a key string is made when the group's row is emitted) and a byte of flags (emitted,
// touched this step). Cells and words rather than an object per group: 25 bytes for B1's count per word (80k groups)
// instead of a ~90-byte object and a 32-byte key string; chunks rather than one growing array: growth never copies
// (or leaves behind) a large array. Freed slots are reused. A slot does not hold its group: the steps that need it
// (freeing, `result`) have it from `touched`. With `rowOfCount` the count last emitted is the count itself between
// steps, so a step records it only for the slots it touches (`touchedCounts`).
// Invariants: the integrated output holds exactly one row per group with a positive count, equal to
// `result(state)` where state reflects all updates so far; groups whose count drops to 0 are deleted; a slot is in
// `touched` (with its group and count before the step at the same index of `touchedGroups` and `touchedCounts`)
// exactly when its TOUCHED flag is set (a step that threw leaves its touched slots for the next one).

import { Batch, EMPTY_BATCH, MADE_KEY, UNMADE_KEY, type LazyKeys } from './batch.js';
import type { IndexKey } from './arrangement.js';
import { packKey, unpackKey, type Key } from './key.js';
import { Operator, readersSkipKeys } from './operator.js';
import type { ReduceSpec } from './reduce-spec.js';
import { rowsEqual } from './row-equality.js';

export type { ReduceSpec } from './reduce-spec.js';

/** Flag: the group's row is currently in the output. */
const EMITTED = 1;
/** Flag: the group is in this step's `touched` list. */
const TOUCHED = 2;
/** Flag: the output key is not a packed key (see `packKey`); it is kept as a string in `oddKeys`. */
const ODD_KEY = 4;
/** Flag (with `groupStates`): the state is not the group; it is kept in `oddStates`. */
const ODD_STATE = 8;
/** Flag (with `outputKeyOfState`): the output key is not made yet (see `outKeyOf`). */
const DEFERRED_KEY = 16;

/**
 * True when a state (with `groupStates`) need not be stored: it is its group. Not -0, which a Map reads back as 0.
 */
function isTheGroup(state: unknown, group: IndexKey): boolean {
  return state === group && !Object.is(group, -0);
}

/** `nextRows` entry of a group whose row a step did not change. */
const UNCHANGED: unique symbol = Symbol('unchanged');

/** Words of a packed output key. */
const KEY_WORDS = 4;
const CHUNK_BITS = 10;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SLOTS - 1;

/** Grouped reduction: one output row per non-empty group, kept up to date by retraction and insertion. */
export class ReduceOperator<TIn, TState, TOut> extends Operator<TOut> {
  override skipWhenIdle = true;
  /** Group → its slot. */
  private groups = new Map<IndexKey, number>();
  /** Slot cells: slot `s` has its `stride` cells at `(s & CHUNK_MASK) * stride` of chunk `s >> CHUNK_BITS`. */
  private chunks: unknown[][] = [];
  /** Cells per slot, and the positions of the state and last-row cells (-1: none; the count's is 0). */
  private readonly stride: number;
  private readonly fState: number;
  private readonly fLast: number;
  /** With `groupStates`: the states that are not their groups, by slot (flag ODD_STATE). */
  private oddStates = new Map<number, TState>();
  /** Output keys, packed: slot `s` has its KEY_WORDS words at `(s & CHUNK_MASK) * KEY_WORDS` of chunk `s >> CHUNK_BITS`. */
  private keyChunks: Uint32Array[] = [];
  /** Output keys that are not packed keys, by slot (flag ODD_KEY; none for the table layer's hashed ids). */
  private oddKeys = new Map<number, Key>();
  /** Slots ever allocated (freed ones included). */
  private slots = 0;
  private flags = new Uint8Array(CHUNK_SLOTS);
  /** Slots of deleted groups, for reuse. */
  private free: number[] = [];
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
    let stride = 1;
    this.fState = spec.groupStates === true ? -1 : stride++;
    this.fLast = spec.rowOfCount === undefined && spec.lastRow === undefined ? stride++ : -1;
    this.stride = stride;
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
    if (retract && emitted) {
      const outKey = this.outKeyOf(slot, group);
      // Between steps the count last emitted is the count.
      out.push(outKey, this.lastOf(slot, group, outKey, this.countOf(slot)), -1);
    }
    this.freeSlot(slot, group);
    return retract && emitted;
  }
  /** Whether the reduction holds a group. */
  protected hasGroup(group: IndexKey): boolean {
    return this.groups.has(group);
  }
  /** Cell `f` of a slot (not on the per-update path, which indexes its chunk directly). */
  private cell(slot: number, f: number): unknown {
    return this.chunks[slot >> CHUNK_BITS]![(slot & CHUNK_MASK) * this.stride + f];
  }
  /** The net count of a slot's group. */
  private countOf(slot: number): number {
    return this.cell(slot, 0) as number;
  }
  /** The state of a slot of `group`. */
  private stateOf(slot: number, group: IndexKey): TState {
    if (this.fState >= 0) return this.cell(slot, this.fState) as TState;
    return (this.flags[slot]! & ODD_STATE) !== 0 ? this.oddStates.get(slot)! : (group as TState);
  }
  /**
   * The output key of a slot of `group` (a new string each call for packed keys: call it once per emitted group); a
   * key deferred at the group's creation is made now, from the state, and stored.
   */
  private outKeyOf(slot: number, group: IndexKey): Key {
    const flags = this.flags[slot]!;
    if ((flags & DEFERRED_KEY) !== 0) {
      const key = this.spec.outputKeyOfState!(this.stateOf(slot, group));
      this.flags[slot] = flags & ~DEFERRED_KEY;
      this.storeKey(slot, key);
      return key;
    }
    if ((flags & ODD_KEY) !== 0) return this.oddKeys.get(slot)!;
    return unpackKey(this.keyChunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * KEY_WORDS);
  }
  /** Stores a slot's output key: packed, or aside (flag ODD_KEY). */
  private storeKey(slot: number, outKey: Key): void {
    if (!packKey(outKey, this.keyChunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * KEY_WORDS)) {
      this.flags[slot]! |= ODD_KEY;
      this.oddKeys.set(slot, outKey);
    }
  }
  /** A slot for a new group (a freed one, or the next), its cells set; `outKey` undefined defers the key. */
  private newSlot(group: IndexKey, state: TState, outKey: Key | undefined): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.slots++;
      if ((slot & CHUNK_MASK) === 0) {
        this.chunks.push(new Array<unknown>(this.stride << CHUNK_BITS).fill(undefined));
        this.keyChunks.push(new Uint32Array(KEY_WORDS << CHUNK_BITS));
      }
      if (slot >= this.flags.length) {
        const grown = new Uint8Array(this.flags.length * 2);
        grown.set(this.flags);
        this.flags = grown;
      }
    }
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * this.stride;
    c[b] = 0;
    let flags = 0;
    if (this.fState >= 0) {
      c[b + this.fState] = state;
    } else if (!isTheGroup(state, group)) {
      flags = ODD_STATE;
      this.oddStates.set(slot, state);
    }
    this.flags[slot] = outKey === undefined ? flags | DEFERRED_KEY : flags;
    if (outKey !== undefined) this.storeKey(slot, outKey);
    this.groups.set(group, slot);
    return slot;
  }
  /** Deletes a slot's group and clears its cells (so nothing it held stays reachable). */
  private freeSlot(slot: number, group: IndexKey): void {
    const c = this.chunks[slot >> CHUNK_BITS]!;
    const b = (slot & CHUNK_MASK) * this.stride;
    this.groups.delete(group);
    for (let f = 0; f < this.stride; f++) c[b + f] = undefined;
    const flags = this.flags[slot]!;
    if ((flags & ODD_KEY) !== 0) this.oddKeys.delete(slot);
    if ((flags & ODD_STATE) !== 0) this.oddStates.delete(slot);
    this.flags[slot] = 0;
    this.free.push(slot);
  }
  /**
   * The row last emitted for a slot of `group` (output key `outKey`): remembered, or rebuilt from its state or (with
   * `rowOfCount`) from `lastCount`, the count it was emitted with.
   */
  private lastOf(slot: number, group: IndexKey, outKey: Key, lastCount: number): TOut {
    const spec = this.spec;
    if (spec.rowOfCount !== undefined) return spec.rowOfCount(this.stateOf(slot, group), outKey, lastCount);
    if (spec.lastRow !== undefined) return spec.lastRow(this.stateOf(slot, group), group, outKey);
    return this.cell(slot, this.fLast) as TOut;
  }
  /** Applies one step's input to the groups and returns the output batch (-old/+new per changed group). */
  protected apply(inb: Batch<TIn>, time: number): Batch<TOut> {
    const n = inb.keys.length;
    const spec = this.spec;
    const groups = this.groups;
    const touched = this.touched;
    const touchedGroups = this.touchedGroups;
    const touchedCounts = this.touchedCounts;
    const stride = this.stride;
    const fState = this.fState;
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
        slot = this.newSlot(
          gk,
          spec.create(gk, key, row),
          spec.outputKeyOfState === undefined ? spec.outputKey(gk, key, row) : undefined,
        );
        this.onGroupCreated(gk, row);
      }
      // Touched before `update` runs, so a group it created is freed by a later step even if `update` throws.
      const c = this.chunks[slot >> CHUNK_BITS]!;
      const b = (slot & CHUNK_MASK) * stride;
      const count = c[b] as number;
      const f = this.flags[slot]!;
      if ((f & TOUCHED) === 0) {
        this.flags[slot] = f | TOUCHED;
        touched.push(slot);
        touchedGroups.push(gk);
        touchedCounts.push(count);
      }
      if (update !== undefined) {
        if (fState >= 0) c[b + fState] = update(c[b + fState] as TState, key, row, diff, time);
        else this.updateGroupState(slot, gk, update(this.stateOf(slot, gk), key, row, diff, time));
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
  /** Stores a state returned by `update` for a spec with `groupStates` (aside, unless it is the group). */
  private updateGroupState(slot: number, group: IndexKey, state: TState): void {
    if (isTheGroup(state, group)) {
      this.flags[slot]! &= ~ODD_STATE;
      this.oddStates.delete(slot);
    } else {
      this.flags[slot]! |= ODD_STATE;
      this.oddStates.set(slot, state);
    }
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
    const flags = this.flags;
    // With unmade keys (see `unmadeKeys`): per update a slot, -1 beside a key made now (an odd key goes with its
    // slot), or -2 - i for a deferred key made from `states[i]` (a group's state goes with its slot).
    const slots = out.lazy?.second;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      const lastCount = counts[t]!;
      const count = this.countOf(slot);
      const emitted = (flags[slot]! & EMITTED) !== 0;
      if (emitted ? lastCount === count : count === 0) continue;
      const group = groups[t];
      const made = slots === undefined || (flags[slot]! & ODD_KEY) !== 0;
      const outKey = made ? this.outKeyOf(slot, group) : UNMADE_KEY;
      const state = this.stateOf(slot, group);
      const ref = made ? MADE_KEY : (flags[slot]! & DEFERRED_KEY) !== 0 ? -1 - states.push(state) : slot;
      if (!emitted) {
        out.push(outKey, rowOf(state, outKey, count), 1);
        slots?.push(ref);
        continue;
      }
      const prev = rowOf(state, outKey, lastCount);
      if (count === 0) {
        out.push(outKey, prev, -1);
        slots?.push(ref);
        continue;
      }
      const next = rowOf(state, outKey, count);
      if (eq(prev, next)) continue;
      out.push(outKey, prev, -1);
      out.push(outKey, next, 1);
      slots?.push(ref, ref);
    }
  }
  /**
   * A step's unmade output keys (`Batch.lazy`): made from a slot's stored key, or (deferred) from a group's state in
   * `states` (filled by `emitCounted`). The stored key stays when a slot is freed, until a later step reuses the slot.
   */
  private unmadeKeys(states: readonly unknown[]): LazyKeys {
    return {
      second: [],
      combine: (made, ref) => {
        const r = ref as number;
        if (r === MADE_KEY) return made;
        if (r < MADE_KEY) return this.spec.outputKeyOfState!(states[-2 - r] as TState);
        return unpackKey(this.keyChunks[r >> CHUNK_BITS]!, (r & CHUNK_MASK) * KEY_WORDS);
      },
    };
  }
  /**
   * Output of the touched groups: results compared with the last emitted (or rebuilt) rows. Changes no state; the
   * rows to remember are left in `nextRows` for `settle`.
   */
  private emitRows(out: Batch<TOut>, eq: (a: TOut, b: TOut) => boolean): void {
    const touched = this.touched;
    const groups = this.touchedGroups;
    const spec = this.spec;
    const flags = this.flags;
    const nextRows = this.nextRows;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      const group = groups[t];
      const count = this.countOf(slot);
      const emitted = (flags[slot]! & EMITTED) !== 0;
      nextRows[t] = UNCHANGED;
      if (count === 0 && !emitted) continue;
      const outKey = this.outKeyOf(slot, group);
      const prev = emitted ? this.lastOf(slot, group, outKey, 0) : undefined;
      if (count === 0) {
        out.push(outKey, prev as TOut, -1);
        continue;
      }
      const next = spec.result(this.stateOf(slot, group), group, outKey, count);
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
    const touched = this.touched;
    const groups = this.touchedGroups;
    const flags = this.flags;
    const spec = this.spec;
    const rows = spec.rowOfCount === undefined;
    const fLast = this.fLast;
    for (let t = 0; t < touched.length; t++) {
      const slot = touched[t]!;
      if (this.countOf(slot) === 0) {
        this.freeSlot(slot, groups[t]);
        continue;
      }
      flags[slot] = (flags[slot]! & ~TOUCHED) | EMITTED;
      if (!rows) continue;
      const next = this.nextRows[t];
      if (next === UNCHANGED) continue;
      if (fLast < 0) spec.remember!(this.stateOf(slot, groups[t]), next as TOut);
      else this.chunks[slot >> CHUNK_BITS]![(slot & CHUNK_MASK) * this.stride + fLast] = next;
    }
  }
  override snapshot(): unknown {
    // The layout of earlier versions: [group, state, count, outKey, last row or null, emitted, last count].
    const save = this.spec.snapshotState ?? ((s: TState) => structuredClone(s));
    const counted = this.spec.rowOfCount !== undefined;
    // Slots a step that threw left touched were last emitted with their counts from before it.
    const before = new Map<number, number>();
    for (let t = 0; t < this.touched.length; t++) before.set(this.touched[t]!, this.touchedCounts[t] ?? 0);
    const out: unknown[] = [];
    for (const [k, slot] of this.groups) {
      const count = this.countOf(slot);
      out.push([
        k,
        save(this.stateOf(slot, k)),
        count,
        this.outKeyOf(slot, k),
        this.fLast >= 0 ? (this.cell(slot, this.fLast) ?? null) : null,
        (this.flags[slot]! & EMITTED) !== 0,
        counted ? (before.get(slot) ?? count) : 0,
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
      const b = (slot & CHUNK_MASK) * this.stride;
      c[b] = count;
      const wasEmitted = emitted ?? (last !== undefined && last !== null);
      if (wasEmitted) this.flags[slot]! |= EMITTED;
      // A copy of the last row, so stepping never shares it with the snapshot (rows are arrays in the table layer).
      if (this.fLast >= 0 && last !== undefined && last !== null) {
        c[b + this.fLast] = Array.isArray(last) ? last.slice() : last;
      }
      // A row emitted with another count than the group's (a snapshot after a step that threw): the next step emits.
      if (counted && wasEmitted && (lastCount ?? 0) !== count) {
        this.flags[slot]! |= TOUCHED;
        this.touched.push(slot);
        this.touchedGroups.push(k);
        this.touchedCounts.push(lastCount ?? 0);
      }
    }
  }
  override reset(): void {
    this.groups = new Map();
    this.chunks = [];
    this.keyChunks = [];
    this.oddKeys = new Map();
    this.oddStates = new Map();
    this.slots = 0;
    this.flags = new Uint8Array(CHUNK_SLOTS);
    this.free = [];
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
