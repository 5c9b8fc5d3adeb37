import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown, tableFromRows, tableToRows } from '../../../testing/index.js';
import { lines, sortedRows } from '../../render-sorted.test-util.js';
import { slidingExample } from './sliding-example.test-util.js';

afterEach(() => cw.clearGraph());

describe('windowBy tumbling', () => {
  it('groups by tumbling windows per instance (Pathway doc example)', async () => {
    const t = tableFromMarkdown(`
        | instance | t
      1 | 0        | 12
      2 | 0        | 13
      3 | 0        | 14
      4 | 0        | 15
      5 | 0        | 16
      6 | 0        | 17
      7 | 1        | 12
      8 | 1        | 13`);
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.tumbling({ duration: 5 }), instance: t.c.instance })
      .reduce(cw.this._instance, cw.this._windowStart, cw.this._windowEnd, {
        min_t: cw.reducers.min(cw.this.t),
        max_t: cw.reducers.max(t.c.t),
        count: cw.reducers.count(),
      });
    expect(await sortedRows(r)).toBe(
      lines(
        '_instance | _windowStart | _windowEnd | min_t | max_t | count',
        '0         | 10           | 15         | 12    | 14    | 3',
        '0         | 15           | 20         | 15    | 17    | 3',
        '1         | 10           | 15         | 12    | 13    | 2',
      ),
    );
  });
});

describe('windowBy sliding', () => {
  it('assigns each event to every window containing it (Pathway doc example)', async () => {
    expect(await sortedRows(slidingExample())).toBe(
      lines(
        '_instance | _windowStart | _windowEnd | min_t | max_t | count',
        '0         | 12           | 22         | 12    | 17    | 6',
        '0         | 15           | 25         | 15    | 17    | 3',
        '0         | 3            | 13         | 12    | 12    | 1',
        '0         | 6            | 16         | 12    | 15    | 4',
        '0         | 9            | 19         | 12    | 17    | 6',
        '1         | 3            | 13         | 10    | 11    | 2',
        '1         | 6            | 16         | 10    | 11    | 2',
        '1         | 9            | 19         | 10    | 11    | 2',
      ),
    );
  });
});

describe('windowBy session', () => {
  it('groups neighbours accepted by a predicate (Pathway doc example)', async () => {
    const t = tableFromMarkdown(`
        | instance |  t |  v
      1 | 0        |  1 |  10
      2 | 0        |  2 |  1
      3 | 0        |  4 |  3
      4 | 0        |  8 |  2
      5 | 0        |  9 |  4
      6 | 0        |  10|  8
      7 | 1        |  1 |  9
      8 | 1        |  2 |  16`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.session({ predicate: (a: number, b: number) => Math.abs(a - b) <= 1 }),
        instance: t.c.instance,
      })
      .reduce(cw.this._instance, cw.this._windowStart, cw.this._windowEnd, {
        min_t: cw.reducers.min(cw.this.t),
        max_v: cw.reducers.max(cw.this.v),
        count: cw.reducers.count(),
      });
    expect(await sortedRows(r)).toBe(
      lines(
        '_instance | _windowStart | _windowEnd | min_t | max_v | count',
        '0         | 1            | 2          | 1     | 10    | 2',
        '0         | 4            | 4          | 4     | 3     | 1',
        '0         | 8            | 10         | 8     | 8     | 3',
        '1         | 1            | 2          | 1     | 16    | 2',
      ),
    );
  });
});

describe('windowBy float times (Pathway test_tumbling_floats / test_sliding_floats)', () => {
  const times = Array.from({ length: 100 }, (_, k) => ({ t: 0.1 * (k + 1) }));
  const counts = async (window: cw.temporal.SlidingWindow): Promise<number> => {
    const t = tableFromRows(cw.schema({ t: cw.FLOAT }), times);
    const r = t.windowBy(t.c.t, { window }).reduce(cw.this._windowStart, { n: cw.reducers.count() });
    return (await tableToRows<{ n: number }>(r)).reduce((s, row) => s + row.n, 0);
  };
  it('puts every time in its tumbling window despite rounding', async () => {
    expect(await counts(cw.temporal.tumbling({ duration: 0.1, origin: -0.1 }))).toBe(100);
  });
  it('puts every time in each of its sliding windows despite rounding', async () => {
    expect(await counts(cw.temporal.sliding({ hop: 0.1, ratio: 3, origin: -0.1 }))).toBe(300);
  });
  it('bounds a ratio window as Pathway does (hop · (k + ratio) + origin)', async () => {
    const t = tableFromRows(cw.schema({ t: cw.FLOAT }), [{ t: 0.2 }]);
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.sliding({ hop: 0.1, ratio: 3 }) })
      .reduce(cw.this._windowStart, cw.this._windowEnd, { n: cw.reducers.count() });
    const rows = (await tableToRows<{ _windowStart: number; _windowEnd: number }>(r)).map((x) => [
      x._windowStart,
      x._windowEnd,
    ]);
    rows.sort((a, b) => a[0]! - b[0]!);
    expect(rows).toEqual([
      [0, 0.30000000000000004],
      [0.1, 0.4],
      [0.2, 0.5],
    ]);
  });
});
