// Ports of Pathway's test_utils.py (pw.utils.col, pw.utils.filtering) and test_json.py's unpack_col_dict tests, named
// after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoTypes,
  captureTables,
  tableFromRows,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

const { col, filtering } = cw.utils;

describe('Pathway test_utils.py parity: utils.col', () => {
  it('test_unpack_col: list elements to named columns, ids kept', async () => {
    const data = tableFromRows(cw.schema({ data: cw.list(cw.INT) }), [
      { data: [1, 2, 3] },
      { data: [4, 5, 6] },
      { data: [7, 8, 9] },
    ]);
    const result = col.unpackCol(data.c.data, 'coord1', 'coord2', 'coord3');
    await assertTableEqualityWoIndex(
      result,
      T(`
        coord1 | coord2 | coord3
        1      | 2      | 3
        4      | 5      | 6
        7      | 8      | 9`),
    );
  });

  it('test_unpack_col_schema: tuple elements to the columns of a schema, typed by it', async () => {
    const TestSchema = cw.schema({ coord1: cw.INT, coord2: cw.FLOAT, coord3: cw.STR });
    const data = T(`
        | a  | b   | c
      1 | 11 | 1.1 | abc
      2 | 12 | 1.2 | def
      3 | 13 | 1.3 | ghi`);
    const combined = data.select({ combined: cw.makeTuple(cw.this.a, cw.this.b, cw.this.c) });
    const result = col.unpackCol(combined.c.combined, { schema: TestSchema });
    await assertTableEquality(
      result,
      T(`
          | coord1 | coord2 | coord3
        1 | 11     | 1.1    | abc
        2 | 12     | 1.2    | def
        3 | 13     | 1.3    | ghi`),
    );
  });

  /** The table of test_apply_all_rows / test_multi_apply_all_rows, and `x + sum of every value` for a column. */
  const cols12 = () =>
    T(`
        | col1 | col2
      0 | 1    | 2
      1 | 3    | 4
      2 | 5    | 6`);
  const plusTotal = (column: unknown[], ...all: unknown[][]): number[] => {
    const total = all.flat().reduce((a: number, x) => a + (x as number), 0);
    return column.map((x) => (x as number) + total);
  };

  it('test_apply_all_rows: one function over whole columns, a value per row back', async () => {
    const t1 = cols12();
    const result = col.applyAllRows([t1.c.col1, t1.c.col2], (c1, c2) => plusTotal(c1, c1, c2), 'res');
    await assertTableEqualityWoTypes(
      result,
      T(`
          | res
        0 | 22
        1 | 24
        2 | 26`),
    );
  });

  it('test_multi_apply_all_rows: several result columns', async () => {
    const t1 = cols12();
    const result = col.multiapplyAllRows(
      [t1.c.col1, t1.c.col2],
      (c1, c2) => [plusTotal(c1, c1, c2), plusTotal(c2, c1, c2)],
      ['res1', 'res2'],
    );
    await assertTableEqualityWoTypes(
      result,
      T(`
          | res1 | res2
        0 | 22   | 23
        1 | 24   | 25
        2 | 26   | 27`),
    );
  });

  it('test_groupby_reduce_majority', async () => {
    const t1 = T(`
        | group | value
      0 | 1     | 1
      1 | 1     | 1
      2 | 1     | 2
      3 | 2     | 3
      4 | 2     | 4
      5 | 2     | 4
      6 | 2     | 4`);
    await assertTableEqualityWoIndex(
      col.groupbyReduceMajority(t1.c.group, t1.c.value),
      T(`
        group | majority
        1     | 1
        2     | 4`),
    );
  });

  it('refuses a cw.this reference: the table is not known', () => {
    expect(() => col.unpackCol(cw.this.data, 'a')).toThrow(/takes a column of a table \(t\.c\.x\)/);
  });
});

describe('Pathway test_utils.py parity: utils.filtering', () => {
  const input = (row4: string) =>
    T(`
        | foo | bar
      0 | 1   | 5
      1 | 2   | 6
      2 | 3   | 8
      3 | 2   | 8
      4 | ${row4}
      5 | 3   | 5
      6 | 5   | 2
      7 | 6   | 1`);

  it('test_argmin_rows_01 / _02: the row with the smallest bar per foo', async () => {
    for (const row4 of ['3 | 8', '3 | 5']) {
      const t = input(row4);
      await assertTableEqualityWoIndex(
        filtering.argminRows(t, [t.c.foo], t.c.bar),
        T(`
          foo | bar
          1   | 5
          2   | 6
          3   | 5
          5   | 2
          6   | 1`),
      );
      cw.clearGraph();
    }
  });

  it('test_argmax_rows_01 / _02: the row with the largest bar per foo, ids kept', async () => {
    const t = input('3 | 7');
    await assertTableEquality(
      filtering.argmaxRows(t, [t.c.foo], t.c.bar),
      T(`
          | foo | bar
        0 | 1   | 5
        2 | 3   | 8
        3 | 2   | 8
        6 | 5   | 2
        7 | 6   | 1`),
    );
    cw.clearGraph();
    const t2 = input('3 | 8');
    await assertTableEqualityWoIndex(
      filtering.argmaxRows(t2, [t2.c.foo], t2.c.bar),
      T(`
        foo | bar
        1   | 5
        3   | 8
        2   | 8
        5   | 2
        6   | 1`),
    );
  });
});

describe('Pathway test_json.py parity: utils.col.unpackColDict', () => {
  const Obj = cw.schema({ obj: cw.JSON });

  it('test_json_unpack_col_dict: members converted to the schema, ISO strings to date-times, ns to durations', async () => {
    const ObjectSchema = cw.schema({
      dtn: cw.DATE_TIME_NAIVE,
      dt: cw.DATE_TIME_UTC,
      nullDt: cw.DATE_TIME_UTC.optional(),
      dur: cw.DURATION,
      nullDur: cw.DURATION.optional(),
      text: cw.STR,
      n: cw.INT,
      x: cw.FLOAT.optional(),
      flag: cw.BOOL,
      raw: cw.JSON,
    });
    const table = tableFromRows(Obj, [
      {
        obj: new cw.Json({
          dtn: '2025-03-14T10:13:00.000000',
          dt: '2025-03-14T10:13:00.123456+00:00',
          nullDt: null,
          dur: 4 * 86_400_000_000_000 + 2_000,
          nullDur: null,
          text: '2025-03-14T00:00+00:00',
          n: 7,
          flag: true,
          raw: { a: [1] },
        }),
      },
    ]);
    const result = col.unpackColDict(table.c.obj, ObjectSchema);
    const [out] = await captureTables([result]);
    const row = out!.updates[0]!.row;
    expect(row.map(String)).toEqual([
      String(row[0]),
      String(row[1]),
      'null',
      String(row[3]),
      'null',
      '2025-03-14T00:00+00:00',
      '7',
      'null',
      'true',
      '{"a": [1]}',
    ]);
    expect(String(row[0])).toBe('2025-03-14 10:13:00');
    expect(String(row[1])).toBe('2025-03-14 10:13:00.123456+00:00');
    expect(String(row[3])).toBe('4 days 00:00:00.000002');
    expect(result.schema.columns.map((c) => String(c.dtype))).toEqual(
      ObjectSchema.columns.map((c) => String(c.dtype)),
    );
  });

  for (const dtype of [
    cw.INT,
    cw.FLOAT,
    cw.BOOL,
    cw.STR,
    cw.DATE_TIME_NAIVE,
    cw.DATE_TIME_UTC,
    cw.DURATION,
  ]) {
    it(`test_json_unpack_col_null: JSON null in a ${String(dtype)} column fails the run`, async () => {
      const table = tableFromRows(Obj, [{ obj: new cw.Json({ col: null }) }]);
      const result = col.unpackColDict(table.c.obj, cw.schema({ col: dtype }));
      await expect(captureTables([result])).rejects.toThrow(/cannot unwrap if there is None value/);
    });
  }

  it('refuses a column type JSON does not convert to', () => {
    const table = tableFromRows(Obj, [{ obj: new cw.Json({ col: [1] }) }]);
    expect(() => col.unpackColDict(table.c.obj, cw.schema({ col: cw.list(cw.INT) }))).toThrow(
      /column "col" is List\(INT\), and JSON converts to JSON, BOOL/,
    );
  });
});
