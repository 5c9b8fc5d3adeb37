// The `earliest` and `latest` reducers: the value of the row that arrived first / last (by epoch time).

import type { ErrorValue } from '../values/error-value.js';
import { compareForReducers, compareKeys } from './compare.js';
import type { RankedEntry } from './ranked-multiset.js';
import { rankedReducer } from './ranked-reducer.js';
import type { RankedAcc } from './ranked-reducer.js';
import type { ReducerImpl } from './reducer.js';

// A row's time is the epoch at which it last became present. Ties on time go, as in Pathway, to the smallest key for
// earliest and to the greatest key for latest (then to the value).
function earliestFirst(a: RankedEntry, b: RankedEntry): number {
  return a.time - b.time || compareKeys(a.key, b.key) || compareForReducers(a.value, b.value);
}

function latestFirst(a: RankedEntry, b: RankedEntry): number {
  return b.time - a.time || compareKeys(b.key, a.key) || compareForReducers(a.value, b.value);
}

const pickValue = (e: RankedEntry): unknown => e.value;

/**
 * `earliest(x)`: `x` of the present row that arrived at the smallest epoch time; when that row is
 * retracted the next earliest takes over. args: `[x]`.
 */
export function earliest(): ReducerImpl<RankedAcc, unknown | ErrorValue> {
  return rankedReducer<unknown>({ name: 'earliest', order: earliestFirst, byRow: true, pick: pickValue });
}

/** `latest(x)`: `x` of the present row that arrived at the largest epoch time. args: `[x]`. */
export function latest(): ReducerImpl<RankedAcc, unknown | ErrorValue> {
  return rankedReducer<unknown>({ name: 'latest', order: latestFirst, byRow: true, pick: pickValue });
}
