// Ports of Pathway's test_common.py set operation tests (difference, intersect), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, tableFromMarkdown as T } from '../testing/index.js';
import { idsOnly } from './pathway-parity.test-util.js';

afterEach(() => cw.clearGraph());

const col3 = () =>
  T(`
      | col
    1 | 11
    2 | 12
    3 | 13`);

const col11 = () =>
  T(`
      | col
    2 | 11
    3 | 11
    4 | 11`);

describe('set operations', () => {
  it('test_difference: rows whose id the other table lacks', async () => {
    await assertTableEquality(col3().difference(col11()), T('  | col\n1 | 11'));
  });

  it('test_intersect: rows whose id the other table has, with this table values', async () => {
    await assertTableEquality(
      col3().intersect(col11()),
      T(`
          | col
        2 | 12
        3 | 13`),
    );
  });

  it('test_intersect_empty: intersect with no table is the table itself', async () => {
    const t1 = col3();
    const ret = t1.intersect();
    await assertTableEquality(ret, t1);
    expect(ret).toBe(t1);
  });

  it('test_intersect_many_tables: ids present in every table', async () => {
    const t1 = T(`
        | col
      1 | 11
      2 | 12
      3 | 13
      4 | 14`);
    const t2 = T(`
        | col
      2 | 11
      3 | 11
      4 | 11
      5 | 11`);
    const t3 = T(`
        | col
      1 | 11
      3 | 11
      4 | 11
      5 | 11`);
    await assertTableEquality(
      t1.intersect(t2, t3),
      T(`
          | col
        3 | 13
        4 | 14`),
    );
  });

  it('test_intersect_no_columns: tables of ids only', async () => {
    await assertTableEquality(idsOnly(1, 2, 3).intersect(idsOnly(2, 3, 4)), idsOnly(2, 3));
  });

  it('test_intersect_subset: intersect with a promised subset, in a universe of its own', async () => {
    const t1 = col3();
    const t2 = T(`
        | col
      2 | 11
      3 | 11`);
    cw.promiseUniverseIsSubsetOf(t2, t1);
    const res = t1.intersect(t2);
    await assertTableEquality(
      res,
      T(`
          | col
        2 | 12
        3 | 13`),
    );
    expect(res.universe).not.toBe(t2.universe);
  });
});
