// Property tests: every reducer, fed random insert/retract sequences, matches recomputation from scratch.
//
// Properties checked (for each reducer, after every epoch of a random sequence of insertions and
// retractions of rows (key, value) with multiplicities, never retracting more than is present):
//  1. count, countDistinct, unique, min, max, argmin, argmax, any, tuple, sortedTuple, earliest, latest:
//     `result(acc)` equals the reducer computed naively over the current multiset of rows.
//  2. sum and avg: the result equals the correctly rounded exact sum (BigInt reference), so it is
//     independent of update order and insert-then-retract returns to the same value bit for bit.
//  3. countDistinctApproximate: equals the estimate of a sketch built from scratch over the present values.
//  4. udfReducer (with retract, and without retract → recomputation) and statefulMany: equal the fold
//     over the current rows.
//  5. Errors: while a row with an ErrorValue argument is present, every reducer but count returns an ErrorValue.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../engine/key.js';
import { ErrorValue, isError } from '../values/error-value.js';
import { compareForReducers, compareKeys } from './compare.js';
import { reducers } from './index.js';
import type { ReducerImpl } from './reducer.js';
import { rowKey } from './test-helpers.js';

const E = new ErrorValue('bad cell');

/** A present row of the model multiset. */
interface ModelRow {
  key: Key;
  value: unknown;
  count: number;
  time: number;
}

/** A random operation: insert `diff` copies of (row, value), or retract some of the `pick`-th present row. */
type Op =
  | { kind: 'insert'; row: number; value: unknown; diff: number; check: boolean }
  | { kind: 'retract'; pick: number; amount: number; check: boolean };

function opsOf(values: fc.Arbitrary<unknown>): fc.Arbitrary<Op[]> {
  const insert = fc.record({
    kind: fc.constant('insert' as const),
    row: fc.integer({ min: 0, max: 6 }),
    value: values,
    diff: fc.integer({ min: 1, max: 3 }),
    check: fc.boolean(),
  });
  const retract = fc.record({
    kind: fc.constant('retract' as const),
    pick: fc.nat(),
    amount: fc.integer({ min: 1, max: 3 }),
    check: fc.boolean(),
  });
  return fc.array(fc.oneof(insert, retract), { maxLength: 40 });
}

const mixedValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([1, 2], [1], [0, 'x']) },
  { weight: 1, arbitrary: fc.constant(E) },
);

/** Runs `ops` through reducer `r`, and after every checked epoch compares with `reference(rows)`. */
function checkAgainstModel<TOut>(
  make: () => ReducerImpl<any, TOut>,
  values: fc.Arbitrary<unknown>,
  reference: (rows: ModelRow[]) => unknown,
  ignoresErrors = false,
): void {
  fc.assert(
    fc.property(opsOf(values), (ops) => {
      const r = make();
      let acc = r.create();
      const model = new Map<string, ModelRow>();
      let time = 0;
      for (const op of ops) {
        if (op.kind === 'insert') {
          const key = rowKey(op.row);
          const id = key + JSON.stringify(op.value === E ? '<E>' : op.value);
          let row = model.get(id);
          if (row === undefined) model.set(id, (row = { key, value: op.value, count: 0, time }));
          row.count += op.diff;
          acc = r.update(acc, [op.value], key, op.diff, time);
        } else {
          if (model.size === 0) continue;
          const [id, row] = [...model.entries()][op.pick % model.size]!;
          const amount = Math.min(op.amount, row.count);
          row.count -= amount;
          if (row.count === 0) model.delete(id);
          acc = r.update(acc, [row.value], row.key, -amount, time);
        }
        if (!op.check || model.size === 0) continue;
        time++;
        const rows = [...model.values()];
        const out = r.result(acc);
        if (ignoresErrors) expect(out).toEqual(reference(rows));
        else if (rows.some((x) => isError(x.value))) expect(isError(out)).toBe(true);
        else expect(out).toEqual(reference(rows));
      }
    }),
    { numRuns: 200 },
  );
}

function expand(rows: ModelRow[]): unknown[] {
  return rows.flatMap((x) => Array.from({ length: x.count }, () => x.value));
}

function firstBy(rows: ModelRow[], order: (a: ModelRow, b: ModelRow) => number): ModelRow {
  return [...rows].sort(order)[0]!;
}

const distinctOf = (rows: ModelRow[]): unknown[] => [
  ...new Map(rows.map((x) => [JSON.stringify(x.value), x.value])).values(),
];

describe('reducers (property: incremental equals recomputation)', () => {
  it('count', () => checkAgainstModel(reducers.count, mixedValues, (rows) => expand(rows).length, true));
  it('min', () =>
    checkAgainstModel(reducers.min, mixedValues, (rows) => expand(rows).sort(compareForReducers)[0]));
  it('max', () =>
    checkAgainstModel(reducers.max, mixedValues, (rows) => expand(rows).sort(compareForReducers).at(-1)));
  it('argmin', () =>
    checkAgainstModel(
      reducers.argmin,
      mixedValues,
      (rows) =>
        firstBy(rows, (a, b) => compareForReducers(a.value, b.value) || compareKeys(a.key, b.key)).key,
    ));
  it('argmax', () =>
    checkAgainstModel(
      reducers.argmax,
      mixedValues,
      (rows) =>
        firstBy(rows, (a, b) => compareForReducers(b.value, a.value) || compareKeys(a.key, b.key)).key,
    ));
  it('any', () =>
    checkAgainstModel(
      reducers.any,
      mixedValues,
      (rows) =>
        firstBy(rows, (a, b) => compareKeys(a.key, b.key) || compareForReducers(a.value, b.value)).value,
    ));
  it('earliest', () =>
    checkAgainstModel(
      reducers.earliest,
      mixedValues,
      (rows) =>
        firstBy(
          rows,
          (a, b) => a.time - b.time || compareKeys(a.key, b.key) || compareForReducers(a.value, b.value),
        ).value,
    ));
  it('latest', () =>
    checkAgainstModel(
      reducers.latest,
      mixedValues,
      (rows) =>
        firstBy(
          rows,
          (a, b) => b.time - a.time || compareKeys(b.key, a.key) || compareForReducers(a.value, b.value),
        ).value,
    ));
  it('unique', () =>
    checkAgainstModel(reducers.unique, fc.oneof(fc.constantFrom(1, 2), fc.constant(E)), (rows) => {
      const d = distinctOf(rows);
      return d.length === 1 ? d[0] : expect.any(ErrorValue);
    }));
  it('tuple', () =>
    checkAgainstModel(reducers.tuple, mixedValues, (rows) =>
      expand([...rows].sort((a, b) => compareKeys(a.key, b.key) || compareForReducers(a.value, b.value))),
    ));
  it('tuple with skipNones', () =>
    checkAgainstModel(
      () => reducers.tuple({ skipNones: true }),
      mixedValues,
      (rows) =>
        expand(
          [...rows].sort((a, b) => compareKeys(a.key, b.key) || compareForReducers(a.value, b.value)),
        ).filter((v) => v !== null),
    ));
  it('sortedTuple', () =>
    checkAgainstModel(reducers.sortedTuple, mixedValues, (rows) => expand(rows).sort(compareForReducers)));
  it('countDistinct', () =>
    checkAgainstModel(reducers.countDistinct, mixedValues, (rows) => distinctOf(rows).length));
  it('countDistinctApproximate', () =>
    checkAgainstModel(
      () => reducers.countDistinctApproximate({ precision: 4 }),
      fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(E)),
      (rows) => {
        const fresh = reducers.countDistinctApproximate({ precision: 4 });
        let acc = fresh.create();
        for (const v of distinctOf(rows)) acc = fresh.update(acc, [v], rowKey(0), 1, 0);
        return fresh.result(acc);
      },
    ));
});

/** Doubles m·2^e with |e| ≤ 60, so the exact sum is a BigInt scaled by 2^60. */
const scaledDoubles = fc
  .tuple(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -60, max: 40 }))
  .map(([m, e]) => m * 2 ** e);

function exactSum(rows: ModelRow[]): number {
  let s = 0n;
  for (const x of rows) s += BigInt((x.value as number) * 2 ** 60) * BigInt(x.count);
  return Number(s) * 2 ** -60; // Number(bigint) rounds correctly; the power-of-two scaling is exact.
}

describe('sum / avg (property: exact, order independent)', () => {
  it('sum equals the correctly rounded exact sum', () =>
    checkAgainstModel(
      reducers.sum,
      fc.oneof({ weight: 9, arbitrary: scaledDoubles }, { weight: 1, arbitrary: fc.constant(E) }),
      exactSum,
    ));
  it('avg equals the exact sum over the count', () =>
    checkAgainstModel(
      reducers.avg,
      scaledDoubles,
      (rows) => exactSum(rows) / rows.reduce((n, x) => n + x.count, 0),
    ));
});

class SumAcc {
  constructor(public s: number) {}
  static fromRow(row: unknown[]): SumAcc {
    return new SumAcc(row[0] as number);
  }
  update(o: SumAcc): void {
    this.s += o.s;
  }
  retract(o: SumAcc): void {
    this.s -= o.s;
  }
  computeResult(): number {
    return this.s;
  }
}

class MaxAcc {
  constructor(public m: number) {}
  static fromRow(row: unknown[]): MaxAcc {
    return new MaxAcc(row[0] as number);
  }
  update(o: MaxAcc): void {
    this.m = Math.max(this.m, o.m);
  }
  computeResult(): number {
    return this.m;
  }
}

const smallInts = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: -50, max: 50 }) },
  { weight: 1, arbitrary: fc.constant(E) },
);
const intSum = (rows: ModelRow[]): number => rows.reduce((s, x) => s + (x.value as number) * x.count, 0);

describe('custom reducers (property: equal the fold over current rows)', () => {
  it('udfReducer with retract', () =>
    checkAgainstModel(() => reducers.udfReducer(SumAcc), smallInts, intSum));
  it('udfReducer without retract recomputes', () =>
    checkAgainstModel(
      () => reducers.udfReducer(MaxAcc),
      smallInts,
      (rows) => Math.max(...rows.map((x) => x.value as number)),
    ));
  it('statefulMany', () =>
    checkAgainstModel(
      () =>
        reducers.statefulMany<number>((state, batch) =>
          batch.reduce((s, [args, diff]) => s + (args[0] as number) * diff, state ?? 0),
        ),
      smallInts,
      intSum,
    ));
});
