// Ports of Pathway's test_joins.py tests (join ids, universes, chained outer joins, exactly-once joins), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamEqualityWoIndex,
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoIndexTypes,
  captureTables,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

type AB = { a: number; b: number };

const ab = () =>
  T<AB>(`
      | a  | b
    1 | 11 | 111
    2 | 12 | 112
    3 | 13 | 113
    4 | 14 | 114`);
/** `a | d` with ids 3..6 overlapping those of `ab()`. */
const ad = (a6 = 14) =>
  T<{ a: number; d: number }>(`
      | a    | d
    3 | 11   | 211
    4 | 12   | 212
    5 | 13   | 213
    6 | ${a6} | 214`);

describe('Pathway test_joins.py parity: join ids and universes', () => {
  it('test_left_join_universe_asserts: two equal left joins promised equal give equal selects', async () => {
    const t1 = ab();
    const t2 = T<{ a: number; d: number }>(`
        | a  | d
      1 | 11 | 211
      2 | 12 | 212
      3 | 13 | 213
      4 | 14 | 214`);
    const xxx = t1.joinLeft(t2, t1.c.a.eq(t2.c.a));
    const yyy = t1.joinLeft(t2, t1.c.a.eq(t2.c.a));
    cw.promiseUniverseIsEqualTo(xxx as never, yyy as never);
    const pick = (j: typeof xxx) =>
      j.select(t1.c.a, { t2_a: t2.c.a, s: cw.require(t1.c.b.add(t2.c.d), t1.id, t2.id) });
    await assertTableEqualityWoIndex(pick(xxx), pick(yyy));
  });

  it('test_left_join_set_id_02: a left join keeping the left ids has the left universe', async () => {
    const t1 = ab();
    const t2 = ad(15);
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.a), { id: t1.id }).select(t1.c.a);
    expect(res.universe.isEqualTo(t1.universe)).toBe(true);
    await assertTableEquality(res.select({}), t1.select({}));
  });

  it('test_right_join_set_id_01: a right join keeps the right ids, not the left ones', async () => {
    const t1 = ab();
    const t2 = ad();
    const res2 = t1.joinRight(t2, t1.c.a.eq(t2.c.a), { id: t2.id });
    expect(res2.universe.isEqualTo(t2.universe)).toBe(true);
    await assertTableEquality(res2.select({}), t2.select({}));
    expect(() => t1.joinRight(t2, t1.c.a.eq(t2.c.a), { id: t1.id })).toThrow(/left side's ids/);
  });

  it('test_right_join_set_id_02: a right join keeping the right ids has the right universe', async () => {
    const t1 = ab();
    const t2 = ad(15);
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.a), { id: t2.id });
    expect(res.universe.isEqualTo(t2.universe)).toBe(true);
    await assertTableEquality(res.select({}), t2.select({}));
  });

  it('test_outer_join_set_id_02: a data column as the id of an outer join is refused', () => {
    const t1 = ab();
    const t2 = ad();
    expect(() => t1.joinOuter(t2, t1.c.a.eq(t2.c.a), { id: t1.c.a as never })).toThrow();
  });

  it('test_outer_join_desugaring_03: an outer join keeps neither cw.left.id nor cw.right.id', () => {
    const t1 = ab();
    const t2 = ad();
    expect(() => t1.joinOuter(t2, t1.c.a.eq(t2.c.a), { id: cw.left.id })).toThrow(/outer join cannot keep/);
    expect(() => t1.joinOuter(t2, t1.c.a.eq(t2.c.a), { id: cw.right.id })).toThrow(/outer join cannot keep/);
  });

  it('test_right_join_wid_substitute_and_desugaring: a right join keeping t2.id, with cw.left / cw.right in the select', async () => {
    const t1 = T<AB>(`
        | a  | b
      1 | 11 | 111
      2 | 12 | 112
      3 | 13 | 113
      4 | 15 | 114`);
    const t2 = T<{ c: number; d: number }>(`
        | c  | d
      1 | 11 | 211
      2 | 12 | 212
      3 | 13 | 213
      4 | 14 | 214`);
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.c), { id: t2.id }).select(t1.c.a, {
      t2_c: cw.right.c,
      s: cw.require(cw.left.b.add(t2.c.d), cw.left.id, t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
                  | a   | t2_c  | s
        1139487   | 11  | 11    | 322
        1243425   | 12  | 12    | 324
        2145425   | 13  | 13    | 326
        1234412   |     | 14    |`),
    );
  });

  it('test_leftjoin_chain_assign_id: a chain of left joins keeping cw.left.id', async () => {
    const leftTable = T(`
         | a  | b
      1  | a1 | b1
      2  | a2 | b2
      3  | a3 | b3
      4  | a4 | b4`);
    const middleTable = T(`
          | bb | c
      11  | b2 | c2
      12  | b3 | c3
      13  | b4 | c4
      14  | b5 | c5`);
    const rightTable = T(`
         | cc | d
      21 | c3 | d3
      22 | c4 | d4
      23 | c5 | d5
      24 | c6 | d6`);
    await assertTableEquality(
      leftTable
        .joinLeft(middleTable, cw.left.b.eq(cw.right.bb), { id: cw.left.id })
        .joinLeft(rightTable, cw.left.c.eq(cw.right.cc), { id: cw.left.id })
        .select(cw.this),
      T(`
          | a  | b  | bb | c  | cc | d
        1 | a1 | b1 |    |    |    |
        2 | a2 | b2 | b2 | c2 |    |
        3 | a3 | b3 | b3 | c3 | c3 | d3
        4 | a4 | b4 | b4 | c4 | c4 | d4`),
    );
  });

  it('test_use_other_column_after_left_join_preserving_universe: a left join keeping the left ids takes columns of a select of the left table', async () => {
    const t1 = T<{ a: number; b: number }>(`
      a | b
      1 | 2
      3 | 4
      5 | 3`);
    const t2 = T<{ b: number; c: number }>(`
      b |  c
      2 | 10
      4 | 11`);
    const t3 = t1.select({ a: cw.this.a.add(1) });
    const res = t1
      .joinLeft(t2, cw.left.b.eq(cw.right.b), { id: cw.left.id })
      .select(cw.left.b, cw.right.c)
      .withColumns({ a: t3.c.a });
    await assertTableEquality(
      res,
      T(`
        b |  c | a
        2 | 10 | 2
        4 | 11 | 4
        3 |    | 6`),
    );
  });
});

describe('Pathway test_joins.py parity: chained outer joins', () => {
  const abcdef = () => ({
    t1: T('  | a  | b\n1 | a1 | b1\n2 | a2 | b2'),
    t2: T('  | c  | d\n1 | c1 | d1\n2 | c2 | d2'),
    t3: T('  | e  | f\n1 | e1 | f1\n2 | e2 | f2'),
  });
  const crossExpected = () =>
    T(`
      a  | b  | c  | d  | e  | f
      a1 | b1 | c1 | d1 | e1 | f1
      a1 | b1 | c1 | d1 | e2 | f2
      a1 | b1 | c2 | d2 | e1 | f1
      a1 | b1 | c2 | d2 | e2 | f2
      a2 | b2 | c1 | d1 | e1 | f1
      a2 | b2 | c1 | d1 | e2 | f2
      a2 | b2 | c2 | d2 | e1 | f1
      a2 | b2 | c2 | d2 | e2 | f2`);
  const modes = ['inner', 'outer', 'left', 'right'] as const;

  for (const m1 of modes) {
    for (const m2 of modes) {
      it(`test_outer_join_chaining_no_cond_rightsided: t1 ${m2} (t2 ${m1} t3) without conditions`, async () => {
        const { t1, t2, t3 } = abcdef();
        const res = t1.join(t2.join(t3, { how: m1 }), { how: m2 }).select(cw.this);
        if (m1 === 'inner' && m2 === 'inner') await assertTableEqualityWoIndex(res, crossExpected());
        else await assertTableEqualityWoIndexTypes(res, crossExpected());
      });
    }
  }

  for (const m1 of modes) {
    for (const m2 of modes) {
      it(`test_outer_join_chaining_no_cond_leftsided: (t1 ${m1} t2) ${m2} t3 without conditions`, async () => {
        const { t1, t2, t3 } = abcdef();
        const res = t1.join(t2, { how: m1 }).join(t3, { how: m2 }).select(cw.this);
        if (m1 === 'inner' && m2 === 'inner') await assertTableEqualityWoIndex(res, crossExpected());
        else await assertTableEqualityWoIndexTypes(res, crossExpected());
      });
    }
  }

  it('test_outer_join_chaining_some_cond: an outer join with an outer join result on the right, joined on ids', async () => {
    const t1 = T('  | a  | b\n1 | a1 | b1\n2 | a2 | b2');
    const t2 = T('  | c  | d\n1 | c1 | d1\n3 | c3 | d3');
    const t3 = T('  | e  | f\n2 | e2 | f2\n3 | e3 | f3');
    await assertTableEqualityWoIndexTypes(
      t1.joinOuter(t2.joinOuter(t3, t2.id.eq(t3.id)), t1.id.eq(t2.id)).select(cw.this),
      T(`
        a  | b  | c  | d  | e  | f
           |    |    |    | e2 | f2
           |    | c3 | d3 | e3 | f3
        a1 | b1 | c1 | d1 |    |
        a2 | b2 |    |    |    |`),
    );
  });

  it('test_outer_join_chaining_cond: two chained outer joins on conditions, every side padded', async () => {
    const t1 = T('  | a  | col\n1 | a1 | 1\n2 | a2 | 2\n3 | a3 | 3\n4 | a4 | 4');
    const t2 = T('  | b  | col\n1 | b1 | 1\n3 | b3 | 3\n5 | b5 | 5\n7 | b7 | 7');
    const t3 = T('  | c  | col\n1 | c1 | 1\n2 | c2 | 2\n5 | c5 | 5\n6 | c6 | 6');
    await assertTableEqualityWoIndex(
      t1
        .joinOuter(t2, t1.c.col.eq(t2.c.col))
        .joinOuter(t3, t1.c.col.eq(t3.c.col))
        .select(t1.c.a, t2.c.b, t3.c.c, { col1: t1.c.col, col2: t2.c.col, col3: t3.c.col }),
      T(`
         a  | b  | c  | col1 | col2 | col3
            |    | c5 |      |      | 5
            |    | c6 |      |      | 6
            | b5 |    |      | 5    |
            | b7 |    |      | 7    |
         a1 | b1 | c1 | 1    | 1    | 1
         a2 |    | c2 | 2    |      | 2
         a3 | b3 |    | 3    | 3    |
         a4 |    |    | 4    |      |`),
    );
  });
});

describe('Pathway test_joins.py parity: exactly-once joins', () => {
  const t1 = () =>
    T(`
        | a | b  | __time__
      1 | 1 | 10 | 2
      2 | 2 | 20 | 4
      3 | 3 | 30 | 6
      4 | 1 | 40 | 8`);
  const t2 = () =>
    T(`
        | a | c   | __time__
      1 | 2 | 200 | 2
      2 | 3 | 300 | 2
      3 | 1 | 100 | 4
      4 | 2 | 400 | 6`);
  const expected: Record<string, string> = {
    'true,true': `
      a | b  | c   | __time__
      1 | 10 | 100 | 4
      2 | 20 | 200 | 4
      3 | 30 | 300 | 6`,
    'true,false': `
      a | b  | c   | __time__
      1 | 10 | 100 | 4
      2 | 20 | 200 | 4
      3 | 30 | 300 | 6
      1 | 40 | 100 | 8`,
    'false,true': `
      a | b  | c   | __time__
      1 | 10 | 100 | 4
      2 | 20 | 200 | 4
      3 | 30 | 300 | 6
      2 | 20 | 400 | 6`,
    'false,false': `
      a | b  | c   | __time__
      1 | 10 | 100 | 4
      2 | 20 | 200 | 4
      3 | 30 | 300 | 6
      2 | 20 | 400 | 6
      1 | 40 | 100 | 8`,
  };
  for (const l of [true, false])
    for (const r of [true, false]) {
      it(`test_inner_join_exactly_once: (left ${l}, right ${r})`, async () => {
        const left = t1();
        const right = t2();
        const res = left
          .join(right, left.c.a.eq(right.c.a), { leftExactlyOnce: l, rightExactlyOnce: r })
          .select(left.c.a, left.c.b, right.c.c);
        await assertStreamEqualityWoIndex(res, T(expected[`${l},${r}`]!));
      });
    }

  it('test_inner_join_exactly_once_with_repeats: a row matching two rows in one step fails the run', async () => {
    const left = T(`
        | a | b  | __time__
      2 | 2 | 20 | 4`);
    const right = T(`
        | a | c   | __time__
      1 | 2 | 200 | 2
      2 | 2 | 500 | 2`);
    const res = left
      .join(right, left.c.a.eq(right.c.a), { leftExactlyOnce: true, rightExactlyOnce: true })
      .select(left.c.a, left.c.b, right.c.c);
    await expect(captureTables([res])).rejects.toThrow(/Repeated entry in a batch/);
  });
});

// Ported elsewhere under the same name (src/table/join.test.ts): test_left_join_set_id_01, test_outer_join_set_id_01,
// test_outer_join_id, test_joins_typing_on.
