import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines, sortedRows } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const salaries = () =>
  tableFromMarkdown(`
    salary | department
    1800   | Sales
    2000   | Finance
    2300   | Sales
    2700   | Finance
    1900   | Finance`);

describe('Table.ix with cw.this (deferred lookup)', () => {
  it('looks up per row of the selecting table, errors for missing rows (Pathway test_ix)', async () => {
    const t0 = tableFromMarkdown(`
        | a
      1 | 1
      2 | 3
      3 | 2
      4 | 2`);
    const t2 = tableFromMarkdown(`
        | c
      1 | 10
      2 | 13`);
    const t1 = t0.withColumns({ ap: t2.pointerFrom(cw.this.a) });
    const res = t1.select({ a: cw.this.a, c: t2.ix(cw.this.ap).c.c });
    const filled = res.select({ a: cw.this.a, c: cw.fillError(res.c.c, -1) });
    expect(await sortedRows(filled, { terminateOnError: false })).toBe(
      lines('a | c', '1 | 10', '2 | 13', '2 | 13', '3 | -1'),
    );
    await expect(tableToRows(res)).rejects.toThrow(/no row of the indexed table has this id/);
  });

  it('works inside withColumns on the same table, with optional pointers (Pathway interpolate)', async () => {
    const t = tableFromMarkdown(`
        | v  | prev
      1 | 10 | None
      2 | 20 | 1
      3 | 30 | 2`);
    const tab = t.withColumns({ prev: cw.ifElse(cw.this.prev.isNone(), null, t.pointerFrom(t.c.prev)) });
    const out = tab.withColumns({ pv: tab.ix(cw.this.prev, { optional: true }).c.v });
    expect(await sortedRows(out.select({ v: cw.this.v, pv: cw.this.pv }))).toBe(
      lines('v  | pv', '10 | None', '20 | 10', '30 | 20'),
    );
  });

  it('selects from the argmax row of each group (Pathway groupby tutorial)', async () => {
    const scores = tableFromMarkdown(`
      food   | label   | votes
      apple  | fruit   | 5
      apple  | veggie  | 1
      carrot | veggie  | 4
      carrot | fruit   | 2`);
    const best = scores.groupBy(cw.this.food).reduce({ argmax_id: cw.reducers.argmax(cw.this.votes) });
    const out = best.select({
      food: scores.ix(cw.this.argmax_id).c.food,
      label: scores.ix(cw.this.argmax_id).c.label,
    });
    expect(await sortedRows(out)).toBe(lines('food   | label', 'apple  | fruit', 'carrot | veggie'));
  });

  it('updates when the looked-up row changes and when the pointer changes (streaming)', async () => {
    const owners = tableFromMarkdown(`
        | name | __time__ | __diff__
      1 | Ana  | 0        | 1
      2 | Bo   | 0        | 1
      1 | Ana  | 4        | -1
      1 | Anna | 4        | 1`);
    const pets = tableFromMarkdown(`
        | pet | owner | __time__ | __diff__
      7 | cat | 1     | 2        | 1
      7 | cat | 1     | 6        | -1
      7 | cat | 2     | 6        | 1`);
    const out = pets.select({ pet: cw.this.pet, name: owners.ix(owners.pointerFrom(cw.this.owner)).c.name });
    expect(await renderUpdateStream(out, { includeId: false })).toBe(
      lines(
        'pet | name | __time__ | __diff__',
        'cat | Ana  | 2        | 1',
        'cat | Ana  | 4        | -1',
        'cat | Anna | 4        | 1',
        'cat | Anna | 6        | -1',
        'cat | Bo   | 6        | 1',
      ),
    );
  });

  it('works inside reducer arguments', async () => {
    const prices = tableFromMarkdown(`
        | price
      1 | 3
      2 | 5`);
    const orders = tableFromMarkdown(`
      customer | item
      ann      | 1
      ann      | 2
      bob      | 2`);
    const totals = orders.groupBy(cw.this.customer).reduce({
      customer: cw.this.customer,
      total: cw.reducers.sum(prices.ix(prices.pointerFrom(cw.this.item)).c.price),
    });
    expect(await sortedRows(totals)).toBe(lines('customer | total', 'ann      | 8', 'bob      | 5'));
  });

  it('works inside a join select, filter and reduce with cw.left / cw.right', async () => {
    const labels = tableFromMarkdown(`
        | label
      1 | red
      2 | blue`);
    const queries = tableFromMarkdown(`
         | q
      10 | x
      11 | y`);
    const knns = tableFromMarkdown(`
      query | nb
      10    | 1
      10    | 2
      11    | 2`).withColumns({ qp: labels.pointerFrom(cw.this.query), np: labels.pointerFrom(cw.this.nb) });
    const joined = knns.join(queries, cw.left.qp.eq(cw.right.id));
    const sel = joined.select({ q: cw.right.q, label: labels.ix(cw.left.np).c.label });
    expect(await sortedRows(sel)).toBe(lines('q | label', 'x | blue', 'x | red', 'y | blue'));
    const blue = joined.filter(labels.ix(cw.left.np).c.label.eq('blue')).select({ q: cw.right.q });
    expect(await sortedRows(blue)).toBe(lines('q', 'x', 'y'));
    const grouped = joined
      .groupBy(cw.right.q)
      .reduce({ q: cw.this.q, labels: cw.reducers.sortedTuple(labels.ix(cw.left.np).c.label) });
    expect(await sortedRows(grouped)).toBe(lines('q | labels', "x | ('blue', 'red')", "y | ('blue',)"));
  });

  it('resolves a lookup whose pointer comes from another deferred lookup (two hops)', async () => {
    const people = tableFromMarkdown(`
        | name | boss
      1 | Ann  | None
      2 | Bob  | 1
      3 | Cid  | 2`);
    const withPtr = people.withColumns({
      boss: cw.ifElse(cw.this.boss.isNone(), null, people.pointerFrom(cw.this.boss)),
    });
    const boss = withPtr.ix(cw.this.boss, { optional: true });
    const grandBoss = withPtr.ix(boss.c.boss, { optional: true });
    const out = withPtr.select({ name: cw.this.name, boss: boss.c.name, grand: grandBoss.c.name });
    expect(await sortedRows(out)).toBe(
      lines('name | boss | grand', 'Ann  | None | None', 'Bob  | Ann  | None', 'Cid  | Bob  | Ann'),
    );
  });

  it('is used after a reduce, or in the reduce by a grouping column', async () => {
    const names = tableFromMarkdown(`
        | name
      1 | one
      2 | two`);
    const edges = tableFromMarkdown(`
      u | w
      1 | 5
      1 | 6
      2 | 7`);
    const agg = edges
      .groupBy(cw.this.u)
      .reduce({ u: cw.this.u, w: cw.reducers.sum(cw.this.w) })
      .withColumns({ name: names.ixRef(cw.this.u).c.name });
    expect(await sortedRows(agg)).toBe(lines('u | w  | name', '1 | 11 | one', '2 | 7  | two'));
    const inside = edges
      .groupBy(cw.this.u)
      .reduce({ u: cw.this.u, w: cw.reducers.sum(cw.this.w), name: names.ixRef(cw.this.u).c.name });
    expect(await sortedRows(inside)).toBe(lines('u | w  | name', '1 | 11 | one', '2 | 7  | two'));
    expect(() => edges.groupBy(cw.this.u).reduce({ u: cw.this.u, name: names.c.name })).toThrow(
      /refers to another table/,
    );
  });

  it('gives nulls for a null pointer with optional, and an error without', async () => {
    const target = tableFromMarkdown(`
        | v
      1 | a`);
    const q = tableFromMarkdown(`
        | k
      5 | 1
      6 | None`).withColumns({ p: cw.ifElse(cw.this.k.isNone(), null, target.pointerFrom(cw.this.k)) });
    expect(
      await sortedRows(q.select({ k: cw.this.k, v: target.ix(cw.this.p, { optional: true }).c.v })),
    ).toBe(lines('k    | v', '1    | a', 'None | None'));
    await expect(tableToRows(q.select({ v: target.ix(cw.this.p).c.v }))).rejects.toThrow(/pointer is None/);
  });

  it('is a GraphBuildError when used outside a method', async () => {
    const target = tableFromMarkdown(`
        | v
      1 | a`);
    const lookedUp = target.ix(cw.this.p);
    expect(() => lookedUp.select({ v: cw.this.v })).toThrow(cw.GraphBuildError);
    expect(() => lookedUp.select({ v: cw.this.v })).toThrow(/inside a method of the table doing the lookups/);
    await expect(tableToRows(lookedUp)).rejects.toThrow(/was used as a table/);
  });
});

describe('Table.ixRef with cw.this (deferred lookup)', () => {
  it("filters by a grouped statistic of the row's group (Pathway ix_ref tutorial)", async () => {
    const s = salaries();
    const statistics = s
      .groupBy(cw.this.department)
      .reduce({ department: cw.this.department, average: cw.reducers.avg(cw.this.salary) });
    const higher = s.filter(cw.this.salary.ge(statistics.ixRef(cw.this.department).c.average));
    expect(await sortedRows(higher)).toBe(lines('salary | department', '2300   | Sales', '2700   | Finance'));
  });

  it('looks up by several values (Pathway ix_ref tutorial)', async () => {
    const s = tableFromMarkdown(`
      salary | department | position
      1800   | Sales      | junior
      2000   | Finance    | junior
      2300   | Sales      | senior
      2700   | Finance    | senior
      1900   | Finance    | junior`);
    const g = s.groupBy(cw.this.department, cw.this.position).reduce({
      department: cw.this.department,
      position: cw.this.position,
      avg: cw.reducers.avg(cw.this.salary),
    });
    const out = s.select({
      salary: cw.this.salary,
      avg: g.ixRef(cw.this.department, cw.this.position).c.avg,
    });
    expect(await sortedRows(out)).toBe(
      lines(
        'salary | avg',
        '1800   | 1800.0',
        '1900   | 1950.0',
        '2000   | 1950.0',
        '2300   | 2300.0',
        '2700   | 2700.0',
      ),
    );
    const constant = s.select({ salary: cw.this.salary, avg: g.ixRef('Sales', 'junior').c.avg });
    expect(await sortedRows(constant)).toBe(
      lines(
        'salary | avg',
        '1800   | 1800.0',
        '1900   | 1800.0',
        '2000   | 1800.0',
        '2300   | 1800.0',
        '2700   | 1800.0',
      ),
    );
  });

  it('reads a single-row table with no arguments (Pathway ix_ref tutorial)', async () => {
    const s = salaries();
    const global = s.reduce({ average: cw.reducers.avg(cw.this.salary) });
    const count = s
      .filter(cw.this.salary.ge(global.ixRef().c.average))
      .reduce({ count: cw.reducers.count() });
    expect(await sortedRows(count)).toBe(lines('count', '2'));
    const withAvg = s.select({ salary: cw.this.salary, average: global.ixRef().c.average });
    expect(await sortedRows(withAvg)).toBe(
      lines(
        'salary | average',
        '1800   | 2140.0',
        '1900   | 2140.0',
        '2000   | 2140.0',
        '2300   | 2140.0',
        '2700   | 2140.0',
      ),
    );
  });

  it('follows changes of the grouped statistic (streaming)', async () => {
    const s = tableFromMarkdown(`
        | salary | department | __time__ | __diff__
      1 | 1000   | Sales      | 2        | 1
      2 | 3000   | Sales      | 4        | 1`);
    const stats = s
      .groupBy(cw.this.department)
      .reduce({ department: cw.this.department, top: cw.reducers.max(cw.this.salary) });
    const out = s.select({ salary: cw.this.salary, top: stats.ixRef(cw.this.department).c.top });
    expect(await renderUpdateStream(out, { includeId: false })).toBe(
      lines(
        'salary | top  | __time__ | __diff__',
        '1000   | 1000 | 2        | 1',
        '1000   | 1000 | 4        | -1',
        '1000   | 3000 | 4        | 1',
        '3000   | 3000 | 4        | 1',
      ),
    );
  });
});

describe('lookups over window rows (Pathway test_intervals_over_with_reducer_over_ix)', () => {
  it('looks a row up once per window holding it, not once per copy of its id', async () => {
    const values = tableFromMarkdown(`
        | v
      1 | 100
      2 | 200`);
    const t = tableFromMarkdown(`
        | t | p
      1 | 1 | 1
      2 | 2 | 2`).select({ t: cw.this.t, ptr: values.pointerFrom(cw.this.p) });
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.sliding({ hop: 1, duration: 2 }) })
      .reduce(cw.this._windowStart, {
        n: cw.reducers.count(),
        vs: cw.reducers.sortedTuple(values.ix(cw.this.ptr).c.v),
      });
    const rows = await tableToRows<{ _windowStart: number; n: number; vs: number[] }>(r);
    expect(rows.map((x) => [x._windowStart, x.n, x.vs]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [0, 1, [100]],
      [1, 2, [100, 200]],
      [2, 1, [200]],
    ]);
  });
});
