import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { renderTable, renderUpdateStream, tableFromMarkdown } from '../../../testing/index.js';

afterEach(() => cw.clearGraph());

const sortedLines = (text: string): string[] => {
  const [head, ...rest] = text.split('\n');
  const norm = (l: string): string =>
    l
      .split('|')
      .map((c) => c.trim())
      .join(' | ');
  return [norm(head!), ...rest.map(norm).sort()];
};

function tables() {
  const t1 = tableFromMarkdown(`
      | K | val |  t
    1 | 0 | 1   |  1
    2 | 0 | 2   |  4
    3 | 0 | 3   |  5
    4 | 0 | 4   |  6
    5 | 0 | 5   |  7
    6 | 0 | 6   |  11
    7 | 0 | 7   |  12
    8 | 1 | 8   |  5
    9 | 1 | 9   |  7`);
  const t2 = tableFromMarkdown(`
       | K | val | t
    21 | 1 | 7   | 2
    22 | 1 | 3   | 8
    23 | 0 | 0   | 2
    24 | 0 | 6   | 3
    25 | 0 | 2   | 7
    26 | 0 | 3   | 8
    27 | 0 | 9   | 9
    28 | 0 | 7   | 13
    29 | 0 | 4   | 14`);
  return { t1, t2 };
}

const expectText = async (table: cw.Table<any>, expected: string): Promise<void> => {
  const text = await renderTable(table, { includeId: false });
  expect(sortedLines(text)).toEqual(sortedLines(expected.trim().replace(/^\s+/gm, '')));
};

describe('asofJoin', () => {
  it('left join matches the latest right row at or before each left row (Pathway doc example)', async () => {
    const { t1, t2 } = tables();
    const res = t1
      .asofJoin(t2, t1.c.t, t2.c.t, t1.c.K.eq(t2.c.K), { how: 'left', defaults: [[t2.c.val, -1]] })
      .select({
        instance: cw.this.instance,
        t: cw.this.t,
        val_left: t1.c.val,
        val_right: t2.c.val,
        sum: t1.c.val.add(t2.c.val),
      });
    await expectText(
      res,
      `instance | t  | val_left | val_right | sum
      0        | 1  | 1        | -1        | 0
      0        | 4  | 2        | 6         | 8
      0        | 5  | 3        | 6         | 9
      0        | 6  | 4        | 6         | 10
      0        | 7  | 5        | 2         | 7
      0        | 11 | 6        | 9         | 15
      0        | 12 | 7        | 9         | 16
      1        | 5  | 8        | 7         | 15
      1        | 7  | 9        | 7         | 16`,
    );
  });

  const pick = (t1: cw.Table<any>, t2: cw.Table<any>) => ({
    instance: cw.this.instance,
    t: cw.this.t,
    val_left: t1.c.val,
    val_right: t2.c.val,
    sum: t1.c.val.add(t2.c.val),
  });

  it('right join matches each right row with the latest left row (Pathway doc example)', async () => {
    const { t1, t2 } = tables();
    const res = t1.asofJoinRight(t2, t1.c.t, t2.c.t, t1.c.K.eq(t2.c.K), { defaults: [[t1.c.val, -1]] });
    await expectText(
      res.select(pick(t1, t2)),
      `instance | t  | val_left | val_right | sum
      0        | 2  | 1        | 0         | 1
      0        | 3  | 1        | 6         | 7
      0        | 7  | 5        | 2         | 7
      0        | 8  | 5        | 3         | 8
      0        | 9  | 5        | 9         | 14
      0        | 13 | 7        | 7         | 14
      0        | 14 | 7        | 4         | 11
      1        | 2  | -1       | 7         | 6
      1        | 8  | 9        | 3         | 12`,
    );
  });

  it('outer join keeps the rows of both sides (Pathway doc example)', async () => {
    const { t1, t2 } = tables();
    const res = cw.temporal.asofJoinOuter(t1, t2, t1.c.t, t2.c.t, cw.left.K.eq(cw.right.K), {
      defaults: new Map([
        [t1.c.val, -1],
        [t2.c.val, -1],
      ]),
    });
    await expectText(
      res.select(pick(t1, t2)),
      `instance | t  | val_left | val_right | sum
      0        | 1  | 1        | -1        | 0
      0        | 2  | 1        | 0         | 1
      0        | 3  | 1        | 6         | 7
      0        | 4  | 2        | 6         | 8
      0        | 5  | 3        | 6         | 9
      0        | 6  | 4        | 6         | 10
      0        | 7  | 5        | 2         | 7
      0        | 7  | 5        | 6         | 11
      0        | 8  | 5        | 3         | 8
      0        | 9  | 5        | 9         | 14
      0        | 11 | 6        | 9         | 15
      0        | 12 | 7        | 9         | 16
      0        | 13 | 7        | 7         | 14
      0        | 14 | 7        | 4         | 11
      1        | 2  | -1       | 7         | 6
      1        | 5  | 8        | 7         | 15
      1        | 7  | 9        | 7         | 16
      1        | 8  | 9        | 3         | 12`,
    );
  });

  it('forward and nearest directions pick the next or the closest row (ties go forward)', async () => {
    const l = tableFromMarkdown(`
      t
      1
      5
      10`);
    const r = tableFromMarkdown(`
      t | v
      0 | 100
      4 | 104
      7 | 107`);
    const fwd = l.asofJoin(r, l.c.t, r.c.t, { direction: 'forward' }).select({ t: l.c.t, v: r.c.v });
    await expectText(fwd, `t | v\n1 | 104\n5 | 107\n10 | None`);
    cw.clearGraph();
    const l2 = tableFromMarkdown(`
      t
      1
      2
      6
      10`);
    const r2 = tableFromMarkdown(`
      t | v
      0 | 100
      4 | 104
      7 | 107`);
    const near = l2.asofJoin(r2, l2.c.t, r2.c.t, { direction: 'nearest' }).select({ t: l2.c.t, v: r2.c.v });
    await expectText(near, `t | v\n1 | 100\n2 | 104\n6 | 107\n10 | 107`);
  });

  it('inner mode drops left rows without a peer', async () => {
    const l = tableFromMarkdown(`
      t
      1
      5`);
    const r = tableFromMarkdown(`
      t | v
      3 | 103`);
    const res = l.asofJoin(r, l.c.t, r.c.t, { how: 'inner' }).select({ t: l.c.t, v: r.c.v });
    await expectText(res, `t | v\n5 | 103`);
  });

  it('revises left rows when a late right row arrives and when it is retracted', async () => {
    const quotes = tableFromMarkdown(`
      id | t | __time__
       1 | 5 |    2
       2 | 9 |    2`);
    const prices = tableFromMarkdown(`
      id | t | p  | __time__ | __diff__
      10 | 1 | 10 |    2     |    1
      11 | 7 | 17 |    4     |    1
      12 | 4 | 14 |    6     |    1
      11 | 7 | 17 |    8     |   -1`);
    const res = quotes.asofJoinLeft(prices, quotes.c.t, prices.c.t).select({ t: quotes.c.t, p: prices.c.p });
    const text = await renderUpdateStream(res, { includeId: false });
    expect(sortedLines(text)).toEqual(
      sortedLines(
        [
          't | p  | __time__ | __diff__',
          '5 | 10 | 2        | 1',
          '9 | 10 | 2        | 1',
          '9 | 10 | 4        | -1',
          '9 | 17 | 4        | 1',
          '5 | 10 | 6        | -1',
          '5 | 14 | 6        | 1',
          '9 | 17 | 8        | -1',
          '9 | 14 | 8        | 1',
        ].join('\n'),
      ),
    );
  });

  it('joins date-times and keeps ids of the left side in a left join', async () => {
    const l = tableFromMarkdown(
      `
      id | t
       1 | 2024-01-01T00:00:05
       2 | 2024-01-01T00:00:01`,
      { schema: cw.schema({ t: cw.DATE_TIME_NAIVE }) },
    );
    const r = tableFromMarkdown(
      `
      t                   | v
      2024-01-01T00:00:03 | 3`,
      { schema: cw.schema({ t: cw.DATE_TIME_NAIVE, v: cw.INT }) },
    );
    const res = l.asofJoinLeft(r, l.c.t, r.c.t).select({ v: r.c.v });
    const rows = await renderTable(
      res.select({ v: cw.this.v, same: l.select({ x: cw.this.t }).c.x.isNotNone() }),
      {
        includeId: false,
      },
    );
    expect(sortedLines(rows)).toEqual(sortedLines('v | same\n3 | True\nNone | True'));
  });

  it('rejects a wrong direction and self joins at build time', () => {
    const l = tableFromMarkdown(`
      t
      1`);
    expect(() => l.asofJoin(l, l.c.t, l.c.t)).toThrow(/itself/);
    const r = l.select({ t: cw.this.t });
    expect(() => l.asofJoin(r, l.c.t, r.c.t, { direction: 'sideways' as never })).toThrow(/direction/);
  });

  it('accepts leftInstance / rightInstance as a join condition and rejects non-time columns', async () => {
    const { t1, t2 } = tables();
    const res = t1
      .asofJoinLeft(t2, t1.c.t, t2.c.t, { leftInstance: t1.c.K, rightInstance: t2.c.K })
      .select({ t: cw.this.t, instance: cw.this.instance, val_right: t2.c.val })
      .filter(cw.this.instance.eq(1));
    await expectText(res, `t | instance | val_right\n5 | 1 | 7\n7 | 1 | 7`);
    const s = tableFromMarkdown(`
      t
      a`);
    expect(() => s.asofJoin(t2, s.c.t, t2.c.t)).toThrow(/number or a date-time/);
    expect(() => t1.asofJoin(t2, t1.c.t, t2.c.t, { leftInstance: t1.c.K })).toThrow(/both/);
  });
});
