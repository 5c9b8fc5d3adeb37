import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyToString } from '../engine/key.js';
import { captureTables, renderUpdateStream, tableFromMarkdown } from '../testing/index.js';
import { sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const t1 = () =>
  tableFromMarkdown(`
      | age | owner | pet
    1 | 10  | Alice | 1
    2 | 9   | Bob   | 1
    3 | 8   | Alice | 2`);

describe('Table.updateRows', () => {
  it('replaces rows with the same id and adds new ones (Pathway doc example)', async () => {
    const t2 = tableFromMarkdown(`
         | age | owner | pet
      1  | 10  | Alice | 30
      12 | 12  | Tom   | 40`);
    const text = await sortedRows(t1().updateRows(t2));
    expect(text).toBe(
      [
        'age | owner | pet',
        '10  | Alice | 30',
        '12  | Tom   | 40',
        '8   | Alice | 2',
        '9   | Bob   | 1',
      ].join('\n'),
    );
  });

  it('restores the original row when the overriding row is retracted, with columns in another order', async () => {
    const base = tableFromMarkdown(`
        | v | w
      1 | a | 1`);
    const upd = tableFromMarkdown(`
        | w | v | __time__ | __diff__
      1 | 2 | b | 2        | 1
      1 | 2 | b | 4        | -1`);
    expect(await renderUpdateStream(base.updateRows(upd), { includeId: false })).toBe(
      [
        'v | w | __time__ | __diff__',
        'a | 1 | 0        | 1',
        'a | 1 | 2        | -1',
        'b | 2 | 2        | 1',
        'b | 2 | 4        | -1',
        'a | 1 | 4        | 1',
      ].join('\n'),
    );
  });

  it('refuses tables with different columns', () => {
    expect(() => t1().updateRows(tableFromMarkdown(`x\n1`))).toThrow(/same columns/);
  });
});

describe('Table.updateCells', () => {
  it('overrides cells of rows in a promised subset (Pathway doc example)', async () => {
    const base = t1();
    const t2 = tableFromMarkdown(`
        | age | owner | pet
      1 | 10  | Alice | 30`);
    cw.promiseUniverseIsSubsetOf(t2, base);
    const text = await sortedRows(base.updateCells(t2));
    expect(text).toBe(
      ['age | owner | pet', '10  | Alice | 30', '8   | Alice | 2', '9   | Bob   | 1'].join('\n'),
    );
  });

  it('overrides only the columns the other table has, and follows its changes', async () => {
    const base = t1();
    const t2 = tableFromMarkdown(`
        | pet | __time__ | __diff__
      2 | 7   | 2        | 1
      2 | 7   | 4        | -1`);
    cw.promiseUniverseIsSubsetOf(t2, base);
    const text = await renderUpdateStream(base.updateCells(t2).filter(cw.this.owner.eq('Bob')), {
      includeId: false,
    });
    expect(text).toBe(
      [
        'age | owner | pet | __time__ | __diff__',
        '9   | Bob   | 1   | 0        | 1',
        '9   | Bob   | 1   | 2        | -1',
        '9   | Bob   | 7   | 2        | 1',
        '9   | Bob   | 7   | 4        | -1',
        '9   | Bob   | 1   | 4        | 1',
      ].join('\n'),
    );
  });

  it('refuses unknown columns and tables not known to be a subset', () => {
    const base = t1();
    const t2 = tableFromMarkdown(`
        | zzz
      1 | 1`);
    expect(() => base.updateCells(t2 as never)).toThrow(/zzz/);
    const t3 = tableFromMarkdown(`
         | pet
      55 | 1`);
    expect(() => base.updateCells(t3)).toThrow(/promiseUniverseIsSubsetOf/);
  });

  it('reports an update of an id the table lacks and changes nothing for it (Pathway test_update_cells)', async () => {
    const old = tableFromMarkdown(`
        | pet | owner | age
      1 | 1   | Alice | 10
      2 | 2   | Alice | 10`);
    const update = tableFromMarkdown(`
        | pet | owner | age
      5 | 0   | Eve   | 10
      2 | 3   | Eve   | 10`);
    cw.promiseUniverseIsSubsetOf(update, old);
    const res = old.updateCells(update);
    const [r, log] = await captureTables([res, cw.globalErrorLog()], { terminateOnError: false });
    expect([...r!.final.entries.values()].map((g) => g.rows[0]).sort()).toEqual([
      [1, 'Alice', 10],
      [3, 'Eve', 10],
    ]);
    expect(log!.updates.map((u) => u.row[1])).toEqual([
      `updating a row that does not exist, key: ${keyToString(keyFromValue(5))} (updateCells' other table was promised to be a subset of this one)`,
    ]);
  });
});
