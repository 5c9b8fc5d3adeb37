import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { lines, sortedRows } from '../../render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const eight = `
    | instance | t
  1 | 0        | 12
  2 | 0        | 13
  3 | 0        | 14
  4 | 0        | 15
  5 | 0        | 16
  6 | 0        | 17
  7 | 1        | 10
  8 | 1        | 11`;

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
    const t = tableFromMarkdown(eight);
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.sliding({ duration: 10, hop: 3 }), instance: t.c.instance })
      .reduce(cw.this._instance, cw.this._windowStart, cw.this._windowEnd, {
        min_t: cw.reducers.min(cw.this.t),
        max_t: cw.reducers.max(cw.this.t),
        count: cw.reducers.count(),
      });
    expect(await sortedRows(r)).toBe(
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
