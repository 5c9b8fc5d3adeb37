// Helpers shared by the pathway-parity-*.test.ts ports of Pathway's test_common.py tests.
import { tableFromMarkdown as T } from '../testing/index.js';

/** Ids only: a one-column table with these labels, columns dropped (Pathway's T with no columns, then select()). */
export const idsOnly = (...labels: number[]) =>
  T(['  | x', ...labels.map((l) => `${l} | 0`)].join('\n')).select();
