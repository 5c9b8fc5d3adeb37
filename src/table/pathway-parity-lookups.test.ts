// Ports of Pathway's test_common.py tests (ix lookups in groupby and joins, multiple ix), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, assertTableEqualityWoIndex, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('lookups in groupBy and joins', () => {
  const grouped = (text: string) => {
    const raw = T(text);
    return raw.withColumns({ grouper: raw.pointerFrom(cw.this.grouper) });
  };

  it('test_groupby_ix: groups keyed by a pointer column, the argmax row looked up', async () => {
    const tab = grouped(`
      grouper | val | output
            0 |   1 |    abc
            0 |   2 |    def
            1 |   1 |    ghi
            1 |   2 |    jkl
            2 |   1 |    mno
            2 |   2 |    pqr`);
    const res = tab.groupBy({ id: tab.c.grouper }).reduce({
      col: cw.reducers.argmax(tab.c.val),
      output: tab.ix(cw.reducers.argmax(tab.c.val)).c.output,
    });
    const expected = T(`
      col | output
        1 | def
        3 | jkl
        5 | pqr`);
    await assertTableEquality(res, expected.withColumns({ col: tab.pointerFrom(cw.this.col) }));
  });

  it('test_groupby_foreign_column: a reduce reads a column of an earlier reduce of the same grouping', async () => {
    const raw = T(`
      grouper | col
      0       | 1
      0       | 2
      1       | 3
      1       | 4
      2       | 5
      2       | 6`);
    const tab = raw.withColumns({ grouper: raw.pointerFrom(cw.this.grouper) });
    const tab2 = tab.select(tab.c.col);
    const grouped = tab.groupBy({ id: tab.c.grouper });
    const reduced1 = grouped.reduce({ col: cw.reducers.sum(tab.c.col) });
    const reduced2 = grouped.reduce({ col: reduced1.c.col.add(cw.reducers.sum(tab2.c.col)) });
    await assertTableEqualityWoIndex(
      reduced2,
      T(`
        col
        6
        14
        22`),
    );
  });

  it("refuses in a reduce a column of a table of another universe (not one of the grouping's reduces)", () => {
    const tab = T(`
      g | col
      0 | 1`);
    const other = tab.groupBy(tab.c.g).reduce({ n: cw.reducers.count() });
    expect(() => tab.groupBy(tab.c.g).reduce({ m: other.c.n.add(cw.reducers.sum(tab.c.col)) })).toThrow(
      /reduce\(\) output "m" refers to another table \(its column "n"\); .*columns of another reduce of the same groupBy\(\)/,
    );
  });

  it('test_join_ix: ix in a join select, ix with allowMisses, and the desugared form agree', async () => {
    const rawLeft = T(`
        | a
      1 | 3
      2 | 2
      3 | 1`);
    const left = rawLeft.withColumns({ a: rawLeft.pointerFrom(cw.this.a) });
    const right = T(`
        | b
      0 | baz
      1 | foo
      2 | bar`);
    const ret = left
      .join(right, left.c.a.eq(right.id), { id: left.id })
      .select({ col: right.ix(cw.left.a).c.b });
    const ret3 = right
      .ix(left.c.a, { allowMisses: true })
      .select({ col: cw.this.b })
      .filter(cw.this.col.isNotNone());
    const keysTable = left
      .join(right, left.c.a.eq(right.id), { id: left.id })
      .select({ join_column: left.c.a });
    const desugaredIx = keysTable
      .join(right, keysTable.c.join_column.eq(right.id), { id: keysTable.id })
      .select(right.c.b);
    // Pathway promises on the join itself; here on its select of no columns.
    const tmp = left
      .join(right, left.c.a.eq(right.id), { id: left.id })
      .select({})
      .promiseUniverseIsSubsetOf(desugaredIx);
    const ret2 = tmp.select({ col: desugaredIx.restrict(tmp).c.b });
    const expected = () =>
      T(`
          | col
        3 | foo
        2 | bar`);
    await assertTableEquality(ret, expected());
    await assertTableEquality(ret2, expected());
    await assertTableEquality(ret3, expected());
  });

  it('test_join_foreign_col: a join select reading a column of another select of the same join', async () => {
    const left = T(`
        | a
      1 | 1
      2 | 2
      3 | 3`);
    const right = T(`
        | b
      0 | baz
      1 | foo
      2 | bar`);
    const joiner = left.join(right, left.id.eq(right.id));
    const t1 = joiner.select({ col: left.c.a.mul(2) });
    const t2 = joiner.select({ col: left.c.a.add(t1.c.col) });
    await assertTableEqualityWoIndex(t2, T('col\n3\n6'));
  });

  it('test_multiple_ix: lookups with misses, intersected, restricted and put side by side', async () => {
    const indexed = T(`
        | col
      2 | a
      3 | b
      4 | c
      5 | d`);
    const indexer = (text: string) => {
      const raw = T(text);
      return raw.withColumns({ key: indexed.pointerFrom(cw.this.key) });
    };
    const indexer1 = indexer(`
        | key
      1 | 4
      2 | 3
      3 | 2
      4 | 1`);
    const indexer2 = indexer(`
        | key
      1 | 6
      2 | 5
      3 | 4
      4 | 3`);
    const a = indexed
      .ix(indexer1.c.key, { allowMisses: true })
      .filter(cw.this.col.isNotNone())
      .select({ col1: cw.this.col });
    const b = indexed
      .ix(indexer2.c.key, { allowMisses: true })
      .filter(cw.this.col.isNotNone())
      .select({ col2: cw.this.col });
    const common = a.intersect(b);
    const ra = a.restrict(common);
    const rb = b.restrict(common);
    // Pathway's `ra + rb` (columns of two tables with the same ids side by side).
    const result = ra.withColumns({ col2: rb.c.col2 });
    await assertTableEqualityWoIndex(
      result,
      T(`
        col1 | col2
        a    | c
        b    | d`),
    );
  });
});
