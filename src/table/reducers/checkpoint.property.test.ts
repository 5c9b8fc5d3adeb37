// Property tests: every reducer's accumulator survives a checkpoint (snapshot → clone → restore).
//
// Properties checked (for each built-in reducer, over random insert/retract sequences cut at a random point):
//  1. The snapshot is plain data: arrays, plain objects, numbers, strings, booleans, null (no class instances,
//     no undefined), so it survives both `structuredClone` and a JSON round trip unchanged.
//  2. Restored accumulators (from the snapshot itself, from its structured clone and from its JSON round trip),
//     fed the same remaining updates as the original, give the same result as the original at every step.
//  3. The snapshot shares nothing with live state: stepping the original or a restored accumulator leaves it
//     unchanged, so it can be restored again.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorValue } from '../values/error-value.js';
import { reducers } from './index.js';
import type { ReducerImpl } from './reducer.js';
import { rowKey } from './test-helpers.js';

const E = new ErrorValue('bad cell');

/** One update: `diff` copies of value `value` of row `row` (retractions only of what is present). */
interface Update {
  row: number;
  value: unknown;
  diff: number;
  time: number;
  /** Read the results after this update. */
  check: boolean;
}

type Op =
  | { kind: 'insert'; row: number; value: unknown; diff: number; check: boolean }
  | { kind: 'retract'; pick: number; amount: number; check: boolean };

/** Turns random ops into a valid update sequence (never retracting more than is present). */
function updatesOf(ops: readonly Op[]): Update[] {
  const present = new Map<string, { row: number; value: unknown; count: number }>();
  const out: Update[] = [];
  let time = 0;
  for (const op of ops) {
    if (op.kind === 'insert') {
      const id = `${op.row}/${op.value === E ? '<E>' : JSON.stringify(op.value)}`;
      const p = present.get(id) ?? { row: op.row, value: op.value, count: 0 };
      p.count += op.diff;
      present.set(id, p);
      out.push({ row: op.row, value: op.value, diff: op.diff, time, check: op.check });
    } else {
      if (present.size === 0) continue;
      const [id, p] = [...present.entries()][op.pick % present.size]!;
      const amount = Math.min(op.amount, p.count);
      p.count -= amount;
      if (p.count === 0) present.delete(id);
      out.push({ row: p.row, value: p.value, diff: -amount, time, check: op.check });
    }
    if (op.check) time++;
  }
  return out;
}

function opsOf(values: fc.Arbitrary<unknown>): fc.Arbitrary<Op[]> {
  const insert = fc.record({
    kind: fc.constant('insert' as const),
    row: fc.integer({ min: 0, max: 5 }),
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
  return fc.array(fc.oneof({ weight: 3, arbitrary: insert }, { weight: 2, arbitrary: retract }), {
    maxLength: 40,
  });
}

/** True when `v` is made only of arrays, plain objects and JSON primitives. */
function isPlainData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(isPlainData);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v).every(isPlainData);
  return false;
}

/** Net multiplicity after each prefix of `updates` (a group is only read while non-empty). */
function netCounts(updates: readonly Update[]): number[] {
  let n = 0;
  return updates.map((u) => (n += u.diff));
}

/** Runs the property for one reducer factory. */
function checkCheckpoint(
  make: () => ReducerImpl<any, unknown>,
  values: fc.Arbitrary<unknown>,
  numRuns = 100,
): void {
  fc.assert(
    fc.property(opsOf(values), fc.nat(), (ops, cutSeed) => {
      const updates = updatesOf(ops);
      const counts = netCounts(updates);
      const cut = cutSeed % (updates.length + 1);
      const r = make();
      const apply = (acc: unknown, u: Update): unknown =>
        r.update(acc, [u.value], rowKey(u.row), u.diff, u.time);
      let original: unknown = r.create();
      for (let i = 0; i < cut; i++) {
        original = apply(original, updates[i]!);
        if (updates[i]!.check && counts[i]! > 0) r.result(original);
      }
      const snap = r.snapshot!(original);
      expect(isPlainData(snap)).toBe(true);
      const frozen = structuredClone(snap);
      const viaJson: unknown = JSON.parse(JSON.stringify(snap));
      expect(viaJson).toEqual(frozen);
      const copies = [r.restore!(snap), r.restore!(structuredClone(snap)), r.restore!(viaJson)];
      const readAll = (): void => {
        const want = r.result(original);
        for (const c of copies) expect(r.result(c)).toEqual(want);
      };
      if (cut > 0 && counts[cut - 1]! > 0) readAll();
      for (let i = cut; i < updates.length; i++) {
        const u = updates[i]!;
        original = apply(original, u);
        for (let j = 0; j < copies.length; j++) copies[j] = apply(copies[j], u);
        if (u.check && counts[i]! > 0) readAll();
      }
      if (counts.at(-1)! > 0) readAll();
      expect(snap).toEqual(frozen);
    }),
    { numRuns },
  );
}

/** A reducer fed `[value, sortKey]` pairs as its two arguments (as `reduceTable` passes a grouping's sort key). */
function withSortKey<TAcc>(r: ReducerImpl<TAcc, unknown>): ReducerImpl<TAcc, unknown> {
  return {
    ...r,
    update: (acc, args, key, diff, time) => r.update(acc, args[0] as unknown[], key, diff, time),
  };
}

const mixedValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c') },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([1, 2], [1], [0, 'x']) },
  { weight: 1, arbitrary: fc.constant(E) },
);

const numbers: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -40, max: 40 }))
      .map(([m, e]) => m * 2 ** e),
  },
  { weight: 1, arbitrary: fc.constant('x') },
  { weight: 1, arbitrary: fc.constant(E) },
);

const smallInts: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: -50, max: 50 }) },
  { weight: 1, arbitrary: fc.constant(E) },
);

class SumAcc {
  constructor(public s: number) {}
  static fromRow(row: unknown[]): SumAcc {
    return new SumAcc(row[0] as number);
  }
  static neutral(): SumAcc {
    return new SumAcc(0);
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

/** Keeps the insertion order (a non-commutative fold): restore must not reorder it. */
class ListAcc {
  constructor(public items: number[]) {}
  static fromRow(row: unknown[]): ListAcc {
    return new ListAcc([row[0] as number]);
  }
  update(o: ListAcc): void {
    this.items.push(...o.items);
  }
  computeResult(): number[] {
    return this.items.slice();
  }
}

/** ListAcc folding each step's rows by value (`sortBy`): pending rows must survive a checkpoint. */
class SortedListAcc extends ListAcc {
  static override fromRow(row: unknown[]): SortedListAcc {
    return new SortedListAcc([row[0] as number]);
  }
  static sortBy(row: unknown[]): unknown {
    return row[0];
  }
}

/** SumAcc with `sortBy`: a step's changes wait for `result`. */
class SortedSumAcc extends SumAcc {
  static override fromRow(row: unknown[]): SortedSumAcc {
    return new SortedSumAcc(row[0] as number);
  }
  static override neutral(): SortedSumAcc {
    return new SortedSumAcc(0);
  }
  static sortBy(row: unknown[]): unknown {
    return row[0];
  }
}

/** State behind a `#private` field: checkpointed through its own snapshot() / static restore(). */
class PrivateSumAcc {
  #s: number;
  constructor(s: number) {
    this.#s = s;
  }
  static fromRow(row: unknown[]): PrivateSumAcc {
    return new PrivateSumAcc(row[0] as number);
  }
  static neutral(): PrivateSumAcc {
    return new PrivateSumAcc(0);
  }
  static restore(saved: unknown): PrivateSumAcc {
    return new PrivateSumAcc((saved as { s: number }).s);
  }
  snapshot(): unknown {
    return { s: this.#s };
  }
  update(o: PrivateSumAcc): void {
    this.#s += o.#s;
  }
  retract(o: PrivateSumAcc): void {
    this.#s -= o.#s;
  }
  computeResult(): number {
    return this.#s;
  }
}

describe('ReducerImpl.snapshot / restore', () => {
  it('are present on every built-in reducer', () => {
    const made: ReducerImpl[] = [
      ...Object.entries(reducers)
        .filter(([name]) => !['udfReducer', 'statefulMany', 'statefulSingle'].includes(name))
        .map(([, make]) => (make as () => ReducerImpl)()),
      reducers.udfReducer(SumAcc),
      reducers.statefulMany(() => 0),
      reducers.statefulSingle(() => 0),
    ];
    for (const r of made) {
      expect(typeof r.snapshot, r.name).toBe('function');
      expect(typeof r.restore, r.name).toBe('function');
    }
  });

  it('keeps the error of a poisoned group as its message', () => {
    const r = reducers.min();
    const acc = r.update(r.create(), [E], rowKey(0), 1, 0);
    const back = r.restore!(JSON.parse(JSON.stringify(r.snapshot!(acc))));
    expect(r.result(back)).toEqual(E);
    expect(r.result(back)).toBeInstanceOf(ErrorValue);
  });

  it('says how to fix user state that cannot be cloned', () => {
    const r = reducers.statefulMany<{ f: () => number }>(() => ({ f: () => 1 }));
    const acc = r.update(r.create(), [1], rowKey(0), 1, 0);
    r.result(acc);
    expect(() => r.snapshot!(acc)).toThrow(/statefulMany: cannot checkpoint.*structured-cloneable/);
  });
});

describe('reducers (property: restored accumulator continues like the original)', () => {
  it('count', () => checkCheckpoint(reducers.count, mixedValues));
  it('sum', () => checkCheckpoint(reducers.sum, numbers));
  it('avg', () => checkCheckpoint(reducers.avg, numbers));
  it('min', () => checkCheckpoint(reducers.min, mixedValues));
  it('max', () => checkCheckpoint(reducers.max, mixedValues));
  it('argmin', () => checkCheckpoint(reducers.argmin, mixedValues));
  it('argmax', () => checkCheckpoint(reducers.argmax, mixedValues));
  it('any', () => checkCheckpoint(reducers.any, mixedValues));
  it('earliest', () => checkCheckpoint(reducers.earliest, mixedValues));
  it('latest', () => checkCheckpoint(reducers.latest, mixedValues));
  it('unique', () => checkCheckpoint(reducers.unique, fc.oneof(fc.constantFrom(1, 2), fc.constant(E))));
  it('tuple', () => checkCheckpoint(reducers.tuple, mixedValues));
  it('tuple with skipNones', () => checkCheckpoint(() => reducers.tuple({ skipNones: true }), mixedValues));
  it('tuple under a sort key', () =>
    checkCheckpoint(
      () => withSortKey(reducers.tuple()),
      fc.tuple(mixedValues, fc.integer({ min: 0, max: 3 })),
    ));
  it('sortedTuple', () => checkCheckpoint(reducers.sortedTuple, mixedValues));
  it('countDistinct', () => checkCheckpoint(reducers.countDistinct, mixedValues));
  it('countDistinctApproximate', () =>
    checkCheckpoint(
      () => reducers.countDistinctApproximate({ precision: 4 }),
      fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(E)),
    ));
  it('udfReducer with retract (fields cloned)', () =>
    checkCheckpoint(() => reducers.udfReducer(SumAcc), smallInts));
  it('udfReducer without retract (rows kept)', () =>
    checkCheckpoint(() => reducers.udfReducer(ListAcc), smallInts));
  it('udfReducer with sortBy, without retract', () =>
    checkCheckpoint(() => reducers.udfReducer(SortedListAcc), smallInts));
  it('udfReducer with sortBy and retract', () =>
    checkCheckpoint(() => reducers.udfReducer(SortedSumAcc), smallInts));
  it('udfReducer with its own snapshot / restore', () =>
    checkCheckpoint(() => reducers.udfReducer(PrivateSumAcc), smallInts));
  it('statefulMany', () =>
    checkCheckpoint(
      () =>
        reducers.statefulMany<{ total: number; seen: number[] }>((state, batch) => {
          const s = state ?? { total: 0, seen: [] };
          // Mutates its state in place: the snapshot must be a copy, not the live object.
          for (const [args, diff] of batch) {
            s.total += (args[0] as number) * diff;
            s.seen.push(diff);
          }
          return s;
        }),
      smallInts,
    ));
  it('statefulSingle', () =>
    checkCheckpoint(
      () => reducers.statefulSingle<number>((state, x) => (state ?? 0) + (x as number)),
      smallInts,
    ));
});
