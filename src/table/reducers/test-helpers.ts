// Test helpers for reducers: feed a list of changes to a ReducerImpl and read its result.

import { keyFromValue } from '../../engine/key.js';
import type { Key } from '../../engine/key.js';
import type { ReducerImpl } from './reducer.js';

/** One change: argument values, row id (hashed to a key), diff and time. */
export type Change = readonly [args: readonly unknown[], row: number, diff: number, time?: number];

/** Key of test row `row`. */
export function rowKey(row: number): Key {
  return keyFromValue(row);
}

/** Applies `changes` to a fresh accumulator and returns the result. */
export function reduce<TAcc, TOut>(r: ReducerImpl<TAcc, TOut>, changes: readonly Change[]): TOut {
  let acc = r.create();
  for (const [args, row, diff, time] of changes) acc = r.update(acc, args, rowKey(row), diff, time ?? 0);
  return r.result(acc);
}

/** Inserts one row per value (row ids 0, 1, 2, ...) at time 0 and returns the result. */
export function reduceValues<TAcc, TOut>(r: ReducerImpl<TAcc, TOut>, values: readonly unknown[]): TOut {
  return reduce(
    r,
    values.map((v, i): Change => [[v], i, 1]),
  );
}
