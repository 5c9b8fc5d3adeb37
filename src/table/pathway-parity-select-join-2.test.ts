// Ports of Pathway's test_common.py tests (rename, filter, withId, iterate, apply, joins), named after them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  captureTables,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('Pathway test_common.py parity: rename, without, filter, withId', () => {
  it('test_rename_columns_1: renamed columns move after the others', async () => {
    const old = T(`
      pet  |  owner  | age
       1   | Alice   | 10
       1   | Bob     | 9`);
    const expected = T(`
      owner   | animal | winters
      Alice   |  1     | 10
      Bob     |  1     | 9`);
    await assertTableEquality(old.renameColumns({ animal: old.c.pet, winters: old.c.age }), expected);
  });

  it('test_rename_columns_2: swaps two column names', async () => {
    const old = T(`
      pet | age
      1   | 10
      1   | 9`);
    await assertTableEquality(
      old.renameColumns({ age: 'pet', pet: 'age' }),
      T(`
        age | pet
        1   | 10
        1   | 9`),
    );
  });

  const numbered = () =>
    T(`
      t0 | t1    | t2
      1  | Alice | 10
      1  | Bob   | 9`);
  const mapping = { t0: 'col_0', t1: 'col_1', t2: 'col_2' };

  it('test_rename_by_dict: renames by an old -> new mapping', async () => {
    await assertTableEquality(
      numbered().renameByDict(mapping),
      T(`
        col_0 | col_1 | col_2
        1     | Alice | 10
        1     | Bob   | 9`),
    );
  });

  it('test_rename_with_dict: rename(mapping) is renameByDict(mapping)', async () => {
    const old = numbered();
    await assertTableEquality(old.rename(mapping), old.renameByDict(mapping));
  });

  const petsTwo = () =>
    T<{ pet: number; owner: string; age: number }>(`
      pet | owner | age
      1   | Alice | 10
      1   | Bob   | 9`);

  it('test_rename_with_kwargs: rename(old -> new) is renameColumns(new -> old column)', async () => {
    // Pathway's rename(**kwargs) takes new=old_column, as rename_columns; Causeway's rename takes { old: 'new' }.
    const old = petsTwo();
    await assertTableEquality(
      old.rename({ pet: 'animal', age: 'winters' }),
      old.renameColumns({ animal: old.c.pet, winters: old.c.age }),
    );
  });

  it('test_rename_columns_unknown_column_name: renaming a missing column is refused', () => {
    const old = petsTwo();
    expect(() => old.renameColumns({ pet: 'animal', habitat: 'location' })).toThrow(/animal/);
  });

  it('test_drop_columns: without drops columns given by reference and through cw.this', async () => {
    const old = T<{ pet: number; owner: string; age: number; weight: number }>(`
      pet | owner | age | weight
      1   | Bob   | 11  | 7
      1   | Eve   | 10  | 11
      2   | Eve   | 15  | 13`);
    await assertTableEquality(old.without(old.c.pet, old.c.age, cw.this.owner), T('weight\n7\n11\n13'));
  });

  const latin = () =>
    T(`
         | lower | upper
      1  | a     | A
      2  | b     | B
      26 | z     | Z`);

  it('test_filter: filters by a bool column of a table with the same ids', async () => {
    const tLatin = latin();
    const tTmp = T<{ bool: boolean }>(`
         | bool
      1  | True
      2  | True
      26 | False`);
    await assertTableEquality(
      tLatin.filter(tTmp.c.bool),
      T(`
           | lower | upper
        1  | a     | A
        2  | b     | B`),
    );
  });

  it('test_filter_no_columns: filters a table without columns', async () => {
    const input = T(`
        |
      1 |
      2 |
      3 |`).select({});
    await assertTableEquality(
      input.filter(input.id.eq(input.id)),
      T(`
          |
        1 |
        2 |
        3 |`).select({}),
    );
  });

  it('test_filter_different_universe: a condition of a table with other ids is refused', () => {
    const tWrong = T<{ bool: boolean }>(`
        | bool
      1 | True
      7 | False`);
    const tLatin = latin();
    expect(() => tLatin.filter(tWrong.c.bool)).toThrow(/universe/);
  });

  const newIds = (t1: cw.Table<any>) => {
    const t2 = T<{ new_id: number }>(`
        | new_id
      1 | 2
      2 | 3
      3 | 4`).select({ new_id: t1.pointerFrom(cw.this.new_id) });
    cw.promiseUniverseIsSubsetOf(t1, t2);
    return t2.restrict(t1);
  };

  // Pathway refuses t1.select(id=...) (ValueError, "old style is not supported"); Causeway makes a data column named
  // "id". The rest of the test (withId by the restricted pointer column: ids 2, 3, 4; withId(t1.id + 1) refused) holds.
  it.todo('test_reindex: t1.select({ id: pointerColumn }) is not refused; it makes a data column named "id"');

  it('test_reindex_no_columns: withId on a table without columns', async () => {
    const t1 = T(`
        |
      1 |
      2 |
      3 |`).select({});
    const t2Restricted = newIds(t1);
    await assertTableEquality(
      t1.withId(t2Restricted.c.new_id),
      T(`
          |
        2 |
        3 |
        4 |`).select({}),
    );
  });
});

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

describe('Pathway test_common.py parity: apply', () => {
  const foo = () => T<{ foo: number }>('foo\n1\n2\n3');
  const inc = (x: number): number => x + 1;

  // Pathway types a UDF's result from its annotation (`-> int`); Causeway is given it with applyWithType/returnType.
  it('test_apply: applies a function to a column', async () => {
    const a = foo();
    await assertTableEquality(a.select({ ret: cw.applyWithType(inc, cw.INT, a.c.foo) }), T('ret\n2\n3\n4'));
  });

  it('test_apply_consts: applies a function to a constant', async () => {
    const a = foo();
    await assertTableEquality(a.select({ ret: cw.applyWithType(inc, cw.INT, 1) }), T('ret\n2\n2\n2'));
  });

  it('test_apply_more_args: applies a function to columns of two tables with the same ids', async () => {
    const a = foo();
    const b = T<{ bar: number }>('bar\n2\n-1\n4');
    const add = (x: number, y: number): number => x + y;
    await assertTableEquality(
      a.select({ ret: cw.applyWithType(add, cw.INT, a.c.foo, b.c.bar) }),
      T('ret\n3\n1\n7'),
    );
  });

  it('test_apply_incompatible_keys: an argument of a table with other ids is refused', () => {
    const a = T<{ foo: number }>(`
        | foo
      1 | 1
      2 | 2
      3 | 3`);
    const b = T<{ bar: number }>(`
        | bar
      1 | 2`);
    const add = (x: number, y: number): number => x + y;
    expect(() => a.select({ ret: cw.apply(add, a.c.foo, b.c.bar) })).toThrow(/universe/);
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('test_apply_async: applies an async function', async () => {
    const input = T<{ a: number }>('a\n1\n2\n3');
    const incAsync = async (a: number): Promise<number> => {
      await sleep(100);
      return a + 1;
    };
    await assertTableEquality(
      input.select({ ret: cw.declareType(cw.INT, cw.applyAsync(incAsync, cw.this.a)) }),
      T('ret\n2\n3\n4'),
    );
  });

  it('test_apply_async_more_args: an async function of three columns', async () => {
    // Pathway passes c as a keyword-only argument; TypeScript has positional arguments only.
    const input = T<{ a: number; b: number; c: number }>(`
      a | b  | c
      1 | 10 | 100
      2 | 20 | 200
      3 | 30 | 300`);
    const add = async (a: number, b: number, c: number): Promise<number> => {
      await sleep(100);
      return a + b + c;
    };
    await assertTableEquality(
      input.select({ ret: cw.declareType(cw.INT, cw.applyAsync(add, cw.this.a, cw.this.b, cw.this.c)) }),
      T('ret\n111\n222\n333'),
    );
  });

  it('test_apply_async_coerce_async: applyAsync accepts a synchronous function', async () => {
    const a = foo();
    const syncInc = inc as unknown as (x: number) => Promise<number>;
    await assertTableEquality(
      a.select({ ret: cw.declareType(cw.INT, cw.applyAsync(syncInc, a.c.foo)) }),
      T('ret\n2\n3\n4'),
    );
  });

  it('test_apply_async_disk_cache: a second run takes the results from the disk cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-parity-'));
    const cacheDir = join(dir, 'test_cache');
    try {
      let counter = 0;
      const countedInc = (x: number): number => {
        counter++;
        return x + 1;
      };
      // Each run builds the program anew, with a cache opened afresh on the same folder (as a new process would).
      for (let run = 0; run < 2; run++) {
        const udfInc = cw.udf(countedInc, {
          async: true,
          returnType: cw.INT,
          cacheStrategy: new cw.DiskCache({ directory: cacheDir, name: 'inc' }),
        });
        const input = foo();
        await assertTableEquality(input.select({ ret: udfInc(cw.this.foo) }), T('ret\n2\n3\n4'));
        cw.clearGraph();
      }
      expect(existsSync(cacheDir)).toBe(true);
      expect(counter).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Pathway test_common.py parity: join', () => {
  const pointers = (t1: cw.Table<any>, t2: cw.Table<any>, expected: cw.Table<any>) =>
    expected.withColumns({ L: t1.pointerFrom(cw.this.L), R: t2.pointerFrom(cw.this.R) });

  it('test_empty_join: a join selecting no columns keeps a row per match', async () => {
    const left = T<{ col: string; on: number }>(`
        | col | on
      1 | a   | 11
      2 | b   | 12
      3 | c   | 13`);
    const right = T<{ col: string; on: number }>(`
        | col | on
      1 | d   | 12
      2 | e   | 13
      3 | f   | 14`);
    const joined = left.join(right, left.c.on.eq(right.c.on)).select({});
    await assertTableEqualityWoIndex(
      joined,
      T(`
          |
        2 |
        3 |`).select({}),
    );
  });

  it('test_join_left_assign_id: keeps the left ids; a non-id column as id is refused; duplicate right ids fail the run', async () => {
    const left = T<{ col: string; on: number }>(`
        | col | on
      1 | a   | 11
      2 | b   | 12
      3 | c   | 13
      4 | d   | 13`);
    const right = T<{ col: string; on: number }>(`
        | col | on
      1 | d   | 12
      2 | e   | 13
      3 | f   | 14`);
    const joined = left
      .join(right, left.c.on.eq(right.c.on), { id: left.id })
      .select({ lcol: left.c.col, rcol: right.c.col });
    await assertTableEquality(
      joined,
      T(`
          | lcol | rcol
        2 | b    | d
        3 | c    | e
        4 | d    | e`),
    );
    expect(() => left.join(right, left.c.on.eq(right.c.on), { id: left.c.on as never })).toThrow();
    cw.clearGraph();
    const byRight = left
      .join(right, left.c.on.eq(right.c.on), { id: right.id })
      .select({ lcol: left.c.col, rcol: right.c.col });
    await expect(captureTables([byRight])).rejects.toThrow(/duplicate key/);
  });

  it('test_join_right_assign_id: keeps the right ids; a non-id column as id is refused; duplicate left ids fail the run', async () => {
    const left = T<{ col: string; on: number }>(`
        | col | on
      1 | a   | 11
      2 | b   | 12
      3 | c   | 13`);
    const right = T<{ col: string; on: number }>(`
        | col | on
      0 | c   | 12
      1 | d   | 12
      2 | e   | 13
      3 | f   | 14`);
    const joined = left
      .join(right, left.c.on.eq(right.c.on), { id: right.id })
      .select({ lcol: left.c.col, rcol: right.c.col });
    await assertTableEquality(
      joined,
      T(`
          | lcol | rcol
        0 | b    | c
        1 | b    | d
        2 | c    | e`),
    );
    expect(() => left.join(right, left.c.on.eq(right.c.on), { id: right.c.on as never })).toThrow();
    cw.clearGraph();
    const byLeft = left
      .join(right, left.c.on.eq(right.c.on), { id: left.id })
      .select({ lcol: left.c.col, rcol: right.c.col });
    await expect(captureTables([byLeft])).rejects.toThrow(/duplicate key/);
  });

  const petsLeft = () =>
    T<{ pet: number; owner: string; age: number }>(`
        | pet | owner | age
      1 | 1   | Alice | 10
      2 | 1   | Bob   | 9
      3 | 2   | Alice | 8`);
  const petsRight = () =>
    T<{ pet: number; owner: string; age: number; size: string }>(`
         | pet | owner | age | size
      11 | 3   | Alice | 10  | M
      12 | 1   | Bob   | 9   | L
      13 | 1   | Tom   | 8   | XL`);

  it('test_join: joins on two conditions and selects both ids', async () => {
    const t1 = petsLeft();
    const t2 = petsRight();
    const res = t1
      .join(t2, t1.c.pet.eq(t2.c.pet), t1.c.owner.eq(t2.c.owner))
      .select({ owner_name: t2.c.owner, L: t1.id, R: t2.id, age: t1.c.age });
    await assertTableEqualityWoIndex(
      res,
      pointers(
        t1,
        t2,
        T(`
          owner_name | L | R  | age
          Bob        | 2 | 12 | 9`),
      ),
    );
  });

  it('test_join_instance: rows pair only within one instance (leftInstance / rightInstance)', async () => {
    const t1 = T(`
          | owner | age | instance
      1   | Alice |  10 | 1
      2   |   Bob |   9 | 1
      3   |   Tom |   8 | 1
      4   | Alice |  10 | 2
      5   |   Bob |   9 | 2
      6   |   Tom |   8 | 2`);
    const t2 = T(`
          | owner | age | size | instance
      11  | Alice |  10 |    M | 1
      12  |   Bob |   9 |    L | 1
      13  |   Tom |   8 |   XL | 1
      14  | Alice |  10 |    M | 2
      15  |   Bob |   9 |    L | 2
      16  |   Tom |   8 |   XL | 2`);
    const expected = T(`
      owner_name | L | R  | age
      Alice      | 1 | 11 |  10
      Bob        | 2 | 12 |   9
      Tom        | 3 | 13 |   8
      Alice      | 4 | 14 |  10
      Bob        | 5 | 15 |   9
      Tom        | 6 | 16 |   8`).withColumns({ L: t1.pointerFrom(cw.this.L), R: t2.pointerFrom(cw.this.R) });
    const res = t1
      .join(t2, t1.c.owner.eq(t2.c.owner), { leftInstance: t1.c.instance, rightInstance: t2.c.instance })
      .select({ owner_name: t2.c.owner, L: t1.id, R: t2.id, age: t1.c.age });
    await assertTableEqualityWoIndex(res, expected);
    expect(() => t1.join(t2, t1.c.owner.eq(t2.c.owner), { leftInstance: t1.c.instance })).toThrow(
      /give both leftInstance and rightInstance/,
    );
  });

  it.todo(
    'test_join_swapped_condition: a condition written right == left (t2.pet == t1.pet) is accepted; Pathway refuses it',
  );

  const illegal: [string, (l: cw.Expr, r: cw.Expr) => cw.Expr<boolean>][] = [
    ['ne', (l, r) => l.ne(r)],
    ['lt', (l, r) => l.lt(r)],
    ['gt', (l, r) => l.gt(r)],
    ['le', (l, r) => l.le(r)],
    ['ge', (l, r) => l.ge(r)],
  ];
  for (const [name, op] of illegal) {
    it(`test_join_illegal_operator_in_condition: a condition with ${name} is refused`, () => {
      const t1 = petsLeft();
      const t2 = petsRight();
      expect(() => t1.join(t2, op(t1.c.pet, t2.c.pet))).toThrow(/equalit/);
    });
  }

  it('test_join_default: an inner join on one condition pairs every match', async () => {
    const t1 = petsLeft();
    const t2 = petsRight();
    const res = t1
      .join(t2, t1.c.pet.eq(t2.c.pet))
      .select({ owner_name: t2.c.owner, L: t1.id, R: t2.id, age: t1.c.age });
    await assertTableEqualityWoIndex(
      res,
      pointers(
        t1,
        t2,
        T(`
          owner_name | L | R  | age
          Bob        | 1 | 12 | 10
          Tom        | 1 | 13 | 10
          Bob        | 2 | 12 | 9
          Tom        | 2 | 13 | 9`),
      ),
    );
  });

  it('test_join_self: joining a table with itself is refused', () => {
    const input = T<{ foo: number; bar: number }>(`
      foo | bar
      1   | 1
      1   | 2
      1   | 3`);
    expect(() => input.join(input, input.c.foo.eq(input.c.bar))).toThrow(/itself/);
  });

  it('test_join_select_no_columns: a join on ids selecting nothing, then a constant', async () => {
    const left = T<{ a: number }>(`
        | a
      1 | 1
      2 | 2`);
    const right = T<{ b: string }>(`
        | b
      1 | foo
      2 | bar`);
    const ret = left.join(right, left.id.eq(right.id)).select({}).select({ col: 42 });
    await assertTableEqualityWoIndex(
      ret,
      T(`
          | col
        1 | 42
        2 | 42`),
    );
  });

  it('test_cross_join: a join without conditions pairs every row', async () => {
    const t1 = petsLeft();
    const t2 = petsRight();
    const res = t1.join(t2).select({ owner_name: t2.c.owner, L: t1.id, R: t2.id, age: t1.c.age });
    await assertTableEqualityWoIndex(
      res,
      pointers(
        t1,
        t2,
        T(`
          owner_name | L | R  | age
          Alice      | 1 | 11 | 10
          Bob        | 1 | 12 | 10
          Tom        | 1 | 13 | 10
          Alice      | 2 | 11 | 9
          Bob        | 2 | 12 | 9
          Tom        | 2 | 13 | 9
          Alice      | 3 | 11 | 8
          Bob        | 3 | 12 | 8
          Tom        | 3 | 13 | 8`),
      ),
    );
  });

  it('test_empty_join_2: a cross join selecting one column of each side', async () => {
    const t1 = T<{ v1: number }>('v1\n1\n2');
    const t2 = T<{ v2: number }>('v2\n10\n20');
    await assertTableEqualityWoIndex(
      t1.join(t2).select(t1.c.v1, t2.c.v2),
      T(`
        v1 | v2
        1  | 10
        1  | 20
        2  | 10
        2  | 20`),
    );
  });
});

// Skipped: test_apply_inspect_wrapped_signature (Python decorators and signature inspection through
// functools.wraps), test_apply_async_wrong_args (passing a keyword-only parameter positionally: TypeScript has no
// keyword-only arguments).
