// Ports of Pathway's test_common.py tests (concat, flatten, from_columns), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  tableFromRows,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_common.py parity: concat, flatten, fromColumns', () => {
  it('test_concat_reversed_columns: concatReindex matches columns by name', async () => {
    const t1 = T(`
      lower | upper
      a     | A
      b     | B`);
    const t2 = T(`
      upper | lower
      C     | c`);
    await assertTableEqualityWoIndex(
      t1.concatReindex(t2),
      T(`
        lower | upper
        a     | A
        b     | B
        c     | C`),
    );
  });

  it('test_concat_unsafe: concat of tables promised disjoint keeps their ids', async () => {
    const t1 = T(`
         | lower | upper
      1  | a     | A
      2  | b     | B`);
    const t2 = T(`
         | lower | upper
      3  | c     | C`);
    cw.promiseUniversesAreDisjoint(t1, t2);
    await assertTableEquality(
      t1.concat(t2),
      T(`
           | lower | upper
        1  | a     | A
        2  | b     | B
        3  | c     | C`),
    );
  });

  it('test_concat_unsafe_collision: concat without a disjointness promise is refused', () => {
    const t1 = T(`
         | lower | upper
      1  | a     | A
      2  | b     | B`);
    const t2 = T(`
         | lower | upper
      1  | c     | C`);
    expect(() => t1.concat(t2)).toThrow(/disjoint/);
  });

  for (const dtype of [cw.INT, cw.FLOAT]) {
    const arrays = () =>
      tableFromRows(cw.schema({ array: cw.list(dtype), other: cw.INT }), [
        { array: [1, 2], other: -1 },
        { array: [], other: -2 },
        { array: [3, 4], other: -3 },
        { array: [10, 11, 12], other: -4 },
        { array: [4, 5, 6, 1, 2], other: -5 },
      ]);
    const flatArrays = [1, 2, 3, 4, 10, 11, 12, 4, 5, 6, 1, 2];
    const flatOthers = [-1, -1, -3, -3, -4, -4, -4, -5, -5, -5, -5, -5];

    it(`test_flatten: flattens a list(${dtype.toString()}) column, repeating the other column`, async () => {
      const t1 = arrays();
      const expected = tableFromRows(
        cw.schema({ array: dtype, other: cw.INT }),
        flatArrays.map((array, i) => ({ array, other: flatOthers[i]! })),
      );
      await assertTableEqualityWoIndex(t1.flatten(t1.c.array), expected);
    });

    for (const mul of [1, -2]) {
      it(`test_flatten_explode: flattens list(${dtype.toString()}) then multiplies a cast column by ${mul}`, async () => {
        const t1 = arrays();
        const flat = t1
          .flatten(t1.c.array)
          .withColumns({ other: cw.lit(mul).mul(cw.cast(dtype, cw.this.other)) });
        // Pathway's expected frame has both columns of `dtype` (mul is of `dtype` too).
        const expected = tableFromRows(
          cw.schema({ array: dtype, other: dtype }),
          flatArrays.map((array, i) => ({ array, other: flatOthers[i]! * mul })),
        );
        await assertTableEqualityWoIndex(flat, expected);
      });
    }

    it(`test_flatten_multidimensional: flattening a list(list(${dtype.toString()})) gives its rows`, async () => {
      const t = tableFromRows(cw.schema({ array: cw.list(cw.list(dtype)) }), [
        {
          array: [
            [1, 2],
            [3, 4],
          ],
        },
        { array: [[1, 2, 5, 6]] },
      ]);
      const expected = tableFromRows(cw.schema({ array: cw.list(dtype) }), [
        { array: [1, 2] },
        { array: [3, 4] },
        { array: [1, 2, 5, 6] },
      ]);
      await assertTableEqualityWoIndex(t.flatten(t.c.array), expected);
    });
  }

  it('test_flatten_string: flattens strings into characters', async () => {
    const t1 = tableFromRows(cw.schema({ string: cw.STR }), [
      { string: 'abc' },
      { string: 'defoimkm' },
      { string: 'xyz' },
    ]);
    const expected = tableFromRows(
      cw.schema({ string: cw.STR }),
      Array.from('abcdefoimkmxyz', (string) => ({ string })),
    );
    await assertTableEqualityWoIndex(t1.flatten(t1.c.string), expected);
  });

  const pets = () =>
    T<{ pet: number; owner: string; age: number }>(`
      pet | owner | age
      1   | Alice | 10
      1   | Bob   | 9
      2   | Alice | 8`);

  it('test_from_columns: a table of columns of two tables with the same ids', async () => {
    const first = pets();
    const second = T<{ foo: string; aux: number; baz: string }>(`
      foo | aux | baz
      a   | 70  | a
      b   | 80  | c
      c   | 90  | b`);
    await assertTableEquality(
      cw.Table.fromColumns(first.c.pet, second.c.foo),
      T(`
        pet | foo
        1   | a
        1   | b
        2   | c`),
    );
  });

  // Pathway raises ValueError; Causeway's Table.fromColumns(first.c.pet, first.c.pet) returns a one-column table.
  it('test_from_columns_collision: the same column twice is refused', () => {
    const first = T(`
      pet | owner | age
       1  | Alice | 10
       1  | Bob   | 9
       2  | Alice | 8`);
    expect(() => cw.Table.fromColumns(first.c.pet, first.c.pet)).toThrow(/two columns are named "pet"/);
  });

  it('test_from_columns_mismatched_keys: columns of tables with different ids are refused', () => {
    const first = T<{ pet: number }>(`
        | pet | owner | age
      1 | 1   | Alice | 10
      2 | 1   | Bob   | 9
      3 | 2   | Alice | 8`);
    const second = T<{ foo: string }>(`
        | foo | aux | baz
      1 | a   | 70  | a
      2 | b   | 80  | c
      4 | c   | 90  | b`);
    expect(() => cw.Table.fromColumns(first.c.pet, second.c.foo)).toThrow(/universe/);
  });
});
