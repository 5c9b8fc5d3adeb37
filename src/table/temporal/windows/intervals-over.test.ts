import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { lines, sortedRows } from '../../render-sorted.test-util.js';
import { expectStream } from '../joins/expect-rows.test-util.js';

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
