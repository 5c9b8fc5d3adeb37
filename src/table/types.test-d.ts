// Type tests of the Table API: row types inferred from schemas and carried through select, withColumns, without,
// rename, groupBy/reduce and joins; wrong column names are compile errors. Run with `vitest --typecheck.only`.

import { describe, expectTypeOf, it } from 'vitest';
import * as cw from '../index.js';

/** The row type a table carries, flattened (intersections merged, `readonly` dropped) to compare names and cell types. */
type RowOf<T> = T extends cw.Table<infer R> ? { -readonly [K in keyof R]: R[K] } : never;

/** The row type of a table as a value, for `expectTypeOf(rowOf(t))` (never called at run time). */
function rowOf<T extends cw.Table<any>>(_table: T): RowOf<T> {
  return undefined as never;
}

const Pet = cw.schema({
  owner: cw.column(cw.STR, { primaryKey: true }),
  age: cw.INT,
  nick: cw.STR.optional(),
});
const Owner = cw.schema({ name: cw.STR, city: cw.STR });

function pets() {
  return cw.tableFromRows(Pet, [{ owner: 'Ana', age: 3, nick: null }]);
}
function owners() {
  return cw.tableFromRows(Owner, [{ name: 'Ana', city: 'Oslo' }]);
}

describe('schema and tableFromRows', () => {
  it('infers the row type from the schema', () => {
    expectTypeOf<RowOf<ReturnType<typeof pets>>>().toEqualTypeOf<{
      owner: string;
      age: number;
      nick: string | null;
    }>();
    expectTypeOf<cw.SchemaRow<typeof Pet>>().toEqualTypeOf<{
      owner: string;
      age: number;
      nick: string | null;
    }>();
  });

  it('types column references and rejects wrong names', () => {
    const t = pets();
    expectTypeOf(t.c.age).toEqualTypeOf<cw.ColumnRef<number, 'age'>>();
    expectTypeOf(t.c.nick).toEqualTypeOf<cw.ColumnRef<string | null, 'nick'>>();
    expectTypeOf(t.col('owner')).toEqualTypeOf<cw.ColumnRef<string, 'owner'>>();
    // @ts-expect-error -- no such column
    void t.c.wrong;
    // @ts-expect-error -- no such column
    void t.col('wrong');
  });

  it('rejects rows that do not match the schema', () => {
    // @ts-expect-error -- age must be a number
    cw.tableFromRows(Pet, [{ owner: 'Ana', age: 'three', nick: null }]);
  });
});

describe('append-only properties', () => {
  it('keeps the row type of a schema declared append-only; isAppendOnly is a boolean', () => {
    const Events = cw.schema(
      { id: cw.column(cw.INT, { appendOnly: true }), v: cw.STR },
      { appendOnly: true },
    );
    expectTypeOf(Events).toEqualTypeOf<cw.Schema<{ id: number; v: string }>>();
    const t = cw.inputTable(Events).table;
    expectTypeOf(t.isAppendOnly).toEqualTypeOf<boolean>();
    expectTypeOf(t.removeRetractions()).toEqualTypeOf<cw.Table<{ id: number; v: string }>>();
    // @ts-expect-error -- appendOnly is a boolean
    cw.schema({ a: cw.INT }, { appendOnly: 'yes' });
  });
});

describe('Table.select', () => {
  it('infers the object form from expressions, references, lambdas and constants', () => {
    const t = pets();
    const r = t.select({
      who: t.c.owner,
      next: t.c.age.add(1),
      old: t.c.age.gt(3),
      half: t.c.age.div(2),
      doubled: (row) => row.age * 2,
    });
    expectTypeOf(rowOf(r)).toEqualTypeOf<{
      who: string;
      next: number;
      old: boolean;
      half: number;
      doubled: number;
    }>();
  });

  it('keeps constants as literal types', () => {
    const t = pets();
    const r = t.select({ k: 5, s: 'x', none: null });
    // Constants widen to their base type, as Pathway types them INT / STR.
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ k: number; s: string; none: null }>();
  });

  it('infers picks by name and by reference', () => {
    const t = pets();
    const r = t.select('owner', t.c.nick);
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ owner: string; nick: string | null }>();
  });

  it('infers the callback form', () => {
    const t = pets();
    const r = t.select((c) => ({ a: c.age, s: c.owner.add('!') }));
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ a: number; s: string }>();
  });

  it('rejects wrong column names', () => {
    const t = pets();
    // @ts-expect-error -- no such column
    t.select('wrong');
    // @ts-expect-error -- no such column
    t.select((c) => ({ x: c.wrong }));
  });
});

describe('tuples written as arrays', () => {
  it('types an array of expressions and constants as a tuple of their values', () => {
    const t = pets();
    const r = t.select({
      pair: [t.c.owner, t.c.age],
      withConst: [t.c.age, 'x'],
      nested: [t.c.age, [t.c.nick]],
    });
    expectTypeOf(rowOf(r)).toEqualTypeOf<{
      pair: [string, number];
      withConst: [number, 'x'];
      nested: [number, [string | null]];
    }>();
  });
});

describe('withColumns, without, rename', () => {
  it('adds and replaces columns', () => {
    const t = pets();
    const r = t.withColumns({ age: t.c.age.cast(cw.STR), adult: t.c.age.ge(18) });
    expectTypeOf(rowOf(r)).toEqualTypeOf<{
      owner: string;
      nick: string | null;
      age: string;
      adult: boolean;
    }>();
  });

  it('drops columns', () => {
    const t = pets();
    const r = t.without('nick', 'age');
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ owner: string }>();
    // @ts-expect-error -- no such column
    t.without('wrong');
  });

  it('renames columns', () => {
    const t = pets();
    const r = t.rename({ age: 'years' });
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ owner: string; years: number; nick: string | null }>();
    // @ts-expect-error -- no such column
    t.rename({ wrong: 'x' });
  });

  it('keeps the row type through filter', () => {
    const t = pets();
    expectTypeOf(t.filter(t.c.age.gt(1))).toEqualTypeOf<typeof t>();
  });
});

describe('groupBy().reduce()', () => {
  it('infers reduce outputs from typed references and reducers', () => {
    const t = pets();
    const r = t.groupBy(t.c.owner).reduce({
      owner: t.c.owner,
      n: cw.reducers.count(),
      total: cw.reducers.sum(t.c.age),
      oldest: cw.reducers.max(t.c.age),
      ids: cw.reducers.argmax(t.c.age),
      ages: cw.reducers.tuple(t.c.age),
      twice: cw.reducers.sum(t.c.age).mul(2),
    });
    expectTypeOf(rowOf(r).owner).toEqualTypeOf<string>();
    expectTypeOf(rowOf(r).n).toEqualTypeOf<number>();
    expectTypeOf(rowOf(r).total).toEqualTypeOf<number>();
    expectTypeOf(rowOf(r).oldest).toEqualTypeOf<number>();
    expectTypeOf(rowOf(r).ids).toEqualTypeOf<cw.Key>();
    expectTypeOf(rowOf(r).ages).toEqualTypeOf<number[]>();
    expectTypeOf(rowOf(r).twice).toEqualTypeOf<number>();
  });

  it('has exactly the reduce outputs as columns', () => {
    const t = pets();
    const r = t.groupBy('owner').reduce({ n: cw.reducers.count() });
    expectTypeOf(rowOf(r)).toHaveProperty('n').toEqualTypeOf<number>();
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ n: number }>();
  });

  it('types outputs built on cw.this placeholders as any (use t.c.x for typed results)', () => {
    const t = pets();
    const r = t.groupBy('owner').reduce({ owner: cw.this.owner, s: cw.reducers.sum(cw.this.age) });
    expectTypeOf(rowOf(r).owner).toBeAny();
    expectTypeOf(rowOf(r).s).toBeAny();
  });

  it('rejects wrong grouping columns', () => {
    const t = pets();
    // @ts-expect-error -- no such column
    t.groupBy('wrong');
  });
});

describe('join().select()', () => {
  it('infers an inner join select from typed callback columns', () => {
    const p = pets();
    const o = owners();
    const r = p
      .join(o, p.c.owner.eq(o.c.name))
      .select((l, rt) => ({ pet: l.nick, city: rt.city, age: l.age }));
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ pet: string | null; city: string; age: number }>();
  });

  it('makes the padded side nullable in left, right and outer joins', () => {
    const p = pets();
    const o = owners();
    const left = p.joinLeft(o, p.c.owner.eq(o.c.name)).select((l, rt) => ({ age: l.age, city: rt.city }));
    expectTypeOf(rowOf(left)).toEqualTypeOf<{ age: number; city: string | null }>();
    const right = p.joinRight(o, p.c.owner.eq(o.c.name)).select((l, rt) => ({ age: l.age, city: rt.city }));
    expectTypeOf(rowOf(right)).toEqualTypeOf<{ age: number | null; city: string }>();
    const outer = p.joinOuter(o, p.c.owner.eq(o.c.name)).select((l, rt) => ({ age: l.age, city: rt.city }));
    expectTypeOf(rowOf(outer)).toEqualTypeOf<{ age: number | null; city: string | null }>();
  });

  it('rejects wrong column names in join callbacks', () => {
    const p = pets();
    const o = owners();
    // @ts-expect-error -- no such column on the right side
    p.join(o, (l, r) => l.owner.eq(r.wrong));
  });

  it('types a chained join: the earlier join is the left side, nullable where a join pads it', () => {
    const p = pets();
    const o = owners();
    const c = cw.tableFromRows(cw.schema({ town: cw.STR, zip: cw.INT }), []);
    const chained = p
      .join(o, p.c.owner.eq(o.c.name))
      .joinLeft(c, (l, r) => l.city.eq(r.town))
      .select((l, r) => ({ age: l.age, city: l.city, zip: r.zip }));
    expectTypeOf(rowOf(chained)).toEqualTypeOf<{ age: number; city: string; zip: number | null }>();
    const picked = p.join(o, p.c.owner.eq(o.c.name)).join(c, o.c.city.eq(c.c.town)).select(p.c.age, c.c.zip);
    expectTypeOf(rowOf(picked)).toEqualTypeOf<{ age: number; zip: number }>();
    // @ts-expect-error -- no such column in the earlier join
    p.join(o, p.c.owner.eq(o.c.name)).join(c, (l, r) => l.wrong.eq(r.town));
  });
});

describe('and / or / xor', () => {
  it('are bitwise INT on numbers and boolean otherwise', () => {
    const t = cw.tableFromRows(cw.schema({ a: cw.INT, b: cw.INT, f: cw.BOOL }), []);
    expectTypeOf(t.c.a.and(t.c.b)).toEqualTypeOf<cw.Expr<number>>();
    expectTypeOf(t.c.f.xor(t.c.f)).toEqualTypeOf<cw.Expr<boolean>>();
    expectTypeOf(t.c.f.or(cw.this.g)).toEqualTypeOf<cw.Expr<boolean>>();
  });
});

describe('update streams', () => {
  it('add the upsert flag to the row type, and keep it through streamToTable and fromStreams', () => {
    const p = pets();
    const s = p.toStream();
    expectTypeOf(rowOf(s)).toEqualTypeOf<{
      owner: string;
      age: number;
      nick: string | null;
      is_upsert: boolean;
    }>();
    expectTypeOf(rowOf(p.toStream('up'))).toEqualTypeOf<{
      owner: string;
      age: number;
      nick: string | null;
      up: boolean;
    }>();
    expectTypeOf(s.streamToTable(s.c.is_upsert)).toEqualTypeOf<typeof s>();
    expectTypeOf(cw.Table.fromStreams(p, s)).toEqualTypeOf<typeof p>();
    // @ts-expect-error -- no such column
    void s.c.isUpsert;
  });

  it('type a lookup in a reduce output by the looked-up column', () => {
    const p = pets();
    const r = p
      .groupBy(p.c.owner)
      .reduce({ owner: p.c.owner, eldest: p.ix(cw.reducers.argmax(p.c.age)).c.nick });
    expectTypeOf(rowOf(r)).toEqualTypeOf<{ owner: string; eldest: string | null }>();
  });
});

describe('Table.fromColumns, typehints and declareType', () => {
  it('type the picked and renamed columns, each dtype, and a declared type', () => {
    const p = pets();
    const q = p.select({ double: p.c.age.mul(2) });
    const t = cw.Table.fromColumns(p.c.owner, { twice: q.c.double });
    expectTypeOf(rowOf(t)).toEqualTypeOf<{ owner: string; twice: number }>();
    expectTypeOf(rowOf(cw.Table.fromColumns(p.c.owner, p.c.age))).toEqualTypeOf<{
      owner: string;
      age: number;
    }>();
    expectTypeOf(p.typehints().nick).toEqualTypeOf<cw.DType<string | null>>();
    expectTypeOf(cw.declareType(cw.INT, p.c.nick)).toEqualTypeOf<cw.Expr<number>>();
  });
});

describe('reduce(cw.this)', () => {
  it('types every grouping column and the named outputs', () => {
    const p = pets();
    const r = p.groupBy(p.c.owner).reduce(cw.this, { n: cw.reducers.count() });
    expectTypeOf(rowOf(r).owner).toEqualTypeOf<string>();
    expectTypeOf(rowOf(r).n).toEqualTypeOf<number>();
    // @ts-expect-error -- age is not a grouping column
    void rowOf(r).age;
    // Picks then named outputs keep the picks' names and types.
    const picked = p.groupBy(p.c.owner).reduce(p.c.owner, { n: cw.reducers.count() });
    expectTypeOf(rowOf(picked).owner).toEqualTypeOf<string>();
    // @ts-expect-error -- not an output
    void rowOf(picked).nope;
  });
});

describe('schema operations', () => {
  const Pet = cw.schema({
    owner: cw.column(cw.STR, { primaryKey: true }),
    age: cw.INT,
    nick: cw.STR.optional(),
  });
  it('type without, merge and withTypes, and refuse unknown columns', () => {
    expectTypeOf<cw.SchemaRow<ReturnType<typeof Pet.without<'nick'>>>>().toEqualTypeOf<{
      owner: string;
      age: number;
    }>();
    const both = Pet.merge(cw.schema({ vet: cw.STR }));
    expectTypeOf(both.names).toEqualTypeOf<string[]>();
    expectTypeOf<cw.SchemaRow<typeof both>['vet']>().toEqualTypeOf<string>();
    expectTypeOf<cw.SchemaRow<typeof both>['age']>().toEqualTypeOf<number>();
    const typed = Pet.withTypes({ age: cw.STR });
    expectTypeOf(typed.typehints().age).toEqualTypeOf<cw.DType<string>>();
    expectTypeOf<cw.SchemaRow<typeof typed>>().toEqualTypeOf<{
      owner: string;
      age: string;
      nick: string | null;
    }>();
    expectTypeOf(Pet.typehints().nick).toEqualTypeOf<cw.DType<string | null>>();
    // @ts-expect-error -- not a column
    Pet.without('nope');
    // @ts-expect-error -- not a column
    Pet.withTypes({ nope: cw.INT });
    // @ts-expect-error -- not a column
    Pet.column('nope');
  });
});

describe('utils', () => {
  it('types the tables that unpackCol, unpackColDict and argmaxRows make', () => {
    const t = cw.tableFromRows(cw.schema({ pair: cw.list(cw.INT), doc: cw.JSON }), []);
    expectTypeOf(rowOf(cw.utils.col.unpackCol(t.c.pair, 'x', 'y'))).toEqualTypeOf<{
      x: unknown;
      y: unknown;
    }>();
    const Doc = cw.schema({ n: cw.INT, s: cw.STR.optional() });
    expectTypeOf(rowOf(cw.utils.col.unpackCol(t.c.pair, { schema: Doc }))).toEqualTypeOf<{
      n: number;
      s: string | null;
    }>();
    expectTypeOf(rowOf(cw.utils.col.unpackColDict(t.c.doc, Doc))).toEqualTypeOf<{
      n: number;
      s: string | null;
    }>();
    expectTypeOf(rowOf(cw.utils.filtering.argmaxRows(pets(), [cw.this.owner], cw.this.age))).toEqualTypeOf<{
      owner: string;
      age: number;
      nick: string | null;
    }>();
  });
});

describe('a join result on the right', () => {
  it('types t.join(u.join(v)) as a join of t with the rows of both', () => {
    const right = owners().join(pets(), cw.left.name.eq(cw.right.owner));
    const j = pets().join(right, cw.left.owner.eq(cw.right.city));
    expectTypeOf(j).toEqualTypeOf<
      cw.JoinResult<
        { owner: string; age: number; nick: string | null },
        { name: string; city: string } & { owner: string; age: number; nick: string | null }
      >
    >();
    const padded = pets().joinLeft(right);
    expectTypeOf(rowOf(padded.select({ c: padded.right.city }))).toEqualTypeOf<{ c: string | null }>();
  });
});

describe('column slices', () => {
  it('types a table slice through without, rename, withPrefix, withSuffix and pick', () => {
    const p = pets();
    expectTypeOf(rowOf(p.select(p.slice.without('nick')))).toEqualTypeOf<{ owner: string; age: number }>();
    expectTypeOf(rowOf(p.select(p.slice.rename({ age: 'years' }).pick('years')))).toEqualTypeOf<{
      years: number;
    }>();
    const o = owners();
    const j = p.join(o, cw.left.owner.eq(cw.right.name));
    expectTypeOf(
      rowOf(j.select(p.slice.pick('age').withPrefix('p_'), o.slice.withSuffix('_o'))),
    ).toEqualTypeOf<{
      p_age: number;
      name_o: string;
      city_o: string;
    }>();
    expectTypeOf(p.slice.c.age).toEqualTypeOf<cw.ColumnRef<number, string>>();
    expectTypeOf(p.slice.rename({ age: 'years' }).c.years).toEqualTypeOf<cw.ColumnRef<number, string>>();
    // @ts-expect-error: no column "color"
    p.slice.without('color');
    // @ts-expect-error: "age" was dropped
    p.slice.without('age').pick('age');
  });

  it('types slices of cw.left / cw.right as untyped', () => {
    expectTypeOf(cw.left.without('x')).toEqualTypeOf<cw.ColumnSlice>();
    expectTypeOf(cw.slice(cw.this).pick('a')).toEqualTypeOf<cw.ColumnSlice<Pick<any, 'a'>>>();
  });
});

describe('fully async UDFs and async transformers', () => {
  it('types a fully async UDF column with Pending until awaitFutures()', () => {
    const later = cw.udf(async (age: number) => age * 2, { fullyAsync: true, returnType: cw.INT });
    const now = cw.udf(async (age: number) => age * 2, { returnType: cw.INT });
    const p = pets();
    const t = p.select({ owner: p.c.owner, twice: later(p.c.age), direct: now(p.c.age) });
    expectTypeOf(rowOf(t)).toEqualTypeOf<{ owner: string; twice: number | cw.Pending; direct: number }>();
    expectTypeOf(rowOf(t.awaitFutures())).toEqualTypeOf<{ owner: string; twice: number; direct: number }>();
  });

  it('types an async transformer by its input and output rows', () => {
    const Out = cw.schema({ label: cw.STR });
    const tr = cw.asyncTransformer(pets(), Out, async (row) => ({ label: `${row.owner}:${row.age}` }));
    expectTypeOf(rowOf(tr.successful)).toEqualTypeOf<{ label: string }>();
    expectTypeOf(rowOf(tr.failed)).toEqualTypeOf<{ label: string | null }>();
    expectTypeOf(rowOf(tr.finished)).toEqualTypeOf<{ label: string | null; _async_status: string }>();
    // @ts-expect-error: the output schema has no column "name"
    cw.asyncTransformer(pets(), Out, async () => ({ name: 'x' }));
  });
});
