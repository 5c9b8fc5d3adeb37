// Builds reducers whose answer is the first element of a ranked multiset (min, argmax, earliest, ...).

import type { Key } from '../../engine/key.js';
import type { ErrorValue } from '../values/error-value.js';
import { findError, groupError, noteError, restoreErrors, snapshotErrors } from './error-tracker.js';
import type { ErrorSnapshot, ErrorState } from './error-tracker.js';
import { RankedMultiset } from './ranked-multiset.js';
import type { EntryOrder, RankedEntry, RankedEntrySnapshot } from './ranked-multiset.js';
import type { ReducerImpl } from './reducer.js';
import { rowToken, valueToken } from './value-token.js';

/** Accumulator of the ranked reducers. */
export interface RankedAcc extends ErrorState {
  /** Distinct values (or rows) present in the group. */
  set: RankedMultiset;
}

/** Checkpoint of a `RankedAcc`: the error state and the multiset's entries (tokens are recomputed on restore). */
export interface RankedSnapshot extends ErrorSnapshot {
  /** `[value, key, time, count]` per distinct element. */
  entries: RankedEntrySnapshot[];
}

/** How a ranked reducer identifies elements and reads its answer. */
export interface RankedSpec<TOut> {
  /** Reducer name. */
  name: string;
  /** Order whose smallest element is the answer. */
  order: EntryOrder;
  /** True when elements are rows (key + value), false when they are bare values. */
  byRow: boolean;
  /** Reads the answer off the first entry. */
  pick: (e: RankedEntry) => TOut;
}

const NO_KEY = '' as Key;

/** A `ReducerImpl` answering with `spec.pick` of the first live element in `spec.order`. */
export function rankedReducer<TOut>(spec: RankedSpec<TOut>): ReducerImpl<RankedAcc, TOut | ErrorValue> {
  const { order, byRow, pick } = spec;
  return {
    name: spec.name,
    create: () => ({ set: new RankedMultiset(order), errorCount: 0, lastError: null }),
    update(acc, args, key, diff, time) {
      const x = args[0];
      const err = findError(args);
      if (err !== null) {
        noteError(acc, err, diff);
        return acc;
      }
      if (byRow) acc.set.add(rowToken(key, x), x, key, time, diff);
      else acc.set.add(valueToken(x), x, NO_KEY, time, diff);
      return acc;
    },
    result(acc) {
      const err = groupError(acc);
      if (err !== null) return err;
      const first = acc.set.first();
      if (first === undefined) {
        throw new Error(
          `${spec.name}: result() asked of an empty group; the table layer must drop empty groups`,
        );
      }
      return pick(first);
    },
    snapshot: (acc): RankedSnapshot => ({ ...snapshotErrors(acc), entries: acc.set.snapshotEntries() }),
    restore(saved) {
      const s = saved as RankedSnapshot;
      const set = new RankedMultiset(order);
      for (const [value, key, time, count] of s.entries) {
        set.restoreEntry(byRow ? rowToken(key, value) : valueToken(value), value, key, time, count);
      }
      return { set, ...restoreErrors(s) };
    },
  };
}
