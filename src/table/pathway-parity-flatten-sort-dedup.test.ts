// Ports of Pathway's test_flatten.py, test_sorting.py and test_deduplicate.py tests, named after them.
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamEqualityWoIndex,
  assertTableEquality,
  assertTableEqualityWoIndex,
  tableFromRows,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => cw.clearGraph());

/** Pathway's T(pd.DataFrame({"col": lists})): one row per list, ids those of labels 0, 1, ... */
const listTable = (...lists: number[][]) =>
  tableFromRows(
    cw.schema({ col: cw.list(cw.INT) }),
    lists.map((col, i) => ({ row: { col }, id: cw.keyFromValues([i]) })),
  );

describe('Pathway test_flatten.py parity', () => {
  it('test_flatten_simple: one row per element, with the id of its row as origin_id', async () => {
    const tab = listTable([1, 2, 3, 4]);
    await assertTableEqualityWoIndex(
      tab.flatten(cw.this.col, { originId: 'origin_id' }),
      T(`
        col | origin_id
          1 | 0
          2 | 0
          3 | 0
          4 | 0`).withColumns({ origin_id: tab.pointerFrom(cw.this.origin_id) }),
    );
  });

  it('test_flatten_no_origin: one row per element without origin_id', async () => {
    const tab = listTable([1, 2, 3, 4]);
    await assertTableEqualityWoIndex(tab.flatten(cw.this.col), T('col\n1\n2\n3\n4'));
  });

  it('test_flatten_inner_repeats: repeated elements give repeated rows', async () => {
    const tab = listTable([1, 1, 1, 3]);
    await assertTableEqualityWoIndex(
      tab.flatten(cw.this.col, { originId: 'origin_id' }),
      T(`
        col | origin_id
          1 | 0
          1 | 0
          1 | 0
          3 | 0`).withColumns({ origin_id: tab.pointerFrom(cw.this.origin_id) }),
    );
  });

  it('test_flatten_more_repeats: equal elements of two rows keep their own origin_id', async () => {
    const tab = listTable([1, 1, 1, 3], [1]);
    await assertTableEqualityWoIndex(
      tab.flatten(cw.this.col, { originId: 'origin_id' }),
      T(`
        col | origin_id
          1 | 0
          1 | 0
          1 | 0
          3 | 0
          1 | 1`).withColumns({ origin_id: tab.pointerFrom(cw.this.origin_id) }),
    );
  });

  it('test_flatten_empty_lists: empty lists give no rows', async () => {
    const tab = listTable([], []);
    await assertTableEqualityWoIndex(
      tab.flatten(cw.this.col, { originId: 'origin_id' }),
      cw.Table.empty({ col: cw.INT, origin_id: cw.POINTER }),
    );
  });
});

describe('Pathway test_sorting.py parity', () => {
  it('test_argmin: argmin of large integers is the id of the smallest', async () => {
    const t = T<{ hash: number }>(`
      hash
      931894100059286216
      1339595727108001898
      1793254503348522670
      97653197660818656
      301593703415097707`);
    await assertTableEqualityWoIndex(
      t.reduce({ key: cw.reducers.argmin(t.c.hash) }),
      T('key\n3').withColumns({ key: t.pointerFrom(cw.this.key) }),
    );
  });

  const prevNext = (nodes: cw.Table<any>, expected: string) =>
    T(expected).select({
      prev: nodes.pointerFrom(cw.this.prev, { optional: true }),
      next: nodes.pointerFrom(cw.this.next, { optional: true }),
    });

  it('test_prevnext_single_instance: prev / next ids in key order', async () => {
    const nodes = T<{ key: number; instance: number }>(`
        | key | instance
      1 |  1  | 42
      2 |  5  | 42
      3 |  3  | 42
      4 |  8  | 42
      5 |  2  | 42`);
    await assertTableEquality(
      nodes.sort({ key: nodes.c.key, instance: nodes.c.instance }),
      prevNext(
        nodes,
        `
            | next | prev
        1   |  5   |
        2   |  4   | 3
        3   |  2   | 5
        4   |      | 2
        5   |  3   | 1`,
      ),
    );
  });

  it('test_prevnext_many_instance: prev / next ids in key order within each instance', async () => {
    const nodes = T<{ key: number; instance: number }>(`
         | key | instance
      1  |  1  | 42
      2  |  1  | 28
      3  |  5  | 42
      4  |  5  | 28
      5  |  3  | 42
      6  |  3  | 28
      7  |  8  | 42
      8  |  8  | 28
      9  |  2  | 42
      10 |  2  | 28`);
    await assertTableEquality(
      nodes.sort({ key: nodes.c.key, instance: nodes.c.instance }),
      prevNext(
        nodes,
        `
             | next | prev
        1    |  9   |
        2    |  10  |
        3    |  7   | 5
        4    |  8   | 6
        5    |  3   | 9
        6    |  4   | 10
        7    |      | 3
        8    |      | 4
        9    |  5   | 1
        10   |  6   | 2`,
      ),
    );
  });
});

describe('Pathway test_deduplicate.py parity', () => {
  it('test_deduplicate_python_tuple: a tuple value, accepted when greater than the kept one', async () => {
    const t = T<{ a: number; b: number }>(`
      a | b | __time__
      1 | 1 |     2
      1 | 2 |     4
      3 | 1 |     6
      3 | 0 |     8
      4 | 2 |    10
      4 | 2 |    12
      4 | 1 |    14`);
    // Python's tuple order: by the first item, then by the second.
    const acceptor = (n: readonly [number, number], o: readonly [number, number]) =>
      n[0] > o[0] || (n[0] === o[0] && n[1] > o[1]);
    const res = t.deduplicate({ value: cw.makeTuple(cw.this.a, cw.this.b), acceptor });
    await assertStreamEqualityWoIndex(
      res,
      T(`
        a | b | __time__ | __diff__
        1 | 1 |     2    |     1
        1 | 1 |     4    |    -1
        1 | 2 |     4    |     1
        1 | 2 |     6    |    -1
        3 | 1 |     6    |     1
        3 | 1 |    10    |    -1
        4 | 2 |    10    |     1`),
    );
  });
});

// Skipped: test_deduplicate_keeps_state, test_deduplicate_keeps_state_after_two_restarts,
// test_deduplicate_with_instance_keeps_state, test_deduplicate_keeps_state_after_code_change,
// test_deduplicate_keeps_state_with_regular_persistence, test_selective_persistence_name_set,
// test_selective_persistence_no_name_set_or_different_names_set: Pathway's persistence (pw.persistence.Config with a
// filesystem backend, inputs replayed at time 0 on restart, SELECTIVE_PERSISTING and operator names) has no
// Causeway counterpart; Causeway's runtime.snapshot() / restore() is a different mechanism.
