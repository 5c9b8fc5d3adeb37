// Tests of user-defined reducers: udfReducer (with and without retract) and stateful folds.

import { describe, expect, it } from 'vitest';
import { ErrorValue } from '../values/error-value.js';
import { statefulMany, statefulSingle, udfReducer } from './custom.js';
import type { StatefulRow } from './custom.js';
import { reduce, rowKey } from './test-helpers.js';

/** Pathway's CustomAvgAccumulator doc example, with retract. */
class AvgAcc {
  constructor(
    public sum: number,
    public cnt: number,
  ) {}
  static fromRow(row: unknown[]): AvgAcc {
    return new AvgAcc(row[0] as number, 1);
  }
  update(other: AvgAcc): void {
    this.sum += other.sum;
    this.cnt += other.cnt;
  }
  retract(other: AvgAcc): void {
    this.sum -= other.sum;
    this.cnt -= other.cnt;
  }
  computeResult(): number {
    return this.sum / this.cnt;
  }
}

/** Max without retract: the reducer must keep rows and recompute. */
class MaxAcc {
  static built = 0;
  constructor(public best: number) {
    MaxAcc.built++;
  }
  static fromRow(row: unknown[]): MaxAcc {
    return new MaxAcc(row[0] as number);
  }
  update(other: MaxAcc): void {
    this.best = Math.max(this.best, other.best);
  }
  computeResult(): number {
    return this.best;
  }
}

/** Keeps the order it was fed in; a step's rows are folded by value (`sortBy`). */
class OrderAcc {
  constructor(public items: number[]) {}
  static fromRow(row: unknown[]): OrderAcc {
    return new OrderAcc([row[0] as number]);
  }
  static sortBy(row: unknown[]): unknown {
    return row[0];
  }
  update(other: OrderAcc): void {
    this.items.push(...other.items);
  }
  computeResult(): number[] {
    return this.items;
  }
}

/** OrderAcc that can retract (removes one copy of the value). */
class OrderRetractAcc extends OrderAcc {
  static override fromRow(row: unknown[]): OrderRetractAcc {
    return new OrderRetractAcc([row[0] as number]);
  }
  static neutral(): OrderRetractAcc {
    return new OrderRetractAcc([]);
  }
  retract(other: OrderAcc): void {
    this.items.splice(this.items.indexOf(other.items[0]!), 1);
  }
}

describe('udfReducer with sortBy', () => {
  it("folds a step's rows ordered by sortBy, whatever order they arrive in", () => {
    const r = udfReducer(OrderAcc);
    let acc = r.create();
    for (const [v, id] of [
      [3, 0],
      [1, 1],
      [2, 2],
    ])
      acc = r.update(acc, [v], rowKey(id!), 1, 0);
    expect(r.result(acc)).toEqual([1, 2, 3]);
    // The next step's rows come after the first step's, ordered among themselves.
    acc = r.update(acc, [0], rowKey(3), 1, 1);
    acc = r.update(acc, [-1], rowKey(4), 1, 1);
    expect(r.result(acc)).toEqual([1, 2, 3, -1, 0]);
  });
  it('rebuilds a group after a retraction folding every row by sortBy (no retract)', () => {
    const r = udfReducer(OrderAcc);
    let acc = r.create();
    acc = r.update(acc, [5], rowKey(0), 1, 0);
    acc = r.update(acc, [4], rowKey(1), 1, 0);
    expect(r.result(acc)).toEqual([4, 5]);
    acc = r.update(acc, [1], rowKey(2), 1, 1);
    acc = r.update(acc, [4], rowKey(1), -1, 1);
    expect(r.result(acc)).toEqual([1, 5]);
  });
  it('retracts in sortBy order too, insertions first among equal values', () => {
    const r = udfReducer(OrderRetractAcc);
    let acc = r.create();
    acc = r.update(acc, [2], rowKey(0), 1, 0);
    acc = r.update(acc, [1], rowKey(1), 1, 0);
    expect(r.result(acc)).toEqual([1, 2]);
    acc = r.update(acc, [2], rowKey(0), -1, 1);
    acc = r.update(acc, [2], rowKey(2), 1, 1);
    acc = r.update(acc, [0], rowKey(3), 1, 1);
    // 0 first; then the insertion of 2 before the retraction of 2 (which removes the first copy).
    expect(r.result(acc)).toEqual([1, 0, 2]);
  });
  it('makes the result an error when sortBy throws', () => {
    class Bad extends OrderAcc {
      static override sortBy(): unknown {
        throw new Error('no order');
      }
    }
    const r = udfReducer(Bad, 'Bad');
    const acc = r.update(r.create(), [1], rowKey(0), 1, 0);
    const out = r.result(acc);
    expect(out).toBeInstanceOf(ErrorValue);
    expect((out as ErrorValue).message).toMatch(/Bad: user accumulator threw: no order/);
  });
});

describe('udfReducer', () => {
  it('computes the Pathway custom average example, with retraction', () => {
    const r = udfReducer(AvgAcc);
    expect(
      reduce(r, [
        [[1], 1, 1],
        [[3], 2, 1],
        [[8], 3, 1],
        [[8], 3, -1],
      ]),
    ).toBe(2);
  });
  it('keeps the other rows when a retraction comes before its insertion (the count passes 0 within a step)', () => {
    const r = udfReducer(AvgAcc);
    // Row 1 (10) is in; row 2 (3) is retracted, then inserted again, in one step: the average is still 10 and 3.
    expect(
      reduce(r, [
        [[10], 1, 1],
        [[3], 2, -1],
        [[3], 2, 1],
      ]),
    ).toBe(10);
  });

  it('recomputes from stored rows when the accumulator has no retract', () => {
    const r = udfReducer(MaxAcc);
    expect(
      reduce(r, [
        [[1], 1, 1],
        [[9], 2, 1],
        [[4], 3, 1],
        [[9], 2, -1],
      ]),
    ).toBe(4);
  });
  it('returns an error value while an argument is an error', () => {
    const e = new ErrorValue('bad');
    expect(
      reduce(udfReducer(AvgAcc), [
        [[1], 1, 1],
        [[e], 2, 1],
      ]),
    ).toBe(e);
    expect(
      reduce(udfReducer(AvgAcc), [
        [[1], 1, 1],
        [[e], 2, 1],
        [[e], 2, -1],
      ]),
    ).toBe(1);
  });
  it('turns an exception in user code into an error value', () => {
    class Throws extends MaxAcc {
      static override fromRow(): MaxAcc {
        throw new Error('boom');
      }
    }
    const out = reduce(udfReducer(Throws), [[[1], 1, 1]]);
    expect(out).toBeInstanceOf(ErrorValue);
    expect((out as ErrorValue).message).toMatch(/boom/);
  });
});

describe('statefulMany', () => {
  it('folds each epoch batch of changes into the state', () => {
    const batches: StatefulRow[][] = [];
    const r = statefulMany<number>((state, rows) => {
      batches.push(rows);
      let s = state ?? 0;
      for (const [args, diff] of rows) s += (args[0] as number) * diff;
      return s;
    });
    let acc = r.create();
    acc = r.update(acc, [3], rowKey(1), 1, 2);
    acc = r.update(acc, [4], rowKey(2), 1, 2);
    expect(r.result(acc)).toBe(7);
    acc = r.update(acc, [3], rowKey(1), -1, 4);
    expect(r.result(acc)).toBe(4);
    expect(batches).toEqual([
      [
        [[3], 1],
        [[4], 1],
      ],
      [[[3], -1]],
    ]);
  });
});

describe('statefulSingle', () => {
  it('calls combine once per inserted row with the arguments spread', () => {
    const r = statefulSingle<number>((state, a, b) => (state ?? 0) + (a as number) * (b as number));
    expect(
      reduce(r, [
        [[2, 3], 1, 1],
        [[1, 1], 2, 2],
      ]),
    ).toBe(8);
  });
  it('reports a retraction as an error value', () => {
    const r = statefulSingle<number>((state, a) => (state ?? 0) + (a as number));
    const out = reduce(r, [
      [[2], 1, 1],
      [[2], 1, -1],
    ]);
    expect(out).toBeInstanceOf(ErrorValue);
    expect((out as ErrorValue).message).toMatch(/insertions only/);
  });
});
