import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { lines, sortedRows } from '../../render-sorted.test-util.js';
import { expectStream } from '../joins/expect-rows.test-util.js';
import { captureTables } from '../../../testing/capture.js';
import { compareKeys } from '../../reducers/compare.js';
import type { Key } from '../../../engine/key.js';

afterEach(() => cw.clearGraph());

function data() {
  return tableFromMarkdown(`
      | t  | v
    1 | 1  | 10
    2 | 2  | 1
    3 | 4  | 3
    4 | 8  | 2
    5 | 9  | 4
    6 | 10 | 8
    7 | 1  | 9
    8 | 2  | 16`);
}

describe('windowBy intervalsOver', () => {
  it('makes one window per at value over [at + lower, at + upper] (Pathway doc example)', async () => {
    const t = data();
    const probes = tableFromMarkdown(`
      t
      2
      4
      6
      8
      10`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -2, upperBound: 1 }),
      })
      .reduce(cw.this._windowLocation, { v: cw.reducers.sortedTuple(cw.this.v) });
    expect(await sortedRows(r)).toBe(
      lines(
        '_windowLocation | v',
        '10              | (2, 4, 8)',
        '2               | (1, 9, 10, 16)',
        '4               | (1, 3, 16)',
        '6               | (3,)',
        '8               | (2, 4)',
      ),
    );
  });
});

describe('windowBy intervalsOver outer and inner', () => {
  const probes = () =>
    tableFromMarkdown(`
      t
      2
      6
      20`);

  it('keeps a window without rows as one row of Nones when isOuter (Pathway: a left interval join)', async () => {
    const t = data();
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes().c.t, lowerBound: -2, upperBound: 1 }),
      })
      .reduce(cw.this._windowLocation, cw.this._windowStart, cw.this._windowEnd, {
        n: cw.reducers.count(),
        m: cw.reducers.max(cw.this.v),
      });
    expect(await sortedRows(r)).toBe(
      lines(
        '_windowLocation | _windowStart | _windowEnd | n | m',
        '2               | 0            | 3          | 4 | 16',
        '20              | 18           | 21         | 1 | None',
        '6               | 4            | 7          | 1 | 3',
      ),
    );
  });

  it('omits windows without rows when isOuter is false', async () => {
    const t = data();
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({
          at: probes().c.t,
          lowerBound: -2,
          upperBound: 1,
          isOuter: false,
        }),
      })
      .reduce(cw.this._windowLocation, { n: cw.reducers.count() });
    expect(await sortedRows(r)).toBe(
      lines('_windowLocation | n', '2               | 4', '6               | 1'),
    );
  });

  it('windows per instance and per distinct at value, at points from the windowed table itself', async () => {
    const t = tableFromMarkdown(`
        | k | t | v
      1 | a | 1 | 1
      2 | a | 2 | 2
      3 | b | 2 | 4
      4 | b | 9 | 8`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: t.c.t, lowerBound: -1, upperBound: 0.5, isOuter: false }),
        instance: t.c.k,
      })
      .reduce(cw.this._instance, cw.this._windowLocation, { s: cw.reducers.sum(cw.this.v) });
    // One window per distinct value: the two rows at t = 2 make one window, whose rows count once.
    expect(await sortedRows(r)).toBe(
      lines(
        '_instance | _windowLocation | s',
        'a         | 1               | 1',
        'a         | 2               | 3',
        'b         | 2               | 4',
        'b         | 9               | 8',
      ),
    );
  });
});

describe('windowBy intervalsOver streaming', () => {
  it('follows insertions and retractions of rows and of at points', async () => {
    const t = tableFromMarkdown(`
        | t | v | __time__ | __diff__
      1 | 1 | 1 | 2        | 1
      2 | 3 | 2 | 2        | 1
      3 | 5 | 4 | 4        | 1
      2 | 3 | 2 | 6        | -1`);
    const probes = tableFromMarkdown(`
        | t | __time__ | __diff__
      1 | 2 | 2        | 1
      2 | 5 | 4        | 1
      1 | 2 | 8        | -1`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -1, upperBound: 1 }),
      })
      .reduce(cw.this._windowLocation, { s: cw.reducers.sum(cw.this.v) });
    await expectStream(
      r,
      `_windowLocation | s | __time__ | __diff__
      2 | 3 | 2 | 1
      5 | 4 | 4 | 1
      2 | 3 | 6 | -1
      2 | 1 | 6 | 1
      2 | 1 | 8 | -1`,
    );
  });
});

describe('windowBy intervalsOver tuple order (Pathway groups with sort_by=_pw_key)', () => {
  it('lists tuple() values in time order, not row-id order', async () => {
    const t = tableFromMarkdown(`
        | t  | v
      4 | 8  | 2
      5 | 9  | 4
      6 | 10 | 8`);
    const probes = tableFromMarkdown(`
      t
      10`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -2, upperBound: 1, isOuter: false }),
      })
      .reduce(cw.this._windowLocation, { v: cw.reducers.tuple(cw.this.v) });
    expect(await sortedRows(r)).toBe(lines('_windowLocation | v', '10              | (2, 4, 8)'));
  });

  it('gives Pathway test_intervals_over_with_instance tuples', async () => {
    const t = tableFromMarkdown(`
        | t  | v  | instance
      1 | 1  | 10 | 1
      2 | 2  | 1  | 1
      3 | 4  | 3  | 1
      4 | 8  | 2  | 1
      5 | 9  | 4  | 2
      6 | 10 | 8  | 2
      7 | 1  | 9  | 2
      8 | 2  | 16 | 2`);
    const probes = tableFromMarkdown(`
      t
      2
      6
      10`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -4, upperBound: 2, isOuter: false }),
        instance: cw.this.instance,
      })
      .reduce(cw.this._windowLocation, cw.this._instance, { v: cw.reducers.tuple(cw.this.v) });
    expect(await sortedRows(r)).toBe(
      lines(
        '_windowLocation | _instance | v',
        '10              | 1         | (2,)',
        '10              | 2         | (4, 8)',
        '2               | 1         | (10, 1, 3)',
        '2               | 2         | (9, 16)',
        '6               | 1         | (1, 3, 2)',
        '6               | 2         | (16,)',
      ),
    );
  });

  it('orders rows at equal times by row id, so tuples of several columns line up (Pathway: by its join ids)', async () => {
    const t = data();
    const probes = tableFromMarkdown(`
      t
      2
      4`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -2, upperBound: 1, isOuter: false }),
      })
      .reduce({
        at: cw.this._windowLocation,
        ts: cw.reducers.tuple(cw.this.t),
        vs: cw.reducers.tuple(cw.this.v),
        ids: cw.reducers.tuple(cw.this.id),
      });
    const [c] = await captureTables([r]);
    const byAt = new Map(c!.updates.map((u) => [u.row[0], u.row.slice(1) as unknown[][]]));
    // Window 2 holds t = 1, 1, 2, 2 (Pathway's test_intervals_over lists such ties in the order of its join ids).
    const [ts, vs, ids] = byAt.get(2)!;
    expect(ts).toEqual([1, 1, 2, 2]);
    expect([...vs!.slice(0, 2)].sort()).toEqual([10, 9].sort());
    expect([...vs!.slice(2, 4)].sort()).toEqual([1, 16].sort());
    expect(compareKeys(ids![0] as Key, ids![1] as Key)).toBeLessThan(0);
    expect(compareKeys(ids![2] as Key, ids![3] as Key)).toBeLessThan(0);
    // Window 4 holds t = 2, 2, 4: the tied rows in the same order as in window 2.
    const [ts4, vs4] = byAt.get(4)!;
    expect(ts4).toEqual([2, 2, 4]);
    expect(vs4).toEqual([...vs!.slice(2, 4), 3]);
  });

  it('gives an empty outer window (None,) without evaluating a computed time on its Nones', async () => {
    const t = data();
    const probes = tableFromMarkdown(`
      t
      6
      10`);
    const r = t
      .windowBy(t.c.t.add(0), {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -1, upperBound: 1, isOuter: true }),
      })
      .reduce(cw.this._windowLocation, { v: cw.reducers.tuple(cw.this.v) });
    expect(await sortedRows(r)).toBe(
      lines('_windowLocation | v', '10              | (4, 8)', '6               | (None,)'),
    );
  });

  it('reorders a tuple when a row moves in time within its window', async () => {
    const t = tableFromMarkdown(`
        | t | v | __time__ | __diff__
      1 | 1 | 1 | 2        | 1
      2 | 2 | 2 | 2        | 1
      1 | 1 | 1 | 4        | -1
      1 | 3 | 1 | 4        | 1`);
    const probes = tableFromMarkdown(`
        | t | __time__
      1 | 2 | 2`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.intervalsOver({ at: probes.c.t, lowerBound: -1, upperBound: 1 }),
      })
      .reduce(cw.this._windowLocation, { v: cw.reducers.tuple(cw.this.v) });
    await expectStream(
      r,
      `_windowLocation | v      | __time__ | __diff__
      2               | (1, 2) | 2        | 1
      2               | (1, 2) | 4        | -1
      2               | (2, 1) | 4        | 1`,
    );
  });

  it('keeps tuple() in row-id order in tumbling windows (Pathway passes sort_by to intervals_over only)', async () => {
    const t = tableFromMarkdown(`
        | t | v
      1 | 2 | 1
      2 | 1 | 2
      3 | 0 | 3`);
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.tumbling({ duration: 10 }) })
      .reduce({ ts: cw.reducers.tuple(cw.this.t), ids: cw.reducers.tuple(cw.this.id) });
    const [c] = await captureTables([r]);
    const [ts, ids] = c!.updates[0]!.row as [number[], Key[]];
    const byId = [...ids].sort(compareKeys);
    expect(ids).toEqual(byId);
    expect(ts).toHaveLength(3);
  });
});
