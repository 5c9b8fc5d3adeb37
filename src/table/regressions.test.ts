// Regression tests for issues found in review: each names the behaviour that was wrong.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const Kv = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });

describe('join id option', () => {
  it('keeps the left ids when given as an expression (Pathway id=t1.id)', async () => {
    const a = cw.tableFromRows(Kv, [{ k: 'x', v: 1 }]);
    const b = cw.tableFromRows(cw.schema({ k: cw.STR, w: cw.INT }), [{ k: 'x', w: 2 }]);
    const byExpr = a.join(b, a.c.k.eq(b.c.k), { id: a.id }).select({ v: cw.left.v });
    const byName = a.join(b, a.c.k.eq(b.c.k), { id: 'left' }).select({ v: cw.left.v });
    const [x, y] = await captureTables([byExpr, byName]);
    expect([...x!.final.entries.keys()]).toEqual([...y!.final.entries.keys()]);
    expect([...x!.final.entries.keys()]).toEqual([cw.keyFromValues(['x'])]);
  });
});

describe('rows that cancel within an epoch', () => {
  it('never reach a left join select when every row matches', async () => {
    const l = tableFromMarkdown(`
      k | a
      1 | 10`);
    const r = tableFromMarkdown(`
      k | b
      1 | 20`);
    const j = l.joinLeft(r, l.c.k.eq(r.c.k)).select({ a: cw.left.a, b: cw.unwrap(cw.right.b) });
    expect((await tableToRows<{ a: number; b: number }>(j)).map((x) => [x.a, x.b])).toEqual([[10, 20]]);
  });

  it('never reach expressions after difference', async () => {
    const t = cw.tableFromRows(
      cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), a: cw.INT, b: cw.INT }),
      [{ k: 'x', a: 1, b: 0 }],
    );
    const fix = cw.tableFromRows(Kv, [{ k: 'x', v: 0 }]);
    const r = t.difference(fix).select({ x: cw.this.a.div(cw.this.b) });
    expect(await tableToRows(r)).toEqual([]);
  });
});

describe('error log', () => {
  it('logs a failing withIdFrom key once (the cell error and the dropped row) for an inserted then retracted row', async () => {
    const t = tableFromMarkdown(`
      a | b | __time__ | __diff__
      1 | 0 | 2        | 1
      1 | 0 | 4        | -1`);
    const rekeyed = t.withIdFrom(cw.this.a.div(cw.this.b));
    const [, log] = await captureTables([rekeyed, cw.globalErrorLog()], { terminateOnError: false });
    const messages = log!.updates.filter((u) => u.diff > 0).map((u) => String(u.row[1]));
    expect(messages.filter((m) => m.startsWith('division by zero'))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('withIdFrom dropped a row'))).toHaveLength(1);
  });

  it('logs an error join key once', async () => {
    const l = tableFromMarkdown(`
      a | b | __time__ | __diff__
      1 | 0 | 2        | 1
      1 | 0 | 4        | -1`);
    const r = tableFromMarkdown(`
      k | w
      1 | 5`);
    const j = l.join(r, l.c.a.div(l.c.b).eq(r.c.k)).select({ w: cw.right.w });
    const [, log] = await captureTables([j, cw.globalErrorLog()], { terminateOnError: false });
    const messages = log!.updates.filter((u) => u.diff > 0).map((u) => String(u.row[1]));
    expect(messages.filter((m) => m.startsWith('division by zero'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('join key'))).toHaveLength(1);
  });
});

describe('Table.concat', () => {
  it('types each column as the common type of the inputs', () => {
    const a = tableFromMarkdown(`
      v
      1`);
    const b = tableFromMarkdown(`
      v
      2.5`);
    cw.promiseUniversesAreDisjoint(a, b);
    expect(String(a.concat(b).columns[0]!.dtype)).toBe('FLOAT');
  });
});

describe('Table.rename / withColumns / without', () => {
  it('rejects a rename that would duplicate a column name', () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 2`);
    expect(() => t.rename({ a: 'b' })).toThrow(/two columns named "b"/);
  });

  it('keeps a replaced column in its position and accepts references in without', () => {
    const t = tableFromMarkdown(`
      a | b | c
      1 | 2 | 3`);
    expect(t.withColumns({ a: cw.this.a.add(1), d: 4 }).columnNames()).toEqual(['a', 'b', 'c', 'd']);
    expect(t.without(t.c.a, cw.this.b).columnNames()).toEqual(['c']);
  });
});

describe('GroupedTable.reduce picks', () => {
  it('accepts grouping columns as picks before the named reducers', async () => {
    const t = tableFromMarkdown(`
      owner | age
      Ana   | 10
      Ana   | 8
      Bo    | 3`);
    const r = t.groupBy('owner').reduce(cw.this.owner, { n: cw.reducers.count() });
    expect(r.columnNames()).toEqual(['owner', 'n']);
    const rows = await tableToRows<{ owner: string; n: number }>(r);
    expect(rows.map((x) => [x.owner, x.n]).sort()).toEqual([
      ['Ana', 2],
      ['Bo', 1],
    ]);
    expect(t.groupBy(t.c.owner).reduce(t.c.owner).columnNames()).toEqual(['owner']);
  });
});

describe('cw.this in a join on equal-named columns', () => {
  it('means the join key (Pathway: t1.join(t2, t1.owner == t2.owner).groupby(pw.this.owner))', async () => {
    const pets = tableFromMarkdown(`
      owner | pet
      Ana   | dog
      Bo    | cat`);
    const ages = tableFromMarkdown(`
      owner | age
      Ana   | 10
      Cy    | 3`);
    const inner = pets
      .join(ages, pets.c.owner.eq(ages.c.owner))
      .select({ owner: cw.this.owner, age: cw.right.age });
    expect((await tableToRows<{ owner: string; age: number }>(inner)).map((r) => [r.owner, r.age])).toEqual([
      ['Ana', 10],
    ]);
    const outer = pets.joinOuter(ages, pets.c.owner.eq(ages.c.owner)).select({ owner: cw.this.owner });
    expect((await tableToRows<{ owner: string }>(outer)).map((r) => r.owner).sort()).toEqual([
      'Ana',
      'Bo',
      'Cy',
    ]);
    const grouped = pets
      .join(ages, pets.c.owner.eq(ages.c.owner))
      .groupBy(cw.this.owner)
      .reduce({ owner: cw.this.owner, n: cw.reducers.count() });
    expect((await tableToRows<{ owner: string; n: number }>(grouped)).map((r) => [r.owner, r.n])).toEqual([
      ['Ana', 1],
    ]);
  });
});

describe('cw.apply', () => {
  it('remembers a row result until the row is retracted, so a non-deterministic function leaves no stale rows', async () => {
    const t = tableFromMarkdown(`
      a | __time__ | __diff__
      1 | 2        | 1
      1 | 4        | -1`);
    let n = 0;
    const r = t.select({ x: cw.apply((a: number) => a * 10 + n++, cw.this.a) });
    expect(await tableToRows(r)).toEqual([]);
    expect(n).toBe(1);
  });
});

describe('Pathway conveniences', () => {
  it('renames with renameColumns / renameByDict / withPrefix / withSuffix', () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 2`);
    // Renamed columns move after the others, as in Pathway (its rename_columns example: owner | years_old | animal).
    expect(t.renameColumns({ x: t.c.a }).columnNames()).toEqual(['b', 'x']);
    expect(t.renameByDict({ b: 'y' }).columnNames()).toEqual(['a', 'y']);
    expect(t.withPrefix('p_').columnNames()).toEqual(['p_a', 'p_b']);
    expect(t.withSuffix('_s').columnNames()).toEqual(['a_s', 'b_s']);
  });

  it('joins with the free functions and sorts by a bare key', async () => {
    const l = tableFromMarkdown(`
      k | a
      1 | x
      2 | y`);
    const r = tableFromMarkdown(`
      k | b
      1 | z`);
    const j = cw.joinLeft(l, r, l.c.k.eq(r.c.k)).select({ a: cw.left.a, b: cw.right.b });
    expect((await tableToRows<{ a: string; b: string | null }>(j)).map((x) => [x.a, x.b]).sort()).toEqual([
      ['x', 'z'],
      ['y', null],
    ]);
    expect(l.sort(l.c.k).columnNames()).toEqual(['prev', 'next']);
  });
});

describe('build-time type checks', () => {
  it('rejects arithmetic on unsupported concrete types and a non-boolean filter condition', () => {
    const t = cw.tableFromRows(cw.schema({ s: cw.STR, i: cw.INT }), [{ s: 'a', i: 1 }]);
    expect(() => t.select({ x: t.c.s.add(t.c.i) })).toThrow(/unsupported operand types for \+: STR and INT/);
    expect(() => t.filter(t.c.i as never)).toThrow(/a condition must be a boolean expression, got INT/);
    expect(() => t.filter(cw.this.s)).toThrow(/got STR/);
  });
});

describe('reducer errors', () => {
  it('stop the run by default when unique() sees two values, and are logged once otherwise', async () => {
    const t = tableFromMarkdown(`
      g | v
      a | 1
      a | 2`);
    const r = t.groupBy('g').reduce({ g: cw.this.g, u: cw.reducers.unique(cw.this.v) });
    await expect(tableToRows(r)).rejects.toThrow(cw.DataError);
    const [, log] = await captureTables([r, cw.globalErrorLog()], { terminateOnError: false });
    expect(log!.updates.filter((u) => u.diff > 0)).toHaveLength(1);
  });
});

describe('reducers.argmin / argmax with an id column', () => {
  it('answer that column of the winning row, ties broken by its value', async () => {
    const t = tableFromMarkdown(`
      name  | age
      Bob   | 10
      Alice | 9
      Carl  | 9
      Dee   | 12`);
    const r = t.reduce({
      young: cw.reducers.argmin(t.c.age, t.c.name),
      old: cw.reducers.argmax(cw.this.age, cw.this.name),
    });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['STR', 'STR']);
    expect((await tableToRows<{ young: string; old: string }>(r)).map((x) => [x.young, x.old])).toEqual([
      ['Alice', 'Dee'],
    ]);
  });
});

describe('withIdFrom with colliding ids', () => {
  it('reports the collision and gives the id one row, of errors (no negative counts downstream)', async () => {
    const t = tableFromMarkdown(`
      k | v
      a | 1
      a | 2`);
    const byK = t.withIdFrom(t.c.k);
    await expect(tableToRows(byK)).rejects.toThrow(/withIdFrom: duplicated entries for key \^[0-9A-Z]{26}/);
    const [c] = await captureTables([byK], { terminateOnError: false });
    expect([...c!.final.entries.values()].map((g) => g.diffs)).toEqual([[1]]);
  });

  it("follows Pathway's test_reindex_with_duplicate_key: the colliding id's cells are errors, fillError reads them", async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 3
      2 | 4
      3 | 5
      3 | 6`);
    const res = t
      .withIdFrom(cw.this.a)
      .withColumns({ a: cw.fillError(cw.this.a, -1), b: cw.fillError(cw.this.b, -1) });
    const [c, log] = await captureTables([res, cw.globalErrorLog()], { terminateOnError: false });
    expect([...c!.final.entries.values()].map((g) => g.rows[0]).sort()).toEqual([
      [-1, -1],
      [1, 3],
      [2, 4],
    ]);
    // The ids are the values' (the colliding one too), and the log names the key.
    expect(c!.final.get(cw.keyFromValues([3]))).toEqual([-1, -1]);
    const messages = [...log!.final.entries.values()].map((g) => String((g.rows[0] as unknown[])[1]));
    expect(
      messages.some((m) => m.includes(`duplicated entries for key ${cw.keyToString(cw.keyFromValues([3]))}`)),
    ).toBe(true);
  });

  it('shows the row again when the collision ends, and errors while it lasts, epoch by epoch', async () => {
    const t = tableFromMarkdown(`
      k | v | __time__ | __diff__
      a | 1 | 2        | 1
      a | 2 | 4        | 1
      a | 1 | 6        | -1
      a | 2 | 8        | -1`);
    const [c] = await captureTables([t.withIdFrom(t.c.k).select({ v: cw.fillError(cw.this.v, -1) })], {
      terminateOnError: false,
    });
    expect(c!.updates.map((u) => [u.time, u.row[0], u.diff])).toEqual([
      [2, 1, 1],
      [4, 1, -1],
      [4, -1, 1],
      [6, -1, -1],
      [6, 2, 1],
      [8, 2, -1],
    ]);
  });
});

describe('whole-side picks', () => {
  it('select(cw.this, {...}) keeps every column; a join select takes cw.left whole', async () => {
    const l = tableFromMarkdown(`
      k | a
      1 | x`);
    const r = tableFromMarkdown(`
      k2 | b
      1  | y`);
    expect(l.select(cw.this, { z: 1 }).columnNames()).toEqual(['k', 'a', 'z']);
    const j = l.join(r, l.c.k.eq(r.c.k2)).select(cw.left, cw.right.b);
    expect(j.columnNames()).toEqual(['k', 'a', 'b']);
    expect((await tableToRows<{ k: number; a: string; b: string }>(j)).map((x) => [x.k, x.a, x.b])).toEqual([
      [1, 'x', 'y'],
    ]);
  });

  it('a join select takes cw.this whole: both sides, a key joined on k == k once, other shared names refused', async () => {
    const l = tableFromMarkdown(`
      k | a
      1 | x`);
    const r = tableFromMarkdown(`
      k | b
      1 | y`);
    const both = l.join(r, l.c.k.eq(r.c.k)).select(cw.this);
    expect(both.columnNames()).toEqual(['k', 'a', 'b']);
    expect(
      (await tableToRows<{ k: number; a: string; b: string }>(both)).map((x) => [x.k, x.a, x.b]),
    ).toEqual([[1, 'x', 'y']]);
    const onOther = l.join(r, l.c.a.eq(r.c.b));
    expect(() => onOther.select(cw.this)).toThrow(/column "k" is ambiguous/);
  });
});

describe('review round 3', () => {
  it('joins many same-step rows on one key in linear time per key (no cubic old-group recomputation)', async () => {
    const n = 1500;
    const rows = Array.from({ length: n }, (_, i) => ({ id: i, g: 0 }));
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), g: cw.INT });
    const l = cw.tableFromRows(S, rows);
    const r = cw.tableFromRows(S, rows);
    const j = l.join(r, l.c.g.eq(r.c.g)).reduce({ n: cw.reducers.count() });
    const started = Date.now();
    expect((await tableToRows<{ n: number }>(j)).map((x) => x.n)).toEqual([n * n]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('does not report a row inserted and retracted in one step as a duplicate id', async () => {
    const t = tableFromMarkdown(`
        | k | v | __time__ | __diff__
      a | 1 | 1 | 0        | 1
      b | 1 | 5 | 2        | 1
      b | 1 | 5 | 2        | -1`);
    expect((await tableToRows<{ k: number; v: number }>(t.withIdFrom(cw.this.k))).map((x) => x.v)).toEqual([
      1,
    ]);
  });

  it('coalesces cw.this.k of an outer join in picks, groupBy and reduce', async () => {
    const a = tableFromMarkdown(`
      k | a
      1 | x
      2 | y`);
    const b = tableFromMarkdown(`
      k | b
      2 | p
      3 | q`);
    const j = a.joinOuter(b, a.c.k.eq(b.c.k));
    const picked = await tableToRows<{ k: number }>(j.select(cw.this.k));
    expect(picked.map((x) => x.k).sort()).toEqual([1, 2, 3]);
    const grouped = await tableToRows<{ k: number }>(j.groupBy(cw.this.k).reduce({ k: cw.this.k }));
    expect(grouped.map((x) => x.k).sort()).toEqual([1, 2, 3]);
  });

  it('rejects two output columns with the same name', () => {
    const t = tableFromMarkdown(`
      k | a
      1 | x`);
    expect(() => t.select(cw.this, { a: cw.this.k })).toThrow(/two output columns are named "a"/);
  });
});
