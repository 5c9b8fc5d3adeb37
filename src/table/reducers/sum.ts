// The `sum` and `avg` reducers over numbers, exact under retraction.

import { ErrorValue } from '../values/error-value.js';
import { findError, groupError, noteError, restoreErrors, snapshotErrors } from './error-tracker.js';
import type { ErrorSnapshot, ErrorState } from './error-tracker.js';
import { ExactSum } from './exact-sum.js';
import type { ExactSumSnapshot } from './exact-sum.js';
import type { ReducerImpl } from './reducer.js';

/** Accumulator of `sum` and `avg`. */
export interface SumAcc extends ErrorState {
  /** Exact sum of the numeric arguments. */
  sum: ExactSum;
  /** Net number of non-error rows. */
  n: number;
  /** Net number of rows whose argument is not a number, and the type of the last one. */
  badCount: number;
  badType: string;
}

function createSumAcc(): SumAcc {
  return { sum: new ExactSum(), n: 0, badCount: 0, badType: '', errorCount: 0, lastError: null };
}

/** Checkpoint of a `SumAcc`. */
export interface SumSnapshot extends ErrorSnapshot {
  /** The exact sum's state. */
  sum: ExactSumSnapshot;
  n: number;
  badCount: number;
  badType: string;
}

function snapshotSum(acc: SumAcc): SumSnapshot {
  return {
    ...snapshotErrors(acc),
    sum: acc.sum.snapshot(),
    n: acc.n,
    badCount: acc.badCount,
    badType: acc.badType,
  };
}

function restoreSum(saved: unknown): SumAcc {
  const s = saved as SumSnapshot;
  return {
    sum: ExactSum.restore(s.sum),
    n: s.n,
    badCount: s.badCount,
    badType: s.badType,
    ...restoreErrors(s),
  };
}

function updateSum(acc: SumAcc, args: readonly unknown[], diff: number): SumAcc {
  const x = args[0];
  if (typeof x === 'number') {
    acc.sum.add(x, diff);
    acc.n += diff;
    return acc;
  }
  const err = findError(args);
  if (err !== null) {
    noteError(acc, err, diff);
    return acc;
  }
  acc.badCount += diff;
  acc.badType = x === null ? 'None' : typeof x;
  acc.n += diff;
  return acc;
}

function sumProblem(acc: SumAcc, name: string): ErrorValue | null {
  const err = groupError(acc);
  if (err !== null) return err;
  if (acc.badCount > 0) {
    return new ErrorValue(
      `${name}: expected numbers but got a value of type ${acc.badType}; filter or convert the column before reducing`,
    );
  }
  return null;
}

/**
 * `sum(x)`: sum of `x` over the group. args: `[x]`, a number. The sum is exact and rounded once, so
 * integers stay exact (up to 2^53) and floats do not drift under insert/retract.
 */
export function sum(): ReducerImpl<SumAcc, number | ErrorValue> {
  return {
    name: 'sum',
    create: createSumAcc,
    update: (acc, args, _key, diff) => updateSum(acc, args, diff),
    result: (acc) => sumProblem(acc, 'sum') ?? acc.sum.value(),
    snapshot: snapshotSum,
    restore: restoreSum,
  };
}

/** `avg(x)`: mean of `x` over the group (exact sum divided by the row count). args: `[x]`, a number. */
export function avg(): ReducerImpl<SumAcc, number | ErrorValue> {
  return {
    name: 'avg',
    create: createSumAcc,
    update: (acc, args, _key, diff) => updateSum(acc, args, diff),
    result: (acc) => sumProblem(acc, 'avg') ?? acc.sum.value() / acc.n,
    snapshot: snapshotSum,
    restore: restoreSum,
  };
}
