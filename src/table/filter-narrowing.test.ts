import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown, tableToRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const dtypes = (t: cw.Table<any>): string[] => t.columns.map((c) => String(c.dtype));

describe('filter(x.isNotNone()) narrows the dtype of x', () => {
  // test_types.py::test_markdown_type_optional_float: after filter(t.x.is_not_none()) x is `float`, not optional.
  it('makes the tested column non-optional, via t.c.x or cw.this.x', async () => {
    const t = tableFromMarkdown(
      `
        | float_num | should_be_float_num
      1 | 2.7       | 1
      2 | 3.1       | 2
      3 | 3.1       | None`,
      { schema: cw.schema({ float_num: cw.FLOAT, should_be_float_num: cw.optional(cw.FLOAT) }) },
    );
    const byRef = t.filter(t.c.should_be_float_num.isNotNone());
    const byThis = t.filter(cw.this.should_be_float_num.isNotNone());
    const byCallback = t.filter((c) => c.should_be_float_num.isNotNone());
    for (const f of [byRef, byThis, byCallback]) expect(dtypes(f)).toEqual(['FLOAT', 'FLOAT']);
    const r = byRef.withColumns({
      test1: cw.this.float_num.mul(2),
      test2: cw.this.should_be_float_num.mul(2),
    });
    expect(dtypes(r)).toEqual(['FLOAT', 'FLOAT', 'FLOAT', 'FLOAT']);
    const rows = await tableToRows<Record<string, number>>(r);
    expect(rows.map((x) => [x.float_num, x.should_be_float_num, x.test1, x.test2]).sort()).toEqual([
      [2.7, 1, 5.4, 2],
      [3.1, 2, 6.2, 4],
    ]);
  });

  // test_utils.py::test_ix_optional: ix(..., allow_misses=True).filter(pw.this.genus.is_not_none()) gives `str`.
  it('narrows the Optional columns of an ix with allowMisses', async () => {
    const animals = tableFromMarkdown(`
        | genus      | epithet
      1 | upupa      | epops
      2 | acherontia | atropos
      3 | bubo       | scandiacus`);
    const q = tableFromMarkdown(`
         | x
      1  | a
      99 | b`);
    const soft = animals.ix(q.id, { allowMisses: true });
    expect(dtypes(soft)).toEqual(['Optional(STR)', 'Optional(STR)']);
    const ret = soft.filter(cw.this.genus.isNotNone()).select('genus');
    expect(dtypes(ret)).toEqual(['STR']);
    expect(await tableToRows(ret)).toMatchObject([{ genus: 'upupa' }]);
  });

  it('narrows nothing else, as Pathway: other conditions, conjunctions, columns of another table', () => {
    const t = tableFromMarkdown(`
        | a    | b
      1 | 1    | None
      2 | None | 2`);
    expect(dtypes(t)).toEqual(['Optional(INT)', 'Optional(INT)']);
    const other = t.select({ a: t.c.a, b: t.c.b });
    expect(dtypes(t.filter(t.c.a.isNotNone().and(t.c.b.isNotNone())))).toEqual([
      'Optional(INT)',
      'Optional(INT)',
    ]);
    expect(dtypes(t.filter(t.c.a.isNone().not()))).toEqual(['Optional(INT)', 'Optional(INT)']);
    expect(dtypes(t.filter(t.c.a.eq(1)))).toEqual(['Optional(INT)', 'Optional(INT)']);
    expect(dtypes(other.filter(t.c.a.isNotNone()))).toEqual(['Optional(INT)', 'Optional(INT)']);
    expect(dtypes(t.filter(t.c.b.isNotNone()))).toEqual(['Optional(INT)', 'INT']);
  });
});
