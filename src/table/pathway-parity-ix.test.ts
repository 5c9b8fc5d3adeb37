// Ports of Pathway's test_common.py ix tests (test_ix_*), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, captureTables, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const animals = () =>
  T(`
      | genus      | epithet
    1 | upupa      | epops
    2 | acherontia | atropos
    3 | bubo       | scandiacus
    4 | dynastes   | hercules`);

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
