import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderTable, renderUpdateStream, tableFromMarkdown, tableToRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Table.select', () => {
  it('computes new columns from typed references and placeholders', async () => {
    const t = tableFromMarkdown<{ pet: string; age: number }>(`
      pet | age
      dog | 10
      cat | 8`);
    const r = t.select({ pet: t.c.pet, older: cw.this.age.add(1), half: t.c.age.div(4) });
    const rows = await tableToRows<{ pet: string; older: number; half: number }>(r);
    expect(rows.map((x) => [x.pet, x.older, x.half]).sort()).toEqual([
      ['cat', 9, 2],
      ['dog', 11, 2.5],
    ]);
  });
});

describe('Table.groupBy', () => {
  it('counts and sums per group and updates under retractions', async () => {
    const t = tableFromMarkdown(`
        | owner | age | __time__ | __diff__
      1 | Ana   | 10  | 2        | 1
      2 | Bo    | 3   | 2        | 1
      3 | Ana   | 5   | 4        | 1
      1 | Ana   | 10  | 6        | -1`);
    const r = t.groupBy(cw.this.owner).reduce({
      owner: cw.this.owner,
      n: cw.reducers.count(),
      total: cw.reducers.sum(cw.this.age),
    });
    const text = await renderUpdateStream(r, { includeId: false });
    expect(text).toBe(
      [
        'owner | n | total | __time__ | __diff__',
        'Ana   | 1 | 10    | 2        | 1',
        'Bo    | 1 | 3     | 2        | 1',
        'Ana   | 1 | 10    | 4        | -1',
        'Ana   | 2 | 15    | 4        | 1',
        'Ana   | 2 | 15    | 6        | -1',
        'Ana   | 1 | 5     | 6        | 1',
      ].join('\n'),
    );
  });
});

describe('Table.join', () => {
  it('joins on equal keys, keeps unmatched rows in a left join', async () => {
    const owners = tableFromMarkdown(`
      name | city
      Ana  | Oslo
      Bo   | Rome
      Cy   | Nice`);
    const pets = tableFromMarkdown(`
      owner | pet
      Ana   | dog
      Ana   | cat
      Bo    | fish`);
    const j = owners
      .joinLeft(pets, owners.c.name.eq(pets.c.owner))
      .select({ name: cw.left.name, pet: cw.right.pet });
    const text = await renderTable(j, { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual([
      'Ana  | cat',
      'Ana  | dog',
      'Bo   | fish',
      'Cy   | None',
    ]);
  });
});

describe('column references', () => {
  it('rejects a wrong cw.this column when the method is called, at the user line', () => {
    const t = tableFromMarkdown(`
      pet | age
      dog | 10`);
    expect(() => t.select({ x: cw.this.agee })).toThrow(cw.GraphBuildError);
    expect(() => t.select({ x: cw.this.agee })).toThrow(
      /no column "agee"; available columns: pet, age.*table\.test\.ts/s,
    );
    expect(() => t.filter(cw.this.nope.gt(1))).toThrow(/no column "nope"/);
    expect(() => t.select({ x: cw.left.pet })).toThrow(/cw\.left cannot be used here/);
  });
});
