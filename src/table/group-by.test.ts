// Unit tests of groupBy().reduce(), following the examples of Pathway's groupby-reduce guide.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValues } from '../engine/key.js';
import { reduceTable, type GroupByOptions } from './group-by.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { valueRows as lines } from './join-guide.test-util.js';
import { poll } from './group-by.test-util.js';

afterEach(() => cw.clearGraph());

/** The update stream as [row values, time, diff], in time order then by row. */
async function stream(t: cw.Table<any>): Promise<[unknown[], number, number][]> {
  const [c] = await captureTables([t]);
  return c!.updates
    .map((u): [unknown[], number, number] => [u.row, u.time, u.diff])
    .sort((a, b) => a[1] - b[1] || a[2] - b[2] || (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
}

describe('GroupedTable.reduce', () => {
  it('sums votes per (food_item, label) and keeps group columns (Pathway guide example)', async () => {
    const t = poll();
    const r = t.groupBy(t.c.food_item, t.c.label).reduce({
      food_item: cw.this.food_item,
      label: cw.this.label,
      total_votes: cw.reducers.sum(cw.this.vote),
      total_fractional_vote: cw.reducers.sum(cw.this.fractional_vote),
    });
    expect(r.columnNames()).toEqual(['food_item', 'label', 'total_votes', 'total_fractional_vote']);
    expect(await lines(r)).toEqual([
      ['apple', 'fruit', 1, 1],
      ['apple', 'vegetable', 0, 0],
      ['pepper', 'fruit', 0, 0.5],
      ['pepper', 'vegetable', 1, 0.5],
      ['tomato', 'fruit', 1, 0.5],
      ['tomato', 'vegetable', 0, 0.5],
    ]);
  });

  it('types reduce outputs from typed column references (sum of FLOAT is FLOAT)', () => {
    const t = poll();
    const r = t.groupBy(t.c.label).reduce({
      label: t.c.label,
      votes: cw.reducers.sum(t.c.vote),
      fractional: cw.reducers.sum(t.c.fractional_vote),
      n: cw.reducers.count(),
    });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['STR', 'INT', 'FLOAT', 'INT']);
  });

  // Known issue: dtypes of expressions over `cw.this` placeholders are ANY (not resolved against the table), so a
  // FLOAT sum prints as `1` instead of `1.0`. Remove `.fails` once methods re-infer placeholder dtypes.
  it('types reduce outputs built on cw.this placeholders from the table columns', () => {
    const t = poll();
    const r = t
      .groupBy(t.c.label)
      .reduce({ label: cw.this.label, fractional: cw.reducers.sum(cw.this.fractional_vote) });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['STR', 'FLOAT']);
  });

  it('accepts column names and typed references as grouping columns', async () => {
    const t = poll();
    const byName = t.groupBy('label').reduce({ label: cw.this.label, n: cw.reducers.count() });
    const byRef = t.groupBy(t.c.label).reduce((c) => ({ label: c.label, n: cw.reducers.count() }));
    expect(await lines(byName)).toEqual([
      ['fruit', 3],
      ['vegetable', 3],
    ]);
    expect(await lines(byRef)).toEqual(await lines(byName));
  });

  it('evaluates reducers nested in expressions and expressions over group columns', async () => {
    const t = poll();
    const r = t.groupBy(t.c.label).reduce({
      label: cw.this.label.add('!'),
      twice: cw.reducers.sum(cw.this.vote).mul(2),
      share: cw.reducers.sum(cw.this.vote).div(cw.reducers.count()),
      spread: cw.reducers.max(cw.this.fractional_vote).sub(cw.reducers.min(cw.this.fractional_vote)),
      constant: 7,
    });
    expect(await lines(r)).toEqual([
      ['fruit!', 4, 2 / 3, 0.5, 7],
      ['vegetable!', 2, 1 / 3, 0.5, 7],
    ]);
  });

  it('gives each group the id hashed from its values (Pathway: pointer_from of the group columns)', async () => {
    const t = poll();
    const r = t.groupBy(t.c.food_item).reduce({ food_item: cw.this.food_item, n: cw.reducers.count() });
    const rows = await tableToRows<{ food_item: string; n: number }>(r);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.id).toBe(keyFromValues([row.food_item]));
  });

  it('uses the `id` option as the id of each group row', async () => {
    const t = poll();
    const withRef = t.withColumns({ ref: t.pointerFrom(t.c.food_item, 'x') });
    const r = withRef
      .groupBy(withRef.c.ref, { id: withRef.c.ref })
      .reduce({ n: cw.reducers.count(), item: cw.reducers.any(cw.this.food_item) });
    const rows = await tableToRows<{ n: number; item: string }>(r);
    expect(rows.map((x) => x.n)).toEqual([2, 2, 2]);
    for (const row of rows) expect(row.id).toBe(keyFromValues([row.item, 'x']));
  });

  it('argmax gives the id of the row with the largest value, any a deterministic value', async () => {
    const t = tableFromMarkdown(`
        | owner | age
      1 | Ana   | 10
      2 | Ana   | 12
      3 | Bo    | 3`);
    const r = t.groupBy('owner').reduce({
      owner: cw.this.owner,
      oldest: cw.reducers.argmax(cw.this.age),
      any: cw.reducers.any(cw.this.age),
    });
    const rows = await tableToRows<{ owner: string; oldest: cw.Key; any: number }>(r);
    const byOwner = Object.fromEntries(rows.map((x) => [x.owner, x]));
    expect(byOwner['Ana']!.oldest).toBe(keyFromValues([2]));
    expect(byOwner['Bo']!.oldest).toBe(keyFromValues([3]));
    expect([10, 12]).toContain(byOwner['Ana']!.any);
  });

  it('reduces the whole table with Table.reduce and updates it as rows come and go', async () => {
    const t = tableFromMarkdown(`
        | x | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 5 | 2        | 1
      1 | 1 | 4        | -1`);
    const r = t.reduce({ n: cw.reducers.count(), total: cw.reducers.sum(t.c.x) });
    expect(await stream(r)).toEqual([
      [[2, 6], 2, 1],
      [[2, 6], 4, -1],
      [[1, 5], 4, 1],
    ]);
  });

  it('removes a group whose last row is deleted', async () => {
    const t = tableFromMarkdown(`
        | owner | __time__ | __diff__
      1 | Ana   | 2        | 1
      2 | Bo    | 2        | 1
      2 | Bo    | 4        | -1`);
    const r = t.groupBy('owner').reduce({ owner: cw.this.owner, n: cw.reducers.count() });
    expect(await lines(r)).toEqual([['Ana', 1]]);
  });

  it('groups None values together', async () => {
    const t = tableFromMarkdown(`
      k    | v
      None | 1
      None | 2
      a    | 3`);
    const r = t.groupBy('k').reduce({ k: cw.this.k, s: cw.reducers.sum(cw.this.v) });
    expect(await lines(r)).toEqual([
      ['a', 3],
      [null, 3],
    ]);
  });
});

describe('groupBy with an id (Pathway test_groupby_setid)', () => {
  const pets = () => {
    const t0 = tableFromMarkdown(`
      pet | age
      1   | 10
      1   | 9
      2   | 8
      1   | 7`);
    return t0.withColumns({ pet: t0.pointerFrom(cw.this.pet) });
  };
  it('groups by the id column when it is given alone, each group keyed by it', async () => {
    const t = pets();
    const r = t.groupBy({ id: t.c.pet }).reduce({ pet: t.c.pet, agesum: cw.reducers.sum(t.c.age) });
    const rows = await tableToRows<{ id: string; pet: string; agesum: number }>(r);
    expect(rows.map((x) => x.agesum).sort()).toEqual([26, 8]);
    for (const x of rows) expect(x.id).toBe(x.pet);
  });
  it('refuses an id that is not the grouping column, or several grouping columns with an id', () => {
    const t = pets().withColumns({ other: cw.this.pet });
    expect(() => t.groupBy('age', { id: t.c.pet })).toThrow(/id must be the grouping column/);
    expect(() => t.groupBy('pet', 'age', { id: t.c.pet })).toThrow(/several columns/);
  });
});

describe('groupBy with an instance (Pathway test_groupby_instance)', () => {
  it('lets reduce use the instance column, which is part of the group', async () => {
    const t = tableFromMarkdown(`
      a | b | col
      0 | 0 | 1
      1 | 0 | 1
      1 | 0 | 2`);
    const r = t
      .groupBy(cw.this.b, { instance: cw.this.a })
      .reduce({ a: cw.this.a, b: cw.this.b, col: cw.reducers.sum(cw.this.col) });
    expect(await lines(r)).toEqual([
      [0, 0, 1],
      [1, 0, 3],
    ]);
  });
});

describe('sortBy (tuple order; intervalsOver windows use it too)', () => {
  it('orders tuple() by the sort key and leaves the other reducers as they are', async () => {
    const t = tableFromMarkdown(`
        | g | s | v
      1 | a | 3 | x
      2 | a | 1 | y
      3 | a | 2 | z`);
    const r = reduceTable(
      t,
      [['g', t.c.g]],
      { sortBy: t.c.s },
      [
        ['g', t.c.g],
        ['vs', cw.reducers.tuple(t.c.v)],
        ['sorted', cw.reducers.sortedTuple(t.c.v)],
        ['n', cw.reducers.count()],
        ['m', cw.reducers.max(t.c.s)],
      ],
      undefined,
    );
    expect(await lines(r)).toEqual([['a', ['y', 'z', 'x'], ['x', 'y', 'z'], 3, 3]]);
  });

  it("is groupBy's sortBy option (Pathway's sort_by), ordering tuple() only", async () => {
    const t = tableFromMarkdown(`
        | g | s | v
      1 | a | 3 | x
      2 | a | 1 | y
      3 | a | 2 | z
      4 | b | 1 | w`);
    const r = t.groupBy(t.c.g, { sortBy: cw.this.s }).reduce({
      g: cw.this.g,
      vs: cw.reducers.tuple(cw.this.v),
      sorted: cw.reducers.sortedTuple(cw.this.v),
    });
    expect(await lines(r)).toEqual([
      ['a', ['y', 'z', 'x'], ['x', 'y', 'z']],
      ['b', ['w'], ['w']],
    ]);
    expect(() => t.groupBy(t.c.g, { sortby: t.c.s } as GroupByOptions)).toThrow(
      /does not support the option\(s\) sortby; supported: id, instance, skipErrors, sortBy/,
    );
  });
});

describe('reduce(cw.this)', () => {
  it("takes every grouping column by name (Pathway's reduce(*pw.this)), then the named outputs", async () => {
    const t = tableFromMarkdown(`
      colA | colB | v
      10   | A    | 1
      10   | A    | 2
      20   | B    | 3`);
    const r = t.groupBy(cw.this.colA, cw.this.colB).reduce(cw.this, { n: cw.reducers.count() });
    expect(r.columnNames()).toEqual(['colA', 'colB', 'n']);
    expect(await lines(r)).toEqual([
      [10, 'A', 2],
      [20, 'B', 1],
    ]);
    const only = t.groupBy(t.c.colA).reduce(t.c);
    expect(await lines(only)).toEqual([[10], [20]]);
    const other = tableFromMarkdown(`
      x
      1`);
    expect(() => t.groupBy(t.c.colA).reduce(other.c)).toThrow(/picks whole only the grouped table's columns/);
    expect(() =>
      t
        .join(other, t.c.v.eq(other.c.x))
        .groupBy(cw.left.colA)
        .reduce(cw.this as never),
    ).toThrow(/a join's reduce\(\) names its outputs/);
  });
});
