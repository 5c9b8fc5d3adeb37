import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.fromColumns', () => {
  it('builds a table of columns of tables with one universe, renaming those in a map', async () => {
    const t1 = tableFromMarkdown(`
        | age | pet
      1 | 10  | dog
      2 | 9   | cat`);
    const t2 = t1.select({ foo: cw.this.age.mul(2) });
    const t3 = cw.Table.fromColumns(t1.c.pet, { qux: t2.c.foo });
    expect(t3.columnNames()).toEqual(['pet', 'qux']);
    expect(await sortedRows(t3)).toBe(lines('pet | qux', 'cat | 18', 'dog | 20'));
  });

  it('refuses columns of tables whose universes are not known to be equal, and an empty list', () => {
    const a = tableFromMarkdown(`
        | x
      1 | 1`);
    const b = tableFromMarkdown(`
        | y
      1 | 2
      2 | 3`);
    expect(() => cw.Table.fromColumns(a.c.x, b.c.y)).toThrow(/universe is not known to equal/);
    expect(() => cw.Table.fromColumns()).toThrow(/needs at least one column/);
  });
});
