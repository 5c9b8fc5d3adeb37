// Orders used by the reducers: values by the table layer's total order, keys as the numbers they print as.

import type { Key } from '../../engine/key.js';
import { compareValues } from '../values/compare.js';

/** Total order over row values (the same as `compareValues`, shared with sort and comparisons). */
export const compareForReducers: (a: unknown, b: unknown) => number = compareValues;

/** Orders keys as the unsigned 128-bit numbers they print as (code unit 7 is the most significant). */
export function compareKeys(a: Key, b: Key): number {
  for (let i = 7; i >= 0; i--) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
