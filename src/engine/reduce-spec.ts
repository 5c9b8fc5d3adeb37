// What a grouped reduction computes (ReduceOperator, reduce.ts): group routing, states, output rows, and what the
// operator may skip (stored rows, unread keys).

import type { IndexKey } from './arrangement.js';
import type { Key } from './key.js';

/** How to reduce: group routing, state creation and update, and the output row of a group. */
export interface ReduceSpec<TIn, TState, TOut> {
  /**
   * Group of an update (a primitive; use a hashed Key for composite groups), or `undefined` to leave the update out of
   * every group (the table layer: a row whose grouping value is an error).
   */
  groupOf(key: Key, row: TIn, diff: number): IndexKey;
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
  /**
   * True when `create` returns its group for most groups (a count over one column of strings or integers): such a
   * state is not stored, the group is; others (e.g. an error value grouped under its hash) are kept aside.
   */
  groupStates?: boolean;
  /** Whether distinct groups always get distinct output keys (default true); false disables the consolidated flag. */
  uniqueOutputKeys?: boolean;
  /**
   * For reductions whose row depends only on the state `create` gave (no `update`) and the net count (group columns
   * and `count()`s): the row of a group. The operator then keeps the last emitted count instead of a row, skips a
   * group whose count is unchanged, and rebuilds the retracted row from the remembered count (`result`, `lastRow` and
   * `equals`' deep default are not used; `equals` still drops a pair whose rows are equal).
   */
  rowOfCount?(state: TState, outKey: Key, count: number): TOut;
  /**
   * True when `rowOfCount` never reads its `outKey`: when no reader of the operator reads keys, the output's keys are
   * left unmade (`Batch.lazy`), each made from its slot only if asked (no key string per emitted row).
   */
  rowOfCountReadsNoKey?: boolean;
  /**
   * False when `groupOf`, `outputKey`, `create` and `update` never read an update's key: the input may then leave
   * its keys unmade (`Batch.lazy`, generated row ids nothing reads). Default true.
   */
  readsInputKeys?: boolean;
  /**
   * A group's output key from its state alone (the same key `outputKey` gives). Given, the key is made when first
   * read instead of when the group is created: a count whose keys nobody reads never hashes its groups.
   */
  outputKeyOfState?(state: TState): Key;
}
