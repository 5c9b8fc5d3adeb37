// Ports of Pathway's test_common.py tests (rename, drop columns, filter, reindex), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_common.py parity: rename, without, filter, withId', () => {
  it('test_rename_columns_1: renamed columns move after the others', async () => {
    const old = T(`
      pet  |  owner  | age
       1   | Alice   | 10
       1   | Bob     | 9`);
    const expected = T(`
      owner   | animal | winters
      Alice   |  1     | 10
      Bob     |  1     | 9`);
    await assertTableEquality(old.renameColumns({ animal: old.c.pet, winters: old.c.age }), expected);
  });

  it('test_rename_columns_2: swaps two column names', async () => {
    const old = T(`
      pet | age
      1   | 10
      1   | 9`);
    await assertTableEquality(
      old.renameColumns({ age: 'pet', pet: 'age' }),
      T(`
        age | pet
        1   | 10
        1   | 9`),
    );
  });

  const numbered = () =>
    T(`
      t0 | t1    | t2
      1  | Alice | 10
      1  | Bob   | 9`);
  const mapping = { t0: 'col_0', t1: 'col_1', t2: 'col_2' };

  it('test_rename_by_dict: renames by an old -> new mapping', async () => {
    await assertTableEquality(
      numbered().renameByDict(mapping),
      T(`
        col_0 | col_1 | col_2
        1     | Alice | 10
        1     | Bob   | 9`),
    );
  });

  it('test_rename_with_dict: rename(mapping) is renameByDict(mapping)', async () => {
    const old = numbered();
    await assertTableEquality(old.rename(mapping), old.renameByDict(mapping));
  });

  const petsTwo = () =>
    T<{ pet: number; owner: string; age: number }>(`
      pet | owner | age
      1   | Alice | 10
      1   | Bob   | 9`);

  it('test_rename_with_kwargs: rename(old -> new) is renameColumns(new -> old column)', async () => {
    // Pathway's rename(**kwargs) takes new=old_column, as rename_columns; Causeway's rename takes { old: 'new' }.
    const old = petsTwo();
    await assertTableEquality(
      old.rename({ pet: 'animal', age: 'winters' }),
      old.renameColumns({ animal: old.c.pet, winters: old.c.age }),
    );
  });

  it('test_rename_columns_unknown_column_name: renaming a missing column is refused', () => {
    const old = petsTwo();
    expect(() => old.renameColumns({ pet: 'animal', habitat: 'location' })).toThrow(/animal/);
  });

  it('test_drop_columns: without drops columns given by reference and through cw.this', async () => {
    const old = T<{ pet: number; owner: string; age: number; weight: number }>(`
      pet | owner | age | weight
      1   | Bob   | 11  | 7
      1   | Eve   | 10  | 11
      2   | Eve   | 15  | 13`);
    await assertTableEquality(old.without(old.c.pet, old.c.age, cw.this.owner), T('weight\n7\n11\n13'));
  });

  const latin = () =>
    T(`
         | lower | upper
      1  | a     | A
      2  | b     | B
      26 | z     | Z`);

  it('test_filter: filters by a bool column of a table with the same ids', async () => {
    const tLatin = latin();
    const tTmp = T<{ bool: boolean }>(`
         | bool
      1  | True
      2  | True
      26 | False`);
    await assertTableEquality(
      tLatin.filter(tTmp.c.bool),
      T(`
           | lower | upper
        1  | a     | A
        2  | b     | B`),
    );
  });

  it('test_filter_no_columns: filters a table without columns', async () => {
    const input = T(`
        |
      1 |
      2 |
      3 |`).select({});
    await assertTableEquality(
      input.filter(input.id.eq(input.id)),
      T(`
          |
        1 |
        2 |
        3 |`).select({}),
    );
  });

  it('test_filter_different_universe: a condition of a table with other ids is refused', () => {
    const tWrong = T<{ bool: boolean }>(`
        | bool
      1 | True
      7 | False`);
    const tLatin = latin();
    expect(() => tLatin.filter(tWrong.c.bool)).toThrow(/universe/);
  });

  const newIds = (t1: cw.Table<any>) => {
    const t2 = T<{ new_id: number }>(`
        | new_id
      1 | 2
      2 | 3
      3 | 4`).select({ new_id: t1.pointerFrom(cw.this.new_id) });
    cw.promiseUniverseIsSubsetOf(t1, t2);
    return t2.restrict(t1);
  };

  // Pathway refuses t1.select(id=...) (ValueError, "old style is not supported"); Causeway makes a data column named
  // "id". The rest of the test (withId by the restricted pointer column: ids 2, 3, 4; withId(t1.id + 1) refused) holds.
  it.todo('test_reindex: t1.select({ id: pointerColumn }) is not refused; it makes a data column named "id"');

  it('test_reindex_no_columns: withId on a table without columns', async () => {
    const t1 = T(`
        |
      1 |
      2 |
      3 |`).select({});
    const t2Restricted = newIds(t1);
    await assertTableEquality(
      t1.withId(t2Restricted.c.new_id),
      T(`
          |
        2 |
        3 |
        4 |`).select({}),
    );
  });
});
