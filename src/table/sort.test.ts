import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderTable, renderUpdateStream, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

/** Prints name | prev name | next name, so outputs do not depend on id hashes. */
function byName(t: cw.Table<any>): cw.Table<any> {
  const s = t.sort({ key: cw.this.age, instance: cw.this.score });
  return t.select({
    name: cw.this.name,
    prev: cw.ifElse(s.c.prev.isNone(), null, t.ix(s.c.prev, { optional: true }).c.name),
    next: cw.ifElse(s.c.next.isNone(), null, t.ix(s.c.next, { optional: true }).c.name),
  });
}

describe('Table.sort', () => {
  it('adds prev and next pointers in key order (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      name     | age | score
      Alice    | 25  | 80
      Bob      | 20  | 90
      Charlie  | 30  | 80`).withIdFrom(cw.this.name);
    const s = table.sort({ key: cw.this.age });
    const both = table.select({ name: cw.this.name, prev: s.c.prev, next: s.c.next });
    const text = await renderTable(both, { includeId: true });
    const idOf = (name: string) => cw.keyToString(cw.keyFromValues([name])).slice(0, 8) + '...';
    const body = text
      .split('\n')
      .slice(1)
      .map((l) => l.split('|').map((c) => c.trim()));
    const rows = Object.fromEntries(body.map(([id, name, prev, next]) => [name, { id, prev, next }]));
    expect(rows['Alice']).toEqual({ id: idOf('Alice'), prev: idOf('Bob'), next: idOf('Charlie') });
    expect(rows['Bob']).toEqual({ id: idOf('Bob'), prev: 'None', next: idOf('Alice') });
    expect(rows['Charlie']).toEqual({ id: idOf('Charlie'), prev: idOf('Alice'), next: 'None' });
  });

  it('sorts within instances (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      name     | age | score
      Alice    | 25  | 80
      Bob      | 20  | 90
      Charlie  | 30  | 80
      David    | 35  | 90
      Eve      | 15  | 80`).withIdFrom(cw.this.name);
    const text = await renderTable(byName(table), { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual([
      'Alice   | Eve   | Charlie',
      'Bob     | None  | David',
      'Charlie | Alice | None',
      'David   | Bob   | None',
      'Eve     | None  | Alice',
    ]);
  });

  it('updates only the neighbours of an inserted row', async () => {
    const t = tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | 1 | 0        | 1
      2 | 5 | 0        | 1
      3 | 9 | 0        | 1
      4 | 3 | 2        | 1`);
    const s = t.sort({ key: cw.this.v });
    const named = t.select({
      v: cw.this.v,
      prev: cw.ifElse(s.c.prev.isNone(), null, t.ix(s.c.prev, { optional: true }).c.v),
    });
    const text = await renderUpdateStream(named, { includeId: false });
    expect(
      text
        .split('\n')
        .slice(1)
        .filter((l) => / 2 +\| /.test(l))
        .sort(),
    ).toEqual(['3 | 1    | 2        | 1', '5 | 1    | 2        | -1', '5 | 3    | 2        | 1']);
  });

  it('asks for a key expression', () => {
    const t = tableFromMarkdown(`v\n1`);
    expect(() => t.sort({} as never)).toThrow(/key/);
  });
});
