import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown, tableToRows } from '../testing/index.js';
import { DateTimeNaive, DateTimeUtc } from './values/date-time.js';
import { comparableDtypes } from './type-check.js';

afterEach(() => cw.clearGraph());

describe('&, |, ^ on INT columns', () => {
  // test_operators.py::test_int[and_/or_/xor]: Pathway's `&`, `|`, `^` of ints are bitwise, with an INT result.
  it('are bitwise with an INT result, typed or untyped, including negative and beyond-32-bit values', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, a: cw.INT, b: cw.INT }), [
      { k: 1, a: 6, b: 3 },
      { k: 2, a: -6, b: 3 },
      { k: 3, a: 2 ** 40 + 5, b: 2 ** 40 + 3 },
      { k: 4, a: -(2 ** 50), b: 7 },
    ]);
    const r = t.select({
      k: t.c.k,
      // Expr.and/or/xor are typed for booleans, so INT operands go through untyped cw.this references here.
      and: cw.this.a.and(cw.this.b),
      or: t.c.a.or(cw.this.b),
      xor: cw.this.a.xor(cw.this.b),
    });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['INT', 'INT', 'INT', 'INT']);
    const rows = await tableToRows<Record<string, number>>(r);
    expect(rows.sort((x, y) => x.k! - y.k!).map((x) => [x.and, x.or, x.xor])).toEqual([
      [2, 7, 5],
      [2, -5, -7],
      [2 ** 40 + 1, 2 ** 40 + 7, 6],
      [0, -(2 ** 50) + 7, -(2 ** 50) + 7],
    ]);
  });

  it('keep boolean semantics on BOOL and refuse INT mixed with BOOL at build (no operator_mapping entry)', async () => {
    const t = tableFromMarkdown(`
      i | p     | q
      1 | True  | False`);
    const r = t.select({ and: t.c.p.and(t.c.q), or: t.c.p.or(t.c.q), xor: t.c.p.xor(t.c.q) });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['BOOL', 'BOOL', 'BOOL']);
    expect(await tableToRows(r)).toMatchObject([{ and: false, or: true, xor: true }]);
    expect(() => t.select({ x: t.c.i.and(t.c.p) })).toThrow(/unsupported operand types for &: INT and BOOL/);
    expect(() => t.filter(t.c.p.or(cw.this.i))).toThrow(cw.GraphBuildError);
  });
});

describe('comparisons of incompatible dtypes', () => {
  // Pathway raises TypeError ("Pathway does not support using binary operator eq on columns of types ...") for
  // operand pairs missing from operator_mapping.py (test_operators.py::test_tuples_error_on_incorrect_types).
  it('are a GraphBuildError at the line of the comparison', () => {
    const t = cw.tableFromRows(
      cw.schema({ i: cw.INT, s: cw.STR, b: cw.BOOL, n: cw.DATE_TIME_NAIVE, u: cw.DATE_TIME_UTC }),
      [],
    );
    const line = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]!;
    expect(() => t.select({ x: t.c.i.eq(t.c.s) })).toThrow(
      new RegExp(`cannot compare INT and STR with ==.*type-check\\.test\\.ts:${Number(line) + 1}:`),
    );
    expect(() => t.select({ x: t.c.s.ne(t.c.b) })).toThrow(/cannot compare STR and BOOL with !=/);
    expect(() => t.filter(t.c.n.eq(t.c.u))).toThrow(/DATE_TIME_NAIVE and DATE_TIME_UTC.*toUtc/);
    expect(() => t.filter(cw.this.i.lt('3'))).toThrow(/cannot compare INT and STR with </);
    expect(() => t.select({ x: t.c.b.ge(1) })).toThrow(/cannot compare BOOL and INT with >=/);
    expect(() => t.select({ x: t.c.n.gt(DateTimeUtc.parse('2023-01-01T00:00:00Z')) })).toThrow(
      cw.GraphBuildError,
    );
  });

  it('stay allowed for INT with FLOAT, optional of the same type, None, ANY and JSON', async () => {
    const t = cw.tableFromRows(cw.schema({ i: cw.INT, f: cw.FLOAT, o: cw.optional(cw.STR), j: cw.JSON }), [
      { i: 2, f: 2.0, o: null, j: 1 },
    ]);
    const r = t.select({
      num: t.c.i.eq(t.c.f),
      opt: t.c.o.eq('a'),
      none: t.c.o.eq(null),
      any: cw.fillError(cw.this.i.le(cw.cast(cw.ANY, 'x')), 'error at run time'),
      json: t.c.j.ne(1),
      naive: cw
        .lit(DateTimeNaive.parse('2023-01-01T00:00:00'))
        .lt(DateTimeNaive.parse('2023-01-02T00:00:00')),
    });
    expect(await tableToRows(r, { terminateOnError: false })).toMatchObject([
      { num: true, opt: false, none: true, any: 'error at run time', json: false, naive: true },
    ]);
  });

  it('comparableDtypes checks tuples element-wise', () => {
    expect(comparableDtypes(cw.tuple(cw.INT, cw.INT), cw.tuple(cw.FLOAT, cw.INT))).toBe(true);
    expect(comparableDtypes(cw.tuple(cw.INT, cw.INT), cw.tuple(cw.INT, cw.STR))).toBe(false);
    expect(comparableDtypes(cw.list(cw.INT), cw.tuple(cw.INT, cw.STR))).toBe(true);
    expect(comparableDtypes(cw.optional(cw.STR), cw.STR)).toBe(true);
    expect(comparableDtypes(cw.POINTER, cw.STR)).toBe(false);
  });
});
