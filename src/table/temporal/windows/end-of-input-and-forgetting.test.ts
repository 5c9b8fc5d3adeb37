// End of the input and the timing of forgetting, as Pathway: chained delay buffers all flush (test_windows.py::
// test_flush_buffer_long_chain_of_operators), and windows with keepResults: false are forgotten only in an epoch
// after the one passing them (test_windows.py::test_sliding_compacting; time_column.rs `_forget`).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { captureTables } from '../../../testing/capture.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { slidingExample } from './sliding-example.test-util.js';

afterEach(() => cw.clearGraph());

/** Rows of the table at the end (consolidated), as sorted strings. */
async function finalRows(t: cw.Table<any>): Promise<string[]> {
  const [c] = await captureTables([t]);
  const sums = new Map<string, number>();
  for (const u of c!.updates) {
    const k = u.row.join(',');
    sums.set(k, (sums.get(k) ?? 0) + u.diff);
  }
  const out: string[] = [];
  for (const [k, d] of sums) for (let i = 0; i < d; i++) out.push(k);
  return out.sort();
}

/** The update stream as `time: row diff`, sorted. */
async function stream(t: cw.Table<any>): Promise<string[]> {
  const [c] = await captureTables([t]);
  return c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort();
}

describe('end of input with chained delay buffers', () => {
  it('releases rows held by a buffer fed by another buffer at the end of the input', async () => {
    const t = tableFromMarkdown(`
      t
      1
      5`);
    const b1 = t.buffer(t.c.t, 10);
    const b2 = b1.buffer(b1.c.t, 10);
    expect(await finalRows(b2)).toEqual(['1', '5']);
  });

  it('keeps every row through five chained windowBy with delay (Pathway test_flush_buffer_long_chain_of_operators)', async () => {
    let t: cw.Table<any> = tableFromMarkdown(`
      t
      12
      14
      16
      18
      20
      22
      24
      26`);
    for (let i = 0; i < 5; i++) {
      t = t
        .windowBy(t.c.t, {
          window: cw.temporal.sliding({ duration: 2, hop: 2, origin: 1 }),
          behavior: cw.temporal.commonBehavior({ delay: 8, cutoff: 100, keepResults: false }),
        })
        .reduce({ t: cw.reducers.any(cw.this.t) });
    }
    expect(await finalRows(t)).toEqual(['12', '14', '16', '18', '20', '22', '24', '26']);
  });
});

describe('forgetting windows with keepResults: false', () => {
  it('forgets nothing in a batch run (Pathway test_sliding_compacting)', async () => {
    const r = slidingExample(cw.temporal.commonBehavior({ delay: 0, cutoff: 1, keepResults: false }));
    expect(await finalRows(r)).toEqual(
      [
        '0,3,13,12,12,1',
        '0,6,16,12,15,4',
        '0,9,19,12,17,6',
        '0,12,22,12,17,6',
        '0,15,25,15,17,3',
        '1,3,13,10,11,2',
        '1,6,16,10,11,2',
        '1,9,19,10,11,2',
      ].sort(),
    );
  });

  it('retracts a window in the first epoch with rows after the one whose watermark passed it', async () => {
    // Tumbling windows of 5, cutoff 0. At 4 the watermark reaches 7 (window [0,5) passed): Pathway's `_forget`
    // compares with the largest time of earlier batches (4 at that point), so [0,5) goes only at 6, the next epoch
    // bringing rows (against 7: [5,10) stays); the epoch at 8 brings no row that counts (t=1 is late), so [5,10),
    // passed by 12, is never forgotten.
    const t = tableFromMarkdown(`
      t  | __time__
      1  | 2
      4  | 2
      7  | 4
      1  | 8
      12 | 6`);
    const r = t
      .windowBy(t.c.t, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.commonBehavior({ cutoff: 0, keepResults: false }),
      })
      .reduce({ start: cw.this._windowStart, n: cw.reducers.count() });
    expect(await stream(r)).toEqual(['2: 0,2 1', '4: 5,1 1', '6: 0,2 -1', '6: 10,1 1'].sort());
  });
});
