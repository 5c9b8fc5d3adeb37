// Group slots: a reduction's per-group storage (reduce.ts), one slot per group.
//
// Layout: group -> a slot number; per slot, up to three cells in a chunk of 1,024 slots (its net count, its state
// unless the spec's states are their groups, and its last emitted row unless the spec rebuilds it), its output key
// packed as four 32-bit words (a key string is made when the group's row is emitted) and a byte of flags. Cells and
// words rather than an object per group: 25 bytes for B1's count per word (80k groups) instead of a ~90-byte object
// and a 32-byte key string; chunks rather than one growing array: growth never copies (or leaves behind) a large
// array. Freed slots are reused. A slot does not hold its group: callers have it (from their `touched` lists).
// Invariants: `groups` maps each group held to its slot and no slot twice; a freed slot's cells are cleared (nothing
// it held stays reachable) and its flags are 0; a slot's output key is packed, aside in `oddKeys` (ODD_KEY), or not
// made yet (DEFERRED_KEY: made from its state by `outputKeyOfState` when first read).

import type { IndexKey } from './arrangement.js';
import { packKey, unpackKey, type Key } from './key.js';
import type { ReduceSpec } from './reduce-spec.js';

/** Flag: the group's row is currently in the output. */
export const EMITTED = 1;
/** Flag: the group is in this step's `touched` list. */
export const TOUCHED = 2;
/** Flag: the output key is not a packed key (see `packKey`); it is kept as a string in `oddKeys`. */
export const ODD_KEY = 4;
/** Flag (with `groupStates`): the state is not the group; it is kept in `oddStates`. */
const ODD_STATE = 8;
/** Flag (with `outputKeyOfState`): the output key is not made yet (see `outKeyOf`). */
export const DEFERRED_KEY = 16;

/** Words of a packed output key. */
const KEY_WORDS = 4;
/** Slots per chunk: 2 to the CHUNK_BITS. */
export const CHUNK_BITS = 10;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
/** A slot's index in its chunk: `slot & CHUNK_MASK`. */
export const CHUNK_MASK = CHUNK_SLOTS - 1;

/**
 * True when a state (with `groupStates`) need not be stored: it is its group. Not -0, which a Map reads back as 0.
 */
function isTheGroup(state: unknown, group: IndexKey): boolean {
  return state === group && !Object.is(group, -0);
}

/** The slots of a reduction's groups (see the header). */
export class GroupSlots<TState, TOut> {
  /** Group -> its slot. */
  readonly groups = new Map<IndexKey, number>();
  /** Slot cells: slot `s` has its `stride` cells at `(s & CHUNK_MASK) * stride` of chunk `s >> CHUNK_BITS`. */
  readonly chunks: unknown[][] = [];
  /** Cells per slot, and the positions of the state and last-row cells (-1: none; the count's is 0). */
  readonly stride: number;
  readonly fState: number;
  readonly fLast: number;
  /** Each slot's flags (replaced by a larger array as slots are added: read it through this field). */
  flags = new Uint8Array(CHUNK_SLOTS);
  /** With `groupStates`: the states that are not their groups, by slot (flag ODD_STATE). */
  private readonly oddStates = new Map<number, TState>();
  /**
   * Output keys, packed: slot `s` has its KEY_WORDS words at `(s & CHUNK_MASK) * KEY_WORDS` of chunk `s >> CHUNK_BITS`,
   * made when a key is first stored in it (a count whose keys nobody reads defers them all and never makes one).
   */
  private readonly keyChunks: (Uint32Array | undefined)[] = [];
  /** Output keys that are not packed keys, by slot (flag ODD_KEY; none for the table layer's hashed ids). */
  private readonly oddKeys = new Map<number, Key>();
  /** Slots ever allocated (freed ones included). */
  private allocated = 0;
  /** Slots of deleted groups, for reuse. */
  private readonly free: number[] = [];

  /** Empty slots laid out for `spec` (which cells it keeps, how it makes deferred keys). */
  constructor(private readonly spec: ReduceSpec<any, TState, TOut>) {
    let stride = 1;
    this.fState = spec.groupStates === true ? -1 : stride++;
    this.fLast = spec.rowOfCount === undefined && spec.lastRow === undefined ? stride++ : -1;
    this.stride = stride;
  }

  /** Cell `f` of a slot (not on the per-update path, which indexes its chunk directly). */
  cell(slot: number, f: number): unknown {
    return this.chunks[slot >> CHUNK_BITS]![(slot & CHUNK_MASK) * this.stride + f];
  }
  /** The net count of a slot's group. */
  countOf(slot: number): number {
    return this.cell(slot, 0) as number;
  }
  /** The state of a slot of `group`. */
  stateOf(slot: number, group: IndexKey): TState {
    if (this.fState >= 0) return this.cell(slot, this.fState) as TState;
    return (this.flags[slot]! & ODD_STATE) !== 0 ? this.oddStates.get(slot)! : (group as TState);
  }
  /** Stores a state returned by `update` for a spec with `groupStates` (aside, unless it is the group). */
  setGroupState(slot: number, group: IndexKey, state: TState): void {
    if (isTheGroup(state, group)) {
      this.flags[slot]! &= ~ODD_STATE;
      this.oddStates.delete(slot);
    } else {
      this.flags[slot]! |= ODD_STATE;
      this.oddStates.set(slot, state);
    }
  }
  /**
   * The output key of a slot of `group` (a new string each call for packed keys: call it once per emitted group); a
   * key deferred at the group's creation is made now, from the state, and stored.
   */
  outKeyOf(slot: number, group: IndexKey): Key {
    const flags = this.flags[slot]!;
    if ((flags & DEFERRED_KEY) !== 0) {
      const key = this.spec.outputKeyOfState!(this.stateOf(slot, group));
      this.flags[slot] = flags & ~DEFERRED_KEY;
      this.storeKey(slot, key);
      return key;
    }
    if ((flags & ODD_KEY) !== 0) return this.oddKeys.get(slot)!;
    return this.packedKey(slot);
  }
  /** A slot's packed output key as a new string (kept when the slot is freed, until the slot is reused). */
  packedKey(slot: number): Key {
    return unpackKey(this.keyChunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * KEY_WORDS);
  }
  /** Stores a slot's output key: packed, or aside (flag ODD_KEY). */
  private storeKey(slot: number, outKey: Key): void {
    const words = (this.keyChunks[slot >> CHUNK_BITS] ??= new Uint32Array(KEY_WORDS << CHUNK_BITS));
    if (!packKey(outKey, words, (slot & CHUNK_MASK) * KEY_WORDS)) {
      this.flags[slot]! |= ODD_KEY;
      this.oddKeys.set(slot, outKey);
    }
  }
  /** A slot for a new group (a freed one, or the next), its cells set; `outKey` undefined defers the key. */
  newSlot(group: IndexKey, state: TState, outKey: Key | undefined): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.allocated++;
      if ((slot & CHUNK_MASK) === 0) {
        this.chunks.push(new Array<unknown>(this.stride << CHUNK_BITS).fill(undefined));
        this.keyChunks.push(undefined);
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
  freeSlot(slot: number, group: IndexKey): void {
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
}
