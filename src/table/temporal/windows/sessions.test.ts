import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { captureTables } from '../../../testing/capture.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { Duration } from '../../values/duration.js';
import { lines, sortedRows } from '../../render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

async function stream(t: cw.Table<any>): Promise<string[]> {
  const [c] = await captureTables([t]);
  return c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort();
}

describe('session windows, streaming', () => {
  it('merges two sessions when a late event bridges them, and splits them when it is retracted', async () => {
    const t = tableFromMarkdown(`
        | t  | __time__ | __diff__
      1 | 1  | 2        | 1
      2 | 2  | 2        | 1
      3 | 6  | 4        | 1
      4 | 4  | 6        | 1
      4 | 4  | 8        | -1`);
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.session({ maxGap: 3 }) })
      .reduce({ start: cw.this._windowStart, end: cw.this._windowEnd, n: cw.reducers.count() });
    expect(await stream(r)).toEqual(
      [
        '2: 1,2,2 1',
        '4: 6,6,1 1',
        '6: 1,2,2 -1',
        '6: 6,6,1 -1',
        '6: 1,6,4 1',
        '8: 1,6,4 -1',
        '8: 1,2,2 1',
        '8: 6,6,1 1',
      ].sort(),
    );
  });

  it('keeps instances apart and recomputes only the touched one', async () => {
    const t = tableFromMarkdown(`
      k | t  | __time__
      a | 1  | 2
      b | 2  | 2
      a | 2  | 4`);
    const r = t.windowBy(t.c.t, { window: cw.temporal.session({ maxGap: 2 }), instance: t.c.k }).reduce({
      k: cw.this._instance,
      start: cw.this._windowStart,
      end: cw.this._windowEnd,
      n: cw.reducers.count(),
    });
    expect(await stream(r)).toEqual(['2: a,1,1,1 1', '2: b,2,2,1 1', '4: a,1,1,1 -1', '4: a,1,2,2 1'].sort());
  });
});

describe('windows over date-times', () => {
  it('tumbles DateTimeNaive times by a Duration', async () => {
    const t = tableFromMarkdown(`
      t                   | v
      2024-01-01T10:00:10 | 1
      2024-01-01T10:00:50 | 2
      2024-01-01T10:01:30 | 3`).select({ t: cw.this.t.dt.strptime('%Y-%m-%dT%H:%M:%S'), v: cw.this.v });
    const r = t
      .windowBy(t.c.t, { window: cw.temporal.tumbling({ duration: Duration.fromSeconds(60) }) })
      .reduce({ start: cw.this._windowStart, end: cw.this._windowEnd, s: cw.reducers.sum(cw.this.v) });
    expect(await sortedRows(r)).toBe(
      lines(
        'start               | end                 | s',
        '2024-01-01 10:00:00 | 2024-01-01 10:01:00 | 3',
        '2024-01-01 10:01:00 | 2024-01-01 10:02:00 | 3',
      ),
    );
  });
});
