// The `min` and `max` reducers, correct under retraction.

import type { ErrorValue } from '../values/error-value.js';
import { compareForReducers } from './compare.js';
import type { RankedEntry } from './ranked-multiset.js';
import { rankedReducer } from './ranked-reducer.js';
import type { RankedAcc } from './ranked-reducer.js';
import type { ReducerImpl } from './reducer.js';

const ascending = (a: RankedEntry, b: RankedEntry): number => compareForReducers(a.value, b.value);
const descending = (a: RankedEntry, b: RankedEntry): number => compareForReducers(b.value, a.value);
const pickValue = (e: RankedEntry): unknown => e.value;

/** `min(x)`: smallest `x` in the group (order of `compareForReducers`). args: `[x]`. */
export function min(): ReducerImpl<RankedAcc, unknown> {
  return rankedReducer<unknown>({ name: 'min', order: ascending, byRow: false, pick: pickValue });
}

/** `max(x)`: largest `x` in the group. args: `[x]`. */
export function max(): ReducerImpl<RankedAcc, unknown | ErrorValue> {
  return rankedReducer<unknown>({ name: 'max', order: descending, byRow: false, pick: pickValue });
}
