// Ports of Pathway's test_reducers.py tests (custom and stateful reducers, reducers on append-only and updated tables), named after them.
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamEquality,
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoTypes,
  tableFromRows,
  tableFromMarkdown as T,
} from '../testing/index.js';
import type { StatefulRow } from './reducers/index.js';

afterEach(() => cw.clearGraph());

class CustomCntAccumulator {
  constructor(public cnt: number) {}
  static fromRow(): CustomCntAccumulator {
    return new CustomCntAccumulator(1);
  }
  update(other: CustomCntAccumulator): void {
    this.cnt += other.cnt;
  }
  computeResult(): number {
    return this.cnt;
  }
}

class CustomCntWithRetractAccumulator extends CustomCntAccumulator {
  static override fromRow(): CustomCntWithRetractAccumulator {
    return new CustomCntWithRetractAccumulator(1);
  }
  retract(other: CustomCntAccumulator): void {
    this.cnt -= other.cnt;
  }
}

class CustomMeanStdevAccumulator {
  constructor(
    public sum: number,
    public sum2: number,
    public count: number,
  ) {}
  static fromRow([a]: unknown[]): CustomMeanStdevAccumulator {
    const x = a as number;
    return new CustomMeanStdevAccumulator(x, x * x, 1);
  }
  update(other: CustomMeanStdevAccumulator): void {
    this.sum += other.sum;
    this.sum2 += other.sum2;
    this.count += other.count;
  }
  computeResult(): [number, number] {
    const mean = this.sum / this.count;
    return [mean, Math.sqrt(this.sum2 / this.count - mean ** 2)];
  }
}

const pets = () =>
  T(`
    pet  |  owner  | age
    dog  | Alice   | 10
    dog  | Bob     | 9
    cat  | Alice   | 8
    dog  | Bob     | 7`);

const petsStream = () =>
  T(`
    pet  |  owner  | age | __time__ | __diff__
    dog  | Alice   | 10  | 0        | 1
    dog  | Bob     | 9   | 0        | 1
    cat  | Alice   | 8   | 0        | 1
    dog  | Bob     | 7   | 0        | 1
    dog  | Bob     | 7   | 2        | -1
    cat  | Bob     | 9   | 4        | 1`);

const insertedThenDeleted = () =>
  T(`
    pet  |  owner  | age | __time__ | __diff__
    dog  | Alice   | 10  | 0        | 1
    dog  | Alice   | 10  | 2        | -1`);

describe('udf reducers', () => {
  // Pathway types the column from `compute_result -> int`; here the reducer is told its return type.
  const customCnt = cw.reducers.udfReducer(CustomCntAccumulator, { returnType: cw.INT });
  const customCntWithRetract = cw.reducers.udfReducer(CustomCntWithRetractAccumulator, {
    returnType: cw.INT,
  });
  const expectedCounts = (cnt: [number, number]) =>
    T(
      `
      pet | cnt
      dog | ${cnt[0]}
      cat | ${cnt[1]}`,
      { idFrom: ['pet'] },
    );

  // Pathway types a udf_reducer column from compute_result's return annotation (int); Causeway types it ANY, so
  // the values are compared here without dtypes (see the todo below).
  it('test_custom_count_static: count per pet with a custom accumulator', async () => {
    const left = pets();
    const res = left.groupBy(left.c.pet).reduce(left.c.pet, { cnt: customCnt() });
    await assertTableEquality(res, expectedCounts([3, 1]));
  });

  it('test_custom_count_dynamic: custom accumulator without retract recomputes after a deletion', async () => {
    const left = petsStream();
    const res = left.groupBy(left.c.pet).reduce(left.c.pet, { cnt: customCnt() });
    await assertTableEquality(res, expectedCounts([2, 2]));
  });

  it('test_custom_count_null: a group emptied by a deletion disappears', async () => {
    const left = insertedThenDeleted();
    const res = left.groupBy(left.c.pet).reduce({ cnt: customCnt() });
    await assertTableEquality(res, tableFromRows(cw.schema({ cnt: cw.INT }), []));
  });

  it('test_custom_count_retract_dynamic: custom accumulator with retract', async () => {
    const left = petsStream();
    const res = left.groupBy(left.c.pet).reduce(left.c.pet, { cnt: customCntWithRetract() });
    await assertTableEquality(res, expectedCounts([2, 2]));
  });

  it('test_custom_count_retract_null: a group emptied by a retraction disappears', async () => {
    const left = insertedThenDeleted();
    const res = left.groupBy(left.c.pet).reduce({ cnt: customCntWithRetract() });
    await assertTableEquality(res, tableFromRows(cw.schema({ cnt: cw.INT }), []));
  });

  it('test_custom_mean_stdev: a custom accumulator returning a tuple', async () => {
    const left = T(`
      pet  |  owner  | age
      cat  | Alice   | 10
      dog  | Bob     | 9
      cat  | Alice   | 8
      dog  | Bob     | 7`);
    const customMeanStdev = cw.reducers.udfReducer(CustomMeanStdevAccumulator);
    let res = left.groupBy(left.c.pet).reduce(left.c.pet, { meanStdev: customMeanStdev(cw.this.age) });
    res = res
      .withColumns({ mean: cw.this.meanStdev.at(0), stdev: cw.this.meanStdev.at(1) })
      .without(cw.this.meanStdev);
    const expected = T(
      `
      pet | mean | stdev
      dog | 8    | 1
      cat | 9    | 1`,
      { idFrom: ['pet'] },
    );
    await assertTableEqualityWoTypes(res, expected);
  });

  it("test_custom_sorting: a step's rows are folded ordered by the class's sortBy", async () => {
    // A reducer whose result depends on the order of its updates.
    class CustomProductWithAdditionAccumulator {
      result: number;
      constructor(
        readonly factor: number,
        readonly summand: number,
      ) {
        this.result = factor + summand;
      }
      static fromRow([factor, summand]: unknown[]): CustomProductWithAdditionAccumulator {
        return new CustomProductWithAdditionAccumulator(factor as number, summand as number);
      }
      update(other: CustomProductWithAdditionAccumulator): void {
        this.result = this.result * other.factor + other.summand;
      }
      computeResult(): number {
        return this.result;
      }
      static sortBy([, , eventTime]: unknown[]): unknown {
        return eventTime;
      }
    }
    const t = T(`
      i | a  | b  | t | __time__
      1 | 3  | 1  | 1 | 2
      1 | 2  | -1 | 2 | 2
      1 | 2  | -2 | 4 | 4
      1 | 4  | 2  | 3 | 4
      2 | -1 | 2  | 1 | 2
      2 | 5  | 1  | 2 | 2
      2 | 3  | 2  | 3 | 2
      2 | 2  | 1  | 4 | 2`);
    const custom = cw.reducers.udfReducer(CustomProductWithAdditionAccumulator, { returnType: cw.INT });
    const res = t.groupBy(cw.this.i).reduce(cw.this.i, { result: custom(cw.this.a, cw.this.b, cw.this.t) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        i | result
        1 | 58
        2 | 41`),
    );
  });
});

describe('stateful reducers', () => {
  const lensRows = (f: (args: unknown[]) => number) => (state: number | undefined, rows: StatefulRow[]) => {
    let s = state ?? 0;
    for (const [args, cnt] of rows) s += f(args) * cnt;
    return (s !== 0 ? s : null) as number;
  };
  const cases = [
    [
      'test_stateful_single_nullary',
      'cnt',
      [3, 1],
      () => cw.reducers.statefulSingle((s: number | undefined) => (s ?? 0) + 1)(),
    ],
    ['test_stateful_many_nullary', 'cnt', [3, 1], () => cw.reducers.statefulMany(lensRows(() => 1))()],
    [
      'test_stateful_single_unary',
      'lens',
      [11, 5],
      () =>
        cw.reducers.statefulSingle((s: number | undefined, v: string) => (s ?? 0) + v.length)(cw.this.owner),
    ],
    [
      'test_stateful_many_unary',
      'lens',
      [11, 5],
      () => cw.reducers.statefulMany(lensRows(([d]) => (d as string).length))(cw.this.owner),
    ],
    [
      'test_stateful_single_binary',
      'lens',
      [98, 40],
      () =>
        cw.reducers.statefulSingle((s: number | undefined, v: string, i: number) => (s ?? 0) + v.length * i)(
          cw.this.owner,
          cw.this.age,
        ),
    ],
    [
      'test_stateful_many_binary',
      'lens',
      [98, 40],
      () =>
        cw.reducers.statefulMany(lensRows(([v, i]) => (v as string).length * (i as number)))(
          cw.this.owner,
          cw.this.age,
        ),
    ],
  ] as const;
  for (const [name, column, [dog, cat], reducer] of cases) {
    it(`${name}: ${column} per pet`, async () => {
      const left = pets();
      const res = left.groupBy(left.c.pet).reduce(left.c.pet, { [column]: reducer() });
      const expected = T(
        `
        pet | ${column}
        dog | ${dog}
        cat | ${cat}`,
        { idFrom: ['pet'] },
      );
      await assertTableEqualityWoTypes(res, expected);
    });
  }
});

describe('built-in reducers on append-only and updated tables', () => {
  it('test_non_append_only_reducers: min / argmin / max / argmax / sum under deletions, as a stream', async () => {
    const t = T(`
        | instance | value | source | __time__ | __diff__
      1 |     1    |   2   |    1   |     2    |     1
      2 |     1    |   3   |    2   |     2    |     1
      3 |     2    |   3   |    3   |     2    |     1
      4 |     2    |   1   |    4   |     2    |     1
      1 |     1    |   2   |    1   |     4    |    -1
      3 |     2    |   3   |    3   |     4    |    -1
      5 |     1    |  10   |    5   |     6    |     1`);
    const res = t.groupBy(cw.this.instance).reduce({
      instance: cw.this.instance,
      min: cw.reducers.min(cw.this.value),
      source_min: t.ix(cw.reducers.argmin(cw.this.value)).c.source,
      max: cw.reducers.max(cw.this.value),
      source_max: t.ix(cw.reducers.argmax(cw.this.value)).c.source,
      sum_i: cw.reducers.sum(cw.this.value),
      sum_f: cw.reducers.sum(cw.this.value.add(0.5)),
    });
    const expected = T(
      `
      instance | min | source_min | max | source_max | sum_i | sum_f | __time__ | __diff__
          1    |  2  |      1     |  3  |     2      |   5   |  6.0  |     2    |     1
          2    |  1  |      4     |  3  |     3      |   4   |  5.0  |     2    |     1
          1    |  2  |      1     |  3  |     2      |   5   |  6.0  |     4    |    -1
          1    |  3  |      2     |  3  |     2      |   3   |  3.5  |     4    |     1
          2    |  1  |      4     |  3  |     3      |   4   |  5.0  |     4    |    -1
          2    |  1  |      4     |  1  |     4      |   1   |  1.5  |     4    |     1
          1    |  3  |      2     |  3  |     2      |   3   |  3.5  |     6    |    -1
          1    |  3  |      2     | 10  |     5      |  13   | 14.0  |     6    |     1`,
      { idFrom: ['instance'] },
    );
    await assertStreamEquality(res, expected);
  });

  it.todo(
    'test_non_append_only_reducers: any(value) of instance 1 at time 6 is 3 (row 2), Pathway gives 10 (row 5): any() picks by row id, and ids hash differently',
  );

  // `assert t.is_append_only` is left out: Causeway tables expose no append-only flag. `sum(..., strict=True)` is
  // spelled as a plain sum: Causeway has no `strict` option.
  it('test_append_only_reducers: the same reducers on an insert-only table', async () => {
    const t = T(`
        | instance | value | source
      1 |     1    |   2   |    1
      2 |     1    |   3   |    2
      3 |     2    |   3   |    3
      4 |     2    |   1   |    4`);
    const res = t.groupBy(cw.this.instance).reduce({
      instance: cw.this.instance,
      min: cw.reducers.min(cw.this.value),
      source_min: t.ix(cw.reducers.argmin(cw.this.value)).c.source,
      max: cw.reducers.max(cw.this.value),
      source_max: t.ix(cw.reducers.argmax(cw.this.value)).c.source,
      any: cw.reducers.any(cw.this.value),
      sum_i: cw.reducers.sum(cw.this.value),
      sum_f: cw.reducers.sum(cw.this.value.add(0.2)),
    });
    const expected = T(
      `
      instance | min | source_min | max | source_max | any | sum_i | sum_f
          1    |  2  |      1     |  3  |     2      |  2  |   5   |  5.4
          2    |  1  |      4     |  3  |     3      |  1  |   4   |  4.4`,
      { idFrom: ['instance'] },
    );
    await assertTableEquality(res, expected);
  });

  // `column_definition(append_only=True)` and `assert not t.is_append_only` are left out (no such schema flag).
  it('test_reducers_on_partially_append_only_table: rows replaced under the same id, as a stream', async () => {
    const t = T(`
        | instance | value | source | __time__ | __diff__
      1 |     1    |   2   |    1   |     2    |     1
      2 |     1    |   3   |    2   |     2    |     1
      3 |     2    |   3   |    3   |     2    |     1
      4 |     2    |   1   |    4   |     2    |     1
      1 |     1    |   2   |    1   |     4    |    -1
      1 |     1    |   2   |    2   |     4    |     1
      3 |     2    |   3   |    3   |     4    |    -1
      3 |     2    |   3   |    5   |     4    |     1`);
    const res = t.groupBy(cw.this.instance).reduce({
      instance: cw.this.instance,
      min: cw.reducers.min(cw.this.value),
      source_min: t.ix(cw.reducers.argmin(cw.this.value)).c.source,
      max: cw.reducers.max(cw.this.value),
      source_max: t.ix(cw.reducers.argmax(cw.this.value)).c.source,
      any: cw.reducers.any(cw.this.value),
      sum: cw.reducers.sum(cw.this.source),
    });
    const expected = T(
      `
      instance | min | source_min | max | source_max | any | sum | __time__ | __diff__
          1    |  2  |      1     |  3  |     2      |  2  |   3 |     2    |     1
          2    |  1  |      4     |  3  |     3      |  1  |   7 |     2    |     1
          1    |  2  |      1     |  3  |     2      |  2  |   3 |     4    |    -1
          1    |  2  |      2     |  3  |     2      |  2  |   4 |     4    |     1
          2    |  1  |      4     |  3  |     3      |  1  |   7 |     4    |    -1
          2    |  1  |      4     |  3  |     5      |  1  |   9 |     4    |     1`,
      { idFrom: ['instance'] },
    );
    await assertStreamEquality(res, expected);
  });
});
