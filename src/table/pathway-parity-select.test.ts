// Ports of Pathway's test_common.py select tests (test_assert_table_unexpected_columns, test_input_operator, test_select_*), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoIndexTypes,
  assertTableEqualityWoTypes,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_common.py parity: select and ix', () => {
  const asserters = [
    assertTableEquality,
    assertTableEqualityWoIndex,
    assertTableEqualityWoTypes,
    assertTableEqualityWoIndexTypes,
  ];
  const unexpected = ['foo\n1', 'foo | bar\n42  | 42', 'bar | foo\n1   | 1'];
  for (const [ai, asserter] of asserters.entries()) {
    for (const [ui, text] of unexpected.entries()) {
      it(`test_assert_table_unexpected_columns: asserter ${ai} fails on unexpected table ${ui}`, async () => {
        const input = T(`
          foo | bar
          1   | 1`);
        await expect(asserter(input, T(text))).rejects.toThrow();
      });
    }
  }

  it('test_input_operator: a markdown table equals itself', async () => {
    await assertTableEquality(T('foo\n1\n2'), T('foo\n1\n2'));
  });

  it('test_select_column_ref: selects columns by reference, also of a table with the same ids', async () => {
    const tLatin = T<{ lower: string; upper: string }>(`
         | lower | upper
      1  | a     | A
      2  | b     | B
      26 | z     | Z`);
    const tNum = T<{ num: number }>(`
         | num
      1  | 1
      2  | 2
      26 | 26`);
    const res = tLatin.select({ num: tNum.c.num, upper: tLatin.col('upper') });
    await assertTableEquality(
      res,
      T(`
           | num | upper
        1  | 1   | A
        2  | 2   | B
        26 | 26  | Z`),
    );
  });

  it('test_select_arithmetic_with_const: int arithmetic with constants on both sides', async () => {
    const table = T<{ a: number }>('a\n42');
    const a = table.c.a;
    const res = table.select({
      a,
      add: a.add(1),
      radd: cw.lit(1).add(a),
      sub: a.sub(1),
      rsub: cw.lit(1).sub(a),
      mul: a.mul(2),
      rmul: cw.lit(2).mul(a),
      truediv: a.div(4),
      rtruediv: cw.lit(63).div(a),
      floordiv: a.floordiv(4),
      rfloordiv: cw.lit(63).floordiv(a),
      mod: a.mod(4),
      rmod: cw.lit(63).mod(a),
      pow: a.pow(2),
      rpow: cw.lit(2).pow(a),
    });
    await assertTableEquality(
      res,
      T(`
        a  | add | radd | sub | rsub | mul | rmul | truediv | rtruediv | floordiv | rfloordiv | mod | rmod | pow  | rpow
        42 | 43  | 43   | 41  | -41  | 84  | 84   | 10.5    | 1.5      | 10       | 1         | 2   | 21   | 1764 | 4398046511104`),
    );
  });

  it('test_select_values: selects constant strings', async () => {
    const t1 = T(`
      lower | upper
      a     | A
      b     | B`);
    await assertTableEquality(
      t1.select({ foo: 'alpha', bar: 'beta' }),
      T(`
        foo   | bar
        alpha | beta
        alpha | beta`),
    );
  });

  it('test_select_column_different_universe: refuses a column of a table with other ids', () => {
    const foo = T(`
         | col
      1  | a
      2  | b`);
    const bar = T<{ col: string }>(`
         | col
      3  | a
      4  | b
      5  | c`);
    expect(() => foo.select({ ret: bar.c.col })).toThrow(/universe/);
  });

  it('test_select_const_expression: selects a constant int', async () => {
    const input = T(`
      foo | bar
      1   | 3
      2   | 4`);
    await assertTableEquality(input.select({ a: 42 }), T('a\n42\n42'));
  });

  it('test_select_simple_expression: adds two columns', async () => {
    const input = T<{ foo: number; bar: number }>(`
      foo | bar
      1   | 3
      2   | 4`);
    await assertTableEquality(input.select({ a: input.c.bar.add(input.c.foo) }), T('a\n4\n6'));
  });

  it('test_select_int_unary: negates an int', async () => {
    const input = T<{ a: number }>('a\n1');
    await assertTableEquality(
      input.select({ a: input.c.a, minus: input.c.a.neg() }),
      T(`
        a | minus
        1 | -1`),
    );
  });

  it('test_select_int_binary: int add, sub, truediv, floordiv, mul', async () => {
    const input = T<{ a: number; b: number }>(`
      a | b
      1 | 2`);
    const { a, b } = input.c;
    const result = input.select({
      a,
      b,
      add: a.add(b),
      sub: a.sub(b),
      truediv: a.div(b),
      floordiv: a.floordiv(b),
      mul: a.mul(b),
    });
    await assertTableEquality(
      result,
      T(`
        a | b | add | sub | truediv | floordiv | mul
        1 | 2 | 3   | -1  | 0.5     | 0        | 2`),
    );
  });

  const comparisons = (input: cw.Table<{ a: number; b: number }>) => {
    const { a, b } = input.c;
    return input.select({
      a,
      b,
      eq: a.eq(b),
      ne: a.ne(b),
      lt: a.lt(b),
      le: a.le(b),
      gt: a.gt(b),
      ge: a.ge(b),
    });
  };

  it('test_select_int_comparison: compares ints', async () => {
    const input = T<{ a: number; b: number }>(`
      a | b
      1 | 2
      2 | 2
      3 | 2`);
    await assertTableEquality(
      comparisons(input),
      T(`
        a | b | eq    | ne    | lt    | le    | gt    | ge
        1 | 2 | false | true  | true  | true  | false | false
        2 | 2 | true  | false | false | true  | false | true
        3 | 2 | false | true  | false | false | true  | true`),
    );
  });

  it('test_select_float_comparison: compares floats', async () => {
    const input = T<{ a: number; b: number }>(`
      a   | b
      1.5 | 2.5
      2.5 | 2.5
      3.5 | 2.5`);
    await assertTableEquality(
      comparisons(input),
      T(`
        a   | b   | eq    | ne    | lt    | le    | gt    | ge
        1.5 | 2.5 | false | true  | true  | true  | false | false
        2.5 | 2.5 | true  | false | false | true  | false | true
        3.5 | 2.5 | false | true  | false | false | true  | true`),
    );
  });

  it('test_select_mixed_comparison: compares floats with ints', async () => {
    const input = T<{ a: number; b: number }>(`
      a   | b
      1.5 | 2
      2.0 | 2
      3.5 | 2`);
    await assertTableEquality(
      comparisons(input),
      T(`
        a   | b | eq    | ne    | lt    | le    | gt    | ge
        1.5 | 2 | false | true  | true  | true  | false | false
        2.0 | 2 | true  | false | false | true  | false | true
        3.5 | 2 | false | true  | false | false | true  | true`),
    );
  });

  it('test_select_float_unary: negates a float', async () => {
    const input = T<{ a: number }>('a\n1.25');
    await assertTableEquality(
      input.select({ a: input.c.a, minus: input.c.a.neg() }),
      T(`
        a    | minus
        1.25 | -1.25`),
    );
  });

  it('test_select_float_binary: float add, sub, truediv, floordiv, mul', async () => {
    const input = T<{ a: number; b: number }>(`
      a    | b
      1.25 | 2.5`);
    const { a, b } = input.c;
    const result = input.select({
      a,
      b,
      add: a.add(b),
      sub: a.sub(b),
      truediv: a.div(b),
      floordiv: a.floordiv(b),
      mul: a.mul(b),
    });
    await assertTableEquality(
      result,
      T(`
        a    | b   | add  | sub   | truediv | floordiv | mul
        1.25 | 2.5 | 3.75 | -1.25 | 0.5     | 0.0      | 3.125`).updateTypes({ floordiv: cw.FLOAT }),
    );
  });

  it('test_select_bool_unary: negates a bool', async () => {
    const input = T<{ a: boolean }>('a\ntrue\nfalse');
    await assertTableEquality(
      input.select({ a: input.c.a, not_: input.c.a.not() }),
      T(`
        a     | not_
        true  | false
        false | true`),
    );
  });

  it('test_select_bool_binary: and, or, xor of bools', async () => {
    const input = T<{ a: boolean; b: boolean }>(`
      a     | b
      false | false
      false | true
      true  | false
      true  | true`);
    const { a, b } = input.c;
    await assertTableEquality(
      input.select({ a, b, and_: a.and(b), or_: a.or(b), xor: a.xor(b) }),
      T(`
        a     | b     | and_  | or_   | xor
        false | false | false | false | false
        false | true  | false | true  | true
        true  | false | false | true  | true
        true  | true  | true  | true  | false`),
    );
  });
});
