import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { renderTable, tableFromMarkdown, tableToRows } from '../../testing/index.js';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import { compareValues } from '../values/compare.js';

afterEach(() => cw.clearGraph());

const show = (v: unknown): unknown => (v instanceof cw.ErrorValue ? 'Error' : v === 0 ? 0 : v);

/** Runs `table` and returns its rows as arrays in column order, sorted by value. */
async function rows(table: cw.Table<any>): Promise<unknown[][]> {
  const out = await tableToRows<Record<string, unknown>>(table, { terminateOnError: false });
  const names = table.columnNames();
  return out.map((r) => names.map((n) => show(r[n]))).sort(compareValues);
}

describe('arithmetic operators', () => {
  it('follow Python: int // int and int % int are ints with the sign of the divisor, / is a float', async () => {
    const t = tableFromMarkdown(`
      a  | b
      7  | 2
      -7 | 2
      7  | -2
      -7 | -2`);
    const r = t.select({
      a: t.c.a,
      b: t.c.b,
      fd: t.c.a.floordiv(t.c.b),
      md: t.c.a.mod(t.c.b),
      td: t.c.a.div(t.c.b),
      pw: t.c.a.pow(2),
      sum: t.c.a.add(t.c.b),
    });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'INT',
      'INT',
      'INT',
      'INT',
      'FLOAT',
      'INT',
      'INT',
    ]);
    expect(await rows(r)).toEqual([
      [-7, -2, 3, -1, 3.5, 49, -9],
      [-7, 2, -4, 1, -3.5, 49, -5],
      [7, -2, -4, -1, -3.5, 49, 5],
      [7, 2, 3, 1, 3.5, 49, 9],
    ]);
  });

  it('prints int / int as a float and keeps floats floats (Pathway layout)', async () => {
    const t = tableFromMarkdown(`
      a | b
      6 | 3
      5 | 2.0`);
    const r = t.select({ q: t.c.a.div(t.c.b), f: t.c.a.floordiv(t.c.b), m: t.c.a.mod(t.c.b) });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual(['FLOAT', 'FLOAT', 'FLOAT']);
    const text = await renderTable(r, { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual(['2.0 | 2.0 | 0.0', '2.5 | 2.0 | 1.0']);
  });

  it('makes division and modulo by zero Error cells and keeps the rest of the row', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 0
      4 | 2`);
    const r = t.select({
      a: t.c.a,
      d: t.c.a.div(t.c.b),
      f: t.c.a.floordiv(t.c.b),
      m: t.c.a.mod(t.c.b),
      ok: t.c.a.add(1),
    });
    expect(await rows(r)).toEqual([
      [1, 'Error', 'Error', 'Error', 2],
      [4, 2, 2, 0, 5],
    ]);
  });

  it('shifts INTs as 64-bit integers, and refuses other operands and counts out of range', async () => {
    const t = tableFromMarkdown(`
      a  | b
      3  | 2
      -5 | 1
      1  | 62
      1  | 64
      2  | -1`);
    const r = t.select({ l: t.c.a.lshift(t.c.b), r: t.c.a.rshift(t.c.b) });
    expect(String(r.typehints().l)).toBe('INT');
    expect(await rows(r)).toEqual(
      [
        [12, 0],
        [-10, -3],
        [2 ** 62, 0],
        ['Error', 'Error'],
        ['Error', 'Error'],
      ].sort(compareValues),
    );
    const f = tableFromMarkdown('x\n1.5');
    expect(() => f.select({ y: f.c.x.lshift(1) })).toThrow(/unsupported operand types for <<: FLOAT and INT/);
  });

  it('handles float floor division and powers like Python', async () => {
    const t = tableFromMarkdown(`
      a    | b
      7.5  | 2.0
      -7.5 | 2.0
      2.0  | -1.0
      0.0  | -1.0`);
    const r = t.select({ a: t.c.a, fd: t.c.a.floordiv(t.c.b), md: t.c.a.mod(t.c.b), pw: t.c.a.pow(t.c.b) });
    expect(await rows(r)).toEqual([
      [-7.5, -4, 0.5, 56.25],
      [0, 0, 0, 'Error'],
      [2, -2, 0, 0.5],
      [7.5, 3, 1.5, 56.25],
    ]);
  });

  it('concatenates and repeats strings; a string times a float is rejected when the select is built', async () => {
    const t = tableFromMarkdown(`
      s  | n
      ab | 3
      x  | 0`);
    const r = t.select({ s: t.c.s, cat: t.c.s.add('!'), rep: t.c.s.mul(t.c.n) });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual(['STR', 'STR', 'STR']);
    expect(await rows(r)).toEqual([
      ['ab', 'ab!', 'ababab'],
      ['x', 'x!', ''],
    ]);
    expect(() => t.select({ bad: t.c.s.mul(1.5) })).toThrow(
      /unsupported operand types for \*: STR and FLOAT/,
    );
  });

  it('negates numbers and durations', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, d: cw.DURATION }), [
      { k: 1, d: Duration.fromHours(2) },
    ]);
    const r = t.select({ k: t.c.k.neg(), d: t.c.d.neg() });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual(['INT', 'DURATION']);
    const [row] = await rows(r);
    expect(row![0]).toBe(-1);
    expect(String(row![1])).toBe('-1 days +22:00:00');
  });
});

describe('comparison operators', () => {
  it('compare tuples lexicographically and strings by code point', async () => {
    const t = tableFromMarkdown(`
      k | a | b | s
      1 | 1 | 2 | b
      2 | 1 | 1 | a
      3 | 2 | 0 | c`);
    const tup = cw.makeTuple(t.c.a, t.c.b);
    const r = t.select({
      k: t.c.k,
      lt: tup.lt(cw.makeTuple(1, 2)),
      le: tup.le(cw.makeTuple(1, 2)),
      eq: tup.eq(cw.makeTuple(1, 2)),
      gt: tup.gt([1, 5]),
      s: t.c.s.ge('b'),
    });
    expect(await rows(r)).toEqual([
      [1, false, true, true, false, true],
      [2, true, true, false, false, false],
      [3, false, false, false, true, true],
    ]);
  });

  it('compares date-times and durations; mixing kinds is refused at build (typed) or an error (untyped)', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, t: cw.DATE_TIME_NAIVE, d: cw.DURATION }), [
      { k: 1, t: DateTimeNaive.parse('2023-05-15T10:00:00'), d: Duration.fromMinutes(30) },
      { k: 2, t: DateTimeNaive.parse('2023-05-16T09:00:00'), d: Duration.fromHours(2) },
    ]);
    const noon = DateTimeNaive.parse('2023-05-15T12:00:00');
    const utcNoon = DateTimeUtc.parse('2023-05-15T12:00:00+00:00');
    // Pathway raises TypeError for DATE_TIME_NAIVE < DATE_TIME_UTC and DURATION < INT (test_operators.py).
    expect(() => t.select({ mixed: t.c.t.lt(utcNoon) })).toThrow(cw.GraphBuildError);
    expect(() => t.select({ num: t.c.d.lt(5) })).toThrow(cw.GraphBuildError);
    const r = t.select({
      k: t.c.k,
      before: t.c.t.lt(noon),
      long: t.c.d.ge(Duration.fromHours(1)),
      eq: t.c.d.eq(Duration.fromMinutes(30)),
      mixed: t.c.t.lt(cw.cast(cw.ANY, utcNoon)),
      num: t.c.d.lt(cw.cast(cw.ANY, 5)),
    });
    expect(await rows(r)).toEqual([
      [1, true, false, true, 'Error', 'Error'],
      [2, false, true, false, 'Error', 'Error'],
    ]);
  });
});

describe('date-time arithmetic', () => {
  it('adds and subtracts durations and subtracts date-times into durations', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, t: cw.DATE_TIME_NAIVE, u: cw.DATE_TIME_UTC }), [
      {
        k: 1,
        t: DateTimeNaive.parse('2023-05-15T10:00:00'),
        u: DateTimeUtc.parse('2023-05-15T10:00:00+02:00'),
      },
    ]);
    const start = DateTimeNaive.parse('2023-05-15T00:00:00');
    const r = t.select({
      plus: t.c.t.add(Duration.fromMinutes(90)),
      minus: t.c.t.sub(Duration.fromDays(1)),
      since: t.c.t.sub(start),
      half: t.c.t.sub(start).div(2),
      ratio: t.c.t.sub(start).div(Duration.fromHours(4)),
      whole: t.c.t.sub(start).floordiv(Duration.fromHours(4)),
      rest: t.c.t.sub(start).mod(Duration.fromHours(4)),
      uplus: t.c.u.add(Duration.fromHours(1)),
    });
    expect(() => t.select({ mixed: t.c.t.sub(t.c.u) })).toThrow(/unsupported operand types for -/);
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'DATE_TIME_NAIVE',
      'DATE_TIME_NAIVE',
      'DURATION',
      'DURATION',
      'FLOAT',
      'INT',
      'DURATION',
      'DATE_TIME_UTC',
    ]);
    const [row] = await rows(r);
    expect(row!.map(String)).toEqual([
      '2023-05-15 11:30:00',
      '2023-05-14 10:00:00',
      '0 days 10:00:00',
      '0 days 05:00:00',
      '2.5',
      '2',
      '0 days 02:00:00',
      '2023-05-15 09:00:00+00:00',
    ]);
  });
});

describe('cast', () => {
  it('converts between INT, FLOAT, STR and BOOL with the engine rules', async () => {
    const t = tableFromMarkdown(`
      k | i  | f    | s
      1 | 3  | 2.7  | " 12 "
      2 | 0  | -2.7 | "x"
      3 | -5 | 0.0  | ""`);
    const r = t.select({
      k: t.c.k,
      fi: cw.cast(cw.INT, t.c.f),
      if: cw.cast(cw.FLOAT, t.c.i),
      si: cw.cast(cw.INT, t.c.s),
      sf: cw.cast(cw.FLOAT, t.c.s),
      ib: cw.cast(cw.BOOL, t.c.i),
      sb: cw.cast(cw.BOOL, t.c.s),
      is: cw.cast(cw.STR, t.c.i),
      bs: cw.cast(cw.STR, t.c.i.gt(0)),
    });
    expect(await rows(r)).toEqual([
      [1, 2, 3, 12, 12, true, true, '3', 'True'],
      [2, -2, 0, 'Error', 'Error', false, true, '0', 'False'],
      [3, 0, -5, 'Error', 'Error', true, false, '-5', 'False'],
    ]);
  });
});

describe('ifElse / coalesce / require / unwrap / fillError', () => {
  it('behave like the Pathway docs examples', async () => {
    const t = tableFromMarkdown(`
      k | a    | b
      1 | 1    | None
      2 | None | 2
      3 | None | None
      4 | 4    | 0`);
    const r = t.select({
      k: t.c.k,
      ie: cw.ifElse(t.c.a.isNotNone(), 'has a', 'no a'),
      co: cw.coalesce(t.c.a, t.c.b, -1),
      rq: cw.require(t.c.k.mul(10), t.c.a, t.c.b),
      fe: cw.fillError(t.c.k.floordiv(t.c.b), -1),
      uw: cw.fillError(cw.unwrap(t.c.a), 0),
      lazy: cw.ifElse(t.c.b.eq(0), 0, t.c.k.floordiv(cw.coalesce(t.c.b, 1))),
    });
    expect(await rows(r)).toEqual([
      [1, 'has a', 1, null, -1, 1, 1],
      [2, 'no a', 2, null, 1, 0, 1],
      [3, 'no a', -1, null, -1, 0, 3],
      [4, 'has a', 4, 40, -1, 4, 0],
    ]);
  });
});
