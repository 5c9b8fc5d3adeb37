// Ports of Pathway's test_common.py tuple tests (make_tuple, sequence_get, Python tuples), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoIndexTypes,
  assertTableEqualityWoTypes,
  captureTables,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

/** Pathway's `_create_tuple(n)`: (n, n-1, ..., 1). */
function createTuple(n: number): number[] {
  return Array.from({ length: n }, (_, i) => n - i);
}

describe('tuples and indexing', () => {
  it('test_make_tuple: makeTuple equals a UDF returning the same tuple with a declared tuple type', async () => {
    const t = T(`
      a | b  | c
      1 | 10 | a
      2 | 20 |
      3 | 30 | c`);
    const result = t.select({ zip_column: cw.makeTuple(t.c.a.mul(2), cw.this.b, cw.this.c) });
    const threeArgsTuple = (x: number, y: number, z: string | null) => [x, y, z];
    const expected = t.select({
      zip_column: cw.applyWithType(
        threeArgsTuple,
        cw.tuple(cw.INT, cw.INT, cw.optional(cw.STR)),
        cw.this.a.mul(2),
        cw.this.b,
        cw.this.c,
      ),
    });
    await assertTableEqualityWoIndex(result, expected);
  });

  it('test_sequence_get_unchecked_fixed_length: the elements of a Tuple(INT, STR) keep their dtypes', async () => {
    const t1 = T(`
      i | s
      4 | xyz
      3 | abc
      7 | d`);
    const t2 = t1.select({ tup: cw.makeTuple(cw.this.i, cw.this.s) });
    const t3 = t2.select({ i: cw.this.tup.at(0), s: cw.this.tup.at(1) });
    await assertTableEquality(t3, t1);
  });

  it('test_sequence_get_unchecked_fixed_length_dynamic_index_1: a dynamic index into (INT, STR) is ANY', () => {
    const t1 = T(`
      i | s   | a
      4 | xyz | 0
      3 | abc | 1
      7 | d   | 0`);
    const t2 = t1.select({ tup: cw.makeTuple(cw.this.i, cw.this.s), a: cw.this.a });
    const t3 = t2.select({ r: cw.this.tup.at(cw.this.a) });
    expect(t3.columns.map((c) => [c.name, c.dtype.toString()])).toEqual([['r', 'ANY']]);
  });

  it('test_sequence_get_unchecked_fixed_length_dynamic_index_2: a dynamic index into (INT, INT) is INT', async () => {
    const t1 = T(`
      a | b | c
      4 | 1 | 0
      3 | 2 | 1
      7 | 3 | 1`);
    const t2 = t1.select({ tup: cw.makeTuple(cw.this.a, cw.this.b), c: cw.this.c });
    const t3 = t2.select({ r: cw.this.tup.at(cw.this.c) });
    await assertTableEquality(t3, T('r\n4\n2\n3'));
  });

  it('test_sequence_get_checked_fixed_length_dynamic_index: get with a dynamic index into (INT, INT) is Optional(INT)', async () => {
    const t1 = T(`
      a | b | c
      4 | 1 | 0
      3 | 2 | 1
      7 | 3 | 1`);
    const t2 = t1.select({ tup: cw.makeTuple(cw.this.a, cw.this.b), c: cw.this.c });
    const t3 = t2.select({ r: cw.this.tup.get(cw.this.c) });
    expect(t3.columns.map((c) => [c.name, c.dtype.toString()])).toEqual([['r', 'Optional(INT)']]);
    await assertTableEqualityWoTypes(t3, T('r\n4\n2\n3'));
  });

  it('test_sequence_get_unchecked_variable_length: tup[2] and tup[-3] of a List(INT) are INT', async () => {
    const t1 = T('a\n3\n4\n5');
    const t2 = t1.select({ tup: cw.applyWithType(createTuple, cw.list(cw.INT), cw.this.a) });
    const t3 = t2.select({ x: cw.this.tup.at(2), y: cw.this.tup.at(-3) });
    await assertTableEquality(
      t3,
      T(`
        x | y
        1 | 3
        2 | 3
        3 | 3`),
    );
  });

  it('test_sequence_get_unchecked_variable_length_untyped: tup[2] and tup[-3] of an untyped apply (values)', async () => {
    const t1 = T('a\n3\n4\n5');
    const t2 = t1.select({ tup: cw.apply(createTuple, cw.this.a) });
    const t3 = t2.select({ x: cw.this.tup.at(2), y: cw.this.tup.at(-3) });
    await assertTableEqualityWoTypes(
      t3,
      T(`
        x | y
        1 | 3
        2 | 3
        3 | 3`),
    );
  });

  it('test_sequence_get_checked_variable_length: get(1) and get(-1) of a List(INT) are Optional(INT)', async () => {
    const t1 = T('a\n1\n2\n3');
    const t2 = t1.select({ tup: cw.applyWithType(createTuple, cw.list(cw.INT), cw.this.a) });
    const t3 = t2.select({ x: cw.this.tup.get(1), y: cw.this.tup.get(-1) });
    const expected = T(`
      x | y
        | 1
      1 | 1
      2 | 1`).updateTypes({ y: cw.optional(cw.INT) });
    await assertTableEquality(t3, expected);
  });

  it('test_sequence_get_unchecked_variable_length_errors: tup[1] of a one-element tuple fails the run', async () => {
    const t1 = T('a\n1\n2\n5');
    const t2 = t1.select({ tup: cw.applyWithType(createTuple, cw.list(cw.INT), cw.this.a) });
    const t3 = t2.select({ x: cw.this.tup.at(1) });
    await expect(captureTables([t3])).rejects.toThrow(/index 1 out of range/i);
  });

  it('test_sequence_get_unchecked_fixed_length_errors: tup.at(2) of a Tuple(INT, INT) is refused when built', () => {
    const t1 = T(`
      a | b
      4 | 10
      3 | 9
      7 | 8`);
    const t2 = t1.select({ tup: cw.makeTuple(cw.this.a, cw.this.b) });
    expect(() => t2.select({ i: cw.this.tup.at(2) })).toThrow(
      /index 2 out of range for a tuple of type Tuple\(INT, INT\)/,
    );
  });

  it('test_sequence_get_checked_fixed_length_errors: tup.get(2, c) of a Tuple(INT, INT) is the default, STR', async () => {
    const t1 = T(`
      a | b  | c
      4 | 10 | abc
      3 | 9  | def
      7 | 8  | xx`);
    const t2 = t1.withColumns({ tup: cw.makeTuple(cw.this.a, cw.this.b) });
    const t3 = t2.select({ c: cw.this.tup.get(2, cw.this.c) });
    await assertTableEquality(t3, T('c\nabc\ndef\nxx'));
  });
});

describe('Python tuples', () => {
  it('test_python_tuple_select: an array holding expressions is a tuple, as makeTuple', async () => {
    const t = T(`
      a | b
      1 | 2
      3 | 4
      5 | 6`);
    const t1 = t.select({ c: [cw.this.a, cw.this.b], d: [cw.this.a, 2] });
    const t2 = t.select({ c: [t.c.a, cw.this.b], d: [t.c.a, 2] });
    const t3 = t.select({ c: [cw.this.a, t.c.b], d: [cw.this.a, 2] });
    const expected = t.select({ c: cw.makeTuple(cw.this.a, cw.this.b), d: cw.makeTuple(cw.this.a, 2) });
    await assertTableEquality(t1, expected);
    await assertTableEquality(t2, expected);
    await assertTableEquality(t3, expected);
  });

  it('test_python_tuple_comparison: tuples compare with <, >, ==, != as Python tuples', async () => {
    const t = T(`
      a | b
      1 | 2
      4 | 3
      5 | 5`);
    const ab = () => cw.makeTuple(cw.this.a, cw.this.b);
    const ba = () => cw.makeTuple(cw.this.b, cw.this.a);
    const t1 = t.select({
      x: ab().lt(cw.makeTuple(cw.this.b, cw.this.a)),
      y: cw.makeTuple(cw.this.a, cw.this.b).lt(ba()),
      z: ab().gt(cw.makeTuple(cw.this.b, cw.this.a)),
      t: cw.makeTuple(cw.this.a, cw.this.b).gt(ba()),
      e: ab().eq(cw.makeTuple(cw.this.b, cw.this.a)),
      n: cw.makeTuple(cw.this.a, cw.this.b).ne(ba()),
    });
    await assertTableEquality(
      t1,
      T(`
            x |     y |     z |     t |     e |     n
         True |  True | False | False | False |  True
        False | False |  True |  True | False |  True
        False | False | False | False |  True | False`),
    );
  });

  it('test_python_tuple_inside_udf: a UDF receives a tuple argument', async () => {
    const t = T(`
      a | b | c
      1 | 2 | 3
      4 | 3 | 3
      5 | 5 | 3`);
    const foo = cw.udf((x: number[]) => x.reduce((s, v) => s + v, 0), { returnType: cw.INT });
    const res = t.select({ s: foo(cw.makeTuple(cw.this.a, cw.this.c, cw.this.b)) });
    await assertTableEquality(res, T('s\n6\n10\n13'));
  });

  it('test_python_tuple_if_else: get(0) of ifElse over two tuples is INT', async () => {
    const t = T(`
      a | b | c
      0 | 2 | 3
      1 | 3 | 0
      1 | 4 | 5
      0 | 5 | 2`);
    const res = t.select({
      z: cw.ifElse(cw.this.a.eq(1), [cw.this.b, cw.this.c], [cw.this.c, cw.this.b]).get(0),
    });
    await assertTableEquality(res, T('z\n3\n3\n4\n2'));
  });

  it('test_python_tuple_stateful_reducer: a stateful reducer receives a tuple argument', async () => {
    const sum2d = cw.reducers.statefulSingle<number>((state, values: [number, number]) => {
      return (state ?? 0) + values[0] + values[1];
    });
    const t = T(`
      a | b
      1 | 2
      3 | 4`);
    const res = t.reduce({ s: sum2d(cw.makeTuple(cw.this.a, cw.this.b)) });
    await assertTableEqualityWoIndexTypes(res, T('s\n10'));
  });

  it('test_python_tuple_sorting: sort by a tuple key, prev looked up with optional ix', async () => {
    const t = T(`
      a | b | c
      1 | 3 | 2
      2 | 4 | 1
      3 | 3 | 6
      4 | 2 | 8
      5 | 5 | 6
      6 | 1 | 4
      7 | 2 | 2
      8 | 3 | 3`);
    const sorted = t.sort({ key: cw.makeTuple(cw.this.b, cw.this.c) });
    const result = t.select({ a: cw.this.a, prev_a: t.ix(sorted.c.prev, { optional: true }).c.a });
    await assertTableEquality(
      result,
      T(`
        a | prev_a
        1 |      4
        2 |      3
        3 |      8
        4 |      7
        5 |      2
        6 |
        7 |      6
        8 |      1`),
    );
  });
});
