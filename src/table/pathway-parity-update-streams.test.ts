// Ports of Pathway's test_common.py tests (update streams, append-only, debug, remove_retractions), named after them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamEquality,
  assertTableEquality,
  captureTables,
  tableFromMarkdown as T,
} from '../testing/index.js';

afterEach(() => {
  cw.clearGraph();
  vi.restoreAllMocks();
});

describe('update streams', () => {
  it('test_table_to_stream: toStream gives upsert/delete events, and streamToTable gives the table back', async () => {
    const t = T(
      `
      a | b | __time__ | __diff__
      1 | 2 |    2     |    1
      3 | 4 |    2     |    1
      5 | 6 |    4     |    1
      3 | 4 |    4     |   -1
      3 | 8 |    4     |    1
      5 | 6 |    6     |   -1`,
      { idFrom: ['a'] },
    );
    const stream = t.toStream();
    expect(stream.universe).not.toBe(t.universe);
    expect(stream.isAppendOnly).toBe(true);
    const expected = T(
      `
      a | b | is_upsert | __time__
      1 | 2 |   True    |    2
      3 | 4 |   True    |    2
      5 | 6 |   True    |    4
      3 | 8 |   True    |    4
      5 | 6 |  False    |    6`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(stream, expected);
    cw.clearGraph();
    const t2 = T(
      `
      a | b | __time__ | __diff__
      1 | 2 |    2     |    1
      3 | 4 |    2     |    1
      5 | 6 |    4     |    1
      3 | 4 |    4     |   -1
      3 | 8 |    4     |    1
      5 | 6 |    6     |   -1`,
      { idFrom: ['a'] },
    );
    const table = t2.toStream().streamToTable(cw.this.is_upsert).without(cw.this.is_upsert);
    await assertStreamEquality(t2, table);
  });

  it('test_stream_to_table: a non-boolean flag is refused; deletions take only the id', async () => {
    const t = T(
      `
      a | b | is_upsert | __time__
      1 | 2 |   True    |    2
      3 | 4 |   True    |    2
      5 | 6 |   True    |    4
      3 | 8 |   True    |    4
      5 | 6 |  False    |    6
      1 | 3 |  False    |    8`,
      { idFrom: ['a'] },
    );
    expect(() => t.streamToTable(cw.this.b)).toThrow(/bool/i);
    const table = t.streamToTable(cw.this.is_upsert).without(cw.this.is_upsert);
    const expected = T(
      `
      a | b | __time__ | __diff__
      1 | 2 |    2     |    1
      3 | 4 |    2     |    1
      5 | 6 |    4     |    1
      3 | 4 |    4     |   -1
      3 | 8 |    4     |    1
      5 | 6 |    6     |   -1
      1 | 2 |    8     |   -1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(table, expected);
  });

  it('test_from_streams: insertions and deletions by id; a deletion of an unknown id is ignored', async () => {
    const insertions = T(
      `
      a | b | __time__
      1 | 2 |    2
      3 | 4 |    2
      5 | 6 |    4
      3 | 8 |    4`,
      { idFrom: ['a'] },
    );
    const deletions = T(
      `
      a | __time__
      4 |    2
      5 |    6
      1 |    8`,
      { idFrom: ['a'] },
    );
    const table = cw.Table.fromStreams(insertions, deletions);
    const expected = T(
      `
      a | b | __time__ | __diff__
      1 | 2 |    2     |    1
      3 | 4 |    2     |    1
      5 | 6 |    4     |    1
      3 | 4 |    4     |   -1
      3 | 8 |    4     |    1
      5 | 6 |    6     |   -1
      1 | 2 |    8     |   -1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(table, expected);
  });

  const appendMd = `
    a | b | __time__ | __diff__
    1 | 2 |    2     |    1
    3 | 4 |    2     |    1
    5 | 6 |    4     |    1
    3 | 4 |    4     |   -1
    3 | 5 |    4     |    1`;

  it('test_assert_append_only: an update fails the run; a filtered append-only table passes', async () => {
    const t = T(appendMd, { idFrom: ['a'] });
    // t is not append-only due to the update (row with a=3)
    expect(t.isAppendOnly).toBe(false);
    const checked = t.assertAppendOnly();
    expect(checked.isAppendOnly).toBe(true);
    const id3 = cw.keyToString(cw.keyFromValues([3]));
    await expect(captureTables([checked])).rejects.toThrow(
      new RegExp(`append-only.*${id3.replace('^', '\\^')}`, 's'),
    );
    cw.clearGraph();
    const t2 = T(appendMd, { idFrom: ['a'] });
    const tAppendOnly = t2.filter(cw.this.a.ne(3)).assertAppendOnly();
    expect(tAppendOnly.isAppendOnly).toBe(true);
    const expected = T(
      `
      a | b | __time__ | __diff__
      1 | 2 |    2     |    1
      5 | 6 |    4     |    1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(tAppendOnly, expected);
  });
});

describe('debug', () => {
  it('test_debug_operator: debug("foo") prints each change with time, diff, id and values', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    const table = T(`
       a | t | __time__
       1 | 2 |     2
       2 | 2 |     2
      10 | 5 |     6
       3 | 8 |     8
       5 | 7 |     8`);
    table.debug('foo');
    await cw.run();
    // Pathway prints its own id hashes (^X1MXHYYG4YM0DB900V28XN5T4W for row 0, ...); Causeway's ids of the same rows
    // (pointerFrom(row number)) are other hashes.
    const id = (i: number) => cw.keyToString(cw.keyFromValues([i]));
    expect(out).toEqual([
      `[0][foo] @2 +1 id=${id(0)}, a=1, t=2`,
      `[0][foo] @2 +1 id=${id(1)}, a=2, t=2`,
      `[0][foo] @6 +1 id=${id(2)}, a=10, t=5`,
      `[0][foo] @8 +1 id=${id(3)}, a=3, t=8`,
      `[0][foo] @8 +1 id=${id(4)}, a=5, t=7`,
    ]);
  });
});

describe('private helpers', () => {
  const retractingMd = `
    a | __time__ | __diff__
    1 |     2    |     1
    2 |     4    |     1
    3 |     6    |     1
    2 |     8    |    -1
    4 |    10    |     1
    3 |    12    |    -1`;

  it('test_remove_retractions: removeRetractions() keeps every row ever inserted (Pathway: _remove_retractions)', async () => {
    const t = T(retractingMd, { idFrom: ['a'] });
    const res = t.removeRetractions();
    expect([t.isAppendOnly, res.isAppendOnly]).toEqual([false, true]);
    await assertTableEquality(
      [t, res],
      [
        T(
          `
          a
          1
          4`,
          { idFrom: ['a'] },
        ),
        T(
          `
          a
          1
          2
          3
          4`,
          { idFrom: ['a'] },
        ),
      ],
    );
    cw.clearGraph();
    const t2 = T(retractingMd, { idFrom: ['a'] });
    const expectedStream = T(
      `
      a | __time__ | __diff__
      1 |     2    |     1
      2 |     4    |     1
      3 |     6    |     1
      4 |    10    |     1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(t2.removeRetractions(), expectedStream);
  });

  it('removeRetractions() drops a row inserted and deleted within one epoch', async () => {
    const t = T(
      `
      a | __time__ | __diff__
      1 |     2    |     1
      2 |     2    |     1
      2 |     2    |    -1`,
      { idFrom: ['a'] },
    );
    await assertStreamEquality(
      t.removeRetractions(),
      T(
        `
        a | __time__ | __diff__
        1 |     2    |     1`,
        { idFrom: ['a'] },
      ),
    );
  });
});
