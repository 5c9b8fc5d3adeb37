// Ports of Pathway's test_common.py tests (this magic, join chains, join ids, join filter / reduce / groupby), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, assertTableEqualityWoIndex, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('joins', () => {
  const tab = () =>
    T(`
        | a | b | c | d
      1 | 1 | 2 | 3 | 4`);

  it('test_this_magic_1: a column read through cw.this.without(...)', async () => {
    const t = tab();
    await assertTableEquality(t.select(cw.this.without('a').c.b), t.select(t.c.b));
  });

  it('test_this_magic_2: a column dropped by without() cannot be read through the slice', () => {
    const t = tab();
    expect(() => t.select(cw.this.without(cw.this.a).c.a)).toThrow(/no column "a".*without\(\) dropped "a"/);
  });

  it('test_this_magic_3: cw.this.without(...) selected whole', async () => {
    const t = tab();
    await assertTableEquality(t.select(cw.this.without(cw.this.a)), t.select(t.c.b, t.c.c, t.c.d));
  });

  it("test_this_magic_4: picked columns (Pathway's pw.this[[...]]) then without", async () => {
    const t = tab();
    await assertTableEquality(
      t.select(cw.slice(cw.this).pick('a', 'b', cw.this.c).without(cw.this.a)),
      t.select(t.c.b, t.c.c),
    );
  });

  it('test_join_this: cw.left, cw.right and cw.this in one select', async () => {
    const t1 = T(`
      age | owner | pet
      10  | Alice | 1
      9   | Bob   | 1
      8   | Alice | 2`);
    const t2 = T(`
      age | owner | pet | size
      10  | Alice | 3   | M
      9   | Bob   | 1   | L
      8   | Tom   | 1   | XL`);
    const t3 = t1
      .join(t2, cw.left.pet.eq(cw.right.pet), cw.left.owner.eq(cw.right.owner))
      .select({ age: cw.left.age, owner_name: cw.right.owner, size: cw.this.size });
    await assertTableEqualityWoIndex(
      t3,
      T(`
        age | owner_name | size
        9   | Bob        | L`),
    );
  });

  const edges = () =>
    T(`
      u | v
      a | b
      b | c
      c | d
      d | e
      e | f
      f | g
      g | a`);
  const paths3 = () =>
    T(`
      u | v
      a | d
      b | e
      c | f
      d | g
      e | a
      f | b
      g | c`);

  it('test_join_chain_1: a chain of two joins', async () => {
    const edges1 = edges();
    const edges2 = edges1.copy();
    const edges3 = edges1.copy();
    const path3 = edges1
      .join(edges2, edges1.c.v.eq(edges2.c.u))
      .join(edges3, edges2.c.v.eq(edges3.c.u))
      .select(edges1.c.u, edges3.c.v);
    await assertTableEqualityWoIndex(path3, paths3());
  });

  it('test_join_chain_2: a join with a join result on the right', async () => {
    const edges1 = edges();
    const edges2 = edges1.copy();
    const edges3 = edges1.copy();
    const path3 = edges1
      .join(edges2.join(edges3, edges2.c.v.eq(edges3.c.u)), edges1.c.v.eq(edges2.c.u))
      .select(edges1.c.u, edges3.c.v);
    await assertTableEqualityWoIndex(path3, paths3());
  });

  it('test_join_leftrightthis: cw.this reads a joined-on column; an ambiguous one is refused', async () => {
    const leftTable = T(`
        | a | b | c
      1 | 1 | 2 | 3`);
    const rightTable = T(`
        | b | c | d
      1 | 2 | 3 | 4`);
    await assertTableEqualityWoIndex(
      leftTable
        .join(rightTable, cw.left.b.eq(cw.right.b))
        .select(cw.left.a, cw.this.b, cw.right.c, cw.right.d),
      T(`
        a | b | c | d
        1 | 2 | 3 | 4`),
    );
    expect(() => leftTable.join(rightTable, cw.left.b.eq(cw.right.b)).select(cw.this.c)).toThrow(/\bc\b/);
  });

  const chainTables = () => ({
    leftTable: T(`
        | a | b
      1 | 1 | 2`),
    middleTable: T(`
        | b | c
      1 | 2 | 3`),
    rightTable: T(`
        | b | d
      1 | 2 | 4`),
  });

  it('test_chained_join_leftrightthis: every column of a chain of joins', async () => {
    const { leftTable, middleTable, rightTable } = chainTables();
    await assertTableEqualityWoIndex(
      leftTable
        .join(middleTable, cw.left.b.eq(cw.right.b))
        .join(rightTable, cw.left.b.eq(cw.right.b))
        .select(cw.this),
      T(`
        a | b | c | d
        1 | 2 | 3 | 4`),
    );
  });

  it('test_chained_join_ids: ids of a chain of joins are those of the joins done one by one', async () => {
    const { leftTable, middleTable, rightTable } = chainTables();
    const manually = leftTable
      .join(middleTable, cw.left.b.eq(cw.right.b))
      .select(cw.left.b)
      .withColumns({ left_id: cw.this.id })
      .join(rightTable, cw.left.b.eq(cw.right.b))
      .select(cw.left.left_id, { right_id: cw.right.id })
      .withColumns({ this_id: cw.this.id });
    await assertTableEquality(
      leftTable
        .join(middleTable, cw.left.b.eq(cw.right.b))
        .join(rightTable, cw.left.b.eq(cw.right.b))
        .select({ left_id: cw.left.id, right_id: cw.right.id, this_id: cw.this.id }),
      manually,
    );
  });

  it('test_join_desugaring_assign_id: a join keeping the ids of either side', async () => {
    const left = T(`
        | col | on
      1 | a   | 11
      2 | b   | 12
      3 | c   | 13`);
    const right = T(`
        | col | on
      1 | d   | 12
      2 | e   | 13
      3 | f   | 14`);
    const joinedLr = left
      .join(right, left.c.on.eq(right.c.on), { id: left.id })
      .select({ lcol: cw.left.col, rcol: cw.right.col });
    await assertTableEqualityWoIndex(
      joinedLr,
      T(`
          | lcol | rcol
        1 | b    | d
        2 | c    | e`),
    );
    const joinedRl = right
      .join(left, right.c.on.eq(left.c.on), { id: left.id })
      .select({ lcol: cw.right.col, rcol: cw.left.col });
    await assertTableEqualityWoIndex(joinedLr, joinedRl);
  });

  it('test_join_chain_assign_id: a chain of joins keeping the left ids', async () => {
    const leftTable = T(`
        | a  | b
      1 | a1 | b1
      2 | a2 | b2
      3 | a3 | b3
      4 | a4 | b4`);
    const middleTable = T(`
         | b  | c
      11 | b2 | c2
      12 | b3 | c3
      13 | b4 | c4
      14 | b5 | c5`);
    const rightTable = T(`
         | c  | d
      21 | c3 | d3
      22 | c4 | d4
      23 | c5 | d5
      24 | c6 | d6`);
    await assertTableEquality(
      leftTable
        .join(middleTable, cw.left.b.eq(cw.right.b), { id: cw.left.id })
        .join(rightTable, cw.left.c.eq(cw.right.c), { id: cw.left.id })
        .select(cw.this),
      T(`
          | a  | b  | c  | d
        3 | a3 | b3 | c3 | d3
        4 | a4 | b4 | c4 | d4`),
    );
  });
});

describe('joins with filter, reduce and groupBy', () => {
  const vals = (name: string, values: number[]) => T([name, ...values.map(String)].join('\n'));

  it('test_join_filter_1: a cross join filtered by cw.left and cw.right', async () => {
    const left = vals('val', [10, 11, 12]);
    const right = vals('val', [10, 11, 12]);
    const joined = left
      .join(right)
      .filter(cw.left.val.lt(cw.right.val))
      .select({ left_val: cw.left.val, right_val: cw.right.val });
    await assertTableEqualityWoIndex(
      joined,
      T(`
        left_val | right_val
        10       | 11
        10       | 12
        11       | 12`),
    );
  });

  it('test_join_filter_2: filters between chained cross joins', async () => {
    const tA = vals('a', [10, 11, 12]);
    const tB = vals('b', [10, 11, 12]);
    const tC = vals('c', [10, 11, 12]);
    const tD = vals('d', [10, 11, 12]);
    const result = tA
      .join(tB)
      .filter(cw.this.a.le(cw.this.b))
      .join(tC)
      .join(tD)
      .filter(cw.this.c.le(cw.this.d))
      .filter(cw.this.a.add(cw.this.b).eq(cw.this.c.add(cw.this.d)))
      .select(cw.this);
    await assertTableEqualityWoIndex(
      result,
      T(`
        a  | b  | c  | d
        10 | 10 | 10 | 10
        10 | 11 | 10 | 11
        10 | 12 | 10 | 12
        10 | 12 | 11 | 11
        11 | 11 | 10 | 12
        11 | 11 | 11 | 11
        11 | 12 | 11 | 12
        12 | 12 | 12 | 12`),
    );
  });

  it('test_outerjoin_filter_1: filtering a padded side on isNotNone() makes its column non-optional', async () => {
    const left = vals('val', [10, 11, 12]);
    const right = vals('val', [11, 12, 13]);
    const joined = left
      .joinOuter(right, left.c.val.eq(right.c.val))
      .filter(cw.left.val.isNotNone())
      .filter(cw.right.val.isNotNone())
      .select({ left_val: cw.left.val, right_val: cw.right.val });
    await assertTableEqualityWoIndex(joined, T('left_val | right_val\n11 | 11\n12 | 12'));
  });

  it('test_outerjoin_filter_2: unwrap of the matched outer join columns', async () => {
    const left = vals('val', [10, 11, 12]);
    const right = vals('val', [11, 12, 13]);
    const joined = left
      .joinOuter(right, left.c.val.eq(right.c.val))
      .filter(cw.left.val.isNotNone())
      .filter(cw.right.val.isNotNone())
      .select({ val: cw.unwrap(cw.left.val).add(cw.unwrap(cw.right.val)) });
    await assertTableEqualityWoIndex(joined, T('val\n22\n24'));
  });

  it('test_join_reduce_1: count of a cross join', async () => {
    const result = vals('a', [10, 11, 12])
      .join(vals('b', [11, 12, 13]))
      .reduce({ col: cw.reducers.count() });
    await assertTableEqualityWoIndex(result, T('col\n9'));
  });

  it('test_join_reduce_2: sum over a cross join, by cw.left / cw.right and by cw.this', async () => {
    const left = vals('a', [10, 11, 12]);
    const right = vals('b', [11, 12, 13]);
    const result = left.join(right).reduce({ col: cw.reducers.sum(cw.left.a.mul(cw.right.b)) });
    const result2 = left.join(right).reduce({ col: cw.reducers.sum(cw.this.a.mul(cw.this.b)) });
    const expected = () => T(`col\n${(10 + 11 + 12) * (11 + 12 + 13)}`);
    await assertTableEqualityWoIndex(result, expected());
    await assertTableEqualityWoIndex(result2, expected());
  });

  it('test_join_groupby_1: a cross join grouped by a column of each side', async () => {
    const left = T(`
      a  | lcol
      10 | 1
      11 | 1
      12 | 2
      13 | 2`);
    const right = T(`
      b  | rcol
      11 | 1
      12 | 1
      13 | 2
      14 | 2`);
    const result = left
      .join(right)
      .groupBy(cw.this.lcol, cw.this.rcol)
      .reduce(cw.this.lcol, cw.this.rcol, { res: cw.reducers.sum(cw.this.a.mul(cw.this.b)) });
    await assertTableEqualityWoIndex(
      result,
      T(`
        lcol | rcol | res
        1    | 1    | ${(10 + 11) * (11 + 12)}
        1    | 2    | ${(10 + 11) * (13 + 14)}
        2    | 1    | ${(12 + 13) * (11 + 12)}
        2    | 2    | ${(12 + 13) * (13 + 14)}`),
    );
  });

  it('test_join_groupby_2: a join grouped by its joined-on column', async () => {
    const left = T(`
      a  | col
      10 | 1
      11 | 1
      12 | 2
      13 | 2`);
    const right = T(`
      b  | col
      11 | 1
      12 | 1
      13 | 2
      14 | 2`);
    const result = left
      .join(right, left.c.col.eq(right.c.col))
      .groupBy(cw.this.col)
      .reduce(cw.this.col, { res: cw.reducers.sum(cw.this.a.mul(cw.this.b)) });
    await assertTableEqualityWoIndex(
      result,
      T(`
        col | res
        1   | ${(10 + 11) * (11 + 12)}
        2   | ${(12 + 13) * (13 + 14)}`),
    );
  });

  it('test_join_filter_reduce: count of a filtered cross join', async () => {
    const result = vals('a', [10, 11, 12])
      .join(vals('b', [11, 12, 13]))
      .filter(cw.this.a.ge(cw.this.b))
      .reduce({ col: cw.reducers.count() });
    await assertTableEqualityWoIndex(result, T('col\n3'));
  });
});
