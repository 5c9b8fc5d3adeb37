// `cw.this` / `t.c` passed whole (Pathway's `*pw.this`): expanded where Pathway expands it, refused elsewhere with a
// message at the user's line (before, several methods ignored it silently or failed with a TypeError).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const pets = () =>
  tableFromMarkdown(`
    pet | owner | age
    dog | Ann   | 1
    dog | Ann   | 1
    cat | Bob   | 2`);

describe('a whole table passed where columns are picked', () => {
  it('groups by every column and takes them back in reduce (distinct rows, as Pathway groupby(*pw.this).reduce(*pw.this))', async () => {
    const t = pets();
    const distinct = t.groupBy(cw.this).reduce(cw.this, { n: cw.reducers.count() });
    expect(distinct.columnNames()).toEqual(['pet', 'owner', 'age', 'n']);
    expect(await sortedRows(distinct)).toBe(
      lines('pet | owner | age | n', 'cat | Bob   | 2   | 1', 'dog | Ann   | 1   | 2'),
    );
  });

  it('re-keys by every column with withIdFrom, and drops every column with without', async () => {
    const t = pets().concatReindex(
      tableFromMarkdown(`
      pet | owner | age
      cow | Cy    | 3`),
    );
    const keyed = t.filter(cw.this.pet.ne('dog')).withIdFrom(cw.this);
    const byValues = t.filter(cw.this.pet.ne('dog')).withIdFrom(cw.this.pet, cw.this.owner, cw.this.age);
    const same = keyed.join(byValues, keyed.id.eq(byValues.id)).select({ pet: cw.left.pet });
    expect(await sortedRows(same)).toBe(lines('pet', 'cat', 'cow'));
    expect(t.without(cw.this).columnNames()).toEqual([]);
    expect(t.without(t.c).columnNames()).toEqual([]);
  });

  it('refuses it where it is not a column list, at the user line', () => {
    const t = pets();
    const u = tableFromMarkdown(`
      x
      1`);
    const here = /whole-columns\.test\.ts/;
    expect(() => t.select({ p: t.pointerFrom(cw.this) })).toThrow(/a whole table .* is not a value here/);
    expect(() => t.deduplicate({ value: cw.this as never, acceptor: () => true })).toThrow(here);
    expect(() => t.rename(cw.this as never)).toThrow(
      /rename\(\) takes \{ oldName: "newName" \}, not a whole table/,
    );
    expect(() => t.concat(cw.this as never)).toThrow(
      /concat\(\) takes tables; argument 1 is a whole table's columns/,
    );
    expect(() => t.concatReindex(t.c as never)).toThrow(/concatReindex\(\) takes tables/);
    expect(() => t.reduce(cw.this as never)).toThrow(/a reduce of the whole table has none/);
    expect(() => t.groupBy(u.c)).toThrow(/only this table's own columns can be picked whole here/);
    expect(() => t.without(u.c)).toThrow(here);
    expect(() => t.join(u, t.c.age.eq(u.c.x)).groupBy(cw.left as never)).toThrow(
      /a join's groupBy\(\) names its columns/,
    );
  });
});
