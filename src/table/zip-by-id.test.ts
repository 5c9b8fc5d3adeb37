// Universe promises that do not hold at run time: rows read another table's columns by id, and a missing id is an
// error in those columns, reported, never a row silently lost (Pathway's test_restrict, test_with_universe_of).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyToString } from '../engine/key.js';
import { captureTables, tableFromMarkdown, type Captured } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const id = (n: number): string => keyToString(keyFromValue(n));

/** Final rows by printed id, sorted. */
function finalRows(c: Captured | undefined): [string, unknown[]][] {
  return [...c!.final.entries.entries()]
    .map(([k, g]): [string, unknown[]] => [keyToString(k), g.rows[0]!])
    .sort();
}

/** The error log's messages, sorted. */
function messages(c: Captured | undefined): string[] {
  return c!.updates.map((u) => String(u.row[1])).sort();
}

function tables() {
  const t1 = tableFromMarkdown(`
      | a | b
    1 | 6 | 2
    2 | 5 | 5
    3 | 4 | 1
    4 | 3 | 3`);
  const t2 = tableFromMarkdown(`
      | c
    1 | 1
    2 | 2
    3 | 3
    5 | 4`);
  return { t1, t2 };
}

/** Checks that `res` (t1's columns over t2's ids) has t2's ids, t1's cells, or -1 where t1 lacks the id; the error log. */
async function expectT2RowsWithT1Cells(res: cw.Table<any>, t2: cw.Table<any>): Promise<Captured | undefined> {
  const out = res.select({ a: cw.fillError(res.c.a, -1), b: cw.fillError(res.c.b, -1), c: t2.c.c });
  const [r, log] = await captureTables([out, cw.globalErrorLog()], { terminateOnError: false });
  expect(finalRows(r)).toEqual(
    [
      [id(1), [6, 2, 1]],
      [id(2), [5, 5, 2]],
      [id(3), [4, 1, 3]],
      [id(5), [-1, -1, 4]],
    ].sort(),
  );
  return log;
}

describe('broken universe promises', () => {
  it('restrict gives an id missing from the table errors in its columns and reports it (Pathway test_restrict)', async () => {
    const { t1, t2 } = tables();
    cw.promiseUniverseIsSubsetOf(t2, t1);
    const log = await expectT2RowsWithT1Cells(t1.restrict(t2), t2);
    expect(messages(log)).toEqual([
      `key missing in output table: ${id(5)} (restrict's other table was promised to be a subset of this one)`,
    ]);
  });

  it('withUniverseOf keeps the other ids, errors for the missing, and drops and reports the extra (Pathway test_with_universe_of)', async () => {
    const { t1, t2 } = tables();
    const log = await expectT2RowsWithT1Cells(t1.withUniverseOf(t2), t2);
    const why = 'withUniverseOf was promised that both tables have the same ids';
    expect(messages(log)).toEqual(
      [
        `key missing in output table: ${id(5)} (${why})`,
        `key missing in input table: ${id(4)} (${why}; its row is dropped)`,
      ].sort(),
    );
  });

  it('a select reading a table that lacks one of its ids shows errors there until the id arrives', async () => {
    const small = tableFromMarkdown(`
        | x | __time__
      1 | 1 | 2
      2 | 2 | 2`);
    const big = tableFromMarkdown(`
        | y  | __time__
      1 | 10 | 2
      2 | 20 | 4`);
    cw.promiseUniverseIsSubsetOf(small, big);
    const out = small.select({ x: small.c.x, y: cw.fillError(big.c.y, -1) });
    const [r, log] = await captureTables([out, cw.globalErrorLog()], { terminateOnError: false });
    const stream = r!.updates.map((u) => [u.time, keyToString(u.key), u.row, u.diff]).sort();
    expect(stream).toEqual(
      [
        [2, id(1), [1, 10], 1],
        [2, id(2), [2, -1], 1],
        [4, id(2), [2, -1], -1],
        [4, id(2), [2, 20], 1],
      ].sort(),
    );
    expect(finalRows(r)).toEqual([
      [id(1), [1, 10]],
      [id(2), [2, 20]],
    ]);
    expect(messages(log)).toEqual([
      `key missing in output table: ${id(2)} (the rows' universe was promised to be a subset of the table whose columns they read)`,
    ]);
  });

  it('stops a run by default at the first missing id', async () => {
    const { t1, t2 } = tables();
    cw.promiseUniverseIsSubsetOf(t2, t1);
    await expect(captureTables([t1.restrict(t2)])).rejects.toThrow(/key missing in output table/);
  });
});
