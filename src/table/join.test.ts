// Unit tests of joins, following the examples of Pathway's join guide (friends, menu, allergies).

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { combineKeys, keyFromValue, keyToString } from '../engine/key.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { allergies, friends, menu, valueRows as lines } from './join-guide.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.join', () => {
  it('cross-joins without conditions and filters the pairs (dishes each friend can afford)', async () => {
    const f = friends();
    const m = menu();
    const all = f.join(m);
    const affordable = all
      .filter(cw.left.budget.ge(cw.right.price))
      .select({ name: cw.left.name, dish: cw.right.dish });
    expect((await lines(all.select({ name: cw.left.name }))).length).toBe(16);
    const rows = await lines(affordable);
    expect(rows.filter(([n]) => n === 'Bob')).toEqual([['Bob', 'pb_jam_sandwich']]);
    expect(rows.filter(([n]) => n === 'Alice')).toHaveLength(4);
    expect(rows).toHaveLength(4 + 1 + 3 + 4);
  });

  it('inner join pairs every match of duplicate keys; ids combine both sides', async () => {
    const f = friends();
    const a = allergies();
    const j = f.join(a, f.c.name.eq(a.c.person)).select({ name: cw.left.name, allergy: cw.right.allergy });
    expect(await lines(j)).toEqual([
      ['Alice', 'milk'],
      ['Bob', 'eggs'],
      ['Carol', 'milk'],
      ['Carol', 'peanuts'],
    ]);
    const rows = await tableToRows<{ name: string; allergy: string }>(j);
    const alice = rows.find((r) => r.name === 'Alice')!;
    expect(alice.id).toBe(combineKeys(keyFromValue(1), keyFromValue(21)));
  });

  it('left, right and outer joins pad missing sides with None', async () => {
    const f = friends();
    const a = tableFromMarkdown<{ person: string; allergy: string }>(`
         | person | allergy
      21 | Alice  | milk
      25 | Eve    | gluten`);
    const sel = { name: cw.left.name, person: cw.right.person, allergy: cw.right.allergy };
    expect(await lines(f.joinLeft(a, f.c.name.eq(a.c.person)).select(sel))).toEqual([
      ['Alice', 'Alice', 'milk'],
      ['Bob', null, null],
      ['Carol', null, null],
      ['Dan', null, null],
    ]);
    expect(await lines(f.joinRight(a, f.c.name.eq(a.c.person)).select(sel))).toEqual([
      ['Alice', 'Alice', 'milk'],
      [null, 'Eve', 'gluten'],
    ]);
    expect(await lines(f.join(a, f.c.name.eq(a.c.person), { how: 'outer' }).select(sel))).toEqual([
      ['Alice', 'Alice', 'milk'],
      ['Bob', null, null],
      ['Carol', null, null],
      ['Dan', null, null],
      [null, 'Eve', 'gluten'],
    ]);
  });

  it('never matches None keys, even with each other', async () => {
    const l = tableFromMarkdown(`
      k    | v
      None | 1
      a    | 2`);
    const r = tableFromMarkdown(`
      k    | w
      None | 10
      a    | 20`);
    const sel = { v: cw.left.v, w: cw.right.w };
    expect(await lines(l.join(r, l.c.k.eq(r.c.k)).select(sel))).toEqual([[2, 20]]);
    expect(await lines(l.joinOuter(r, l.c.k.eq(r.c.k)).select(sel))).toEqual([
      [1, null],
      [2, 20],
      [null, 10],
    ]);
  });

  it('keeps the left ids with { id: "left" } (Pathway: id=left.id); a left join then has the left universe', async () => {
    const f = friends();
    const a = allergies().filter(cw.this.allergy.ne('milk'));
    const j = f.joinLeft(a, f.c.name.eq(a.c.person), { id: 'left' }).select({ allergy: cw.right.allergy });
    const rows = await tableToRows<{ allergy: string | null }>(j);
    expect(rows.map((r) => r.id).sort()).toEqual([1, 2, 3, 4].map((i) => keyFromValue(i)).sort());
    expect(await lines(f.select({ name: f.c.name, allergy: j.c.allergy }))).toEqual([
      ['Alice', null],
      ['Bob', 'eggs'],
      ['Carol', 'peanuts'],
      ['Dan', null],
    ]);
    const inner = f.join(a, f.c.name.eq(a.c.person), { id: 'left' }).select({ allergy: cw.right.allergy });
    expect(await lines(inner.select({ allergy: inner.c.allergy, budget: f.c.budget }))).toEqual([
      ['eggs', 10],
      ['peanuts', 11],
    ]);
  });

  it('keeps the right ids with { id: "right" }', async () => {
    const f = friends();
    const a = allergies().filter(cw.this.allergy.ne('milk'));
    const j = f.join(a, f.c.name.eq(a.c.person), { id: 'right' }).select({ name: cw.left.name });
    const rows = await tableToRows<{ name: string }>(j);
    expect(rows.map((r) => r.id).sort()).toEqual([22, 23].map((i) => keyFromValue(i)).sort());
  });

  it('gives a kept id matching several rows the other side as errors, and logs the duplicate key (Pathway)', async () => {
    // Pathway's test_left_join_preserving_id: left row a=1 matches two right rows, so its row keeps a and its right
    // columns are errors ("duplicate key"); here one of the two matches goes at time 4 and the row comes back whole.
    const t1 = tableFromMarkdown(`
      a | __time__ | __diff__
      1 | 2        | 1
      2 | 2        | 1
      3 | 2        | 1`);
    const t2 = tableFromMarkdown(`
        | b | __time__ | __diff__
      7 | 1 | 2        | 1
      8 | 1 | 2        | 1
      9 | 2 | 2        | 1
      7 | 1 | 4        | -1`);
    const res = t1
      .joinLeft(t2, t1.c.a.eq(t2.c.b), { id: 'left' })
      .select({ a: cw.left.a, b: cw.right.b, rid: cw.right.id })
      .withColumns({ b: cw.fillError(cw.this.b, -1), rid: cw.fillError(cw.this.rid.isNone(), 'error') });
    // The universe promise holds: zipping the result into the left table keeps its three rows.
    const zipped = t1.withColumns({ b: res.c.b });
    const [r, z, log] = await captureTables([res, zipped, cw.globalErrorLog()], { terminateOnError: false });
    expect(z!.final.size).toBe(3);
    const messages = log!.updates.map((u) => String(u.row[1]));
    expect(messages).toEqual([
      expect.stringMatching(
        /^duplicate key: \^[0-9A-Z]{26} \(a join keeping the left ids: a left row matched more than one right row; the right columns of its row hold errors until one is left\)$/,
      ),
    ]);
    const stream = r!.updates.map((u) => [u.time, u.row[0], u.row[1], u.row[2], u.diff]);
    expect(stream.filter((u) => u[0] === 2).sort()).toEqual([
      [2, 1, -1, 'error', 1],
      [2, 2, 2, false, 1],
      [2, 3, null, true, 1],
    ]);
    expect(stream.filter((u) => u[0] === 4).sort()).toEqual([
      [4, 1, -1, 'error', -1],
      [4, 1, 1, false, 1],
    ]);
    expect(r!.final.size).toBe(3);
  });

  it('keeps the kept side whole and the other side as errors in inner joins by either id, fused or not', async () => {
    const people = tableFromMarkdown(`
        | name
      1 | Ann
      2 | Bob`);
    const pets = tableFromMarkdown(`
         | owner | pet
      11 | Ann   | cat
      12 | Ann   | dog
      13 | Bob   | fish`);
    const byLeft = people
      .join(pets, people.c.name.eq(pets.c.owner), { id: 'left' })
      .select({ name: cw.left.name, pet: cw.fillError(cw.right.pet, '?') });
    const byRight = pets
      .join(people, pets.c.owner.eq(people.c.name), { id: cw.right.id })
      .select({ name: cw.right.name, pet: cw.fillError(cw.left.pet, '?') });
    // A select the join cannot build itself (a lambda): the joined rows go through the guard as they are.
    const lambda = people
      .join(pets, people.c.name.eq(pets.c.owner), { id: people.id })
      .select({ name: cw.left.name, pet: cw.right.pet })
      .select({
        line: cw.apply(
          (n: string, p: unknown) => `${n}:${p instanceof Error ? 'error' : String(p)}`,
          cw.this.name,
          cw.this.pet,
        ),
      })
      .removeErrors();
    const [l, rt, lam] = await captureTables([byLeft, byRight, lambda], { terminateOnError: false });
    const finalOf = (c: typeof l) =>
      [...c!.final.entries.entries()].map(([k, g]) => [keyToString(k), g.rows[0]]).sort();
    const ids = (n: number) => keyToString(keyFromValue(n));
    expect(finalOf(l)).toEqual(
      [
        [ids(1), ['Ann', '?']],
        [ids(2), ['Bob', 'fish']],
      ].sort(),
    );
    expect(finalOf(rt)).toEqual(
      [
        [ids(1), ['Ann', '?']],
        [ids(2), ['Bob', 'fish']],
      ].sort(),
    );
    // Ann's row holds an error in pet: the UDF is not called with it (propagated), and removeErrors drops the row.
    expect(finalOf(lam)).toEqual([[ids(2), ['Bob:fish']]]);
  });

  it('selects with cw.this when a column name is on one side only, and by typed references', async () => {
    const f = friends();
    const a = allergies();
    const j = f
      .join(a, cw.left.name.eq(cw.right.person))
      .select({ who: cw.this.name, what: a.c.allergy, budget: f.c.budget });
    expect(await lines(j)).toContainEqual(['Bob', 'eggs', 10]);
  });

  it('groups joined rows with JoinResult.groupBy and reduces them', async () => {
    const f = friends();
    const a = allergies();
    const jr = f.join(a, f.c.name.eq(a.c.person));
    const perPerson = jr.groupBy(cw.left.name).reduce({
      name: cw.left.name,
      n: cw.reducers.count(),
      budget: cw.reducers.max(cw.left.budget),
    });
    expect(await lines(perPerson)).toEqual([
      ['Alice', 1, 13],
      ['Bob', 1, 10],
      ['Carol', 2, 11],
    ]);
    const total = jr.reduce({ n: cw.reducers.count(), spent: cw.reducers.sum(cw.left.budget) });
    expect(await lines(total)).toEqual([[4, 13 + 10 + 11 + 11]]);
  });

  it("groups joined rows with groupBy's options: id, sortBy, and a refused unknown option", async () => {
    const f = friends();
    const a = allergies();
    const jr = f.join(a, f.c.name.eq(a.c.person));
    const byFriend = jr
      .groupBy(cw.left.id, { id: cw.left.id, sortBy: cw.right.allergy.str.len().neg() })
      .reduce({ n: cw.reducers.count(), all: cw.reducers.tuple(cw.right.allergy) });
    // The groups' ids are the friends' ids; tuple() follows sortBy (longest name first: not the row-id order).
    const named = f.join(byFriend, f.id.eq(byFriend.id)).select({
      name: cw.left.name,
      n: cw.right.n,
      all: cw.right.all,
    });
    expect(await lines(named)).toEqual([
      ['Alice', 1, ['milk']],
      ['Bob', 1, ['eggs']],
      ['Carol', 2, ['peanuts', 'milk']],
    ]);
    expect(() => jr.groupBy(cw.left.name, { sortby: cw.right.allergy } as cw.GroupByOptions)).toThrow(
      /does not support the option\(s\) sortby/,
    );
  });

  it('updates a left join when the matching right row arrives and leaves', async () => {
    const l = tableFromMarkdown(`
        | k | v
      1 | a | 1`);
    const r = tableFromMarkdown(`
         | k | w | __time__ | __diff__
      10 | a | 5 | 2        | 1
      10 | a | 5 | 4        | -1`);
    const j = l.joinLeft(r, l.c.k.eq(r.c.k)).select({ v: cw.left.v, w: cw.right.w });
    const [c] = await captureTables([j]);
    const changes = c!.updates
      .map((u) => [u.row, u.time, u.diff])
      .sort((x, y) => (x[1] as number) - (y[1] as number) || (x[2] as number) - (y[2] as number));
    expect(changes).toEqual([
      [[1, null], 0, 1],
      [[1, null], 2, -1],
      [[1, 5], 2, 1],
      [[1, 5], 4, -1],
      [[1, null], 4, 1],
    ]);
  });
});

describe('Table.join storing only the columns a select reads', () => {
  it('gives the same results, and no change when an update touches only columns the select does not read', async () => {
    const l = tableFromMarkdown(`
        | k | v | note | __time__ | __diff__
      1 | a | 1 | x    | 2        | 1
      2 | b | 2 | y    | 2        | 1
      1 | a | 1 | x    | 4        | -1
      1 | a | 1 | z    | 4        | 1
      2 | b | 2 | y    | 6        | -1
      2 | b | 3 | y    | 6        | 1`);
    const r = tableFromMarkdown(`
         | k | w | __time__ | __diff__
      10 | a | 5 | 2        | 1
      11 | b | 6 | 2        | 1`);
    const j = l.join(r, l.c.k.eq(r.c.k)).select({ v: cw.left.v, w: cw.right.w });
    const [c] = await captureTables([j]);
    const changes = c!.updates
      .map((u) => [u.row, u.time, u.diff])
      .sort((x, y) => (x[1] as number) - (y[1] as number) || (x[2] as number) - (y[2] as number));
    // Time 4 changed only `note`, which the select does not read: nothing. Time 6 changed `v`.
    expect(changes).toEqual([
      [[1, 5], 2, 1],
      [[2, 6], 2, 1],
      [[2, 6], 6, -1],
      [[3, 6], 6, 1],
    ]);
  });
});

describe('join errors', () => {
  it('refuses join keys of incompatible types, accepting INT with FLOAT (Pathway test_joins_typing_on)', () => {
    const l = tableFromMarkdown<{ a: number; f: number }>(`
      a | f
      1 | 1.5`);
    const r = tableFromMarkdown<{ s: string; i: number }>(`
      s | i
      x | 1`);
    expect(() => l.join(r, l.c.a.eq(r.c.s as any))).toThrow(
      /incompatible types in a join condition: INT and STR/,
    );
    expect(() => l.join(r, l.c.f.eq(r.c.i))).not.toThrow();
  });
  it("refuses to keep a padded side's ids (Pathway test_left_join_set_id_01, test_outer_join_set_id_01)", () => {
    const l = friends();
    const r = allergies();
    const on = l.c.name.eq(r.c.person);
    expect(() => l.joinLeft(r, on, { id: r.id })).toThrow(/left join cannot keep the right side's ids/);
    expect(() => l.joinRight(r, on, { id: 'left' })).toThrow(/right join cannot keep the left side's ids/);
    expect(() => l.joinOuter(r, on, { id: 'left' })).toThrow(/outer join cannot keep/);
    expect(() => l.joinLeft(r, on, { id: 'left' })).not.toThrow();
  });
  it('rejects an ambiguous cw.this column when select is called, naming both ways to fix it', () => {
    const l = tableFromMarkdown(`
      k | v
      a | 1`);
    const r = tableFromMarkdown(`
      k | v
      a | 2`);
    const joined = l.join(r, l.c.k.eq(r.c.k));
    expect(() => joined.select({ v: cw.this.v })).toThrow(cw.GraphBuildError);
    expect(() => joined.select({ v: cw.this.v })).toThrow(
      /column "v" is ambiguous.*cw\.left\.v or cw\.right\.v/,
    );
  });

  it('rejects a wrong column name in a join select when select is called', () => {
    const f = friends();
    const a = allergies();
    const joined = f.join(a, f.c.name.eq(a.c.person));
    expect(() => joined.select({ x: cw.left.wrong })).toThrow(
      /no column "wrong"; available columns: name, budget/,
    );
  });

  it('rejects a condition that is not an equality, or one comparing a side with itself', () => {
    const f = friends();
    const m = menu();
    expect(() => f.join(m, f.c.budget.ge(m.c.price))).toThrow(/join conditions must be equalities/);
    expect(() => f.join(m, f.c.budget.eq(f.c.budget))).toThrow(
      /compare a left-side expression with a right-side expression/,
    );
    expect(() => f.join(m, f.c.budget.ge(m.c.price))).toThrow(cw.GraphBuildError);
  });

  it('rejects joining a table with itself directly', () => {
    const f = friends();
    expect(() => f.join(f, f.c.name.eq(f.c.name))).toThrow(/cannot be joined with itself/);
  });
});

describe('JoinResult.select picks', () => {
  it('keeps the names of picked columns from both sides', async () => {
    const l = tableFromMarkdown(`
      k | a
      1 | x`);
    const r = tableFromMarkdown(`
      k | b
      1 | y`);
    const j = l.join(r, l.c.k.eq(r.c.k)).select(cw.left.a, cw.right.b);
    expect(j.columnNames()).toEqual(['a', 'b']);
    expect((await tableToRows<{ a: string; b: string }>(j)).map((x) => [x.a, x.b])).toEqual([['x', 'y']]);
  });
});

describe('cw.this.id in a join (Pathway test_outer_join_id)', () => {
  it("is the joined row's own id in select, filter and outer joins, not the left row's", async () => {
    const l = tableFromMarkdown<{ a: number }>(`
        | a
      1 | 1
      2 | 5`);
    const r = tableFromMarkdown<{ b: number }>(`
        | b
      3 | 1
      4 | 7`);
    for (const j of [l.join(r, l.c.a.eq(r.c.b)), l.joinOuter(r, l.c.a.eq(r.c.b))]) {
      const rows = await tableToRows<{ id: string; thisId: string; leftId: string | null }>(
        j.filter(cw.this.id.isNotNone()).select({ thisId: cw.this.id, leftId: cw.left.id }),
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.thisId).toBe(row.id);
      expect(rows.some((row) => row.thisId !== row.leftId)).toBe(true);
    }
  });
});

describe('dtypes of a padded side (Pathway test_left_join_01, test_outer_join_01)', () => {
  const sides = () => {
    const l = tableFromMarkdown<{ a: number }>(`
        | a
      1 | 1`);
    const r = tableFromMarkdown<{ b: number }>(`
        | b
      2 | 1`);
    return { l, r };
  };
  const dtypes = (t: cw.Table<any>) => t.columns.map((c) => `${c.name}: ${c.dtype.toString()}`);
  it('makes the other side optional in left and right joins, both in outer joins, neither in inner joins', () => {
    const { l, r } = sides();
    const pick = { a: cw.left.a, b: cw.right.b, c: cw.this.b };
    expect(dtypes(l.join(r, l.c.a.eq(r.c.b)).select(pick))).toEqual(['a: INT', 'b: INT', 'c: INT']);
    expect(dtypes(l.joinLeft(r, l.c.a.eq(r.c.b)).select(pick))).toEqual([
      'a: INT',
      'b: Optional(INT)',
      'c: Optional(INT)',
    ]);
    expect(dtypes(l.joinRight(r, l.c.a.eq(r.c.b)).select(pick))).toEqual([
      'a: Optional(INT)',
      'b: INT',
      'c: INT',
    ]);
    expect(dtypes(l.joinOuter(r, l.c.a.eq(r.c.b)).select(pick))).toEqual([
      'a: Optional(INT)',
      'b: Optional(INT)',
      'c: Optional(INT)',
    ]);
  });
});
