// Ports of Pathway's test_column_properties.py (which columns and ids of a table only grow, `append_only`), named after
// them. Pathway's `table_from_datasource(TestDataSource(schema=S))` is `cw.inputTable(S).table` here; a column's
// property is read from `t.schema.column(name).appendOnly`, the ids' from `t.schema.universeProperties.appendOnly`.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const BOTH = [true, false] as const;

/** True when column `name` of `t` only grows. */
const col = (t: cw.Table<any>, name: string): boolean => t.schema.column(name).appendOnly === true;
/** True when the ids of `t` only grow. */
const ids = (t: cw.Table<any>): boolean => t.schema.universeProperties.appendOnly;
/** A source table over `schema` (its properties are the schema's). */
const source = <R extends cw.Row>(schema: cw.Schema<R>): cw.Table<R> => cw.inputTable(schema).table;
/** A schema of int columns `names`, each append-only as `flags` says (undefined: unset). */
const ints = (names: string[], flags: (boolean | undefined)[], options: cw.SchemaOptions = {}) =>
  cw.schema(
    Object.fromEntries(names.map((n, i) => [n, cw.column(cw.INT, { appendOnly: flags[i] })])),
    options,
  );

describe('dependencies (test_column_properties.py)', () => {
  const inputs = () => {
    const input1 = tableFromMarkdown(`
        | a
      1 | 42
    `);
    const input2 = tableFromMarkdown(`
        | b
      1 | 42
    `);
    const input3 = tableFromMarkdown(`
        | c  | __time__ | __diff__
      1 | 42 |    2     |     1
      1 | 42 |    4     |    -1
      1 | 43 |    4     |     1
    `).withUniverseOf(input1);
    return { input1, input2, input3 };
  };

  it('test_preserve_dependency_properties', () => {
    const { input1, input2, input3 } = inputs();
    const result = input1.select({
      a: input1.c.a,
      b: input1.c.a.add(input2.c.b),
      c: input1.c.a.add(input3.c.c),
    });
    expect([col(result, 'a'), col(result, 'b'), col(result, 'c')]).toEqual([true, true, false]);
  });

  it('test_preserve_dependency_properties_update_types', () => {
    const { input1, input2, input3 } = inputs();
    const result = input1
      .select({ a: input1.c.a, b: input1.c.a.add(input2.c.b), c: input1.c.a.add(input3.c.c) })
      .updateTypes({ a: cw.INT, b: cw.INT, c: cw.INT });
    expect([col(result, 'a'), col(result, 'b'), col(result, 'c')]).toEqual([true, true, false]);
  });

  it('test_preserve_context_dependency_properties: a filter reads its condition', () => {
    const { input1, input2, input3 } = inputs();
    expect(col(input1.filter(cw.this.a.eq(input2.c.b)), 'a')).toBe(true);
    expect(col(input1.filter(cw.this.a.eq(input3.c.c)), 'a')).toBe(false);
  });

  it('a plain lambda reads every column', () => {
    const t = source(ints(['a', 'b'], [true, false]));
    const result = t.select({ x: (r: cw.Row) => (r.a as number) + 1, y: cw.this.a });
    expect([col(result, 'x'), col(result, 'y')]).toEqual([false, true]);
  });
});

describe('sources (test_column_properties.py)', () => {
  for (const appendOnly of BOTH) {
    it(`test_const_column_properties (appendOnly ${appendOnly})`, () => {
      const table = source(cw.schema({ a: cw.column(cw.INT, { primaryKey: true }) }, { appendOnly }));
      expect(col(table, 'a')).toBe(appendOnly);
      expect(col(table.select({ ret: 42 }), 'ret')).toBe(appendOnly);
    });

    it(`test_universe_properties (appendOnly ${appendOnly})`, () => {
      const table = source(cw.schema({ a: cw.column(cw.INT, { primaryKey: true }) }, { appendOnly }));
      expect(ids(table)).toBe(appendOnly);
      expect(ids(table.select({}))).toBe(appendOnly);
    });
  }

  it('test_universe_properties_with_universe_of', () => {
    const table = cw.Table.empty(
      cw.schema({ a: cw.column(cw.INT, { primaryKey: true }) }, { appendOnly: true }),
    );
    const reduced = table.groupBy(cw.this.a).reduce({ a: cw.this.a });
    expect(ids(table)).toBe(true);
    expect(ids(reduced)).toBe(false);
    expect(ids(table.groupBy(cw.this.a).reduce({ a: cw.this.a }).withUniverseOf(table))).toBe(true);
  });

  it('test_table_from_markdown_append_only', () => {
    const input1 = tableFromMarkdown(`
        | a
      1 | 42
      2 | 13
    `);
    const input2 = tableFromMarkdown(`
        | a  | __diff__
      1 | 42 |     1
      2 | 13 |     1
    `);
    const input3 = tableFromMarkdown(`
        | a  | __diff__
      1 | 42 |     1
      1 | 42 |    -1
    `);
    expect([ids(input1), ids(input2), ids(input3)]).toEqual([true, true, false]);
    expect([input1.isAppendOnly, input3.isAppendOnly]).toEqual([true, false]);
  });

  it('test_append_only_no_columns', () => {
    expect(ids(source(cw.schema({}, { appendOnly: true })))).toBe(true);
    expect(ids(source(cw.schema({})))).toBe(false);
  });

  it('the error logs only grow', () => {
    expect(cw.globalErrorLog().isAppendOnly).toBe(true);
  });
});

describe('rowwise methods (test_column_properties.py)', () => {
  for (const a1 of BOTH) {
    it(`test_reindex (appendOnly ${a1})`, () => {
      const result = source(ints(['a'], [undefined], { appendOnly: a1 })).withIdFrom(cw.this.a);
      expect([ids(result), col(result, 'a')]).toEqual([a1, a1]);
    });

    it(`test_flatten (appendOnly ${a1})`, () => {
      const table = source(cw.schema({ a: cw.list(cw.INT) }, { appendOnly: a1 }));
      const result = table.flatten(cw.this.a);
      expect([ids(result), col(result, 'a')]).toEqual([a1, a1]);
    });

    it(`test_sorting (appendOnly ${a1})`, () => {
      const table = source(ints(['a'], [undefined], { appendOnly: a1 }));
      const sorted = table.sort(cw.this.a);
      const result = table.withColumns({ prev: sorted.c.prev, next: sorted.c.next });
      expect([ids(result), col(result, 'a'), col(result, 'prev'), col(result, 'next')]).toEqual([
        a1,
        a1,
        false,
        false,
      ]);
    });

    it(`test_remove_errors (appendOnly ${a1})`, () => {
      const result = source(ints(['a'], [undefined], { appendOnly: a1 })).removeErrors();
      expect([ids(result), col(result, 'a')]).toEqual([a1, a1]);
    });

    it(`test_remove_retractions (appendOnly ${a1})`, () => {
      const result = source(ints(['a'], [undefined], { appendOnly: a1 })).removeRetractions();
      expect([ids(result), col(result, 'a'), result.isAppendOnly]).toEqual([true, true, true]);
    });

    for (const a2 of BOTH) {
      const label = `(${a1}, ${a2})`;
      it(`test_reindex_2 ${label}`, () => {
        const result = source(ints(['a', 'b'], [a1, a2])).withIdFrom(cw.this.a);
        expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([a1, a1, a1 && a2]);
      });

      it(`test_flatten_2 ${label}`, () => {
        const table = source(
          cw.schema({
            a: cw.column(cw.list(cw.INT), { appendOnly: a1 }),
            b: cw.column(cw.INT, { appendOnly: a2 }),
          }),
        );
        const result = table.flatten(cw.this.a);
        expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([a1, a1, a1 && a2]);
      });

      it(`test_remove_errors_2 ${label}`, () => {
        const result = source(ints(['a', 'b'], [a1, a2])).removeErrors();
        expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([a1 || a2, a1, a2]);
      });

      it(`test_remove_retractions_2 ${label}`, () => {
        const result = source(ints(['a', 'b'], [a1, a2])).removeRetractions();
        expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([true, true, true]);
      });

      it(`test_to_stream ${label}`, () => {
        const result = source(ints(['a', 'b'], [a1, a2])).toStream();
        expect([ids(result), col(result, 'a'), col(result, 'b'), col(result, 'is_upsert')]).toEqual([
          true,
          true,
          true,
          true,
        ]);
      });

      for (const allowMisses of BOTH) {
        it(`test_ix ${label} allowMisses ${allowMisses}`, () => {
          const table1 = source(cw.schema({ a: cw.POINTER }, { appendOnly: a1 }));
          const table2 = source(cw.schema({ b: cw.INT }, { appendOnly: a2 }));
          const result = table1.select({ b: table2.ix(cw.this.a, { allowMisses }).c.b });
          expect([ids(result), col(result, 'b')]).toEqual([a1, a1 && a2 && !allowMisses]);
        });
      }
    }
  }

  it('test_stream_to_table and test_from_streams: not append-only', () => {
    const s = cw.schema({
      a: cw.column(cw.BOOL, { appendOnly: true }),
      b: cw.column(cw.INT, { appendOnly: true }),
    });
    const table = source(s);
    const result = table.streamToTable(cw.this.a);
    expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([false, false, false]);
    const merged = cw.Table.fromStreams(source(s), source(s));
    expect([ids(merged), col(merged, 'a'), col(merged, 'b')]).toEqual([false, false, false]);
  });
});

describe('methods over two tables (test_column_properties.py)', () => {
  for (const a1 of BOTH) {
    for (const a2 of BOTH) {
      const label = `(${a1}, ${a2})`;
      const pair = (n1 = 'a', n2 = 'b') => [
        source(ints([n1], [undefined], { appendOnly: a1 })),
        source(ints([n2], [undefined], { appendOnly: a2 })),
      ];

      it(`test_intersect ${label}`, () => {
        const [t1, t2] = pair();
        const result = t1!.intersect(t2!);
        expect([ids(result), col(result, 'a')]).toEqual([a1 && a2, a1 && a2]);
      });

      it(`test_restrict ${label}`, () => {
        const [t1, t2] = pair();
        cw.promiseUniverseIsSubsetOf(t2!, t1!);
        const result = t1!.restrict(t2!);
        expect([ids(result), col(result, 'a')]).toEqual([a1 && a2, a1 && a2]);
      });

      it(`test_difference ${label}`, () => {
        const [t1, t2] = pair();
        const result = t1!.difference(t2!);
        expect([ids(result), col(result, 'a')]).toEqual([false, false]);
      });

      it(`test_update_rows ${label}`, () => {
        const [t1, t2] = pair('a', 'a');
        const result = t1!.updateRows(t2!);
        expect([ids(result), col(result, 'a')]).toEqual([a1 && a2, false]);
      });

      it(`test_update_cells ${label}`, () => {
        const [t1, t2] = pair('a', 'a');
        cw.promiseUniverseIsSubsetOf(t2!, t1!);
        const result = t1!.updateCells(t2!);
        expect([ids(result), col(result, 'a')]).toEqual([a1, false]);
      });

      for (const reindex of BOTH) {
        it(`test_concat ${label} reindex ${reindex}`, () => {
          const [t1, t2] = pair('a', 'a');
          const result = reindex
            ? t1!.concatReindex(t2!)
            : cw.promiseUniversesAreDisjoint(t1!, t2!).concat(t2!);
          expect([ids(result), col(result, 'a')]).toEqual([a1 && a2, a1 && a2]);
        });
      }

      it(`test_join ${label}`, () => {
        const [t1, t2] = pair();
        const result = t1!.join(t2!).select({ a: cw.left.a, b: cw.right.b });
        expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([a1 && a2, a1 && a2, a1 && a2]);
      });

      for (const how of ['left', 'right', 'outer'] as const) {
        it(`test_outer_join ${label} ${how}`, () => {
          const [t1, t2] = pair();
          const result = t1!.join(t2!, { how }).select({ a: cw.left.a, b: cw.right.b });
          expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([false, false, false]);
        });
      }

      for (const a3 of BOTH) {
        const label3 = `(${a1}, ${a2}, ${a3})`;
        const triple = () => [
          source(ints(['a', 'b'], [a1, a2])),
          source(ints(['c'], [undefined], { appendOnly: a3 })),
        ];

        it(`test_intersect_2 ${label3}`, () => {
          const [t1, t2] = triple();
          const result = t1!.intersect(t2!);
          expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([
            (a1 || a2) && a3,
            a1 && a3,
            a2 && a3,
          ]);
        });

        it(`test_restrict_2 ${label3}`, () => {
          const [t1, t2] = triple();
          cw.promiseUniverseIsSubsetOf(t2!, t1!);
          const result = t1!.restrict(t2!);
          expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([
            (a1 || a2) && a3,
            a1 && a3,
            a2 && a3,
          ]);
        });

        it(`test_difference_2 ${label3}`, () => {
          const [t1, t2] = triple();
          const result = t1!.difference(t2!);
          expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([false, false, false]);
        });

        it(`test_with_universe_of ${label3}`, () => {
          const t1 = source(
            cw.schema({
              k: cw.column(cw.INT, { primaryKey: true, appendOnly: a3 }),
              a: cw.column(cw.INT, { appendOnly: a1 }),
            }),
          );
          const t2 = source(
            cw.schema({
              k: cw.column(cw.INT, { primaryKey: true, appendOnly: a3 }),
              a: cw.column(cw.INT, { appendOnly: a2 }),
            }),
          );
          const result = t1.withUniverseOf(t2);
          expect([ids(result), col(result, 'a')]).toEqual([a1 || a2 || a3, a1]);
        });

        for (const a4 of BOTH) {
          const label4 = `(${a1}, ${a2}, ${a3}, ${a4})`;
          const quad = () => [source(ints(['a', 'b'], [a1, a2])), source(ints(['a', 'b'], [a3, a4]))];

          it(`test_update_rows_2 ${label4}`, () => {
            const [t1, t2] = quad();
            const result = t1!.updateRows(t2!);
            expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([
              (a1 || a2) && (a3 || a4),
              false,
              false,
            ]);
          });

          it(`test_update_cells_2 ${label4}`, () => {
            const [t1, t2] = quad();
            cw.promiseUniverseIsSubsetOf(t2!, t1!);
            const result = t1!.updateCells(t2!);
            expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([a1 || a2, false, false]);
          });

          for (const reindex of BOTH) {
            it(`test_concat_2 ${label4} reindex ${reindex}`, () => {
              const [t1, t2] = quad();
              const result = reindex
                ? t1!.concatReindex(t2!)
                : cw.promiseUniversesAreDisjoint(t1!, t2!).concat(t2!);
              expect([ids(result), col(result, 'a'), col(result, 'b')]).toEqual([
                (a1 || a2) && (a3 || a4),
                a1 && a3,
                a2 && a4,
              ]);
            });
          }

          it(`test_join_2 ${label4}`, () => {
            const t1 = source(ints(['a', 'b'], [a1, a2]));
            const t2 = source(ints(['c', 'd'], [a3, a4]));
            const result = t1.join(t2, t1.c.a.eq(t2.c.c)).select({ b: cw.left.b, d: cw.right.d });
            expect([ids(result), col(result, 'b'), col(result, 'd')]).toEqual([
              a1 && a3,
              a1 && a2 && a3,
              a1 && a3 && a4,
            ]);
          });
        }
      }
    }
  }
});

describe('joins beyond the ports', () => {
  it('a join filter reads its condition; a chained join and a grouped join follow their inputs', () => {
    const t1 = source(ints(['a', 'b'], [true, false]));
    const t2 = source(ints(['c'], [undefined], { appendOnly: true }));
    const t3 = source(ints(['e'], [undefined], { appendOnly: true }));
    const j = t1.join(t2, t1.c.a.eq(t2.c.c));
    expect(j.select({ a: cw.left.a, c: cw.right.c }).isAppendOnly).toBe(true);
    expect(j.filter(cw.left.b.gt(0)).select({ a: cw.left.a }).isAppendOnly).toBe(false);
    expect(j.filter(cw.left.a.gt(0)).select({ a: cw.left.a }).isAppendOnly).toBe(true);
    const chained = j.join(t3, cw.left.a.eq(t3.c.e)).select({ a: cw.left.a, e: cw.right.e });
    expect(chained.isAppendOnly).toBe(true);
    expect(j.groupBy(cw.left.a).reduce({ a: cw.left.a }).isAppendOnly).toBe(false);
  });
});
