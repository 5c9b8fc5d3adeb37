// The `unique` reducer: the group's single distinct value, or an error when there are several.

import { ErrorValue } from '../values/error-value.js';
import { findError, groupError, noteError, restoreErrors, snapshotErrors } from './error-tracker.js';
import type { ErrorSnapshot, ErrorState } from './error-tracker.js';
import type { ReducerImpl } from './reducer.js';
import { ValueCounts } from './value-counts.js';
import { valueToken } from './value-token.js';

/** Accumulator of `unique` and `countDistinct`. */
export interface DistinctAcc extends ErrorState {
  /** Multiset of the argument values. */
  counts: ValueCounts;
}

/** Creates an empty distinct-values accumulator. */
export function createDistinctAcc(): DistinctAcc {
  return { counts: new ValueCounts(), errorCount: 0, lastError: null };
}

/** Applies one change to a distinct-values accumulator; returns the ValueCounts transition (+1, -1, 0). */
export function updateDistinct(acc: DistinctAcc, args: readonly unknown[], diff: number): number {
  const err = findError(args);
  if (err !== null) {
    noteError(acc, err, diff);
    return 0;
  }
  const x = args[0];
  return acc.counts.add(valueToken(x), x, diff);
}

/** Checkpoint of a `DistinctAcc`: the error state and `[value, count]` per distinct value, in map order. */
export interface DistinctSnapshot extends ErrorSnapshot {
  /** Values with their net multiplicities (a negative count is a pending retraction). */
  entries: [value: unknown, count: number][];
}

/** Checkpoint of a distinct-values accumulator. */
export function snapshotDistinct(acc: DistinctAcc): DistinctSnapshot {
  const entries: [unknown, number][] = [];
  for (const e of acc.counts.entries.values()) entries.push([e.value, e.count]);
  return { ...snapshotErrors(acc), entries };
}

/** Rebuilds a distinct-values accumulator from `snapshotDistinct`'s output. */
export function restoreDistinct(saved: unknown): DistinctAcc {
  const s = saved as DistinctSnapshot;
  const counts = new ValueCounts();
  for (const [value, count] of s.entries) counts.restoreEntry(valueToken(value), { value, count });
  return { counts, ...restoreErrors(s) };
}

/**
 * `unique(x)`: the one distinct `x` of the group; an ErrorValue when the group holds two or more
 * distinct values (Pathway's `pw.reducers.unique`). args: `[x]`.
 */
export function unique(): ReducerImpl<DistinctAcc, unknown> {
  return {
    name: 'unique',
    create: createDistinctAcc,
    update(acc, args, _key, diff) {
      updateDistinct(acc, args, diff);
      return acc;
    },
    result(acc) {
      const err = groupError(acc);
      if (err !== null) return err;
      if (acc.counts.distinct > 1) {
        return new ErrorValue(
          `unique: the group holds ${acc.counts.distinct} distinct values, expected one; use any() or tuple() to keep several`,
        );
      }
      for (const e of acc.counts.present()) return e.value;
      throw new Error('unique: result() asked of an empty group; the table layer must drop empty groups');
    },
    snapshot: snapshotDistinct,
    restore: restoreDistinct,
  };
}
