import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown, tableFromRows, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';
import { Json } from './values/json.js';

afterEach(() => cw.clearGraph());

describe('Table.flatten', () => {
  it('makes one row per character of a string (Pathway doc example)', async () => {
    const t1 = tableFromMarkdown(`
        | pet  |  age
      1 | Dog  |   2
      7 | Cat  |   5`);
    expect(await sortedRows(t1.flatten(t1.c.pet))).toBe(
      lines('pet | age', 'C   | 5', 'D   | 2', 'a   | 5', 'g   | 2', 'o   | 2', 't   | 5'),
    );
  });

  it('flattens arrays and JSON arrays, with an origin id column', async () => {
    const S = cw.schema({ name: cw.STR, tags: cw.list(cw.INT) });
    const t = tableFromRows(S, [
      { name: 'a', tags: [1, 2] },
      { name: 'b', tags: [] },
      { name: 'c', tags: [3] },
    ]);
    const f = t.flatten('tags', { originId: 'origin' });
    expectTypeOf(f).toEqualTypeOf<cw.Table<{ name: string; tags: number; origin: cw.Key }>>();
    expect(f.columns.map((c) => `${c.name}:${c.dtype.toString()}`)).toEqual([
      // The flattened column first, as Pathway orders them.
      'tags:INT',
      'name:STR',
      'origin:POINTER',
    ]);
    const rows = await tableToRows<{ name: string; tags: number; origin: cw.Key }>(f);
    const ids = new Map((await tableToRows<{ name: string }>(t)).map((r) => [r.name, r.id]));
    expect(rows.map((r) => [r.name, r.tags, r.origin === ids.get(r.name)]).sort()).toEqual([
      ['a', 1, true],
      ['a', 2, true],
      ['c', 3, true],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);

    const J = cw.schema({ j: cw.JSON });
    const js = tableFromRows(J, [{ j: new Json([1, 'x']) }]);
    const out = await tableToRows<{ j: Json }>(js.flatten('j'));
    expect(out.map((r) => r.j.value).sort()).toEqual([1, 'x']);
  });

  it('retracts the elements of a retracted row', async () => {
    const t = tableFromMarkdown(`
        | word | __time__ | __diff__
      1 | ab   | 2        | 1
      1 | ab   | 4        | -1`);
    const text = await renderUpdateStream(t.flatten('word'), { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual([
      'a    | 2        | 1',
      'a    | 4        | -1',
      'b    | 2        | 1',
      'b    | 4        | -1',
    ]);
  });

  it('drops and logs a cell that cannot be iterated (a column of type ANY)', async () => {
    const t = tableFromMarkdown(`
        | v
      1 | 5`).select({ v: cw.apply((x: unknown) => x, cw.this.v) });
    await expect(sortedRows(t.flatten('v'))).rejects.toThrow(/cannot iterate over number/);
    expect(await sortedRows(t.flatten('v'), { terminateOnError: false })).toBe('v');
  });

  it('refuses a column whose type cannot be flattened, at build (Pathway test_flatten_incorrect_type)', () => {
    const t = tableFromMarkdown(`
        | v
      1 | 5`);
    expect(() => t.flatten('v')).toThrow(/cannot flatten column "v" of type INT/);
    const o = tableFromRows(cw.schema({ v: cw.list(cw.INT).optional() }), [{ v: [1] }]);
    expect(() => o.flatten('v')).toThrow(/filter out None first/);
  });

  it('refuses an unknown column or a taken origin name', () => {
    const t = tableFromMarkdown(`
        | v
      1 | ab`);
    expect(() => t.flatten('w' as never)).toThrow(/no column "w"/);
    expect(() => t.flatten('v', { originId: 'v' })).toThrow(/already a column/);
  });
});
