// Ports of Pathway's test_common.py iterate tests (fixpoints, column order, limits, universes), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, assertTableEqualityWoIndex, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_common.py parity: iterate', () => {
  it('test_column_fixpoint: a deterministic Collatz UDF iterated until every value is 1.0', async () => {
    const collatzStep = cw.udf((x: number) => (x === 1 ? 1 : x % 2 === 0 ? x / 2 : 3 * x + 1), {
      deterministic: true,
      returnType: cw.FLOAT,
    });
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const iterated = T(['  | val', ...ids.map((i) => `${i} | ${i}.0`)].join('\n'));
    const ret = cw.iterate(({ iterated }) => iterated.select({ val: collatzStep(iterated.c.val) }), {
      iterated,
    });
    await assertTableEquality(ret, T(['  | val', ...ids.map((i) => `${i} | 1.0`)].join('\n')));
  });

  it('test_rows_fixpoint: removing the row with the least id until none is left', async () => {
    // Pathway wraps the iterated table in pw.iterate_universe (its rows may change); Causeway has no such wrapper and
    // lets a body filter its iterated table.
    const ret = cw.iterate(
      ({ iterated }) => {
        const minIdTable = iterated.reduce({ min_id: cw.reducers.min(iterated.id) });
        return iterated.filter(iterated.id.ne(minIdTable.ixRef().c.min_id));
      },
      {
        iterated: T(`
            | foo
          1 | 1
          2 | 2
          3 | 3
          4 | 4
          5 | 5`),
      },
    );
    await assertTableEqualityWoIndex(ret, T('  | foo').updateTypes({ foo: cw.INT }));
  });

  it.todo(
    'test_rows_fixpoint_needs_iterate_universe: a body filtering its iterated table is not refused (Causeway has no iterate_universe)',
  );

  it('test_iteration_column_order: a body returning the columns in another order', async () => {
    const ret = cw.iterate(
      ({ iterated }) => iterated.select({ bar: iterated.c.bar, foo: iterated.c.foo.sub(iterated.c.foo) }),
      {
        iterated: T<{ foo: number; bar: null }>(`
            | foo | bar
          1 | 1   | None
          2 | 2   | None
          3 | 3   | None`),
      },
    );
    await assertTableEqualityWoIndex(
      ret,
      T(`
          | foo | bar
        1 | 0   | None
        2 | 0   | None
        3 | 0   | None`),
    );
  });

  const step = ({ iterated }: { iterated: cw.Table<{ foo: number }> }) =>
    iterated.select({ foo: iterated.c.foo.add(1) });
  const zero = () =>
    T<{ foo: number }>(`
        | foo
      1 | 0`);

  for (const limit of [-1, 0]) {
    it(`test_iterate_with_wrong_limit: limit ${limit} is refused`, () => {
      expect(() => cw.iterate(step, { limit }, { iterated: zero() })).toThrow(/limit/);
    });
  }

  for (const limit of [1, 2, 10]) {
    it(`test_iterate_with_limit: stops after ${limit} iteration(s)`, async () => {
      const ret = cw.iterate(step, { limit }, { iterated: zero() });
      await assertTableEquality(
        ret,
        T(`
            | foo
          1 | ${limit}`),
      );
    });
  }

  it('test_iterate_with_same_universe_outside: the result has the ids of the input, so its columns combine', async () => {
    const t0 = T<{ a: number; c: number; b: number }>(`
      a | c | b
      1 | 0 | 4
      2 | 3 | 5
      3 | 4 | 7
      4 | 2 | 10`);
    const u = t0.select({ x: cw.this.c.mul(3) });
    const t = cw.iterate(
      ({ t }) => t.select(cw.this.b, { a: cw.this.a.mul(2), c: cw.this.c.mul(2) }),
      { limit: 2 },
      { t: t0 },
    );
    await assertTableEquality(
      t.select(cw.this.a, u.c.x),
      T(`
        a  | x
        4  | 0
        8  | 9
        12 | 12
        16 | 6`),
    );
  });

  it('test_iterate_with_diverging_columns: columns equal at first iterate apart', async () => {
    const t0 = T<{ a: number }>('a\n1').select({ a: cw.this.a, b: cw.this.a });
    const t = cw.iterate(({ t }) => t.select(cw.this.a, { b: cw.this.b.mul(2) }), { limit: 2 }, { t: t0 });
    await assertTableEquality(
      t,
      T(`
        a | b
        1 | 4`),
    );
  });
});
