// Ports of Pathway's test_joins.py tests (outer joins, smart columns, cw.left / cw.right desugaring), named after them.
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEqualityWoIndex, tableFromMarkdown as T } from '../testing/index.js';
import { ab, cd } from './pathway-parity.test-util.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_joins.py parity: outer joins', () => {
  it('test_outer_join_02: an unmatched left row; the left columns are optional all the same', async () => {
    const t1 = ab();
    const t2 = cd([11, 12, 13, 13]);
    const res = t1.joinOuter(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: t2.c.c,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id, t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_c  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        13  | 13    | 327
        14  |       |`).updateTypes({ a: cw.INT.optional() }),
    );
  });

  it('test_outer_join_03: an unmatched right row; the right columns are optional all the same', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 13, 14]);
    const res = t1.joinOuter(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: t2.c.c,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id, t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_c  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        13  | 13    | 327
            | 14    |`).updateTypes({ t2_c: cw.INT.optional() }),
    );
  });

  const outer04Expected = () =>
    T(`
      a   | t2_c  | s
      11  | 11    | 322
      12  | 12    | 324
      13  |       |
      13  |       |
          | 14    |
          | 14    |`);

  it('test_outer_join_04: unmatched rows on both sides', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 14, 14]);
    const res = t1.joinOuter(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: t2.c.c,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id, t2.id),
    });
    await assertTableEqualityWoIndex(res, outer04Expected());
  });

  it('test_outer_join_smart_cols: cw.this.a of a column joined on is the value of either side', async () => {
    const t1 = T<{ a: number }>('  | a\n1 | 11\n2 | 12\n3 | 13\n4 | 14');
    const t2 = T<{ a: number }>('  | a\n2 | 12\n3 | 13\n4 | 14\n5 | 15');
    await assertTableEqualityWoIndex(
      t1.joinOuter(t2, t1.c.a.eq(t2.c.a)).select(cw.this.a, { la: cw.left.a, ra: cw.right.a }),
      T(`
         a | la  | ra
        11 | 11  |
        12 | 12  | 12
        13 | 13  | 13
        14 | 14  | 14
        15 |     | 15`).updateTypes({ a: cw.INT.optional() }),
    );
  });

  it('test_chained_outer_join_smart_cols: cw.this.a / cw.left.a after a second outer join, t1.c.a / t2.c.a padded', async () => {
    const t1 = T<{ a: number }>('  | a\n1 | 11\n2 | 12\n3 | 13\n4 | 14');
    const t2 = T<{ a: number }>('  | a\n2 | 12\n3 | 13\n4 | 14\n5 | 15');
    const t3 = T<{ a: number }>('  | a\n3 | 13\n4 | 14\n5 | 15\n6 | 16');
    const res = t1
      .joinOuter(t2, t1.c.a.eq(t2.c.a))
      .joinOuter(t3, cw.left.a.eq(t3.c.a))
      .select(cw.this.a, { la: cw.left.a, ra: cw.right.a, lla: t1.c.a, lra: t2.c.a });
    await assertTableEqualityWoIndex(
      res,
      T(`
         a | la  | ra | lla | lra
        11 | 11  |    |  11 |
        12 | 12  |    |  12 | 12
        13 | 13  | 13 |  13 | 13
        14 | 14  | 14 |  14 | 14
        15 | 15  | 15 |     | 15
        16 |     | 16 |     |`).updateTypes({ a: cw.INT.optional() }),
    );
  });

  it('test_outer_join_desugaring_01: cw.left / cw.right in the select of an outer join', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 14, 14]);
    const res = t1.joinOuter(t2, t1.c.a.eq(t2.c.c)).select(cw.left.a, {
      t2_c: cw.right.c,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id, t2.id),
    });
    await assertTableEqualityWoIndex(res, outer04Expected());
  });

  it('test_outer_join_desugaring_02: cw.left / cw.right in the condition and require of an outer join', async () => {
    const t1 = ab();
    const t2 = T<{ a: number; d: number }>(`
        | a  | d
      1 | 11 | 211
      2 | 12 | 212
      3 | 13 | 213
      4 | 14 | 214`);
    const res = t1.joinOuter(t2, cw.left.a.eq(cw.right.a)).select(t1.c.a, {
      t2_a: t2.c.a,
      s: cw.require(cw.left.b.add(cw.right.d), cw.left.id, cw.right.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
                  | a   | t2_a  | s
        1139487   | 11  | 11    | 322
        1243425   | 12  | 12    | 324
        2145425   | 13  | 13    | 326
        1234412   | 14  | 14    | 328`).updateTypes({
        a: cw.INT.optional(),
        t2_a: cw.INT.optional(),
        s: cw.INT.optional(),
      }),
    );
  });

  it('test_right_join_desugaring_01: cw.right in the condition of a right join', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 13, 14]);
    const res = t1.joinRight(t2, t1.c.a.eq(cw.right.c)).select(cw.left.a, {
      t2_c: t2.c.c,
      s: cw.require(cw.left.b.add(cw.right.d), cw.left.id, cw.right.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_c  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        13  | 13    | 327
            | 14    |`),
    );
  });

  it('test_left_join_desugaring_01: cw.left in the condition of a left join', async () => {
    const t1 = ab();
    const t2 = cd([11, 12, 13, 13]);
    const res = t1.joinLeft(t2, cw.left.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: cw.right.c,
      s: cw.require(cw.left.b.add(t2.c.d), cw.left.id, t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_c  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        13  | 13    | 327
        14  |       |`),
    );
  });
});

// Ported elsewhere under the same name (src/table/join.test.ts): test_outer_join_01.
// The other left / right join tests are in pathway-parity-join-modes.test.ts, the other test_joins.py tests in
// pathway-parity-join-ids.test.ts.
