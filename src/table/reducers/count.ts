// The `count` reducer: the net number of rows in a group.

import type { ReducerImpl } from './reducer.js';

/** Accumulator of `count`: a boxed counter. */
export interface CountAcc {
  /** Net multiplicity of the group. */
  n: number;
}

/** `count()`: number of rows in the group (Pathway's `pw.reducers.count`). Takes no arguments. */
export function count(): ReducerImpl<CountAcc, number> {
  return {
    name: 'count',
    create: () => ({ n: 0 }),
    update(acc, _args, _key, diff) {
      acc.n += diff;
      return acc;
    },
    result: (acc) => acc.n,
    snapshot: (acc) => acc.n,
    restore: (saved) => ({ n: saved as number }),
  };
}
