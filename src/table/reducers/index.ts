// Causeway's reducers (Pathway's `pw.reducers`): factories of incremental ReducerImpl accumulators.

import { any, argmax, argmin } from './arg-min-max.js';
import { sortedTuple, tuple } from './collect.js';
import { count } from './count.js';
import { countDistinct, countDistinctApproximate } from './count-distinct.js';
import { statefulMany, statefulSingle, udfReducer } from './custom.js';
import { earliest, latest } from './earliest-latest.js';
import { max, min } from './min-max.js';
import { avg, sum } from './sum.js';
import { unique } from './unique.js';

/** Every built-in reducer factory by its Pathway name in camelCase (`reducers.sortedTuple()`). */
export const reducers = {
  count,
  sum,
  avg,
  min,
  max,
  argmin,
  argmax,
  any,
  unique,
  tuple,
  sortedTuple,
  countDistinct,
  countDistinctApproximate,
  earliest,
  latest,
  udfReducer,
  statefulMany,
  statefulSingle,
} as const;

export type { ReducerImpl, ReducerInput } from './reducer.js';
export type { CollectOptions } from './collect.js';
export type { CountDistinctApproximateOptions } from './count-distinct.js';
export type { CustomAccumulator, CustomAccumulatorClass, StatefulRow } from './custom.js';
export { compareForReducers, compareKeys } from './compare.js';
