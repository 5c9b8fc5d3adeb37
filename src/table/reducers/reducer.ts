// The contract every reducer implements: an incremental accumulator over a multiset of argument values.

import type { Key } from '../../engine/key.js';

/**
 * One change seen by a reducer: the reducer's argument values for a row, the row's key,
 * the change's multiplicity (+n insert, -n retract) and the epoch time it happened at.
 */
export interface ReducerInput {
  /** Evaluated argument expressions, in the order the reducer was called with. */
  readonly args: readonly unknown[];
  /** Key of the input row (argmin/argmax/earliest use it). */
  readonly key: Key;
  /** Signed multiplicity. */
  readonly diff: number;
  /** Epoch time of the change. */
  readonly time: number;
}

/**
 * An incremental reducer. `create` makes an empty accumulator; `update` applies one change
 * (insertions and retractions alike) and may mutate and return the accumulator; `result` reads it.
 * A group whose multiset becomes empty is dropped by the engine, so `result` is never asked of an empty group.
 * Invariant: after any sequence of updates, `result` equals the result over the multiset of net changes.
 */
export interface ReducerImpl<TAcc = unknown, TOut = unknown> {
  /** Name for error messages and plans (`sum`, `argmax`). */
  readonly name: string;
  /** A fresh, empty accumulator. */
  create(): TAcc;
  /** Applies one change; returns the (possibly same) accumulator. */
  update(acc: TAcc, args: readonly unknown[], key: Key, diff: number, time: number): TAcc;
  /** The reducer's value for the current multiset. May return an ErrorValue. */
  result(acc: TAcc): TOut;
  /**
   * Checkpoint of an accumulator as plain data (arrays, plain objects, numbers, strings, booleans, null, and
   * row values as they are), sharing no mutable structure with `acc`. Every built-in reducer has it; a
   * reducer without it is checkpointed with `structuredClone`.
   */
  snapshot?(acc: TAcc): unknown;
  /**
   * Inverse of `snapshot`: a live accumulator equivalent to the one snapshotted (same results after the
   * same further updates). Copies what it reads, so one snapshot can be restored any number of times.
   */
  restore?(state: unknown): TAcc;
}
