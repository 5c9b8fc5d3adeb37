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

describe('a data column named "id"', () => {
  const Users = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), name: cw.STR, age: cw.INT });
  const users = () =>
    cw.io.custom.fromIterable(
      [
        { id: 1, name: 'Ana', age: 30 },
        { id: 2, name: 'Bo', age: 41 },
      ],
      { schema: Users, mode: 'static' },
    );

  it('keeps its values through without, withColumns, rename, filter and whole-side join picks', async () => {
    const t = users();
    const other = cw.io.custom.fromIterable([{ uid: 2, city: 'Rome' }], {
      schema: cw.schema({ uid: cw.INT, city: cw.STR }),
      mode: 'static',
    });
    const picked = t.join(other, t.c.id.eq(other.c.uid)).select(cw.left);
    const results = await Promise.all(
      [
        t.without('age'),
        t.withColumns({ older: cw.this.age.add(1) }),
        t.rename({ name: 'who' }),
        t.filter(cw.this.age.gt(0)),
        picked,
      ].map((x) => tableToRows<{ id: number }>(x)),
    );
    expect(results.map((rows) => rows.map((r) => r.id).sort())).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
      [2],
    ]);
  });

  it('is t.c.id (typed as the column), while t.id stays the row id', async () => {
    const t = users();
    const n: cw.ColumnRef<number, 'id'> = t.c.id;
    const r = t.select({ userId: n, rowId: t.id, fromKey: t.pointerFrom(t.c.id), doubled: t.c.id.mul(2) });
    const rows = await tableToRows<{ userId: number; rowId: unknown; fromKey: unknown; doubled: number }>(r);
    expect(rows.map((x) => [x.userId, x.doubled]).sort()).toEqual([
      [1, 2],
      [2, 4],
    ]);
    // The primary key makes the row id: the pointer of the column's value.
    for (const x of rows) expect(x.rowId).toBe(x.fromKey);
    const groups = await tableToRows<{ id: number; n: number }>(
      t.groupBy(t.c.id).reduce({ id: t.c.id, n: cw.reducers.count() }),
    );
    expect(groups.map((g) => g.id).sort()).toEqual([1, 2]);
  });

  it('refuses cw.this.id and cw.left.id as ambiguous, at the user line', () => {
    const t = users();
    expect(() => t.select({ x: cw.this.id })).toThrow(
      /cw\.this\.id is ambiguous: the table has a column named "id" as well as its row id; use t\.c\.id for the column and t\.id for the row id.*table\.test\.ts/s,
    );
    const other = tableFromMarkdown(`
      uid | city
      2   | Rome`);
    expect(() => t.join(other, cw.left.id.eq(cw.right.uid))).toThrow(/cw\.left\.id is ambiguous/);
    expect(() => t.join(other, t.c.id.eq(other.c.uid)).select({ x: cw.left.id })).toThrow(
      /cw\.left\.id is ambiguous/,
    );
  });
});
