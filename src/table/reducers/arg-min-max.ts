// The `argmin`, `argmax` and `any` reducers: answers read off one chosen row of the group.

import type { Key } from '../../engine/key.js';
import type { ErrorValue } from '../values/error-value.js';
import { compareForReducers, compareKeys } from './compare.js';
import type { RankedEntry } from './ranked-multiset.js';
import { rankedReducer } from './ranked-reducer.js';
import type { RankedAcc } from './ranked-reducer.js';
import type { ReducerImpl } from './reducer.js';

function minByValueThenKey(a: RankedEntry, b: RankedEntry): number {
  return compareForReducers(a.value, b.value) || compareKeys(a.key, b.key);
}

function maxByValueThenKey(a: RankedEntry, b: RankedEntry): number {
  return compareForReducers(b.value, a.value) || compareKeys(a.key, b.key);
}

function byKeyThenValue(a: RankedEntry, b: RankedEntry): number {
  return compareKeys(a.key, b.key) || compareForReducers(a.value, b.value);
}

const pickKey = (e: RankedEntry): Key => e.key;

/** `argmin(x)`: key of the row with the smallest `x`; ties go to the smallest key. args: `[x]`. */
export function argmin(): ReducerImpl<RankedAcc, Key | ErrorValue> {
  return rankedReducer<Key>({ name: 'argmin', order: minByValueThenKey, byRow: true, pick: pickKey });
}

/** `argmax(x)`: key of the row with the largest `x`; ties go to the smallest key. args: `[x]`. */
export function argmax(): ReducerImpl<RankedAcc, Key | ErrorValue> {
  return rankedReducer<Key>({ name: 'argmax', order: maxByValueThenKey, byRow: true, pick: pickKey });
}

/** `any(x)`: some `x` of the group, chosen deterministically as the one of the smallest row key. args: `[x]`. */
export function any(): ReducerImpl<RankedAcc, unknown> {
  return rankedReducer<unknown>({ name: 'any', order: byKeyThenValue, byRow: true, pick: (e) => e.value });
}

function pairOrder(sign: 1 | -1) {
  return (a: RankedEntry, b: RankedEntry): number => {
    const x = a.value as readonly unknown[];
    const y = b.value as readonly unknown[];
    return (
      sign * compareForReducers(x[0], y[0]) || compareForReducers(x[1], y[1]) || compareKeys(a.key, b.key)
    );
  };
}

/**
 * `argmin(x, id)` (Pathway's `argmin(x, id=col)`): `id` of the row with the smallest `x`; ties go to the smallest
 * `id`. args: `[[x, id]]` (one tuple).
 */
export function argminBy(): ReducerImpl<RankedAcc, unknown> {
  return rankedReducer<unknown>({
    name: 'argmin',
    order: pairOrder(1),
    byRow: true,
    pick: (e) => (e.value as unknown[])[1],
  });
}

/** `argmax(x, id)`: `id` of the row with the largest `x`; ties go to the smallest `id`. args: `[[x, id]]`. */
export function argmaxBy(): ReducerImpl<RankedAcc, unknown> {
  return rankedReducer<unknown>({
    name: 'argmax',
    order: pairOrder(-1),
    byRow: true,
    pick: (e) => (e.value as unknown[])[1],
  });
}
