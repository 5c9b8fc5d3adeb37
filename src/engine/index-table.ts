// Index tables: a map from index keys to values that keeps integer keys in an open-addressing table.
//
// Algorithm: integers of the 32-bit signed range go to one flat array of (key, value) slot pairs, probed linearly
// from a multiplicative (Fibonacci) hash, at most four fifths full (four slot pairs share a cache line, so probe runs
// stay short in lines; half full cost B3 2 MB more for no measurable speed), with deletion by backward shift (no
// tombstones); any other key goes to a Map. A lookup of an integer key reads one slot pair, usually one cache line,
// where a V8 Map reads a bucket and then an entry elsewhere in its table: for an index much larger than the caches
// (B3's join over 100k keys), one cache miss less per lookup.
// State: `slots` ([key, value] pairs; an empty slot holds undefined twice), `ints` (integer keys stored), `others`.
// Invariants: no stored value is undefined; each key is in `slots` or in `others`, never both; every integer key sits
// in the probe run that starts at its home slot, with no empty slot between the two.

import type { IndexKey } from './arrangement.js';

/** Smallest capacity (slot pairs) of the integer table. */
const MIN_CAPACITY = 8;

/** `n` undefined values, in one exactly sized allocation (no growth: large tables live outside the young space). */
function emptySlots(n: number): unknown[] {
  return new Array<unknown>(n).fill(undefined);
}

/** True for the keys kept in the integer table. */
function isInt(k: IndexKey): k is number {
  return typeof k === 'number' && (k | 0) === k;
}

/** A map from index keys to values (never undefined), fast for integer keys (see the header). */
export class IndexTable<V> {
  /** [key, value] pairs of the integer table. */
  private slots: unknown[];
  /** Capacity - 1 (the capacity is a power of two). */
  private mask: number;
  /** 32 - log2(capacity): the hash is the top bits of the key times the Fibonacci constant. */
  private shift: number;
  /** Number of integer keys stored. */
  private ints = 0;
  /** The keys that are not 32-bit integers. */
  private readonly others = new Map<IndexKey, V>();

  /** An empty table. */
  constructor() {
    this.slots = emptySlots(2 * MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.shift = 32 - Math.log2(MIN_CAPACITY);
  }

  /** Number of keys stored. */
  get size(): number {
    return this.ints + this.others.size;
  }

  /** The home slot of an integer key. */
  private home(k: number): number {
    return Math.imul(k, 0x9e3779b1) >>> this.shift;
  }

  /** The value under `k`, or undefined. */
  get(k: IndexKey): V | undefined {
    if (!isInt(k)) return this.others.get(k);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      const v = slots[2 * i + 1];
      if (v === undefined) return undefined;
      if (slots[2 * i] === k) return v as V;
    }
  }

  /** Stores `v` (not undefined) under `k`. */
  set(k: IndexKey, v: V): void {
    if (!isInt(k)) {
      this.others.set(k, v);
      return;
    }
    const slots = this.slots;
    const mask = this.mask;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === undefined) {
        slots[2 * i] = k;
        slots[2 * i + 1] = v;
        if (5 * ++this.ints > 4 * (mask + 1)) this.resize(2 * (mask + 1));
        return;
      }
      if (slots[2 * i] === k) {
        slots[2 * i + 1] = v;
        return;
      }
    }
  }

  /** Removes `k`; true when it was there. */
  delete(k: IndexKey): boolean {
    if (!isInt(k)) return this.others.delete(k);
    const slots = this.slots;
    const mask = this.mask;
    let i = this.home(k);
    for (; ; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === undefined) return false;
      if (slots[2 * i] === k) break;
    }
    // Backward shift: each later key of the run whose home is not between the hole and itself moves into the hole.
    for (let j = (i + 1) & mask; slots[2 * j + 1] !== undefined; j = (j + 1) & mask) {
      const h = this.home(slots[2 * j] as number);
      if (((i - h) & mask) < ((j - h) & mask)) {
        slots[2 * i] = slots[2 * j];
        slots[2 * i + 1] = slots[2 * j + 1];
        i = j;
      }
    }
    slots[2 * i] = undefined;
    slots[2 * i + 1] = undefined;
    this.ints--;
    return true;
  }

  /** Every key with its value (integer keys first, in no particular order). */
  *entries(): IterableIterator<[IndexKey, V]> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) {
      const v = slots[i + 1];
      if (v !== undefined) yield [slots[i] as number, v as V];
    }
    yield* this.others.entries();
  }

  /** Moves the integer keys into a table of `capacity` slot pairs. */
  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = emptySlots(2 * capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.ints = 0;
    for (let i = 0; i < old.length; i += 2)
      if (old[i + 1] !== undefined) this.set(old[i] as number, old[i + 1] as V);
  }
}
