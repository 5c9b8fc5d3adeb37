// One id held by two rows, as Pathway reports it ("duplicated entries for key ..."): a concat of tables promised
// disjoint whose ids collide is caught as it runs (test_common.py::test_concat_errors_on_intersecting_universes,
// test_errors.py::test_concat), and the testing kit's squash of a final table still refuses one id with several rows
// (squash_updates), whatever made them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import { Batch } from '../engine/batch.js';
import { Collection } from '../engine/collection.js';
import { keyFromValue, keyToString } from '../engine/key.js';
import { assertStreamEquality, captureTables, computeAndPrint, tableFromMarkdown as T } from './index.js';
import { finalRows } from './compute-and-print.js';

afterEach(() => cw.clearGraph());

// test_concat_errors_on_intersecting_universes: concat of tables promised disjoint whose ids collide.
function collidingConcat(): cw.Table<any> {
  const t1 = T('   | lower | upper\n1  | a | A\n2 | b | B');
  const t2 = T('   | lower | upper\n1  | c | C');
  cw.promiseUniversesAreDisjoint(t1, t2);
  return t1.concat(t2);
}

const key1 = keyToString(keyFromValue(1));

describe('duplicated ids', () => {
  it('stop a run naming the id (test_concat_errors_on_intersecting_universes)', async () => {
    const print = vi.fn();
    await expect(computeAndPrint(collidingConcat(), { print })).rejects.toThrow(
      `concat: duplicated entries for key ${key1}`,
    );
    expect(print).not.toHaveBeenCalled();
  });

  it('give the id one row of errors when terminateOnError is false, as Pathway does', async () => {
    const [c] = await captureTables([collidingConcat()], { terminateOnError: false });
    expect(c!.final.entries.size).toBe(2);
    expect(c!.final.get(keyFromValue(1))!.map(String)).toEqual(['Error', 'Error']);
    expect(c!.final.get(keyFromValue(2))).toEqual(['b', 'B']);
  });

  it('compare as update streams, with the error row in them', async () => {
    const r = collidingConcat();
    await assertStreamEquality(r, r, { terminateOnError: false });
  });

  it('in a final table are refused by the squash, or warned about and shown as errors', () => {
    const table = T('lower | upper\na | A');
    const final = new Collection<unknown[]>();
    const k = keyFromValue(1);
    final.apply(
      new Batch(
        [k, k],
        [
          ['a', 'A'],
          ['c', 'C'],
        ],
        [1, 1],
      ),
    );
    const c = { table, updates: [], final };
    expect(() => finalRows(c, 'computeAndPrint')).toThrow(
      `computeAndPrint: duplicated entries for key ${key1}: the table holds 2 row(s) under this id, (a, A), (c, C)`,
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const rows = finalRows(c, 'computeAndPrint', false);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.row.map(String)).toEqual(['Error', 'Error']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/duplicated entries for key/));
    } finally {
      warn.mockRestore();
    }
  });
});
