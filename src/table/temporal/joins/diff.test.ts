import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectRows, expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.diff', () => {
  it('subtracts the previous value in timestamp order (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      timestamp | values
      1         | 1
      2         | 2
      3         | 4
      4         | 7
      5         | 11
      6         | 16`);
    const d = table.diff(table.c.timestamp, table.c.values);
    await expectRows(
      table.select(cw.this, { diff_values: d.col('diff_values') }),
      `timestamp | values | diff_values
      1         | 1      | None
      2         | 2      | 1
      3         | 4      | 2
      4         | 7      | 3
      5         | 11     | 4
      6         | 16     | 5`,
    );
  });

  it('works per instance (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      timestamp | values | instance
      1         | 1      | 0
      1         | 1      | 1
      2         | 2      | 1
      3         | 4      | 0
      3         | 3      | 1
      4         | 7      | 0
      4         | 4      | 1
      5         | 11     | 1
      6         | 16     | 0`);
    const d = table.diff(cw.this.timestamp, table.c.values, { instance: cw.this.instance });
    await expectRows(
      table.select(cw.this, { diff_values: d.col('diff_values') }),
      `timestamp | values | instance | diff_values
      1         | 1      | 0        | None
      1         | 1      | 1        | None
      2         | 2      | 1        | 1
      3         | 4      | 0        | 3
      3         | 3      | 1        | 1
      4         | 7      | 0        | 3
      4         | 4      | 1        | 1
      5         | 11     | 1        | 7
      6         | 16     | 0        | 9`,
    );
  });

  it('revises the successor of a late (out-of-order) row', async () => {
    const table = tableFromMarkdown(`
      t | v  | __time__
      1 | 10 |    2
      3 | 30 |    2
      2 | 15 |    4`);
    const d = table.diff(table.c.t, table.c.v);
    await expectStream(
      table.select({ t: cw.this.t, dv: d.col('diff_v') }),
      `t | dv   | __time__ | __diff__
      1 | None | 2        | 1
      3 | 20   | 2        | 1
      3 | 20   | 4        | -1
      3 | 15   | 4        | 1
      2 | 5    | 4        | 1`,
    );
  });
});
