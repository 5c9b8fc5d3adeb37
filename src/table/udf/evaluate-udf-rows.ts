// One epoch of a UDF column: results for a batch of row changes (key, arguments, diff), remembering the results
// of non-deterministic functions so that a retraction carries exactly the value its insertion carried.
//
// Algorithm: (1) insertions whose (row, arguments) pair is remembered reuse the value; (2) the other
// insertions go to the runner in one batch and are remembered (equal pairs share the first value);
// (3) retractions forget and use the remembered value; a retraction with nothing remembered (the memo was not
// restored, or the function is deterministic) goes to the runner in a second batch.
// Insertions are handled before retractions so an update that keeps the arguments (-old, +new in one epoch)
// keeps its value instead of calling the function again.

import type { Key } from '../../engine/key.js';
import type { ResultMemo } from './udf-memo.js';
import type { UdfRunner } from './udf-runner.js';

/**
 * Results for rows `i` given `keys[i]`, `argsPerRow[i]` and `diffs[i]` (positive: insertion, negative:
 * retraction), in input order; an array when every call was synchronous, else a Promise of it.
 * Pass `memo` for non-deterministic runners (`!runner.deterministic`), `undefined` to recompute retractions.
 * Rows with diff 0 are skipped (their result is `undefined`); batches are expected to be consolidated.
 */
export function evaluateUdfRows(
  runner: UdfRunner,
  memo: ResultMemo | undefined,
  keys: readonly Key[],
  argsPerRow: readonly (readonly unknown[])[],
  diffs: readonly number[],
): unknown[] | Promise<unknown[]> {
  if (memo === undefined) return runner.runMaybeSync(argsPerRow);
  const n = keys.length;
  const out = new Array<unknown>(n);
  const toCall: number[] = [];
  for (let i = 0; i < n; i++) {
    if (diffs[i]! <= 0) continue;
    const value = memo.recall(keys[i]!, argsPerRow[i]!);
    if (value === undefined) {
      toCall.push(i);
    } else {
      out[i] = memo.remember(keys[i]!, argsPerRow[i]!, value, diffs[i]);
    }
  }
  return then(runSubset(runner, argsPerRow, toCall), (results) => {
    for (let c = 0; c < toCall.length; c++) {
      const i = toCall[c]!;
      out[i] = memo.remember(keys[i]!, argsPerRow[i]!, results[c], diffs[i]);
    }
    const unremembered: number[] = [];
    for (let i = 0; i < n; i++) {
      const diff = diffs[i]!;
      if (diff >= 0) continue;
      const value = memo.forget(keys[i]!, argsPerRow[i]!, -diff);
      if (value === undefined) unremembered.push(i);
      else out[i] = value;
    }
    return then(runSubset(runner, argsPerRow, unremembered), (recomputed) => {
      for (let c = 0; c < unremembered.length; c++) out[unremembered[c]!] = recomputed[c];
      return out;
    });
  });
}

function runSubset(
  runner: UdfRunner,
  argsPerRow: readonly (readonly unknown[])[],
  rows: readonly number[],
): unknown[] | Promise<unknown[]> {
  if (rows.length === 0) return [];
  const subset = new Array<readonly unknown[]>(rows.length);
  for (let c = 0; c < rows.length; c++) subset[c] = argsPerRow[rows[c]!]!;
  return runner.runMaybeSync(subset);
}

// Continues synchronously when `value` is not a Promise, so synchronous UDFs never pay for a microtask.
function then<T, R>(value: T | Promise<T>, next: (v: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
