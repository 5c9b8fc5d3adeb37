import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.removeErrors', () => {
  it('drops rows holding an error in any cell (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
      a | b
      3 | 3
      4 | 0
      5 | 5
      6 | 2`);
    const t2 = t1.withColumns({ x: cw.this.a.floordiv(cw.this.b) });
    expect(await sortedRows(t2.removeErrors(), { terminateOnError: false })).toBe(
      lines('a | b | x', '3 | 3 | 1', '5 | 5 | 1', '6 | 2 | 3'),
    );
  });
});

describe('Table.castToTypes', () => {
  it('converts values and keeps the column order', async () => {
    const t = tableFromMarkdown(`
      a | s
      1 | "12"
      2 | "7"`);
    const c = t.castToTypes({ a: cw.FLOAT, s: cw.INT });
    expect(c.columns.map((x) => `${x.name}:${x.dtype.toString()}`)).toEqual(['a:FLOAT', 's:INT']);
    expect(await sortedRows(c)).toBe(lines('a   | s', '1.0 | 12', '2.0 | 7'));
  });

  it('turns a failing conversion into an error value', async () => {
    const t = tableFromMarkdown(`
      s
      abc
      "3"`);
    const rows = await tableToRows<{ s: unknown }>(t.castToTypes({ s: cw.INT }), { terminateOnError: false });
    expect(rows.map((r) => (cw.isError(r.s) ? 'error' : r.s)).sort()).toEqual([3, 'error']);
    await expect(tableToRows(t.castToTypes({ s: cw.INT }))).rejects.toThrow(/cannot cast/);
  });

  it('refuses an unknown column', () => {
    const t = tableFromMarkdown(`
      a
      1`);
    expect(() => t.castToTypes({ b: cw.INT } as never)).toThrow(/no column "b"/);
  });
});

describe('Table.updateTypes', () => {
  it('changes declared types only', async () => {
    const t = tableFromMarkdown(`
      a
      1`);
    const u = t.updateTypes({ a: cw.INT.optional() });
    expect(u.columns[0]!.dtype.toString()).toBe('Optional(INT)');
    expect(u.node).toBe(t.node);
    expect(await sortedRows(u)).toBe(lines('a', '1'));
  });
});

describe('Table.typehints and evalType', () => {
  it("tell each column's dtype and an expression's, and refuse a wrong column", () => {
    const t = tableFromMarkdown(`
      age | owner | pet
      10  | Alice | dog
      9   | Bob   | None`);
    const hints = t.typehints();
    expect(Object.keys(hints)).toEqual(['age', 'owner', 'pet']);
    expect(String(hints.age)).toBe('INT');
    expect(String(hints.pet)).toBe('Optional(STR)');
    expect(String(t.evalType(t.c.age.div(2)))).toBe('FLOAT');
    expect(String(t.evalType(cw.this.age.floordiv(2)))).toBe('INT');
    expect(String(t.evalType(cw.coalesce(cw.this.pet, 'x')))).toBe('STR');
    expect(() => t.evalType(cw.this.nope)).toThrow(/nope/);
  });
});

describe('declareType', () => {
  it("changes a column's dtype without touching its values (Pathway's declare_type example)", async () => {
    const t1 = tableFromMarkdown(`
        | val
      1 | 10
      2 | 9.5
      3 | 8
      4 | 7`);
    expect(String(t1.typehints().val)).toBe('FLOAT');
    const t2 = t1.filter(t1.c.val.eq(cw.cast(cw.INT, t1.c.val)));
    const t3 = t2.select({ val: cw.declareType(cw.INT, t2.c.val) });
    expect(String(t3.typehints().val)).toBe('INT');
    expect(await sortedRows(t3)).toBe(lines('val', '10', '7', '8'));
    // Only narrowing or extending (Pathway: "Cannot change type from FLOAT to STR").
    expect(String(t1.evalType(cw.declareType(cw.optional(cw.FLOAT), t1.c.val)))).toBe('Optional(FLOAT)');
    expect(() => cw.declareType(cw.STR, t1.c.val)).toThrow(/cannot change type from FLOAT to STR/);
    expect(() => t1.updateTypes({ val: cw.STR })).toThrow(/cannot change type from FLOAT to STR/);
  });
});
