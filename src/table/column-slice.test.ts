import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertStreamEquality,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

const pets = () =>
  T<{ owner: string; age: number; pet: string }>(`
      | owner | age | pet
    1 | Alice | 10  | dog
    2 | Bob   | 9   | cat`);
const owners = () =>
  T<{ name: string; city: string }>(
    `
    name  | city
    Alice | Oslo
    Bob   | Rome`,
    { idFrom: ['name'] },
  );

describe('column slices', () => {
  it('select a table slice: dropped, renamed (moved last), prefixed and picked columns', async () => {
    const t = pets();
    expect(t.select(t.slice.without('age')).columnNames()).toEqual(['owner', 'pet']);
    expect(t.select(t.slice.rename({ owner: 'who' })).columnNames()).toEqual(['age', 'pet', 'who']);
    expect(t.select(t.slice.withPrefix('p_').withSuffix('_x')).columnNames()).toEqual([
      'p_owner_x',
      'p_age_x',
      'p_pet_x',
    ]);
    const picked = t.select(t.slice.pick('pet', 'owner'));
    expect(picked.columnNames()).toEqual(['pet', 'owner']);
    await assertTableEquality(picked, t.select({ pet: t.c.pet, owner: t.c.owner }));
  });

  it('mixes a slice of cw.this with picks and new columns, keeping ids', async () => {
    const t = pets();
    const res = t.select(cw.this.without('pet'), { older: cw.this.age.add(1) });
    await assertTableEquality(
      res,
      T(`
          | owner | age | older
        1 | Alice | 10  | 11
        2 | Bob   | 9   | 10`),
    );
  });

  it('reads a renamed column through the slice as the column it came from', async () => {
    const t = pets();
    const s = t.slice.rename({ age: 'years' });
    await assertTableEquality(t.select({ y: s.c.years }), t.select({ y: t.c.age }));
    expect(s.col('years').name).toBe('age');
    expect(cw.slice(t.c).withPrefix('p_').col('p_pet').name).toBe('pet');
  });

  it('selects slices of both sides of a join, and of cw.this with the join key once', async () => {
    const p = pets();
    const o = owners();
    const j = p.join(o, cw.left.owner.eq(cw.right.name));
    await assertTableEqualityWoIndex(
      j.select(cw.left.without('age').withSuffix('_l'), o.slice.pick('city')),
      T(`
        owner_l | pet_l | city
        Alice   | dog   | Oslo
        Bob     | cat   | Rome`),
    );
    const same = p.join(p.rename({ pet: 'pet2', age: 'age2' }), cw.left.owner.eq(cw.right.owner));
    expect(same.select(cw.this.without('age2')).columnNames()).toEqual(['owner', 'age', 'pet', 'pet2']);
  });

  it('slices the tables of a chained join', async () => {
    const p = pets();
    const o = owners();
    const c = T<{ city: string; country: string }>(`
      city | country
      Oslo | NO
      Rome | IT`);
    const chain = p.join(o, p.c.owner.eq(o.c.name)).join(c, o.c.city.eq(c.c.city));
    await assertTableEqualityWoIndex(
      chain.select(p.slice.pick('owner'), c.slice.without('city').withPrefix('c_')),
      T(`
        owner | c_country
        Alice | NO
        Bob   | IT`),
    );
  });

  it('slices cw.left and cw.right where they stand for join results', async () => {
    const a = T('x | k\n1 | 1\n2 | 2');
    const b = T('k | y\n1 | 10\n2 | 20');
    const c = T('y | z\n10 | 100\n20 | 200');
    const chained = a.join(b, a.c.k.eq(b.c.k)).join(c, cw.left.y.eq(cw.right.y));
    await assertTableEqualityWoIndex(
      chained.select(cw.left.without('k').withPrefix('l_'), cw.slice(cw.right).pick('z')),
      T('l_x | l_y | z\n1 | 10 | 100\n2 | 20 | 200'),
    );
    const onRight = a.join(b.join(c, b.c.y.eq(c.c.y)), cw.left.k.eq(cw.right.k));
    await assertTableEqualityWoIndex(onRight.select(cw.right.without('k')), T('y | z\n10 | 100\n20 | 200'));
  });

  it('follows updates like any select', async () => {
    const t = T(`
      a | b | __time__ | __diff__
      1 | 2 | 2        | 1
      1 | 2 | 4        | -1
      3 | 4 | 4        | 1`);
    await assertStreamEquality(t.select(t.slice.rename({ a: 'x' })), t.select({ b: t.c.b, x: t.c.a }));
  });

  it('refuses unknown names at once on a table slice, and where a placeholder slice is used', () => {
    const t = pets();
    expect(() => t.slice.without('color' as never)).toThrow(
      /slice: no column "color" in Table .*it has owner, age, pet/,
    );
    expect(() => t.slice.withPrefix('p_').col('pet' as never)).toThrow(/names have the prefix "p_"/);
    expect(() => t.slice.pick('pet').col('age' as never)).toThrow(/pick\(\) kept pet/);
    expect(() => t.slice.rename({ age: 'pet' })).toThrow(/two columns named "pet"/);
    const slice = cw.left.without('color');
    const j = t.join(owners(), cw.left.owner.eq(cw.right.name));
    expect(() => j.select(slice)).toThrow(/no column "color" in cw.left \(it has owner, age, pet\)/);
  });

  it('selects a slice of another table whose columns the select may read: one of its universe, an ix into it', async () => {
    const t = pets();
    const same = t.select({ double: cw.this.age.mul(2) });
    await assertTableEquality(
      same.select(t.slice.pick('owner'), { double: cw.this.double }),
      t.select({ owner: t.c.owner, double: t.c.age.mul(2) }),
    );
    const o = owners();
    const withPtr = t.select({ ptr: o.pointerFrom(cw.this.owner) });
    // Pathway's `t.select(*owners.slice.ix(t.ptr))`.
    await assertTableEquality(
      withPtr.select(o.ix(withPtr.c.ptr).slice.withPrefix('o_')),
      T(`
          | o_name | o_city
        1 | Alice  | Oslo
        2 | Bob    | Rome`),
    );
  });

  it("reads a slice's columns through ix / ixRef (Pathway's slice.ix)", async () => {
    const t = pets();
    const o = owners();
    const withPtr = t.select({ ptr: o.pointerFrom(cw.this.owner) });
    await assertTableEquality(
      withPtr.select(o.slice.withPrefix('o_').ix(withPtr.c.ptr)),
      withPtr.select(o.ix(withPtr.c.ptr).slice.withPrefix('o_')),
    );
    await assertTableEquality(
      t.select(o.slice.pick('city').ixRef(t.c.owner)),
      t.select({ city: o.ixRef(t.c.owner).c.city }),
    );
    expect(() => cw.left.without('x').ix(t.c.owner as never)).toThrow(/ix\(\) takes a slice of a table/);
  });

  it("refuses a slice of another table, and another table's column in a table slice", () => {
    const t = pets();
    const o = owners();
    expect(() => t.select(o.slice)).toThrow(/a column of another table is used .* universe is not known/);
    expect(() => t.select(cw.left.without('x'))).toThrow(
      /a slice of cw.left can only be selected in a join's select/,
    );
    expect(() => t.slice.without(o.c.city as never)).toThrow(
      /a column of Table .* was given to a slice of Table/,
    );
    expect(() => cw.left.without(cw.right.x)).toThrow(/a column of cw.right was given to a slice of cw.left/);
    expect(() => cw.slice(42 as never)).toThrow(
      /cw.slice\(\) takes a table, t.c, cw.this, cw.left or cw.right/,
    );
    const j = t.join(o, cw.left.owner.eq(cw.right.name));
    const other = T('z\n1');
    expect(() => j.select(other.slice)).toThrow(/slice the sides with cw.left, cw.right, cw.this or t.slice/);
  });
});
