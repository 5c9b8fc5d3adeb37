import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown, tableToRows } from '../../testing/index.js';

afterEach(() => cw.clearGraph());

/** Runs `table` and returns its rows as records sorted by `by` (errors kept as ErrorValue). */
async function rows(table: cw.Table<any>, by: string): Promise<Record<string, unknown>[]> {
  const out = await tableToRows<Record<string, unknown>>(table, { terminateOnError: false });
  return out
    .map(({ id: _id, ...rest }) => rest as Record<string, unknown>)
    .sort((a, b) => (String(a[by]) < String(b[by]) ? -1 : String(a[by]) > String(b[by]) ? 1 : 0));
}

describe('Expr.str', () => {
  it('lower/upper/len/reversed like the Pathway docs examples', async () => {
    const t = tableFromMarkdown(`
      name
      Alice
      Bob
      CAROLE
      david`);
    const r = t.select({
      name: cw.this.name,
      lower: cw.this.name.str.lower(),
      upper: cw.this.name.str.upper(),
      len: cw.this.name.str.len(),
      rev: cw.this.name.str.reversed(),
    });
    expect(r.schema.columns.map((c) => `${c.name}:${String(c.dtype)}`)).toEqual([
      'name:STR',
      'lower:STR',
      'upper:STR',
      'len:INT',
      'rev:STR',
    ]);
    expect(await rows(r, 'name')).toEqual([
      { name: 'Alice', lower: 'alice', upper: 'ALICE', len: 5, rev: 'ecilA' },
      { name: 'Bob', lower: 'bob', upper: 'BOB', len: 3, rev: 'boB' },
      { name: 'CAROLE', lower: 'carole', upper: 'CAROLE', len: 6, rev: 'ELORAC' },
      { name: 'david', lower: 'david', upper: 'DAVID', len: 5, rev: 'divad' },
    ]);
  });

  it('replace, startswith/endswith, strip family, title, swapcase, prefixes, with constant arguments', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | "  Hello World  "
      2 | "xxabcxx"`);
    const r = t.select({
      k: cw.this.k,
      rep: cw.this.s.str.replace('l', 'L'),
      rep1: cw.this.s.str.replace('x', '-', 1),
      sw: cw.this.s.str.strip().str.startswith('He'),
      ew: cw.this.s.str.endswith('xx'),
      strip: cw.this.s.str.strip(),
      lstrip: cw.this.s.str.lstrip('x'),
      rstrip: cw.this.s.str.rstrip('x'),
      title: cw.this.s.str.title(),
      swap: cw.this.s.str.swapcase(),
      nopre: cw.this.s.str.removeprefix('xx'),
      nosuf: cw.this.s.str.removesuffix('xx'),
    });
    expect(await rows(r, 'k')).toEqual([
      {
        k: 1,
        rep: '  HeLLo WorLd  ',
        rep1: '  Hello World  ',
        sw: true,
        ew: false,
        strip: 'Hello World',
        lstrip: '  Hello World  ',
        rstrip: '  Hello World  ',
        title: '  Hello World  ',
        swap: '  hELLO wORLD  ',
        nopre: '  Hello World  ',
        nosuf: '  Hello World  ',
      },
      {
        k: 2,
        rep: 'xxabcxx',
        rep1: '-xabcxx',
        sw: false,
        ew: true,
        strip: 'xxabcxx',
        lstrip: 'abcxx',
        rstrip: 'xxabc',
        title: 'Xxabcxx',
        swap: 'XXABCXX',
        nopre: 'abcxx',
        nosuf: 'xxabc',
      },
    ]);
  });

  it('find/rfind/count/slice take expression arguments and treat None bounds as omitted', async () => {
    const t = tableFromMarkdown(`
      s        | sub | start | end
      abcabc   | bc  | 0     | None
      abcabc   | bc  | 2     | 5
      Pathway  | a   | -3    | None`);
    const r = t.select({
      s: cw.this.s,
      start: cw.this.start,
      find: cw.this.s.str.find(cw.this.sub, cw.this.start, cw.this.end),
      rfind: cw.this.s.str.rfind(cw.this.sub, cw.this.start, cw.this.end),
      count: cw.this.s.str.count(cw.this.sub),
      slice: cw.this.s.str.slice(cw.this.start, cw.this.end),
      head: cw.this.s.str.slice(0, 3),
    });
    expect(await rows(r, 'start')).toEqual([
      { s: 'Pathway', start: -3, find: 5, rfind: 5, count: 2, slice: 'way', head: 'Pat' },
      { s: 'abcabc', start: 0, find: 1, rfind: 4, count: 2, slice: 'abcabc', head: 'abc' },
      { s: 'abcabc', start: 2, find: -1, rfind: -1, count: 2, slice: 'cab', head: 'abc' },
    ]);
  });

  it('splits into a list and prints values with toString', async () => {
    const t = tableFromMarkdown(`
      k | s         | n   | f
      1 | "a b  c"  | 10  | 2.5
      2 | "x,y"     | -3  | 1.0`);
    const r = t.select({
      k: cw.this.k,
      words: cw.this.s.str.split(),
      parts: cw.this.s.str.split(','),
      n: cw.this.n.str.toString().add('!'),
      f: t.c.f.str.toString(),
      b: cw.this.n.gt(0).str.toString(),
    });
    expect(r.schema.columns.find((c) => c.name === 'parts')?.dtype.toString()).toBe('List(STR)');
    expect(await rows(r, 'k')).toEqual([
      { k: 1, words: ['a', 'b', 'c'], parts: ['a b  c'], n: '10!', f: '2.5', b: 'True' },
      { k: 2, words: ['x,y'], parts: ['x', 'y'], n: '-3!', f: '1.0', b: 'False' },
    ]);
  });

  it('parses ints, floats and bools; a bad string is an Error cell, or None when optional', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | "42"
      2 | " -7 "
      3 | "4.5"
      4 | "yes"`);
    const r = t.select({
      k: cw.this.k,
      i: cw.this.s.str.parseInt(),
      io: cw.this.s.str.parseInt({ optional: true }),
      f: cw.this.s.str.parseFloat({ optional: true }),
      b: cw.this.s.str.parseBool({ optional: true }),
      b2: cw.this.s.str.parseBool({ trueValues: ['42'], falseValues: ['4.5'], optional: true }),
    });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'INT',
      'INT',
      'Optional(INT)',
      'Optional(FLOAT)',
      'Optional(BOOL)',
      'Optional(BOOL)',
    ]);
    const out = await rows(r, 'k');
    expect(out.map((x) => (x.i instanceof cw.ErrorValue ? 'Error' : x.i))).toEqual([
      42,
      -7,
      'Error',
      'Error',
    ]);
    expect(out.map((x) => [x.io, x.f, x.b, x.b2])).toEqual([
      [42, 42, null, true],
      [-7, -7, null, null],
      [null, 4.5, null, false],
      [null, null, true, null],
    ]);
  });

  it("reads only Pathway's default words in parseBool, not y/n (test_string.py::test_parse_bool, test_parse_bool_optional)", async () => {
    const words = ['On', 'true', '1', 'Yes', 'off', 'False', '0', 'no', 'y', 'n', 'Truer'];
    const t = cw.tableFromRows(
      cw.schema({ k: cw.INT, s: cw.STR }),
      words.map((s, i) => ({ k: i, s })),
    );
    const out = await tableToRows<{ k: number; b: boolean | null }>(
      t.select({ k: cw.this.k, b: cw.this.s.str.parseBool({ optional: true }) }),
    );
    expect(out.sort((a, b) => a.k - b.k).map((x) => x.b)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      null,
      null,
      null,
    ]);
  });

  it('gives None for a None receiver', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | None
      2 | ab`);
    const r = t.select({
      k: cw.this.k,
      u: cw.this.s.str.upper(),
      f: cw.this.s.str.find('b'),
      t: cw.this.s.str.toString(),
    });
    expect(await rows(r, 'k')).toEqual([
      { k: 1, u: null, f: null, t: 'None' },
      { k: 2, u: 'AB', f: 1, t: 'ab' },
    ]);
  });
});

describe('namespace calls on cw.this', () => {
  it('are typed and computed as through t.c once the column resolves (float to string, abs, round)', async () => {
    const t = tableFromMarkdown(`
      f    | s
      1.0  | abc
      -2.5 | None`);
    const u = t.select({
      viaC: t.c.f.str.toString(),
      viaThis: cw.this.f.str.toString(),
      abs: cw.this.f.num.abs(),
      round: cw.this.f.num.round(0),
      up: cw.this.s.str.upper(),
    });
    expect(u.columns.map((c) => String(c.dtype))).toEqual(['STR', 'STR', 'FLOAT', 'FLOAT', 'Optional(STR)']);
    const rows = await tableToRows<{ viaC: string; viaThis: string }>(u);
    expect(rows.map((r) => [r.viaC, r.viaThis]).sort()).toEqual([
      ['-2.5', '-2.5'],
      ['1.0', '1.0'],
    ]);
  });

  it('are type-checked when the method is called, like t.c calls', () => {
    const t = tableFromMarkdown(`
      f
      1.5`);
    expect(() => t.select({ z: cw.this.f.num.abs().add('x') })).toThrow(
      /unsupported operand types for \+: FLOAT and STR/,
    );
  });
});

describe('str.toString of date-times (Pathway test_to_string_for_datetime_naive / _utc)', () => {
  it('prints the ISO form with nine fraction digits, UTC ones with +0000', async () => {
    const t = tableFromMarkdown(`
        | t
      1 | 2019-12-31T23:49:59.0001
      2 | 2020-03-04T11:13:00.345612`);
    const naive = cw.this.t.dt.strptime('%Y-%m-%dT%H:%M:%S.%f');
    const r = t.select({ n: naive.str.toString(), u: naive.dt.toUtc('Europe/Warsaw').str.toString() });
    const rows = await tableToRows<{ n: string; u: string }>(r);
    expect(rows.map((x) => [x.n, x.u]).sort()).toEqual([
      ['2019-12-31T23:49:59.000100000', '2019-12-31T22:49:59.000100000+0000'],
      ['2020-03-04T11:13:00.345612000', '2020-03-04T10:13:00.345612000+0000'],
    ]);
  });
});
