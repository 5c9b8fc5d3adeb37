// Ports of Pathway's test_common.py expression tests (cast, coalesce, require, if_else), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndexTypes,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('expressions', () => {
  it('test_cast_optional: cast to Optional(FLOAT) keeps None', async () => {
    const tab = T(`
        | a
      1 | 1
      2 |
      3 | 1`);
    const ret = tab.select({ a: cw.cast(cw.optional(cw.FLOAT), cw.this.a) });
    const expected = T(`
        | a
      1 | 1.0
      2 |
      3 | 1.0`).updateTypes({ a: cw.optional(cw.FLOAT) });
    await assertTableEquality(ret, expected);
  });

  it('test_lazy_coalesce: arguments after the first non-None one are not evaluated', async () => {
    const tab = T('col\n1\n2\n3');
    const ret = tab.select({ col: cw.coalesce(tab.c.col, tab.c.col.floordiv(0)) });
    await assertTableEquality(ret, tab);
  });

  it('test_coalesce_optional_int_float: Optional(INT) and FLOAT coalesce to FLOAT', async () => {
    const table = T(`
        | a | b
      1 | 1 | 1.2
      2 |   | 2.3
      3 | 3 | 3.4
      4 |   | 4.5`);
    const ret = table.select({ res: cw.coalesce(cw.this.a, cw.this.b).add(0.5) });
    await assertTableEquality(
      ret,
      T(`
          | res
        1 | 1.5
        2 | 2.8
        3 | 3.5
        4 | 5.0`),
    );
  });

  const intStr = () =>
    T(`
        | a | b
      1 | 1 | abc
      2 | 2 | x
      3 | 3 | xxx
      4 | 4 | d`);

  it('test_coalesce_errors_on_incompatible_types: INT and STR are refused', () => {
    const table = intStr();
    expect(() => table.select({ res: cw.coalesce(cw.this.a, cw.this.b) })).toThrow(/type|INT|STR/i);
  });

  it('test_require_01: require gives None when an argument is None', async () => {
    const tab = T(`
      col1 | col2
      2    | 2
      1    |
      3    | 3`);
    const appExpr = cw.apply((a: number, b: number) => a + b, tab.c.col1, tab.c.col2);
    const res = tab.select({ sum: cw.require(appExpr, tab.c.col2) });
    const expected = T(`
      sum | dummy
      4   | 1
          | 1
      6   | 1`).select(cw.this.sum);
    await assertTableEqualityWoIndexTypes(res, expected);
  });

  it('test_if_else: the branch not taken is not evaluated', async () => {
    const tab = T(`
      a | b
      1 | 0
      2 | 2
      3 | 3
      4 | 2`);
    const ret = tab.select({ res: cw.ifElse(tab.c.b.ne(0), tab.c.a.floordiv(tab.c.b), 0) });
    await assertTableEquality(ret, T('res\n0\n1\n1\n2'));
  });

  it('test_if_else_int_float: INT and FLOAT branches give a FLOAT', async () => {
    const table = T(`
      a | b
      1 | 1.2
      2 | 2.3
      3 | 3.4
      4 | 4.5`);
    const ret = table.select({ res: cw.ifElse(cw.this.a.gt(2), cw.this.a, cw.this.b).add(0.1) });
    await assertTableEquality(ret, T('res\n1.3\n2.4\n3.1\n4.1'));
  });

  it('test_if_else_optional_int_float: Optional(INT) and FLOAT branches give an Optional(FLOAT)', async () => {
    const table = T(`
        | a | b   | c
      1 | 1 | 1.2 | False
      2 | 2 | 2.3 | False
      3 | 3 | 3.4 | True
      4 |   | 4.5 | True`);
    const ret = table.select({ res: cw.ifElse(cw.this.c, cw.this.a, cw.this.b) });
    await assertTableEquality(
      ret,
      T(`
          | res
        1 | 1.2
        2 | 2.3
        3 | 3.0
        4 |`),
    );
  });

  it('test_if_else_errors_on_incompatible_types: INT and STR branches are refused', () => {
    const table = intStr();
    expect(() => table.select({ res: cw.ifElse(cw.this.a.gt(2), cw.this.a, cw.this.b) })).toThrow(
      /type|INT|STR/i,
    );
  });
});

// Not ported: test_require_01's `_dependencies()` check (an internal).
