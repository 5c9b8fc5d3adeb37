// A final table holding one id twice is an error when printed or asserted on, as Pathway's squash_updates raises
// KeyError("duplicated entries for key ...") (test_common.py::test_concat_errors_on_intersecting_universes).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyToString } from '../engine/key.js';
import {
  assertStreamEquality,
  assertTableEquality,
  assertTableEqualityWoIndex,
  captureTables,
  computeAndPrint,
  renderTable,
  tableFromMarkdown as T,
} from './index.js';
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

describe('duplicated ids in a final table', () => {
  it('make computeAndPrint fail naming the id (test_concat_errors_on_intersecting_universes)', async () => {
    const print = vi.fn();
    await expect(computeAndPrint(collidingConcat(), { print })).rejects.toThrow(
      `computeAndPrint: duplicated entries for key ${key1}: the table holds 2 row(s) under this id, (a, A), (c, C)`,
    );
    expect(print).not.toHaveBeenCalled();
  });

  it('make renderTable and every table assertion fail, with or without ids', async () => {
    await expect(renderTable(collidingConcat())).rejects.toThrow(/renderTable: duplicated entries for key/);
    cw.clearGraph();
    await expect(
      assertTableEqualityWoIndex(collidingConcat(), T('lower | upper\na | A\nb | B\nc | C')),
    ).rejects.toThrow(`assertTableEqualityWoIndex: duplicated entries for key ${key1}`);
    cw.clearGraph();
    const r = collidingConcat();
    await expect(assertTableEquality(r, r)).rejects.toThrow(
      /assertTableEquality: duplicated entries for key/,
    );
  });

  it('still compare as update streams, which Pathway does not squash', async () => {
    const r = collidingConcat();
    await assertStreamEquality(r, r);
  });

  it('warn and give the id a row of errors when terminateOnError is false, as Pathway does', async () => {
    const [c] = await captureTables([collidingConcat()]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const rows = finalRows(c!, 'computeAndPrint', false);
      expect(rows).toHaveLength(2);
      const bad = rows.find((r) => r.key === keyFromValue(1))!;
      expect(bad.row.map(String)).toEqual(['Error', 'Error']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/duplicated entries for key/));
    } finally {
      warn.mockRestore();
    }
  });
});
