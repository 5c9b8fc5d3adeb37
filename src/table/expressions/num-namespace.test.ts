import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { renderTable, tableFromMarkdown, tableToRows } from '../../testing/index.js';
import { compareValues } from '../values/compare.js';

afterEach(() => cw.clearGraph());

async function rows(table: cw.Table<any>): Promise<unknown[][]> {
  const out = await tableToRows<Record<string, unknown>>(table, { terminateOnError: false });
  const names = table.columnNames();
  return out.map((r) => names.map((n) => r[n])).sort(compareValues);
}

describe('Expr.num', () => {
  it('abs keeps INT and FLOAT (Pathway docs example)', async () => {
    const t = tableFromMarkdown(`
      v
      -1
      2
      -3`);
    const r = t.select({ v: t.c.v, a: t.c.v.num.abs() });
    expect(String(r.schema.columns[1]!.dtype)).toBe('INT');
    expect(await rows(r)).toEqual([
      [-3, 3],
      [-1, 1],
      [2, 2],
    ]);
  });

  it('round uses half-to-even and takes the number of decimals as a constant or an expression', async () => {
    const t = tableFromMarkdown(`
      v      | d
      2.5    | 0
      3.5    | 0
      -1.25  | 1
      2.675  | 2
      1234.5 | -2`);
    const r = t.select({ v: t.c.v, r0: t.c.v.num.round(), rd: t.c.v.num.round(t.c.d) });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual(['FLOAT', 'FLOAT', 'FLOAT']);
    expect(await rows(r)).toEqual([
      [-1.25, -1, -1.2],
      [2.5, 2, 2],
      [2.675, 3, 2.67],
      [3.5, 4, 4],
      [1234.5, 1234, 1200],
    ]);
    const text = await renderTable(r.select({ r0: cw.this.r0 }), { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual(['-1.0', '1234.0', '2.0', '3.0', '4.0']);
  });

  it('fillNa replaces None and NaN (Pathway docs example)', async () => {
    const t = tableFromMarkdown(`
      k | v
      1 | 1.5
      2 | None
      3 | nan`);
    const r = t.select({ k: t.c.k, v: t.c.v.num.fillNa(0) });
    expect(await rows(r)).toEqual([
      [1, 1.5],
      [2, 0],
      [3, 0],
    ]);
  });
});
