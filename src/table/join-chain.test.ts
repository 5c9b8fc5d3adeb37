// Unit tests of chained joins (`a.join(b, ...).join(c, ...)`), after the chaining example of Pathway's join guide.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { combineKeys, keyFromValue } from '../engine/key.js';
import {
  assertTableEqualityWoIndex,
  captureTables,
  tableFromMarkdown,
  tableToRows,
} from '../testing/index.js';
import { allergies, friends, valueRows as lines } from './join-guide.test-util.js';

afterEach(() => cw.clearGraph());

const allergens = () =>
  tableFromMarkdown<{ dish: string; allergen: string }>(`
       | dish              | allergen
    31 | pancakes_with_jam | milk
    32 | pancakes_with_jam | eggs
    33 | pb_jam_sandwich   | peanuts
    34 | jam_pb_pancakes   | eggs
    35 | scrambled_egg     | eggs
    36 | fruit_salad       | kiwi`);

describe('chained joins', () => {
  it('joins the rows of a join with a third table, naming the columns of every table', async () => {
    const f = friends();
    const a = allergies();
    const m = allergens();
    const unsafe = f
      .join(a, f.c.name.eq(a.c.person))
      .join(m, a.c.allergy.eq(m.c.allergen))
      .select(f.c.name, m.c.dish, { budget: cw.left.budget, allergen: cw.right.allergen });
    expect(await lines(unsafe)).toEqual([
      ['Alice', 'pancakes_with_jam', 13, 'milk'],
      ['Bob', 'jam_pb_pancakes', 10, 'eggs'],
      ['Bob', 'pancakes_with_jam', 10, 'eggs'],
      ['Bob', 'scrambled_egg', 10, 'eggs'],
      ['Carol', 'pancakes_with_jam', 11, 'milk'],
      ['Carol', 'pb_jam_sandwich', 11, 'peanuts'],
    ]);
  });

  it('gives the joined rows the ids of pairs of pairs, and cw.left.id the earlier join row id', async () => {
    const f = friends();
    const a = allergies();
    const m = allergens();
    const first = f.join(a, f.c.name.eq(a.c.person));
    const out = first
      .join(m, cw.left.allergy.eq(cw.right.allergen))
      .filter(cw.this.name.eq('Alice'))
      .select({ id: cw.this.id, earlier: cw.left.id, dish: cw.right.dish });
    const rows = await tableToRows<{ id: string; earlier: string; dish: string }>(out);
    const inner = combineKeys(keyFromValue(1), keyFromValue(21));
    expect(rows).toEqual([
      { id: combineKeys(inner, keyFromValue(31)), earlier: inner, dish: 'pancakes_with_jam' },
    ]);
  });

  it('reads cw.this.x from whichever part has x, and the key for a column joined on x == x', async () => {
    const a = tableFromMarkdown<{ k: number; x: number }>(`
      k | x
      1 | 10
      2 | 20`);
    const b = tableFromMarkdown<{ k: number; y: number }>(`
      k | y
      1 | 100
      2 | 200`);
    const c = tableFromMarkdown<{ y: number; z: string }>(`
      y   | z
      100 | A
      200 | B`);
    const j = a.join(b, a.c.k.eq(b.c.k)).join(c, cw.left.y.eq(cw.right.y));
    expect(await lines(j.select(cw.this.x, cw.this.y, cw.this.z))).toEqual([
      [10, 100, 'A'],
      [20, 200, 'B'],
    ]);
    expect(await lines(j.select(cw.this))).toEqual([
      [1, 10, 100, 'A'],
      [2, 20, 200, 'B'],
    ]);
    // Whole parts picked by name: every column of the earlier join, and the new table's.
    expect(await lines(j.select(cw.left, { z: cw.right.z }))).toEqual([
      [1, 10, 100, 'A'],
      [2, 20, 200, 'B'],
    ]);
    const d = tableFromMarkdown<{ x: number; z: string }>(`
      x  | z
      10 | Q`);
    const onX = a.join(b, a.c.k.eq(b.c.k)).join(d, cw.left.x.eq(cw.right.x));
    expect(await lines(onX.select(cw.this.x, cw.this.z))).toEqual([[10, 'Q']]);
    const clash = a.join(b, a.c.k.eq(b.c.k)).join(c, cw.left.k.eq(cw.right.y));
    expect(() => clash.select({ y: cw.this.y })).toThrow(/ambiguous/);
  });

  it('pads the rows without a match in left, right and outer chained joins', async () => {
    const f = friends();
    const a = allergies();
    const m = allergens();
    const left = f
      .joinLeft(a, f.c.name.eq(a.c.person))
      .joinLeft(m, a.c.allergy.eq(m.c.allergen))
      .filter(cw.this.budget.gt(11))
      .select(f.c.name, m.c.dish);
    expect(await lines(left)).toEqual([
      ['Alice', 'pancakes_with_jam'],
      ['Dan', null],
    ]);
    const right = f
      .join(a, f.c.name.eq(a.c.person))
      .joinRight(m, cw.left.allergy.eq(cw.right.allergen))
      .select(f.c.name, m.c.dish);
    expect((await lines(right)).filter(([name]) => name === null)).toEqual([[null, 'fruit_salad']]);
    const outer = f
      .join(a, f.c.name.eq(a.c.person))
      .joinOuter(m, a.c.allergy.eq(m.c.allergen), { how: 'outer' })
      .select(a.c.allergy, m.c.dish);
    expect(await lines(outer)).toEqual([
      ['eggs', 'jam_pb_pancakes'],
      ['eggs', 'pancakes_with_jam'],
      ['eggs', 'scrambled_egg'],
      ['milk', 'pancakes_with_jam'],
      ['milk', 'pancakes_with_jam'],
      ['peanuts', 'pb_jam_sandwich'],
      [null, 'fruit_salad'],
    ]);
    expect(() => f.join(a, f.c.name.eq(a.c.person)).joinLeft(m, { how: 'right' })).toThrow(/left join/);
    expect(() => f.join(a, f.c.name.eq(a.c.person)).join(f)).toThrow(/join a copy/);
  });

  it('chains any number of joins, with filter, groupBy and reduce over the result', async () => {
    const f = friends();
    const a = allergies();
    const m = allergens();
    const prices = tableFromMarkdown<{ item: string; price: number }>(`
      item              | price
      pancakes_with_jam | 11
      pb_jam_sandwich   | 9
      jam_pb_pancakes   | 12
      scrambled_egg     | 11`);
    const chain = f
      .join(a, f.c.name.eq(a.c.person))
      .join(m, a.c.allergy.eq(m.c.allergen))
      .join(prices, m.c.dish.eq(prices.c.item));
    const affordable = chain.filter(prices.c.price.le(f.c.budget)).select(f.c.name, prices.c.item);
    expect(await lines(affordable)).toEqual([
      ['Alice', 'pancakes_with_jam'],
      ['Carol', 'pancakes_with_jam'],
      ['Carol', 'pb_jam_sandwich'],
    ]);
    const perName = chain.groupBy(f.c.name).reduce({ name: f.c.name, n: cw.reducers.count() });
    expect(await lines(perName)).toEqual([
      ['Alice', 1],
      ['Bob', 3],
      ['Carol', 2],
    ]);
    const total = chain.reduce({ cost: cw.reducers.sum(cw.right.price) });
    expect(await lines(total)).toEqual([[65]]);
  });

  it('keeps the ids of the earlier join with { id: "left" } when each of its rows matches once', async () => {
    const f = friends();
    const a = allergies();
    const budgets = tableFromMarkdown<{ who: string; level: string }>(`
      who   | level
      Alice | high
      Bob   | low
      Carol | mid`);
    const out = f
      .join(a, f.c.name.eq(a.c.person))
      .join(budgets, f.c.name.eq(budgets.c.who), { id: 'left' })
      .select({ id: cw.this.id, earlier: cw.left.id, level: budgets.c.level });
    const rows = await tableToRows<{ id: string; earlier: string; level: string }>(out);
    expect(rows.map((r) => r.level).sort()).toEqual(['high', 'low', 'mid', 'mid']);
    expect(rows.every((r) => r.id === r.earlier)).toBe(true);
  });

  it('joins a table with a join result on its right: cw.right, the tables inside, whole picks in order', async () => {
    const owners = tableFromMarkdown(`
        | name | pet
      1 | Ana  | dog
      2 | Bo   | cat`);
    const pets = tableFromMarkdown(`
        | kind | sound
      3 | dog  | woof
      4 | cat  | meow`);
    const toys = tableFromMarkdown(`
        | for | toy
      5 | dog | ball
      6 | cat | yarn`);
    const petToys = pets.join(toys, pets.c.kind.eq(toys.c.for));
    const res = owners.join(petToys, owners.c.pet.eq(cw.right.kind));
    expect(res.right.toy.name).toBe('toy');
    await assertTableEqualityWoIndex(
      res.select(owners.c.name, { sound: cw.right.sound, toy: toys.c.toy }),
      tableFromMarkdown(`
        name | sound | toy
        Ana  | woof  | ball
        Bo   | meow  | yarn`),
    );
    // cw.this: the left table's columns, then the right join's (first occurrence of a name kept).
    expect(res.select(cw.this).columnNames()).toEqual(['name', 'pet', 'kind', 'sound', 'for', 'toy']);
    expect(res.select(cw.right).columnNames()).toEqual(['kind', 'sound', 'for', 'toy']);
    // The right join's ids kept (one row each here).
    const byRight = owners.join(petToys, owners.c.pet.eq(pets.c.kind), { id: 'right' }).select(owners.c.name);
    const [ids, rightIds] = await captureTables([byRight, petToys.select(pets.c.kind)]);
    expect([...ids!.final.toBatch().keys].sort()).toEqual([...rightIds!.final.toBatch().keys].sort());
  });

  it('chains further after a join with a join result on its right, whole picks in join order', async () => {
    const a = tableFromMarkdown(`
        | x | k
      1 | 1 | 1`);
    const b = tableFromMarkdown(`
        | y | k2
      2 | 2 | 1`);
    const c = tableFromMarkdown(`
        | z
      3 | 3`);
    const d = tableFromMarkdown(`
        | w
      4 | 4`);
    const j = a.join(b.join(c), a.c.k.eq(b.c.k2)).join(d);
    expect(j.select(cw.this).columnNames()).toEqual(['x', 'k', 'y', 'k2', 'z', 'w']);
    await assertTableEqualityWoIndex(
      j.select(a.c.x, b.c.y, c.c.z, d.c.w, { r: cw.left.y }),
      tableFromMarkdown(`
        x | y | z | w | r
        1 | 2 | 3 | 4 | 2`),
    );
  });

  it('refuses a join of two join results with a message saying what to write instead', () => {
    const edges = () =>
      tableFromMarkdown(`
        u | v
        a | b
        b | c`);
    const [e1, e2, e3, e4] = [edges(), edges(), edges(), edges()];
    const left = e1.join(e2, e1.c.v.eq(e2.c.u));
    const right = e3.join(e4, e3.c.v.eq(e4.c.u));
    expect(() => left.join(right as unknown as cw.Table<any>, e2.c.v.eq(e3.c.u))).toThrow(
      /a join result joined with another join result: select the columns of one of them first/,
    );
    expect(() => e1.join(e1.join(e2, e1.c.v.eq(e2.c.u)))).toThrow(/already joined cannot be joined again/);
  });
});
