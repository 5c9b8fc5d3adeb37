// Ids and pseudocolumns of markdown and record tables, as Pathway's table_from_pandas: id_from wins over the index
// (api.ids_from_pandas), and __time__ / __diff__ / __shard__ are PANDAS_PSEUDOCOLUMNS, never data columns.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValues } from '../engine/key.js';
import {
  assertStreamEquality,
  assertTableEquality,
  tableFromMarkdown as T,
  tableFromRecords,
  tableToRows,
} from './index.js';

afterEach(() => cw.clearGraph());

describe('idFrom and primary keys over row labels (Pathway ids_from_pandas)', () => {
  it('takes markdown ids from idFrom even when rows have labels', async () => {
    const t = T('  | a | b\n1 | 5 | x\n2 | 6 | y', { idFrom: ['a'] });
    await assertTableEquality(t, T('a | b\n5 | x\n6 | y').withIdFrom(cw.this.a));
    expect((await tableToRows(t)).map((r) => r.id).sort()).toEqual(
      [keyFromValues([5]), keyFromValues([6])].sort(),
    );
  });

  it("takes markdown ids from the schema's primary key even when rows have labels", async () => {
    const S = cw.schema({ a: cw.column(cw.INT, { primaryKey: true }), b: cw.STR });
    const t = T('  | a | b\n1 | 5 | x', { schema: S });
    expect((await tableToRows(t))[0]!.id).toBe(keyFromValues([5]));
  });

  it('takes record ids from idFrom over an id field', async () => {
    const t = tableFromRecords([{ id: 1, a: 5 }], { idFrom: ['a'] });
    expect((await tableToRows(t))[0]!.id).toBe(keyFromValues([5]));
  });
});

describe('__shard__ as a pseudocolumn (Pathway PANDAS_PSEUDOCOLUMNS)', () => {
  it('is not a column of a markdown table (test_assert_table_revisions_equality_with_id_multiple_workers)', async () => {
    const t = T(`
        | a | __time__ | __diff__ | __shard__
      9 | 0 |    2     |    1     |     0
      8 | 1 |    4     |    1     |     0
      7 | 2 |    4     |    1     |     1
      2 | 8 |    4     |    1     |     2
      6 | 3 |    6     |    1     |     3
      7 | 2 |    6     |   -1     |     1
      5 | 4 |    8     |    1     |     0
      6 | 3 |    8     |   -1     |     3
      6 | 4 |    8     |    1     |     3
      2 | 8 |    8     |   -1     |     2`);
    expect(t.columnNames()).toEqual(['a']);
    const expected = T(`
        | a | __time__ | __diff__
      9 | 0 |    2     |    1
      8 | 1 |    4     |    1
      7 | 2 |    4     |    1
      2 | 8 |    4     |    1
      6 | 3 |    6     |    1
      7 | 2 |    6     |   -1
      5 | 4 |    8     |    1
      6 | 3 |    8     |   -1
      6 | 4 |    8     |    1
      2 | 8 |    8     |   -1`);
    await assertStreamEquality(t, expected);
  });

  it('is not a column of a table from records, and must be an integer', async () => {
    const t = tableFromRecords([{ a: 1, __shard__: 3 }]);
    expect(t.columnNames()).toEqual(['a']);
    expect(() => tableFromRecords([{ a: 1, __shard__: 'x' }])).toThrow(
      /tableFromRecords: record 0 has __shard__ x; it must be an integer/,
    );
    expect(() => T('a | __shard__\n1 | 0.5')).toThrow(/has __shard__ "0.5"; it must be an integer/);
  });
});
