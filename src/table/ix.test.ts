import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const animals = () =>
  tableFromMarkdown(`
      | epithet    | genus
    1 | upupa      | epops
    2 | acherontia | atropos
    3 | bubo       | scandiacus
    4 | dynastes   | hercules`);

describe('Table.ix', () => {
  it('looks up rows by the ids of another table (Pathway doc example)', async () => {
    const tAnimals = animals();
    const tBirds = tableFromMarkdown(`
        | desc
      2 | hoopoe
      4 | owl`);
    const ret = tBirds.select({ desc: tBirds.c.desc, latin: tAnimals.ix(tBirds.id).c.genus });
    expect(await sortedRows(ret)).toBe(lines('desc   | latin', 'hoopoe | atropos', 'owl    | hercules'));
  });

  it('follows pointer columns and changes of the looked-up rows', async () => {
    const target = tableFromMarkdown(`
        | name | __time__ | __diff__
      1 | Ana  | 0        | 1
      1 | Ana  | 4        | -1
      1 | Anna | 4        | 1`);
    const refs = tableFromMarkdown(`
        | n | __time__ | __diff__
      7 | 1 | 2        | 1`);
    const withPtr = refs.select({ ptr: refs.pointerFrom(refs.c.n) });
    const looked = target.ix(withPtr.c.ptr);
    expect(looked.universe).toBe(withPtr.universe);
    expect(await renderUpdateStream(looked, { includeId: false })).toBe(
      lines(
        'name | __time__ | __diff__',
        'Ana  | 2        | 1',
        'Ana  | 4        | -1',
        'Anna | 4        | 1',
      ),
    );
  });

  it('gives an error for a missing row, or nulls with allowMisses', async () => {
    const tAnimals = animals();
    const q = tableFromMarkdown(`
         | x
      2  | a
      99 | b`);
    await expect(tableToRows(tAnimals.ix(q.id))).rejects.toThrow(/no row of the indexed table has this id/);
    const rows = await tableToRows<{ genus: unknown }>(tAnimals.ix(q.id), { terminateOnError: false });
    expect(rows.map((r) => (cw.isError(r.genus) ? 'error' : r.genus)).sort()).toEqual(['atropos', 'error']);
    const soft = tAnimals.ix(q.id, { allowMisses: true });
    expect(soft.columns[1]!.dtype.toString()).toBe('Optional(STR)');
    expect(await sortedRows(soft.select({ x: q.c.x, genus: cw.this.genus }))).toBe(
      lines('x | genus', 'a | atropos', 'b | None'),
    );
  });

  it('gives nulls for a null pointer with optional, and a row when the missing id appears later', async () => {
    const target = tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | a | 4        | 1`);
    const q = tableFromMarkdown(`
        | k
      5 | 1
      6 | None`);
    const looked = target.ixRef(q.c.k, { optional: true, allowMisses: true });
    expect(await renderUpdateStream(looked, { includeId: false })).toBe(
      lines(
        'v    | __time__ | __diff__',
        'None | 0        | 1',
        'None | 0        | 1',
        'None | 4        | -1',
        'a    | 4        | 1',
      ),
    );
  });
});

describe('Table.ixRef', () => {
  it('looks up rows grouped with an instance by the values and the instance, checking its columns at the user line', async () => {
    const raw = tableFromMarkdown(`
      name | region | phone
      Ann  | eu     | 1
      Ann  | us     | 2`);
    const owners = raw
      .groupBy(raw.c.name, { instance: raw.c.region })
      .reduce({ name: cw.this.name, phone: cw.reducers.max(cw.this.phone) });
    const pets = tableFromMarkdown(`
      pet | owner | region
      Rex | Ann   | us
      Tom | Ann   | eu`);
    const phones = pets.select({
      pet: cw.this.pet,
      phone: owners.ixRef(cw.this.owner, { instance: cw.this.region }).c.phone,
    });
    const rows = await tableToRows<{ pet: string; phone: number }>(phones);
    expect(rows.map((r) => [r.pet, r.phone]).sort()).toEqual([
      ['Rex', 2],
      ['Tom', 1],
    ]);
    // The instance is part of the pointer's expression tree: a wrong column in it is refused where it is written.
    let error: unknown;
    try {
      await tableToRows(pets.select({ n: owners.ixRef(cw.this.owner, { instance: cw.this.regio }).c.name }));
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/no column "regio".*\(at .*ix\.test\.ts:\d+/);
  });
  it('looks up by primary-key values given as constants (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
      name   | pet
      Alice  | dog
      Bob    | cat
      Carole | cat
      David  | dog`);
    const t2 = t1.withIdFrom(cw.this.name);
    const t3 = t2.select({
      name: cw.this.name,
      pet: cw.this.pet,
      new_value: t2.ixRef('Alice', { context: t2 }).c.pet,
    });
    expect(await sortedRows(t3)).toBe(
      lines(
        'name   | pet | new_value',
        'Alice  | dog | dog',
        'Bob    | cat | dog',
        'Carole | cat | dog',
        'David  | dog | dog',
      ),
    );
  });

  it('looks up groupBy results by group values (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
      name   | pet
      Alice  | dog
      Bob    | cat
      Carole | cat
      David  | cat`);
    const t2 = t1.groupBy(cw.this.pet).reduce({ pet: cw.this.pet, count: cw.reducers.count() });
    const t3 = t1.select({ name: cw.this.name, pet: cw.this.pet, new_value: t2.ixRef(t1.c.pet).c.count });
    expect(await sortedRows(t3)).toBe(
      lines(
        'name   | pet | new_value',
        'Alice  | dog | 1',
        'Bob    | cat | 3',
        'Carole | cat | 3',
        'David  | cat | 3',
      ),
    );
  });

  it('looks up the single row of a reduce with a context (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
      name   | pet
      Alice  | dog
      Bob    | cat`);
    const t2 = t1.reduce({ count: cw.reducers.count() });
    const t3 = t1.select({ name: cw.this.name, new_value: t2.ixRef({ context: t1 }).c.count });
    expect(await sortedRows(t3)).toBe(lines('name  | new_value', 'Alice | 2', 'Bob   | 2'));
  });

  it('defers a lookup by constants to the method using it; used as a table, it asks for a context', async () => {
    await expect(tableToRows(animals().ixRef('x'))).rejects.toThrow(/context/);
  });
});
