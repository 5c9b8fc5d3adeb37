// The `tuple` and `sortedTuple` reducers: all values of a group, ordered by row key (or by a sort key, then row key)
// or by value.

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

/** One row held by `tuple`: its key and value with multiplicity, and its sort key when the grouping has one. */
interface RowCount extends ValueCount {
  key: Key;
  sort?: unknown;
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
 * (sortedTuple), `[value, count, key]` per row (tuple) or `[value, count, key, sort]` per row (tuple under a
 * sort key). The cached result is derived and left out.
 */
export interface CollectSnapshot extends ErrorSnapshot {
  /** Held values or rows with their net multiplicities. */
  entries: (
    | [value: unknown, count: number]
    | [value: unknown, count: number, key: Key]
    | [value: unknown, count: number, key: Key, sort: unknown]
  )[];
}

function byKeyThenValue(a: ValueCount, b: ValueCount): number {
  return compareKeys((a as RowCount).key, (b as RowCount).key) || compareForReducers(a.value, b.value);
}

/** Pathway's order of `tuple` under a grouping's `sort_by`: by (sort key, row key, value). */
function bySortThenKeyThenValue(a: ValueCount, b: ValueCount): number {
  return compareForReducers((a as RowCount).sort, (b as RowCount).sort) || byKeyThenValue(a, b);
}

/** Identity of a (key, sort key, value) row; the sort token is length-prefixed, so the concatenation is unambiguous. */
function sortedRowToken(key: Key, sort: unknown, x: unknown): string {
  const s = valueToken(sort);
  return rowToken(key, x) + '|' + s.length + '|' + s;
}

function byValue(a: ValueCount, b: ValueCount): number {
  return compareForReducers(a.value, b.value);
}

/**
 * Algorithm: updates touch only a hash map (O(1)); `result` sorts the present entries when something
 * changed since the last call (O(n log n), no more than producing the n-element answer costs already).
 * A `tuple` called with a second argument (the grouping's sort key, appended by `reduceTable` for
 * intervalsOver windows, as Pathway's `sort_by`) orders rows by (sort key, row key, value) instead.
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
        const sorted = args.length > 1;
        const token = sorted ? sortedRowToken(key, args[1], x) : rowToken(key, x);
        if (!acc.counts.entries.has(token)) {
          // Pre-seed the entry with its key (and sort key) so the sort can order rows by them.
          const row: RowCount = sorted
            ? { value: x, count: 0, key, sort: args[1] }
            : { value: x, count: 0, key };
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
      const present = [...acc.counts.present()];
      // Rows of one reduction all have a sort key or none; those with one are ordered by it first.
      const first = present[0] as RowCount | undefined;
      present.sort(byRow && first !== undefined && 'sort' in first ? bySortThenKeyThenValue : order);
      const out: unknown[] = [];
      for (const e of present) for (let i = 0; i < e.count; i++) out.push(e.value);
      acc.cached = out;
      return out;
    },
    snapshot(acc): CollectSnapshot {
      const entries: CollectSnapshot['entries'] = [];
      for (const e of acc.counts.entries.values()) {
        const row = e as RowCount;
        if (!byRow) entries.push([e.value, e.count]);
        else if ('sort' in row) entries.push([e.value, e.count, row.key, row.sort]);
        else entries.push([e.value, e.count, row.key]);
      }
      return { ...snapshotErrors(acc), entries };
    },
    restore(saved) {
      const s = saved as CollectSnapshot;
      const counts = new ValueCounts();
      for (const entry of s.entries) {
        const [value, count, key] = entry;
        if (!byRow) counts.restoreEntry(valueToken(value), { value, count });
        else if (entry.length === 4) {
          const sort = entry[3];
          counts.restoreEntry(sortedRowToken(key!, sort, value), { value, count, key, sort } as RowCount);
        } else counts.restoreEntry(rowToken(key!, value), { value, count, key } as RowCount);
      }
      return { counts, cached: null, ...restoreErrors(s) };
    },
  };
}

/**
 * `tuple(x, { skipNones })`: all `x` of the group as an array ordered by row key (as Pathway orders by id),
 * so tuples of several columns of one group line up. args: `[x]`, or `[x, sortKey]` under a grouping's sort key
 * (intervalsOver windows: the row's time), then ordered by (sort key, row key, value) as Pathway's `sort_by`.
 */
export function tuple(options: CollectOptions = {}): ReducerImpl<CollectAcc, unknown> {
  return collectReducer('tuple', true, options);
}

/** `sortedTuple(x, { skipNones })`: all `x` of the group as an array sorted by value. args: `[x]`. */
export function sortedTuple(options: CollectOptions = {}): ReducerImpl<CollectAcc, unknown> {
  return collectReducer('sortedTuple', false, options);
}
