// Batches of updates: the Z-set delta of one epoch, stored as parallel arrays of (key, row, diff).

import type { Key } from './key.js';

/**
 * A batch of updates `(key, row, diff)` for one epoch: a Z-set delta. Parallel arrays rather than
 * record objects, so pushing an update allocates nothing beyond the row itself.
 */
export class Batch<TRow = unknown> {
  /**
   * Creates a batch over the given parallel arrays (taken, not copied), or an empty one. Views of another batch's
   * arrays pass them here, so no empty arrays are made only to be replaced.
   */
  constructor(
    /** Row keys. */
    public keys: Key[] = [],
    /** Row values (for tables: arrays of column values). */
    public rows: TRow[] = [],
    /** Signed multiplicities: +1 insert, -1 retract. Never 0 in a consolidated batch. */
    public diffs: number[] = [],
  ) {}
  /**
   * True when all updates with the same key are adjacent (reduce emits `-old, +new` pairs; map and filter keep
   * the property). Consolidation of such a batch is a linear scan over neighbours instead of a hash pass.
   */
  grouped = false;
  /** True when no two updates have the same (key, row) and no diff is 0 (reduce output, and filters of it). */
  consolidated = false;
  /**
   * True when no two updates share a key and no diff is 0 (which implies `consolidated`): set by consolidation when
   * it saw no repeated key, and by sources of fresh ids. Joins of such batches can skip their sinks' consolidation.
   */
  uniqueKeys = false;
  /**
   * Set while the keys are not made yet: the update's key is then `lazy.combine(keys[i], lazy.second[i])` (a join's
   * pair ids: the left and the right key). Only readers that read no keys
   * (`Operator.readsKeys` false) are handed such a batch; `materializeKeys` makes the keys in place.
   */
  lazy: LazyKeys | undefined = undefined;

  /** Number of updates. */
  get length(): number {
    return this.keys.length;
  }

  /** Appends one update. */
  push(key: Key, row: TRow, diff: number): void {
    this.keys.push(key);
    this.rows.push(row);
    this.diffs.push(diff);
  }

  /** Appends every update of `other`, multiplied by `sign` (the keys of both made first, see `lazy`). */
  append(other: Batch<TRow>, sign = 1): void {
    materializeKeys(this);
    materializeKeys(other);
    const n = other.keys.length;
    for (let i = 0; i < n; i++) {
      this.keys.push(other.keys[i]!);
      this.rows.push(other.rows[i]!);
      this.diffs.push(other.diffs[i]! * sign);
    }
  }

  /** Empties the batch in place. */
  clear(): void {
    this.keys.length = 0;
    this.rows.length = 0;
    this.diffs.length = 0;
  }

  /** A fresh batch with the same updates (the keys made first, see `lazy`). */
  clone(): Batch<TRow> {
    materializeKeys(this);
    return new Batch<TRow>(this.keys.slice(), this.rows.slice(), this.diffs.slice());
  }
}

/**
 * The unmade keys of a batch (see `Batch.lazy`). A class, not an object literal: its instances have no allocation
 * site, so V8 never decides to allocate a one-row step's in the old generation (see `array-of.ts`).
 */
export class LazyKeys {
  constructor(
    /** What each update's key is made from besides `keys[i]` (a join's right key, a reduction's slot). */
    readonly second: unknown[],
    /** Makes an update's key from `keys[i]` and `second[i]` (a join's `combineKeys`). */
    readonly combine: (first: Key, second: unknown) => Key,
  ) {}
}

/** The placeholder in `keys` of a key left unmade (see `Batch.lazy`). */
export const UNMADE_KEY = '' as Key;
/** A `LazyKeys.second` entry saying that `keys[i]` is made already (producers that mix made and unmade keys). */
export const MADE_KEY = -1;

/** Makes a batch's unmade keys (see `Batch.lazy`) in place; nothing when they are made. */
export function materializeKeys(b: Batch<unknown>): void {
  const lazy = b.lazy;
  if (lazy === undefined) return;
  const { keys } = b;
  const { second, combine } = lazy;
  for (let i = 0; i < keys.length; i++) keys[i] = combine(keys[i]!, second[i]);
  b.lazy = undefined;
}

/** True when every diff of the batch is positive (insertions only). */
export function insertionsOnly(b: Batch<unknown>): boolean {
  const d = b.diffs;
  for (let i = 0; i < d.length; i++) if (d[i]! <= 0) return false;
  return true;
}

/** A shared, frozen empty batch: operators with nothing to say this epoch output it. */
export const EMPTY_BATCH: Batch<never> = (() => {
  const b = new Batch<never>();
  Object.freeze(b.keys);
  Object.freeze(b.rows);
  Object.freeze(b.diffs);
  return Object.freeze(b);
})();

/** Calls `inspect` (when given) with every update of `b`, in order: an operator's look at its input as it arrives. */
export function inspectUpdates<T>(
  b: Batch<T>,
  inspect: ((key: Key, row: T, diff: number) => void) | undefined,
): void {
  if (inspect === undefined) return;
  for (let i = 0; i < b.keys.length; i++) inspect(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
}
