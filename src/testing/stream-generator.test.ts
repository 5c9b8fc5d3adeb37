import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue } from '../engine/key.js';
import { DateTimeUtc } from '../table/values/date-time.js';
import {
  assertStreamEqualityWoIndex,
  assertTableEquality,
  renderUpdateStream,
  StreamGenerator,
  tableFromListOfBatches,
  tableFromMarkdown,
  tableFromRecords,
  tableToRows,
} from './index.js';

afterEach(() => cw.clearGraph());

describe('tableFromListOfBatches', () => {
  it('inserts batch i at time 2(i+1) with positional ids', async () => {
    const t = tableFromListOfBatches([[{ a: 1 }, { a: 2 }], [{ a: 3 }]], cw.schema({ a: cw.INT }));
    expect(await renderUpdateStream(t, { includeId: false })).toBe(
      ['a | __time__ | __diff__', '1 | 2        | 1', '2 | 2        | 1', '3 | 4        | 1'].join('\n'),
    );
    expect((await tableToRows<{ a: number }>(t)).find((r) => r.a === 3)!.id).toBe(keyFromValue(2));
  });

  it('replaces a row whose primary key comes again in a later batch', async () => {
    const S = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });
    const t = tableFromListOfBatches(
      [
        [{ k: 'a', v: 1 }],
        [
          { k: 'a', v: 2 },
          { k: 'b', v: 5 },
        ],
      ],
      S,
    );
    await assertStreamEqualityWoIndex(
      t,
      tableFromMarkdown(`
        k | v | __time__ | __diff__
        a | 1 | 2        | 1
        a | 1 | 4        | -1
        a | 2 | 4        | 1
        b | 5 | 4        | 1`),
    );
  });

  it('says which row lacks a field', () => {
    expect(() => tableFromListOfBatches([[{ a: 1 }], [{}]], cw.schema({ a: cw.INT }))).toThrow(
      /tableFromListOfBatches: batch 1, row 0 has no field "a" and the schema gives no default/,
    );
  });
});

describe('StreamGenerator', () => {
  it('reads Pathway generator columns (_time, _diff, _worker) from markdown, default time 2', async () => {
    const gen = new StreamGenerator();
    const t = gen.tableFromMarkdown(`
        | v | _time | _worker | _diff
      1 | a | 2     | 0       | 1
      1 | a | 4     | 1       | -1`);
    expect(t.columnNames()).toEqual(['v']);
    expect(await renderUpdateStream(t, { includeId: false })).toBe(
      'v | __time__ | __diff__\na | 2        | 1\na | 4        | -1',
    );
    expect(await renderUpdateStream(gen.tableFromMarkdown('v\nb'), { includeId: false })).toBe(
      'v | __time__ | __diff__\nb | 2        | 1',
    );
  });

  it('flattens batches by worker', async () => {
    const t = new StreamGenerator().tableFromListOfBatchesByWorkers(
      [{ 1: [{ a: 2 }], 0: [{ a: 1 }] }, { 0: [{ a: 3 }] }],
      cw.schema({ a: cw.INT }),
    );
    expect(await renderUpdateStream(t, { includeId: false })).toBe(
      ['a | __time__ | __diff__', '1 | 2        | 1', '2 | 2        | 1', '3 | 4        | 1'].join('\n'),
    );
  });
});

describe('tableFromRecords', () => {
  it('infers types, numbers rows like Pathway and honours id, __time__ and __diff__ fields', async () => {
    const t = tableFromRecords([
      { id: 'x', name: 'Ana', age: 3, __time__: 2 },
      { id: 'x', name: 'Ana', age: 3, __time__: 4, __diff__: -1 },
      { name: 'Bo', age: 1.5 },
    ]);
    expect(t.columns.map((c) => `${c.name}: ${c.dtype}`)).toEqual(['name: STR', 'age: FLOAT']);
    const rows = await tableToRows<{ name: string }>(t);
    expect(rows.map((r) => [r.name, r.id])).toEqual([['Bo', keyFromValue(2)]]);
  });

  it('converts text to schema types and takes ids from the primary key', async () => {
    const S = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), at: cw.DATE_TIME_UTC, j: cw.JSON });
    const t = tableFromRecords([{ k: 1, at: '2024-01-02T03:04:05Z', j: { a: 1 } }], { schema: S });
    const [row] = await tableToRows<Record<string, unknown>>(t);
    expect(row!['at']).toEqual(DateTimeUtc.parse('2024-01-02T03:04:05Z'));
    expect(String(row!['j'])).toBe('{"a": 1}');
    await assertTableEquality(t.select({ k: cw.this.k }), tableFromMarkdown('k\n1', { idFrom: ['k'] }));
    expect(() => tableFromRecords([{ k: 1, at: 'soon', j: 1 }], { schema: S })).toThrow(
      /tableFromRecords: record 0, field "at": cannot parse "soon"/,
    );
    expect(() => tableFromRecords([{ k: 1, zz: 2 }], { schema: S })).toThrow(
      /record 0 has field "zz", which is not in the schema/,
    );
  });
});
