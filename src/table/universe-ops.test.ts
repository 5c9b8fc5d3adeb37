import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';
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
