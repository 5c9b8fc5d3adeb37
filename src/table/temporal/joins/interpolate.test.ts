import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectRows, expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

describe('Table.interpolate', () => {
  // Interpolated columns are FLOAT, so every value prints as a float (Pathway prints the original ints as ints).
  it('fills missing values linearly (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      timestamp | values_a | values_b
      1         | 1        | 10
      2         |          |
      3         | 3        |
      4         |          |
      5         |          |
      6         | 6        | 60`);
    const res = table.interpolate(cw.this.timestamp, cw.this.values_a, cw.this.values_b);
    await expectRows(
      res,
      `timestamp | values_a | values_b
      1         | 1.0      | 10.0
      2         | 2.0      | 20.0
      3         | 3.0      | 30.0
      4         | 4.0      | 40.0
      5         | 5.0      | 50.0
      6         | 6.0      | 60.0`,
    );
  });

  it('copies the nearest value at the ends and leaves all-None columns alone', async () => {
    const table = tableFromMarkdown(`
      t | v    | w
      1 |      |
      2 | 4    |
      3 |      |
      5 | 8    |
      9 |      |`);
    await expectRows(
      table.interpolate(table.c.t, table.c.v, table.c.w),
      `t | v   | w
      1 | 4.0 | None
      2 | 4.0 | None
      3 | 5.333333333333333 | None
      5 | 8.0 | None
      9 | 8.0 | None`,
    );
  });

  it('revises filled values when a late row arrives between them and when it is retracted', async () => {
    const table = tableFromMarkdown(`
      id | t | v  | __time__ | __diff__
       1 | 0 | 0  |    2     |    1
       2 | 2 |    |    2     |    1
       3 | 4 | 8  |    2     |    1
       4 | 1 | 10 |    4     |    1
       4 | 1 | 10 |    6     |   -1`);
    await expectStream(
      table.interpolate(table.c.t, table.c.v).select({ t: cw.this.t, v: cw.this.v }),
      `t | v   | __time__ | __diff__
      0 | 0.0 | 2        | 1
      2 | 4.0 | 2        | 1
      4 | 8.0 | 2        | 1
      2 | 4.0 | 4        | -1
      2 | 9.333333333333334 | 4 | 1
      1 | 10.0 | 4        | 1
      1 | 10.0 | 6        | -1
      2 | 9.333333333333334 | 6 | -1
      2 | 4.0 | 6        | 1`,
    );
  });

  it('interpolates per instance', async () => {
    const table = tableFromMarkdown(`
      k | t | v
      a | 0 | 0
      a | 1 |
      a | 2 | 2
      b | 1 |
      b | 5 | 7`);
    await expectRows(
      table.interpolate(table.c.t, table.c.v, { instance: table.c.k }),
      `k | t | v
      a | 0 | 0.0
      a | 1 | 1.0
      a | 2 | 2.0
      b | 1 | 7.0
      b | 5 | 7.0`,
    );
  });
});
