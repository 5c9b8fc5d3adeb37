// Helpers shared by the pathway-parity-*.test.ts ports of Pathway's tests (test_common.py, test_joins.py).
import { tableFromMarkdown as T } from '../testing/index.js';

/** Ids only: a one-column table with these labels, columns dropped (Pathway's T with no columns, then select()). */
export const idsOnly = (...labels: number[]) =>
  T(['  | x', ...labels.map((l) => `${l} | 0`)].join('\n')).select();

/** Rows of `ab()`. */
export type AB = { a: number; b: number };
/** Rows of `cd()`. */
export type CD = { c: number; d: number };

/** `a | b` with a = 11, 12, 13, a4 and b = 111..114, labels 1..4. */
export const ab = (a4 = 14) =>
  T<AB>(`
      | a    | b
    1 | 11   | 111
    2 | 12   | 112
    3 | 13   | 113
    4 | ${a4} | 114`);
/** `c | d` with the given c values and d = 211..214, labels 1..4. */
export const cd = (c: [number, number, number, number]) =>
  T<CD>(`
      | c      | d
    1 | ${c[0]} | 211
    2 | ${c[1]} | 212
    3 | ${c[2]} | 213
    4 | ${c[3]} | 214`);
