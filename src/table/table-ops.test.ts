import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderTable, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.empty', () => {
  it('has the columns and no rows (Pathway doc example)', async () => {
    const t1 = cw.Table.empty({ age: cw.FLOAT, pet: cw.FLOAT });
    expect(await renderTable(t1, { includeId: false })).toBe('age | pet');
    const t2 = cw.Table.empty(cw.schema({ name: cw.STR }));
    expect(t2.columnNames()).toEqual(['name']);
    expect(await tableToRows(t2)).toEqual([]);
  });
});

describe('Table.concatReindex', () => {
  it('concatenates tables with clashing ids under fresh ids (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
        | pet
      1 | Dog
      7 | Cat`);
    const t2 = tableFromMarkdown(`
        | pet
      1 | Manul
      8 | Octopus`);
    const t3 = t1.concatReindex(t2);
    expect(await sortedRows(t3)).toBe(lines('pet', 'Cat', 'Dog', 'Manul', 'Octopus'));
    expect(new Set((await tableToRows(t3)).map((r) => r.id)).size).toBe(4);
  });

  it('refuses tables with other columns', () => {
    const t1 = tableFromMarkdown(`pet\nDog`);
    const t2 = tableFromMarkdown(`age\n1`);
    expect(() => t1.concatReindex(t2)).toThrow(/same columns/);
  });
});

describe('Table.split', () => {
  it('splits rows by a condition (Pathway doc example)', async () => {
    const vertices = tableFromMarkdown(`
      label | outdegree
          1 | 3
          7 | 0`);
    const [positive, negative] = vertices.split(vertices.c.outdegree.eq(0));
    expect(await sortedRows(positive)).toBe(lines('label | outdegree', '7     | 0'));
    expect(await sortedRows(negative)).toBe(lines('label | outdegree', '1     | 3'));
    expect(() => positive.concat(negative)).not.toThrow();
    expect(positive.universe.isSubsetOf(vertices.universe)).toBe(true);
  });
});
