// Ports of Pathway's test_common.py tests (ix, groupby, reducers, set operations, updates), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertTableEquality,
  assertStreamEquality,
  assertTableEqualityWoIndex,
  captureTables,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

const animals = () =>
  T(`
      | genus      | epithet
    1 | upupa      | epops
    2 | acherontia | atropos
    3 | bubo       | scandiacus
    4 | dynastes   | hercules`);

const pets = () =>
  T(`
    pet  |  owner  | age
    dog  | Alice   | 10
    dog  | Bob     | 9
    cat  | Alice   | 8
    dog  | Bob     | 7`);

const numPets = () =>
  T(`
    pet  |  owner  | age
     1   | Alice   | 10
     1   | Bob     | 9
     2   | Alice   | 8
     1   | Bob     | 7`);

describe('ix', () => {
  it('test_ix_none: pointerFrom(x, { optional: true }) of None is None, and ix(ptr, { optional: true }) reads None', async () => {
    const tAnimals = animals();
    const tBirds = T(`
        | desc   | ptr
      1 | hoopoe | 2
      2 | owl    | 4
      3 | brbrb  |`);
    const birds = tBirds.withColumns({ ptr: tAnimals.pointerFrom(cw.this.ptr, { optional: true }) });
    expect(String(birds.typehints().ptr)).toBe('Optional(POINTER)');
    const res = birds.select({ latin: tAnimals.ix(birds.c.ptr, { optional: true }).c.genus });
    await assertTableEquality(
      res,
      T(`
          | latin
        1 | acherontia
        2 | dynastes
        3 |`),
    );
  });

  it('test_ix_this_getitem: a lookup by cw.this in a select reads several columns', async () => {
    const tAnimals = animals();
    const tBirds0 = T(`
        | desc   | ptr
      1 | hoopoe | 2
      2 | owl    | 4`);
    const tBirds = tBirds0.withColumns({ ptr: tAnimals.pointerFrom(cw.this.ptr) });
    const looked = tAnimals.ix(cw.this.ptr);
    const res = tBirds.select({ genus: looked.c.genus, epithet: looked.c.epithet });
    await assertTableEquality(
      res,
      T(`
          | genus      | epithet
        1 | acherontia | atropos
        2 | dynastes   | hercules`),
    );
  });

  it('test_ix_missing_key: a pointer to a missing row fails the run', async () => {
    const tAnimals = T(`
        | genus      | epithet
      1 | upupa      | epops
      2 | acherontia | atropos`);
    const tBirds = T(`
        | desc   | ptr
      1 | hoopoe | 1
      2 | owl    | 3`).withColumns({ ptr: tAnimals.pointerFrom(cw.this.ptr) });
    const res = tBirds.select({ latin: tAnimals.ix(tBirds.c.ptr).c.genus });
    await expect(captureTables([res])).rejects.toThrow(/no row/);
  });

  it('test_ix_none_in_source: a None value of the looked-up row is read as None', async () => {
    const tAnimals = T(`
        | genus      | epithet
      1 | upupa      | epops
      2 | acherontia | atropos
      3 | bubo       | scandiacus
      4 |            | hercules`);
    const tBirds = T(`
        | desc   | ptr
      1 | hoopoe | 2
      2 | owl    | 4`).withColumns({ ptr: tAnimals.pointerFrom(cw.this.ptr) });
    const res = tBirds.select({ latin: tAnimals.ix(tBirds.c.ptr).c.genus });
    await assertTableEquality(
      res,
      T(`
          | latin
        1 | acherontia
        2 |`),
    );
  });

  // Pathway's pw.this.pointer_from: Causeway has no cw.this.pointerFrom; any table's pointerFrom builds the same ids.
  const selfPointing = () => {
    const raw = T(`
        | foo | bar
      1 | 1   | 4
      2 | 1   | 5
      3 | 2   | 6`);
    return raw.withColumns({ foo: raw.pointerFrom(cw.this.foo) });
  };

  it('test_ix_no_select: a table looked up in itself, one column picked', async () => {
    const input = selfPointing();
    const result = input.ix(input.c.foo).select('bar');
    await assertTableEquality(
      result,
      T(`
          | bar
        1 | 4
        2 | 4
        3 | 5`),
    );
  });

  it('test_ix_self_select: a table looked up in itself by cw.this in a select', async () => {
    const input = selfPointing();
    const result = input.select({ result: input.ix(cw.this.foo).c.bar });
    await assertTableEquality(
      result,
      T(`
          | result
        1 | 4
        2 | 4
        3 | 5`),
    );
  });

  const sortData = () =>
    T(`
      a | t
      0 | 1
      0 | 2
      0 | 3
      1 | 1
      1 | 2`);
  const sortExpected = () =>
    T(`
      a | t | prev_t | next_t
      0 | 1 |        |    2
      0 | 2 |    1   |    3
      0 | 3 |    2   |
      1 | 1 |        |    2
      1 | 2 |    1   |`);

  it('test_ix_sort_1: prev and next of sort looked up with optional', async () => {
    const data = sortData();
    const prevNext = data.sort({ key: cw.this.t, instance: cw.this.a });
    const dataPrev = data.ix(prevNext.c.prev, { optional: true });
    const dataNext = data.ix(prevNext.c.next, { optional: true });
    const result = data.select(cw.this.a, cw.this.t, { prev_t: dataPrev.c.t, next_t: dataNext.c.t });
    await assertTableEquality(result, sortExpected());
  });

  it('test_ix_sort_2: prev and next added to the table, then looked up with optional', async () => {
    const data0 = sortData();
    const sorted = data0.sort({ key: cw.this.t, instance: cw.this.a });
    const data = data0.withColumns({ prev: sorted.c.prev, next: sorted.c.next });
    const dataPrev = data.ix(data.c.prev, { optional: true });
    const dataNext = data.ix(data.c.next, { optional: true });
    const result = data.select(cw.this.a, cw.this.t, { prev_t: dataPrev.c.t, next_t: dataNext.c.t });
    await assertTableEquality(result, sortExpected());
  });
});

describe('groupBy', () => {
  it('test_groupby_simplest: groups reduced to their key', async () => {
    const left = pets();
    await assertTableEqualityWoIndex(left.groupBy(left.c.pet).reduce(left.c.pet), T('pet\ndog\ncat'));
  });

  it('test_groupby_singlecol: sum per group', async () => {
    const left = pets();
    const res = left.groupBy(left.c.pet).reduce(left.c.pet, { ageagg: cw.reducers.sum(left.c.age) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        pet | ageagg
        dog | 26
        cat | 8`),
    );
  });

  it('test_groupby_int_sum: int sums that cancel to 0', async () => {
    const left = T(`
      owner   | val
      Alice   | 1
      Alice   | -1
      Bob     | 0
      Bob     | 0
      Charlie | 1
      Charlie | 0
      Dee     | 5
      Dee     | 5`);
    const res = left.groupBy(left.c.owner).reduce(left.c.owner, { val: cw.reducers.sum(left.c.val) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        owner   | val
        Alice   | 0
        Bob     | 0
        Charlie | 1
        Dee     | 10`),
    );
  });

  it('test_groupby_filter_singlecol: groupBy(cw.this.pet) after a filter keeps the column type', async () => {
    const left = T(`
      pet  |  owner  | age
      dog  | Alice   | 10
      dog  | Bob     | 9
      cat  | Alice   | 8
      dog  | Bob     | 7
      cat  | Alice   | 6
      dog  | Bob     | 5`);
    const res = left
      .filter(left.c.age.gt(6))
      .groupBy(cw.this.pet)
      .reduce(cw.this.pet, { ageagg: cw.reducers.sum(cw.this.age) });
    await assertTableEqualityWoIndex(res, T('pet | ageagg\ndog | 26\ncat | 8'));
  });

  it('test_groupby_reducer_on_expression: a reducer of an expression', async () => {
    const left = pets();
    const res = left
      .groupBy(left.c.pet)
      .reduce(left.c.pet, { ageagg: cw.reducers.min(left.c.age.add(left.c.age)) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        pet | ageagg
        dog | 14
        cat | 16`),
    );
  });

  it('test_groupby_expression_on_reducers: an expression of reducers', async () => {
    const left = pets();
    const res = left
      .groupBy(left.c.pet)
      .reduce(left.c.pet, { ageagg: cw.reducers.min(left.c.age).add(cw.reducers.sum(left.c.age)) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        pet | ageagg
        dog | 33
        cat | 16`),
    );
  });

  it('test_groupby_reduce_no_columns: a reduce without columns, then a constant column', async () => {
    const input = T('a\n1\n2');
    const ret = input.reduce({}).select({ col: 42 });
    await assertTableEqualityWoIndex(ret, T('col\n42'));
  });

  it('test_groupby_mutlicol: groups by two columns', async () => {
    const left = pets();
    const res = left
      .groupBy(left.c.pet, left.c.owner)
      .reduce(left.c.pet, left.c.owner, { ageagg: cw.reducers.sum(left.c.age) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        pet | owner | ageagg
        dog | Alice | 10
        dog | Bob   | 16
        cat | Alice | 8`),
    );
  });

  it('test_groupby_mix_key_val: a reducer of an expression mixing the key and a value', async () => {
    const left = numPets();
    const res = left
      .groupBy(left.c.pet)
      .reduce(left.c.pet, { ageagg: cw.reducers.min(left.c.age.add(left.c.pet)) });
    await assertTableEqualityWoIndex(
      res,
      T(`
        pet | ageagg
        1   | 8
        2   | 10`),
    );
  });

  it('test_groupby_mix_key_val2: the key outside or inside the reducer, ids from the key', async () => {
    const left = numPets();
    const right = T(`
        | pet | ageagg
      1 | 1   | 8
      2 | 2   | 10`);
    const res = right.withIdFrom(right.c.pet);
    await assertTableEquality(
      res,
      left.groupBy(left.c.pet).reduce(left.c.pet, { ageagg: cw.reducers.min(left.c.age).add(left.c.pet) }),
    );
    await assertTableEquality(
      res,
      left.groupBy(left.c.pet).reduce(left.c.pet, { ageagg: cw.reducers.min(left.c.age.add(left.c.pet)) }),
    );
  });

  it('test_groupby_key_expressions: the key under another name; a non-key column without a reducer is refused', async () => {
    const left = numPets();
    const right = T(`
      pet | pet2
      1   | 1
      2   | 2`);
    const res = right.withIdFrom(right.c.pet);
    await assertTableEquality(res, left.groupBy(left.c.pet).reduce(left.c.pet, { pet2: left.c.pet }));
    expect(() => left.groupBy(left.c.pet).reduce({ age2: left.c.age })).toThrow();
  });

  it('test_groupby_similar_tables: grouping and reducing columns of a table with the same universe', async () => {
    const a = T(`
        | pet | owner | age
      1 | dog | Alice | 10
      2 | dog | Bob   | 9
      3 | cat | Alice | 8
      4 | dog | Bob   | 7`);
    const b = a.select(cw.this);
    const r1 = a
      .groupBy(b.c.pet)
      .reduce(a.c.pet, { agemin: cw.reducers.min(a.c.age), agemax: cw.reducers.max(b.c.age) });
    const r2 = b
      .groupBy(a.c.pet)
      .reduce(b.c.pet, { agemin: cw.reducers.min(b.c.age), agemax: cw.reducers.max(a.c.age) });
    const expected = () =>
      T(
        `
        pet | agemin | agemax
        cat | 8      | 8
        dog | 7      | 10`,
        { idFrom: ['pet'] },
      );
    await assertTableEquality(r1, expected());
    await assertTableEquality(r2, expected());
  });
});

describe('reducers', () => {
  const people = () =>
    T(`
      name    | age
      Charlie | 18
      Alice   | 18
      Bob     | 18
      David   | 19
      Erin    | 19
      Frank   | 20`);

  it.todo(
    'test_argmin_argmax_tie: ties go to the smallest id, but Causeway ids order differently: Alice / Erin win, not Charlie / David',
  );

  it('test_argmin_argmax_different_column: argmin / argmax returning another column', async () => {
    const table = people();
    const res = table.reduce({
      min: cw.reducers.argmin(table.c.age, table.c.name),
      max: cw.reducers.argmax(table.c.age, table.c.name),
    });
    await assertTableEqualityWoIndex(
      res,
      T(`
        min   | max
        Alice | Frank`),
    );
  });

  it('test_avg_reducer: avg per owner, grouped by cw.this.owner', async () => {
    const t1 = T(`
      owner   | age
      Alice   | 10
      Bob     | 5
      Alice   | 20
      Bob     | 10`);
    const res = t1.groupBy(cw.this.owner).reduce(cw.this.owner, { avg: cw.reducers.avg(cw.this.age) });
    await assertTableEqualityWoIndex(res, T('owner | avg\nAlice | 15.0\nBob | 7.5'));
  });

  it('test_earliest_and_latest_reducer: earliest and latest values per group, as a stream', async () => {
    const t = T(`
      a | b | __time__
      1 | 2 |     2
      2 | 3 |     2
      1 | 4 |     4
      2 | 2 |     6
      1 | 1 |     8`);
    const res = t.groupBy(cw.this.a).reduce(cw.this.a, {
      earliest: cw.reducers.earliest(cw.this.b),
      latest: cw.reducers.latest(cw.this.b),
    });
    const expected = T(
      `
      a | earliest | latest | __time__ | __diff__
      1 |     2    |    2   |     2    |     1
      2 |     3    |    3   |     2    |     1
      1 |     2    |    2   |     4    |    -1
      1 |     2    |    4   |     4    |     1
      2 |     3    |    3   |     6    |    -1
      2 |     3    |    2   |     6    |     1
      1 |     2    |    4   |     8    |    -1
      1 |     2    |    1   |     8    |     1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(res, expected);
  });

  it.todo(
    'test_earliest_and_latest_reducer_tie: ties go to the smallest / greatest id, but ids order differently: latest is 3, not 1',
  );
});

// Skipped: test_groupby_universes (an xfail in Pathway: references from a universe superset are not allowed there).
// The remaining tests of this list are in pathway-parity-groupby-updates-2.test.ts.
