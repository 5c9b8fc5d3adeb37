import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const pets = () =>
  tableFromMarkdown(`
    pet  |  owner  | age
    dog  | Alice   | 10
    dog  | Bob     | 9
    cat  | Alice   | 8
    cat  | Bob     | 7`);

describe('lookups in reduce outputs', () => {
  it('reads the argmax row of each group with cw.this (Pathway test_groupby_ix_this)', async () => {
    const t = pets();
    const res = t.groupBy(cw.this.pet).reduce({
      age: cw.reducers.max(cw.this.age),
      owner: t.ix(cw.reducers.argmax(cw.this.age)).c.owner,
    });
    expect(await sortedRows(res)).toBe(lines('age | owner', '10  | Alice', '8   | Alice'));
  });

  it('reads argmin and argmax rows with table columns, next to other reducers (Pathway reducers test)', async () => {
    const t = tableFromMarkdown(`
        | instance | value | source
      1 | 1        | 4     | a
      2 | 1        | 2     | b
      3 | 1        | 7     | c
      4 | 2        | 10    | d
      5 | 2        | 3     | e`);
    const res = t.groupBy(t.c.instance).reduce({
      instance: t.c.instance,
      min: cw.reducers.min(t.c.value),
      sourceMin: t.ix(cw.reducers.argmin(t.c.value)).c.source,
      max: cw.reducers.max(t.c.value),
      sourceMax: t.ix(cw.reducers.argmax(t.c.value)).c.source,
      sum: cw.reducers.sum(t.c.value),
    });
    expect(await sortedRows(res)).toBe(
      lines(
        'instance | min | sourceMin | max | sourceMax | sum',
        '1        | 2   | b         | 7   | c         | 13',
        '2        | 3   | e         | 10  | d         | 13',
      ),
    );
  });

  it('keeps the group ids, shares one lookup between its columns, and mixes lookups into expressions', async () => {
    const t = pets();
    const eldest = t.ix(cw.reducers.argmax(cw.this.age));
    const res = t.groupBy(cw.this.pet).reduce({
      pet: cw.this.pet,
      who: cw.this.pet.str.upper().add(':').add(eldest.c.owner),
      older: eldest.c.age.sub(cw.reducers.min(cw.this.age)),
      eldestId: eldest.id,
    });
    const plain = t.groupBy(cw.this.pet).reduce({ pet: cw.this.pet });
    expect(await sortedRows(res.select({ pet: cw.this.pet, who: cw.this.who, older: cw.this.older }))).toBe(
      lines('pet | who       | older', 'cat | CAT:Alice | 1', 'dog | DOG:Alice | 1'),
    );
    // Same ids as a reduce without lookups; a lookup's id is its context row's (the group's), as in Pathway.
    const ids = res.join(plain, res.id.eq(plain.id)).select({ pet: cw.left.pet, same: cw.right.pet });
    expect(await sortedRows(ids)).toBe(lines('pet | same', 'cat | cat', 'dog | dog'));
    expect(await sortedRows(res.select({ own: cw.this.eldestId.eq(cw.this.id) }))).toBe(
      lines('own', 'True', 'True'),
    );
  });

  it('follows retractions: the looked-up row changes with the winner and with the row itself', async () => {
    const t = tableFromMarkdown(`
        | pet | owner | age | __time__ | __diff__
      1 | dog | Alice | 10  | 2        | 1
      2 | dog | Bob   | 9   | 2        | 1
      1 | dog | Alice | 10  | 4        | -1
      2 | dog | Bob   | 9   | 6        | -1
      2 | dog | Bobby | 9   | 6        | 1`);
    const res = t.groupBy(cw.this.pet).reduce({ owner: t.ix(cw.reducers.argmax(cw.this.age)).c.owner });
    expect(await renderUpdateStream(res, { includeId: false })).toBe(
      lines(
        'owner | __time__ | __diff__',
        'Alice | 2        | 1',
        'Alice | 4        | -1',
        'Bob   | 4        | 1',
        'Bob   | 6        | -1',
        'Bobby | 6        | 1',
      ),
    );
  });

  it('works in a global reduce and in a join reduce', async () => {
    const t = pets();
    const global = t.reduce({ n: cw.reducers.count(), youngest: t.ix(cw.reducers.argmin(t.c.age)).c.owner });
    expect(await sortedRows(global)).toBe(lines('n | youngest', '4 | Bob'));
    const kinds = tableFromMarkdown(`
      pet | legs
      dog | 4
      cat | 4`);
    const joined = t
      .join(kinds, t.c.pet.eq(kinds.c.pet))
      .groupBy(cw.left.pet)
      .reduce({ pet: cw.left.pet, eldest: t.ix(cw.reducers.argmax(cw.left.age, cw.left.id)).c.owner });
    expect(await sortedRows(joined)).toBe(lines('pet | eldest', 'cat | Alice', 'dog | Alice'));
  });

  it('refuses a pointer that is not a row id, and a reducer-pointer lookup outside reduce, at the user line', async () => {
    const t = pets();
    expect(() => t.groupBy(cw.this.pet).reduce({ o: t.ix(cw.reducers.max(t.c.age)).c.owner })).toThrow(
      /pointer must be a row id.*reduce-lookups\.test\.ts/,
    );
    await expect(tableToRows(t.select({ o: t.ix(cw.reducers.argmax(t.c.age)).c.owner }))).rejects.toThrow(
      /reducer argmax\(\) used outside reduce.*reduce-lookups\.test\.ts/,
    );
  });
});
