// Ports of Pathway's test_common.py with_columns tests (test_with_columns*), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('withColumns', () => {
  it('test_with_columns: columns of a table with the same ids replace and add', async () => {
    const old = T(`
        | pet | owner | age
      1 | 1   | Alice | 10
      2 | 1   | Bob   | 9
      3 | 2   | Alice | 8`);
    const update = T(`
        | owner | age | weight
      1 | Bob   | 11  | 7
      2 | Eve   | 10  | 11
      3 | Eve   | 15  | 13`);
    await assertTableEquality(
      old.withColumns({ owner: update.c.owner, age: update.c.age, weight: update.c.weight }),
      T(`
          | pet | owner | age | weight
        1 | 1   | Bob   | 11  | 7
        2 | 1   | Eve   | 10  | 11
        3 | 2   | Eve   | 15  | 13`),
    );
  });

  it('test_with_columns_0_rows: empty tables', async () => {
    const old = T('  | pet | owner | age');
    const update = T('  | owner | age | weight');
    await assertTableEquality(
      old.withColumns({ owner: update.c.owner, age: update.c.age, weight: update.c.weight }),
      T('  | pet | owner | age | weight'),
    );
  });

  it('test_with_columns_ix_args: a column looked up with ix', async () => {
    const t1 = T(`
        | a | b
      0 | 3 | 1
      1 | 4 | 2
      2 | 7 | 0`);
    const t2 = T(`
        | c
      0 | 10
      1 | 20
      2 | 30`);
    await assertTableEquality(
      t1.withColumns({ c: t2.ix(t2.pointerFrom(t1.c.b)).c.c }),
      T(`
          | a | b | c
        0 | 3 | 1 | 20
        1 | 4 | 2 | 30
        2 | 7 | 0 | 10`),
    );
  });

  it('test_with_columns_ids_dont_match: columns of a table with other ids are refused', () => {
    const old = T(`
        | pet | owner | age
      1 | 1   | Alice | 10
      2 | 1   | Bob   | 9`);
    const update = T(`
        | pet | owner | age
      5 | 0   | Eve   | 10`);
    expect(() => old.withColumns({ pet: update.c.pet, owner: update.c.owner, age: update.c.age })).toThrow();
  });
});
