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
  /** Serializable form of the accumulator (checkpoints). Defaults to structured-clone-able state. */
  snapshot?(acc: TAcc): unknown;
  /** Inverse of `snapshot`. */
  restore?(state: unknown): TAcc;
}
