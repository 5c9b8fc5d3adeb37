import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown } from '../testing/index.js';
import { sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const owners = () =>
  tableFromMarkdown(`
      | age  | owner  | pet
    1 | 10   | Alice  | 1
    2 | 9    | Bob    | 1
    3 | 8    | Alice  | 2`);

const costs = () =>
  tableFromMarkdown(`
      | cost
    2 | 100
    3 | 200
    4 | 300`);

describe('Table.difference', () => {
  it('keeps rows whose id is not in the other table (Pathway doc example)', async () => {
    expect(await sortedRows(owners().difference(costs()))).toBe(
      ['age | owner | pet', '10  | Alice | 1'].join('\n'),
    );
  });

  it('brings a row back when its id leaves the other table', async () => {
    const t = tableFromMarkdown(`
        | v
      1 | a
      2 | b`);
    const other = tableFromMarkdown(`
        | x | __time__ | __diff__
      1 | 0 | 2        | 1
      1 | 0 | 4        | -1`);
    expect(await renderUpdateStream(t.difference(other), { includeId: false })).toBe(
      [
        'v | __time__ | __diff__',
        'a | 0        | 1',
        'b | 0        | 1',
        'a | 2        | -1',
        'a | 4        | 1',
      ].join('\n'),
    );
  });
});

describe('Table.intersect', () => {
  it('keeps rows whose id is in every other table (Pathway doc example)', async () => {
    const text = await sortedRows(owners().intersect(costs()));
    expect(text).toBe(['age | owner | pet', '8   | Alice | 2', '9   | Bob   | 1'].join('\n'));
  });

  it('intersects with several tables', async () => {
    const only3 = tableFromMarkdown(`
        | z
      3 | 1
      1 | 1`);
    expect(await sortedRows(owners().intersect(costs(), only3))).toBe(
      ['age | owner | pet', '8   | Alice | 2'].join('\n'),
    );
  });
});

describe('Table.restrict', () => {
  it('keeps rows whose id is in a promised subset (Pathway doc example)', async () => {
    const t1 = owners();
    const t2 = tableFromMarkdown(`
        | cost
      2 | 100
      3 | 200`);
    cw.promiseUniverseIsSubsetOf(t2, t1);
    const t3 = t1.restrict(t2);
    expect(t3.universe).toBe(t2.universe);
    expect(await sortedRows(t3)).toBe(['age | owner | pet', '8   | Alice | 2', '9   | Bob   | 1'].join('\n'));
    // Same universe: columns of both tables can be used together.
    expect(await sortedRows(t3.select({ age: t3.c.age, cost: t2.c.cost }))).toBe(
      ['age | cost', '8   | 200', '9   | 100'].join('\n'),
    );
  });

  it('refuses a table not known to be a subset', () => {
    expect(() => owners().restrict(costs())).toThrow(/promiseUniverseIsSubsetOf/);
  });
});
