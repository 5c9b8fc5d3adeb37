// The `tuple` and `sortedTuple` reducers: all values of a group, ordered by row key or by value.

import type { Key } from '../../engine/key.js';
import { findError, groupError, noteError, restoreErrors, snapshotErrors } from './error-tracker.js';
import type { ErrorSnapshot, ErrorState } from './error-tracker.js';
import { compareForReducers, compareKeys } from './compare.js';
import type { ReducerImpl } from './reducer.js';
import { ValueCounts } from './value-counts.js';
import type { ValueCount } from './value-counts.js';
import { rowToken, valueToken } from './value-token.js';

/** Options of `tuple` and `sortedTuple`. */
export interface CollectOptions {
  /** Leave None values out of the result (Pathway's `skip_nones`). */
  skipNones?: boolean;
}

/** One row held by `tuple`: its key and value with multiplicity. */
interface RowCount extends ValueCount {
  key: Key;
}

/** Accumulator of `tuple` and `sortedTuple`. */
export interface CollectAcc extends ErrorState {
  /** Rows (tuple) or distinct values (sortedTuple) with multiplicities. */
  counts: ValueCounts;
  /** The last result; null after any change (the sort is redone lazily, once per changed epoch). */
  cached: readonly unknown[] | null;
}

/**
 * Checkpoint of a `CollectAcc`: the error state and, in map order, `[value, count]` per distinct value
 * (sortedTuple) or `[value, count, key]` per row (tuple). The cached result is derived and left out.
 */
export interface CollectSnapshot extends ErrorSnapshot {
  /** Held values or rows with their net multiplicities. */
  entries: ([value: unknown, count: number] | [value: unknown, count: number, key: Key])[];
}

function byKeyThenValue(a: ValueCount, b: ValueCount): number {
  return compareKeys((a as RowCount).key, (b as RowCount).key) || compareForReducers(a.value, b.value);
}

function byValue(a: ValueCount, b: ValueCount): number {
  return compareForReducers(a.value, b.value);
}

/**
 * Algorithm: updates touch only a hash map (O(1)); `result` sorts the present entries when something
 * changed since the last call (O(n log n), no more than producing the n-element answer costs already).
 */
function collectReducer(
  name: string,
  byRow: boolean,
  options: CollectOptions,
): ReducerImpl<CollectAcc, unknown> {
  const skipNones = options.skipNones ?? false;
  const order = byRow ? byKeyThenValue : byValue;
  return {
    name,
    create: () => ({ counts: new ValueCounts(), cached: null, errorCount: 0, lastError: null }),
    update(acc, args, key, diff) {
      const err = findError(args);
      if (err !== null) {
        noteError(acc, err, diff);
        return acc;
      }
      const x = args[0];
      if (skipNones && (x === null || x === undefined)) return acc;
      acc.cached = null;
      if (byRow) {
        const token = rowToken(key, x);
        if (!acc.counts.entries.has(token)) {
          // Pre-seed the entry with its key so the sort can order rows by key.
          const row: RowCount = { value: x, count: 0, key };
          acc.counts.entries.set(token, row);
        }
        acc.counts.add(token, x, diff);
      } else {
        acc.counts.add(valueToken(x), x, diff);
      }
      return acc;
    },
    result(acc) {
      const err = groupError(acc);
      if (err !== null) return err;
      if (acc.cached !== null) return acc.cached;
      const present = [...acc.counts.present()].sort(order);
      const out: unknown[] = [];
      for (const e of present) for (let i = 0; i < e.count; i++) out.push(e.value);
      acc.cached = out;
      return out;
    },
    snapshot(acc): CollectSnapshot {
      const entries: CollectSnapshot['entries'] = [];
      for (const e of acc.counts.entries.values()) {
        entries.push(byRow ? [e.value, e.count, (e as RowCount).key] : [e.value, e.count]);
      }
      return { ...snapshotErrors(acc), entries };
    },
    restore(saved) {
      const s = saved as CollectSnapshot;
      const counts = new ValueCounts();
      for (const [value, count, key] of s.entries) {
        if (byRow) counts.restoreEntry(rowToken(key!, value), { value, count, key } as RowCount);
        else counts.restoreEntry(valueToken(value), { value, count });
      }
      return { counts, cached: null, ...restoreErrors(s) };
    },
  };
}

/**
 * `tuple(x, { skipNones })`: all `x` of the group as an array ordered by row key (as Pathway orders by id),
 * so tuples of several columns of one group line up. args: `[x]`.
 */
export function tuple(options: CollectOptions = {}): ReducerImpl<CollectAcc, unknown> {
  return collectReducer('tuple', true, options);
}

/** `sortedTuple(x, { skipNones })`: all `x` of the group as an array sorted by value. args: `[x]`. */
export function sortedTuple(options: CollectOptions = {}): ReducerImpl<CollectAcc, unknown> {
  return collectReducer('sortedTuple', false, options);
}
