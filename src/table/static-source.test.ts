// tableFromRows follows Pathway's table_from_rows: positional ids like table_from_markdown (ref_scalar(index)), and
// the checks of _validate_dataframe and squash_updates (python/pathway/debug/__init__.py, internals/api.py).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyFromValues } from '../engine/key.js';
import {
  assertStreamEquality,
  assertTableEquality,
  tableFromMarkdown,
  tableToRows,
} from '../testing/index.js';
import { GraphBuildError } from './errors.js';
import { tableFromRows } from './static-source.js';

afterEach(() => cw.clearGraph());

const S = cw.schema({ a: cw.INT });

describe('tableFromRows ids', () => {
  it('numbers rows without a primary key like tableFromMarkdown (ref_scalar(index))', async () => {
    await assertTableEquality(tableFromRows(S, [{ a: 1 }, { a: 2 }]), tableFromMarkdown('a\n1\n2'));
    const ids = (await tableToRows(tableFromRows(S, [{ a: 5 }]))).map((r) => r.id);
    expect(ids).toEqual([keyFromValue(0)]);
  });

  it('gives the same ids on every call', async () => {
    const first = (await tableToRows(tableFromRows(S, [{ a: 1 }, { a: 2 }]))).map((r) => r.id).sort();
    const second = (await tableToRows(tableFromRows(S, [{ a: 1 }, { a: 2 }]))).map((r) => r.id).sort();
    expect(second).toEqual(first);
  });

  it('takes ids from the primary key, idFrom or an explicit id', async () => {
    const P = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });
    expect((await tableToRows(tableFromRows(P, [{ k: 'x', v: 1 }])))[0]!.id).toBe(keyFromValues(['x']));
    const byV = tableFromRows(P, [{ k: 'x', v: 1 }], { idFrom: ['v'] });
    expect((await tableToRows(byV))[0]!.id).toBe(keyFromValues([1]));
    const own = tableFromRows(S, [{ row: { a: 1 }, id: keyFromValue('mine') }]);
    expect((await tableToRows(own))[0]!.id).toBe(keyFromValue('mine'));
  });

  it('retracts the live row with equal values when a diff -1 row has no id, as tableFromMarkdown', async () => {
    const t = tableFromRows(S, [
      { row: { a: 1 }, time: 2 },
      { row: { a: 1 }, time: 4, diff: -1 },
    ]);
    await assertStreamEquality(
      t,
      tableFromMarkdown(`
        a | __time__ | __diff__
        1 | 2        | 1
        1 | 4        | -1`),
    );
  });
});

describe('tableFromRows validation (Pathway _validate_dataframe / squash_updates)', () => {
  it('rejects a diff other than 1 or -1', () => {
    expect(() => tableFromRows(S, [{ row: { a: 1 }, diff: 2 }])).toThrow(
      /tableFromRows: row 0 has diff 2; use 1 \(insert\) or -1 \(retract\)/,
    );
  });

  it('rejects a negative or fractional time', () => {
    expect(() => tableFromRows(S, [{ row: { a: 1 }, time: -2 }])).toThrow(
      /tableFromRows: row 0 has time -2; times must be non-negative integers/,
    );
    expect(() => tableFromRows(S, [{ row: { a: 1 }, time: 1.5 }])).toThrow(GraphBuildError);
  });

  it('rejects a retraction of a row never inserted', () => {
    expect(() => tableFromRows(S, [{ row: { a: 9 }, time: 2, diff: -1 }])).toThrow(
      /tableFromRows: row 0 retracts a row that is not present at time 2/,
    );
    const P = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }) });
    expect(() => tableFromRows(P, [{ row: { k: 1 }, diff: -1 }])).toThrow(
      /row 0 retracts id \^\w+, which is not present/,
    );
  });

  it('rejects two inserts of the same primary key', () => {
    const P = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), v: cw.INT });
    expect(() =>
      tableFromRows(P, [
        { k: 1, v: 1 },
        { k: 1, v: 2 },
      ]),
    ).toThrow(/tableFromRows: row 1 inserts id \^\w+, which is already present \(row 0\)/);
  });

  it('accepts an update of a primary key: retraction and insertion at one time', async () => {
    const P = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), v: cw.INT });
    const t = tableFromRows(P, [
      { row: { k: 1, v: 1 }, time: 2 },
      { row: { k: 1, v: 2 }, time: 4 },
      { row: { k: 1, v: 1 }, time: 4, diff: -1 },
    ]);
    expect((await tableToRows<{ k: number; v: number }>(t)).map((r) => [r.k, r.v])).toEqual([[1, 2]]);
  });
});
