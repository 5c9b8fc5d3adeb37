// Ports of Pathway's test_common.py update tests (update_cells, update_rows), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, captureTables, tableFromMarkdown as T } from '../testing/index.js';
import { idsOnly } from './pathway-parity.test-util.js';

afterEach(() => cw.clearGraph());

const oldPets = () =>
  T(`
      | pet | owner | age
    1 | 1   | Alice | 10
    2 | 1   | Bob   | 9
    3 | 2   | Alice | 8
    4 | 1   | Bob   | 7`);

describe('updateCells and updateRows', () => {
  it('test_update_cells_0_rows: empty tables (the result part; the warning is not ported)', async () => {
    const old = T('  | pet | owner | age');
    const update = T('  | owner | age');
    await assertTableEquality(old.updateCells(update), T('  | pet | owner | age'));
  });

  it('test_update_cells_ids_dont_match: refused without a subset promise', () => {
    const update = T(`
        | pet | owner | age
      5 | 0   | Eve   | 10`);
    expect(() => oldPets().updateCells(update)).toThrow();
  });

  const brokenPromise = async (tab1: cw.Table<any>) => {
    const tab2 = T(`
        | a
      1 | 1
      2 | 2
      3 | 6
      4 | 3
      6 | 9`);
    const res = tab1.updateCells(tab2.promiseUniverseIsSubsetOf(tab1));
    await expect(captureTables([res])).rejects.toThrow();
  };

  it('test_update_cells_with_broken_promises: an update of a missing id fails the run', async () => {
    await brokenPromise(
      T(`
          | a | b
        1 | 1 | 1
        2 | 2 | 1
        3 | 6 | 1
        4 | 3 | 1
        5 | 9 | 1`),
    );
  });

  it('test_update_cells_with_broken_promises_2: the same with all columns updated', async () => {
    await brokenPromise(
      T(`
          | a
        1 | 1
        2 | 2
        3 | 6
        4 | 3
        5 | 9`),
    );
  });

  it('test_update_rows: replaces rows by id and adds new ones', async () => {
    const update = T(`
        | pet | owner | age
      1 | 7   | Bob   | 11
      5 | 0   | Eve   | 10`);
    await assertTableEquality(
      oldPets().updateRows(update),
      T(`
          | pet | owner | age
        1 | 7   | Bob   | 11
        2 | 1   | Bob   | 9
        3 | 2   | Alice | 8
        4 | 1   | Bob   | 7
        5 | 0   | Eve   | 10`),
    );
  });

  it('test_update_rows_no_columns: tables of ids only', async () => {
    await assertTableEquality(idsOnly(1, 2, 3, 4).updateRows(idsOnly(1, 5)), idsOnly(1, 2, 3, 4, 5));
  });

  it('test_update_rows_0_rows: empty tables (the result part; the warning is not ported)', async () => {
    const old = T('  | pet | owner | age');
    const update = T('  | pet | owner | age');
    await assertTableEquality(old.updateRows(update), T('  | pet | owner | age'));
  });

  it('test_update_rows_columns_dont_match: refused', () => {
    const update = T(`
        | pet | owner | age | weight
      5 | 0   | Eve   | 10  | 42`);
    expect(() => oldPets().updateRows(update as never)).toThrow();
  });

  it("test_update_rows_subset: an update promised a subset keeps the table's universe", async () => {
    const old = T(`
          | pet  |  owner  | age
      1   |  1   | Alice   | 10
      2   |  1   | Bob     | 9
      3   |  2   | Alice   | 8
      4   |  1   | Bob     | 7`);
    const update = T(`
          | pet |  owner  | age
      1   | 7   | Bob     | 11`);
    cw.promiseUniverseIsSubsetOf(update, old);
    const expected = T(`
          | pet  |  owner  | age
      1   |  7   | Bob     | 11
      2   |  1   | Bob     | 9
      3   |  2   | Alice   | 8
      4   |  1   | Bob     | 7`);
    const updated = old.updateRows(update);
    await assertTableEquality(updated, expected);
    expect(updated.universe).toBe(old.universe);
  });
});

// Not ported: the warnings of test_update_cells_0_rows / test_update_rows_0_rows (Python's warnings machinery; their
// results are checked) and the `old << update` spelling.
