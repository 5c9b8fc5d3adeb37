import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyFromValues } from '../engine/key.js';
import { DateTimeNaive } from '../table/values/date-time.js';
import { Duration } from '../table/values/duration.js';
import { Json } from '../table/values/json.js';
import {
  parseCell,
  parseMarkdown,
  renderTable,
  renderUpdateStream,
  tableFromMarkdown,
  tableToRows,
} from './index.js';

afterEach(() => cw.clearGraph());

describe('parseCell', () => {
  it('reads None, booleans, numbers and strings as Pathway does', () => {
    expect(['None', '', 'nan', 'NA', 'NULL'].map(parseCell)).toEqual([null, null, null, null, null]);
    expect(['True', 'false', '3', '-2', '2.5', '1e3', 'inf', '-inf'].map(parseCell)).toEqual([
      true,
      false,
      3,
      -2,
      2.5,
      1000,
      Infinity,
      -Infinity,
    ]);
    expect(['abc', '"a b"', "'None'", '"3"'].map(parseCell)).toEqual(['abc', 'a b', 'None', '3']);
  });
});

describe('parseMarkdown', () => {
  it('reads labels, special columns and GitHub-style tables', () => {
    const p = parseMarkdown(`
      | a | __time__
    1 | x | 2`);
    expect(p).toMatchObject({ columns: ['a'], isStream: true, hasLabels: true });
    expect(p.rows[0]).toMatchObject({ line: 3, label: '1', cells: { a: 'x', __time__: '2' } });
    const g = parseMarkdown(`
      | a | b |
      |---|:-:|
      | 1 | 2 |`);
    expect(g.columns).toEqual(['a', 'b']);
    expect(g.rows[0]!.cells).toEqual({ a: '1', b: '2' });
  });

  it('splits lines without pipes on spaces', () => {
    const p = parseMarkdown(`
      a  b
      1  x`);
    expect(p.rows[0]!.cells).toEqual({ a: '1', b: 'x' });
  });

  it('names the line of a ragged row', () => {
    expect(() =>
      parseMarkdown(`
      a | b
      1 | 2
      3 | 4 | 5`),
    ).toThrow(/line 4 \("3 \| 4 \| 5"\) has 3 cells but the header has 2 \(a, b\)/);
  });

  it('rejects an empty table, a missing header and repeated columns', () => {
    expect(() => parseMarkdown('\n   \n')).toThrow(/the table is empty; write a header line/);
    expect(() => parseMarkdown('\n 1 | 2\n 3 | 4')).toThrow(/line 2: "1 \| 2"\) looks like data/);
    expect(() => parseMarkdown('a | a\n1 | 2')).toThrow(/column "a" appears twice/);
  });
});

describe('tableFromMarkdown', () => {
  it('infers column types per column (2.0 is a FLOAT, None makes a column optional, mixed columns are strings)', async () => {
    const t = tableFromMarkdown(`
      i | f   | b     | s   | o    | m
      1 | 2.0 | True  | x   | 1    | 1
      2 | 3   | False | y z | None | a`);
    expect(t.columns.map((c) => `${c.name}: ${c.dtype}`)).toEqual([
      'i: INT',
      'f: FLOAT',
      'b: BOOL',
      's: STR',
      'o: Optional(INT)',
      'm: STR',
    ]);
    const rows = await tableToRows<Record<string, unknown>>(t);
    expect(rows.map(({ id: _id, ...r }) => r).sort((a, b) => Number(a['i']) - Number(b['i']))).toEqual([
      { i: 1, f: 2, b: true, s: 'x', o: 1, m: '1' },
      { i: 2, f: 3, b: false, s: 'y z', o: null, m: 'a' },
    ]);
  });

  it('makes ids from row labels and id columns like pointerFrom(label)', async () => {
    const labelled = tableFromMarkdown(`
        | a
      1 | x
      k | y`);
    const rows = await tableToRows<{ a: string }>(labelled);
    expect(new Map(rows.map((r) => [r.a, r.id]))).toEqual(
      new Map([
        ['x', keyFromValue(1)],
        ['y', keyFromValue('k')],
      ]),
    );
    const withId = tableFromMarkdown(`
      id | a
      1  | x`);
    expect((await tableToRows(withId))[0]!.id).toBe(keyFromValue(1));
  });

  it('numbers unlabelled rows like Pathway, so equal-length tables share ids and a universe', async () => {
    const a = tableFromMarkdown(`
      x
      1
      2`);
    const b = tableFromMarkdown(`
      y
      10
      20`);
    expect(a.universe).toBe(b.universe);
    const r = a.select({ x: a.c.x, y: b.c.y });
    expect(await renderTable(r, { includeId: false })).toBe(['x | y', '1 | 10', '2 | 20'].join('\n'));
    expect((await tableToRows(a)).map((row) => row.id).sort()).toEqual(
      [keyFromValue(0), keyFromValue(1)].sort(),
    );
  });

  it('replays __time__ and __diff__, a retraction without a label removing the equal live row', async () => {
    const t = tableFromMarkdown(`
      pet | __time__ | __diff__
      dog | 2        | 1
      cat | 2        | 1
      dog | 4        | -1
      cow | 4        | 1`);
    expect(await renderUpdateStream(t, { includeId: false })).toBe(
      [
        'pet | __time__ | __diff__',
        'cat | 2        | 1',
        'dog | 2        | 1',
        'dog | 4        | -1',
        'cow | 4        | 1',
      ].join('\n'),
    );
  });

  it('applies an update of a labelled row (retraction and insertion at the same time, in any order)', async () => {
    const t = tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | a | 2        | 1
      1 | b | 4        | 1
      1 | a | 4        | -1`);
    expect(await renderTable(t, { includeId: false })).toBe('v\nb');
  });

  it('reads times without diffs as an append-only stream of events, where an id may repeat (Pathway)', async () => {
    const t = tableFromMarkdown(`
      id | v | __time__
       1 | a | 2
       1 | b | 4`);
    expect(await renderUpdateStream(t, { includeId: false })).toBe(
      ['v | __time__ | __diff__', 'a | 2        | 1', 'b | 4        | 1'].join('\n'),
    );
  });

  it('explains inconsistent streams', () => {
    expect(() =>
      tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | a | 2        | 1
      1 | b | 4        | 1`),
    ).toThrow(/line 4 \("1 \| b \| 4\s+\| 1"\) inserts id \^\w+, which is already present \(line 3/);
    expect(() =>
      tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | a | 2        | 1
      1 | b | 4        | -1`),
    ).toThrow(/retracts id .* with values that differ from its row/);
    expect(() =>
      tableFromMarkdown(`
      v | __diff__
      a | -1`),
    ).toThrow(/line 3 \("a \| -1"\) retracts a row that is not present at time 0/);
    expect(() => tableFromMarkdown('v | __diff__\na | 2')).toThrow(
      /has __diff__ 2; use 1 \(insert\) or -1 \(retract\)/,
    );
    expect(() => tableFromMarkdown('v | __time__\na | -2')).toThrow(
      /has __time__ -2; times must be non-negative/,
    );
    expect(() => tableFromMarkdown('  | v\n1 | a\n1 | b')).toThrow(/line 3 .* inserts id/);
  });

  it('converts cells to the schema types, dates, durations and JSON included', async () => {
    const S = cw.schema({
      at: cw.DATE_TIME_NAIVE,
      d: cw.DURATION,
      j: cw.JSON,
      n: cw.optional(cw.FLOAT),
      s: cw.STR,
    });
    const t = tableFromMarkdown(
      `
      at                  | d  | j              | n    | s
      2023-05-15 10:13:00 | 3h | {"a": [1, 2]}  | 1    | 007
      2023-05-16 00:00:00 | 1d | "x"            | None | None`,
      { schema: S },
    );
    const rows = await tableToRows<Record<string, unknown>>(t);
    const first = rows.find((r) => r['s'] === '007')!;
    expect(first['at']).toEqual(DateTimeNaive.parse('2023-05-15T10:13:00'));
    expect(first['d']).toEqual(Duration.parse('3h'));
    expect(first['j']).toEqual(new Json({ a: [1, 2] }));
    expect(first['n']).toBe(1);
    expect(rows.find((r) => r['s'] === 'None')!['n']).toBeNull();
  });

  // test_types.py::test_markdown_type_bytes: a `bytes` column holds the UTF-8 bytes of the cell text.
  it('reads a BYTES column as the UTF-8 bytes of each cell, None as null when optional', async () => {
    const t = tableFromMarkdown(
      `
        | text | text_bytes | maybe
      1 | aa   | aa         | None
      2 | żb   | "żb"       | x`,
      { schema: cw.schema({ text: cw.STR, text_bytes: cw.BYTES, maybe: cw.optional(cw.BYTES) }) },
    );
    const rows = await tableToRows<{ text: string; text_bytes: Uint8Array; maybe: Uint8Array | null }>(t);
    const byText = new Map(rows.map((r) => [r.text, r]));
    expect(byText.get('aa')!.text_bytes).toEqual(new Uint8Array([97, 97]));
    expect(byText.get('aa')!.maybe).toBeNull();
    expect(byText.get('żb')!.text_bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(byText.get('żb')!.text_bytes)).toBe('żb');
    expect(byText.get('żb')!.maybe).toEqual(new Uint8Array([120]));
  });

  it('names the line and column of a cell that does not fit the schema', () => {
    const S = cw.schema({ a: cw.INT, b: cw.STR });
    expect(() => tableFromMarkdown('a | b\n1 | x\nq | y', { schema: S })).toThrow(
      /line 3 \("q \| y"\), column "a": "q" is not an integer \(the column is INT\)/,
    );
    expect(() => tableFromMarkdown('a | b\nNone | x', { schema: S })).toThrow(
      /"None" is None but the column is INT \(not optional\)/,
    );
    expect(() => tableFromMarkdown('a | b | c\n1 | x | 2', { schema: S })).toThrow(
      /column\(s\) c are not in the schema/,
    );
    expect(() => tableFromMarkdown('a\n1', { schema: S })).toThrow(
      /no column "b" and the schema gives it no default/,
    );
  });

  it('takes ids from the primary key or idFrom', async () => {
    const S = cw.schema({ name: cw.column(cw.STR, { primaryKey: true }), age: cw.INT });
    const t = tableFromMarkdown('name | age\nAna | 3', { schema: S });
    expect((await tableToRows(t))[0]!.id).toBe(keyFromValues(['Ana']));
    const u = tableFromMarkdown('name | age\nAna | 3', { idFrom: ['name', 'age'] });
    expect((await tableToRows(u))[0]!.id).toBe(keyFromValues(['Ana', 3]));
    expect(() => tableFromMarkdown('a\n1', { idFrom: ['b'] })).toThrow(
      /idFrom names column "b", which the table lacks/,
    );
  });
});

describe('tableFromMarkdown None texts', () => {
  it('reads every None text as None in an inferred string column', async () => {
    const t = tableFromMarkdown('s\nx\nnan\nNULL');
    expect(t.columns[0]!.dtype.toString()).toBe('Optional(STR)');
    expect((await tableToRows<{ s: string | null }>(t)).map((r) => r.s).sort()).toEqual([null, null, 'x']);
  });
});

describe('tableFromMarkdown Pathway forms', () => {
  it('reads a first cell without a header name as the row id (pandas index)', async () => {
    const t = tableFromMarkdown(`
      pet
      1  Dog
      7  Cat`);
    const rows = await tableToRows<{ pet: string }>(t);
    expect(rows.map((r) => [r.id, r.pet]).sort()).toEqual(
      [
        [cw.keyFromValues([1]), 'Dog'],
        [cw.keyFromValues([7]), 'Cat'],
      ].sort(),
    );
  });

  it('reads an empty last cell before a trailing pipe as None', async () => {
    const t = tableFromMarkdown(`
      a | b    | c
      4 | valB | 4 |
      2 | x    |`);
    const rows = await tableToRows<{ a: number; b: string; c: number | null }>(t);
    expect(rows.map((r) => [r.a, r.b, r.c]).sort()).toEqual([
      [2, 'x', null],
      [4, 'valB', 4],
    ]);
  });
});

describe('tableFromMarkdown trailing pipes', () => {
  it('treats a trailing pipe after full rows as decoration, not as an id column', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 2 |
      3 | 4 |`);
    const rows = await tableToRows<{ a: number; b: number }>(t);
    expect(rows.map((r) => [r.a, r.b]).sort()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
