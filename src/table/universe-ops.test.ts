import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.withUniverseOf', () => {
  it('lets columns of tables with equal ids be combined (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
        | pet
      1 | Dog
      7 | Cat`);
    const t2 = tableFromMarkdown(`
        | age
      1 | 10
      7 | 3
      8 | 100`);
    const t3 = t2.filter(cw.this.age.lt(30)).withUniverseOf(t1);
    const t4 = t1.select({ pet: t1.c.pet, age: t3.c.age });
    expect(await sortedRows(t4)).toBe(['pet | age', 'Cat | 3', 'Dog | 10'].join('\n'));
  });
});

describe('Table.copy', () => {
  it('has the same rows and universe, and can be joined with the original', async () => {
    const t = tableFromMarkdown(`
      age | owner | pet
      10  | Alice | dog
      9   | Bob   | dog`);
    const c = t.copy();
    expect(c.universe).toBe(t.universe);
    expect(await sortedRows(c)).toBe(
      ['age | owner | pet', '10  | Alice | dog', '9   | Bob   | dog'].join('\n'),
    );
    const j = t.join(c, t.c.owner.eq(c.c.owner)).select({ a: cw.left.age, b: cw.right.age });
    expect((await sortedRows(j)).split('\n').length).toBe(3);
  });
});

describe('universe promises', () => {
  it('records subset, equality and disjointness', () => {
    const a = tableFromMarkdown(`
        | x
      91 | 1`);
    const b = tableFromMarkdown(`
        | x
      92 | 2`);
    const c = tableFromMarkdown(`
        | y
      93 | 3`);
    expect(cw.promiseUniverseIsSubsetOf(a, c)).toBe(a);
    expect(a.universe.isSubsetOf(c.universe)).toBe(true);
    expect(c.universe.isSubsetOf(a.universe)).toBe(false);
    b.promiseUniverseIsEqualTo(c);
    expect(b.universe.isEqualTo(c.universe)).toBe(true);
    expect(() => a.concat(b)).toThrow(/disjoint/);
    cw.promiseUniversesAreDisjoint(a, b);
    expect(() => a.concat(b)).not.toThrow();
  });
});

describe('concat of tables promised disjoint', () => {
  it("follows Pathway's test_concat: an id in both tables is reported and its row holds errors", async () => {
    const t1 = tableFromMarkdown(`
        | a | b
      1 | 1 | 2
      2 | 2 | 5
      3 | 3 | 1`);
    const t2 = tableFromMarkdown(`
        | a | b
      1 | 1 | 3
      4 | 4 | 3
      5 | 5 | 1`);
    cw.promiseUniversesAreDisjoint(t1, t2);
    const res = t1.concat(t2).withColumns({ a: cw.fillError(cw.this.a, -1), b: cw.fillError(cw.this.b, -1) });
    await expect(tableToRows(t1.concat(t2))).rejects.toThrow(
      /concat: duplicated entries for key \^[0-9A-Z]{26}/,
    );
    const [c] = await captureTables([res], { terminateOnError: false });
    expect([...c!.final.entries.values()].map((g) => g.rows[0]).sort()).toEqual([
      [-1, -1],
      [2, 5],
      [3, 1],
      [4, 3],
      [5, 1],
    ]);
  });

  it('shows the row again when the shared id leaves one table', async () => {
    const t1 = tableFromMarkdown(`
        | a | __time__ | __diff__
      1 | 1 | 2        | 1`);
    const t2 = tableFromMarkdown(`
        | a | __time__ | __diff__
      1 | 7 | 4        | 1
      1 | 7 | 6        | -1`);
    cw.promiseUniversesAreDisjoint(t1, t2);
    const [c] = await captureTables([t1.concat(t2).select({ a: cw.fillError(cw.this.a, -1) })], {
      terminateOnError: false,
    });
    expect(c!.updates.map((u) => [u.time, u.row[0], u.diff])).toEqual([
      [2, 1, 1],
      [4, 1, -1],
      [4, -1, 1],
      [6, -1, -1],
      [6, 1, 1],
    ]);
  });

  it('does not check the halves of a split, disjoint by construction', () => {
    const t = tableFromMarkdown(`
        | a
      1 | 1
      2 | -1`);
    const [pos, neg] = t.split(cw.this.a.gt(0));
    cw.subscribe(pos.concat(neg), { onChange: () => undefined });
    const kinds = cw.build().circuit.operators.map((op) => op.name);
    expect(kinds).not.toContain('unique-key');
    cw.clearGraph();
    const other = tableFromMarkdown(`
        | a
      3 | 1`);
    cw.promiseUniversesAreDisjoint(t, other);
    cw.subscribe(t.concat(other), { onChange: () => undefined });
    expect(cw.build().circuit.operators.map((op) => op.name)).toContain('unique-key');
  });
});
