import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown, tableToRows } from '../testing/index.js';
import { lines } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

describe('toStream', () => {
  it("turns changes into upsert and delete events (Pathway's to_stream example)", async () => {
    const t = tableFromMarkdown(`
      id | age | owner | pet | __time__ | __diff__
       1 | 10  | Alice | dog |     2    |     1
       2 | 9   | Bob   | cat |     2    |     1
       1 | 10  | Alice | dog |     4    |    -1
       1 | 11  | Alice | dog |     4    |     1
       2 | 9   | Bob   | cat |     4    |    -1
       2 | 10  | Bob   | cat |     4    |     1
       1 | 11  | Alice | dog |     6    |    -1
       1 | 12  | Alice | dog |     6    |     1
       2 | 10  | Bob   | cat |     6    |    -1`);
    const s = t.toStream();
    expect(s.columnNames()).toEqual(['age', 'owner', 'pet', 'is_upsert']);
    expect(await renderUpdateStream(s, { includeId: false })).toBe(
      lines(
        'age | owner | pet | is_upsert | __time__ | __diff__',
        '9   | Bob   | cat | True      | 2        | 1',
        '10  | Alice | dog | True      | 2        | 1',
        '10  | Bob   | cat | True      | 4        | 1',
        '11  | Alice | dog | True      | 4        | 1',
        '10  | Bob   | cat | False     | 6        | 1',
        '12  | Alice | dog | True      | 6        | 1',
      ),
    );
  });

  it('keeps ids, names the flag column, and refuses a name the table has', async () => {
    const t = tableFromMarkdown(`
      id | v | __time__ | __diff__
       7 | 1 |     2    |     1
       7 | 1 |     4    |    -1`);
    const s = t.toStream('upsert');
    const rows = await tableToRows(
      s.select({ v: cw.this.v, upsert: cw.this.upsert, same: cw.this.id.eq(t.pointerFrom(7)) }),
    );
    expect(rows.length).toBe(2);
    expect(() => t.toStream('v')).toThrow(/already has a column "v"/);
  });
});

describe('streamToTable', () => {
  it("applies upserts and deletions per id (Pathway's stream_to_table example)", async () => {
    const t = tableFromMarkdown(`
      id | pet | age | is_upsert | __time__
       1 | cat |  3  |   True    |     2
       2 | dog | 11  |   True    |     2
       1 | cat | 4   |   True    |     4
       2 | dog | 0   |  False    |     4`);
    const res = t.streamToTable(cw.this.is_upsert);
    expect(await renderUpdateStream(res, { includeId: false })).toBe(
      lines(
        'pet | age | is_upsert | __time__ | __diff__',
        'cat | 3   | True      | 2        | 1',
        'dog | 11  | True      | 2        | 1',
        'cat | 3   | True      | 4        | -1',
        'dog | 11  | True      | 4        | -1',
        'cat | 4   | True      | 4        | 1',
      ),
    );
  });

  it('lets the last event of an epoch win, ignores a repeated row and unknown deletions, and skips bad flags', async () => {
    const t = tableFromMarkdown(`
      id | v | up    | __time__
       1 | 1 | True  |     2
       1 | 2 | True  |     2
       2 | 5 | True  |     2
       2 | 5 | True  |     4
       3 | 0 | False |     4
       1 | 9 | None  |     6`);
    const res = t.streamToTable(cw.this.up);
    expect(
      await renderUpdateStream(res.select({ v: cw.this.v }), { includeId: false, terminateOnError: false }),
    ).toBe(lines('v | __time__ | __diff__', '2 | 2        | 1', '5 | 2        | 1'));
    await expect(tableToRows(res)).rejects.toThrow(
      /streamToTable skipped an event whose isUpsert is not True or False: the flag is null/,
    );
  });

  it('refuses a flag that is not boolean when the program is built', () => {
    const t = tableFromMarkdown(`
      v | up
      1 | 3`);
    expect(() => t.streamToTable(cw.this.up)).toThrow(/must be a boolean expression, got INT/);
  });
});

describe('Table.fromStreams', () => {
  it("merges an upsert stream and a deletion stream (Pathway's from_streams example)", async () => {
    const ups = tableFromMarkdown(`
      id | pet | age | __time__
       1 | cat |  3  |     2
       2 | dog | 11  |     2
       1 | cat | 4   |     4`);
    const dels = tableFromMarkdown(`
      id | pet | __time__
       2 | dog |     4`);
    const res = cw.Table.fromStreams(ups, dels);
    expect(await renderUpdateStream(res, { includeId: false })).toBe(
      lines(
        'pet | age | __time__ | __diff__',
        'cat | 3   | 2        | 1',
        'dog | 11  | 2        | 1',
        'cat | 3   | 4        | -1',
        'dog | 11  | 4        | -1',
        'cat | 4   | 4        | 1',
      ),
    );
  });

  it('applies deletions after upserts of the same epoch', async () => {
    const ups = tableFromMarkdown(`
      id | v | __time__
       1 | 1 |     2
       1 | 2 |     4
       1 | 3 |     6`);
    const dels = tableFromMarkdown(`
      id | __time__
       1 |     4`);
    const res = cw.Table.fromStreams(ups, dels);
    expect(await renderUpdateStream(res, { includeId: false })).toBe(
      lines('v | __time__ | __diff__', '1 | 2        | 1', '1 | 4        | -1', '3 | 6        | 1'),
    );
  });
});

describe('unpackSnapshots', () => {
  it('emits the whole table at every epoch that changes it', async () => {
    const t = tableFromMarkdown(`
      id | data | __time__ | __diff__
       1 | a    |     2    |     1
       2 | b    |     4    |     1
       1 | a    |     6    |    -1
       1 | c    |     6    |     1
       2 | b    |     8    |    -1
       2 | b    |     8    |     1`);
    expect(await renderUpdateStream(t.unpackSnapshots(), { includeId: false })).toBe(
      lines(
        'data | __time__ | __diff__',
        'a    | 2        | 1',
        'a    | 4        | 1',
        'b    | 4        | 1',
        'b    | 6        | 1',
        'c    | 6        | 1',
      ),
    );
  });
});

describe('assertAppendOnly', () => {
  it('passes a table that only grows, and stops at the user line on a deletion', async () => {
    const grows = tableFromMarkdown(`
      v | __time__
      1 | 2
      2 | 4`);
    expect(await renderUpdateStream(grows.assertAppendOnly(), { includeId: false })).toBe(
      lines('v | __time__ | __diff__', '1 | 2        | 1', '2 | 4        | 1'),
    );
    const shrinks = tableFromMarkdown(`
      id | v | __time__ | __diff__
       1 | 1 | 2        | 1
       1 | 1 | 4        | -1`);
    await expect(tableToRows(shrinks.assertAppendOnly())).rejects.toThrow(
      /assertAppendOnly\(\): the table is not append-only: row \^\w+ was deleted or updated.*update-streams\.test\.ts/s,
    );
  });
});
