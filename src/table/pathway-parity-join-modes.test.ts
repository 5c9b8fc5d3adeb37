// Ports of Pathway's test_joins.py tests (left and right joins, padding, cw.left / cw.right), named after them.
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEqualityWoIndex, tableFromMarkdown as T } from '../testing/index.js';
import { ab, cd, type AB } from './pathway-parity.test-util.js';

afterEach(() => cw.clearGraph());

/** `a | d` with a = 11..14 and d = 211..214, labels 1..4. */
const ad = () =>
  T<{ a: number; d: number }>(`
      | a  | d
    1 | 11 | 211
    2 | 12 | 212
    3 | 13 | 213
    4 | 14 | 214`);

describe('Pathway test_joins.py parity: left and right joins', () => {
  it('test_left_join_015: a padded right column read through the table is None on a miss', async () => {
    const t1 = T<{ a: number }>('  | a\n1 | 11\n2 | 12\n3 | 13\n4 | 14');
    const t2 = T<{ c: number }>('  | c\n1 | 11\n2 | 12\n3 | 13\n4 | 13');
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.c)).select({ a: t2.c.c });
    await assertTableEqualityWoIndex(
      res,
      T(`
          | a
        1 | 11
        2 | 12
        3 | 13
        4 | 13
        5 |`),
    );
  });

  it('test_left_join_02: the unmatched left row gets None in the right columns', async () => {
    const t1 = ab();
    const t2 = cd([11, 12, 13, 13]);
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: t2.c.c,
      s: cw.require(t1.c.b.add(t2.c.d), t2.id),
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

  it('test_left_join_03: a column computed from the left side is filled on a miss', async () => {
    const t1 = ab();
    const t2 = cd([11, 12, 13, 13]);
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t1_a2: t1.c.a.mul(t1.c.a),
      s: cw.require(t1.c.b.add(t2.c.d), t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t1_a2  | s
        11  | 121    | 322
        12  | 144    | 324
        13  | 169    | 326
        13  | 169    | 327
        14  | 196    |`),
    );
  });

  it('test_right_join_01: all rows match, yet the padded left columns are optional', async () => {
    const t1 = ab();
    const t2 = ad();
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.a)).select(t1.c.a, {
      t2_a: t2.c.a,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_a  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        14  | 14    | 328`).updateTypes({ a: cw.INT.optional(), s: cw.INT.optional() }),
    );
  });

  it('test_right_join_02: the unmatched right row gets None in the left columns', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 13, 14]);
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c: t2.c.c,
      s: cw.require(t1.c.b.add(t2.c.d), t1.id),
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

  it('test_right_join_03: a column computed from the right side is filled on a miss', async () => {
    const t1 = ab(13);
    const t2 = cd([11, 12, 13, 14]);
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.c)).select(t1.c.a, {
      t2_c2: t2.c.c.mul(t2.c.c),
      s: cw.require(t1.c.b.add(t2.c.d), t1.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_c2  | s
        11  | 121    | 322
        12  | 144    | 324
        13  | 169    | 326
        13  | 169    | 327
            | 196    |`),
    );
  });

  it('test_left_join_empty_duplicates_01: every miss gives its own all-None row', async () => {
    const t1 = ab();
    const t2 = cd([11, 13, 13, 13]);
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.c)).select({
      t2_c2: cw.require(t2.c.c.mul(t2.c.c), t2.id),
      s: cw.require(t1.c.b.add(t2.c.d), t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        t2_c2  | s
        121    | 322
        169    | 325
        169    | 326
        169    | 327
               |
               |`),
    );
  });

  it('test_left_join_duplicates_02: k matches give k equal rows, a miss one row', async () => {
    const t1 = ab();
    const t2 = cd([11, 13, 13, 13]);
    const res = t1
      .joinLeft(t2, t1.c.a.eq(t2.c.c))
      .select({ t1_a2: t1.c.a.mul(t1.c.a), s: t1.c.a.add(t1.c.b) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        t1_a2  | s
        121    | 122
        169    | 126
        169    | 126
        169    | 126
        144    | 124
        196    | 128`),
    );
  });

  const ab13 = () =>
    T<AB>(`
        | a  | b
      1 | 11 | 111
      2 | 13 | 112
      3 | 13 | 113
      4 | 13 | 114`);

  it('test_right_join_empty_duplicates_01: every miss gives its own all-None row', async () => {
    const t1 = ab13();
    const t2 = cd([11, 12, 13, 14]);
    const res = t1.joinRight(t2, t1.c.a.eq(t2.c.c)).select({
      t1_a2: cw.require(t1.c.a.mul(t1.c.a), t1.id),
      s: cw.require(t1.c.b.add(t2.c.d), t1.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        t1_a2  | s
        121    | 322
        169    | 325
        169    | 326
        169    | 327
               |
               |`),
    );
  });

  it('test_right_join_duplicates_02: k matches give k equal rows, a miss one row', async () => {
    const t1 = ab13();
    const t2 = cd([11, 12, 13, 14]);
    const res = t1
      .joinRight(t2, t1.c.a.eq(t2.c.c))
      .select({ t2_c2: t2.c.c.mul(t2.c.c), s: t2.c.c.add(t2.c.d) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        t2_c2  | s
        121    | 222
        169    | 226
        169    | 226
        169    | 226
        144    | 224
        196    | 228`),
    );
  });

  it('test_left_join_this: all rows match, yet the padded right columns are optional', async () => {
    const t1 = ab();
    const t2 = ad();
    const res = t1.joinLeft(t2, t1.c.a.eq(t2.c.a)).select(cw.left.a, {
      t2_a: t2.c.a,
      s: cw.require(cw.left.b.add(t2.c.d), t2.id),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        a   | t2_a  | s
        11  | 11    | 322
        12  | 12    | 324
        13  | 13    | 326
        14  | 14    | 328`).updateTypes({ t2_a: cw.INT.optional(), s: cw.INT.optional() }),
    );
  });
});

// Ported elsewhere under the same name (src/table/join.test.ts): test_left_join_01.
// The outer-join tests are in pathway-parity-outer-joins.test.ts, the other test_joins.py tests in
// pathway-parity-join-ids.test.ts.
