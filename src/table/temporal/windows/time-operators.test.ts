import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { captureTables } from '../../../testing/capture.js';
import { tableFromMarkdown } from '../../../testing/index.js';

afterEach(() => cw.clearGraph());

async function stream(t: cw.Table<any>): Promise<string[]> {
  const [c] = await captureTables([t]);
  return c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort();
}

const input = `
      time | v | __time__
      1    | a | 2
      10   | b | 4
      4    | c | 6
      8    | d | 6
      20   | e | 8`;

describe('Table.ignoreLate', () => {
  it('drops rows older than the watermark minus the threshold', async () => {
    const t = tableFromMarkdown(input);
    expect(await stream(t.ignoreLate(t.c.time, 3))).toEqual(
      ['2: 1,a 1', '4: 10,b 1', '6: 8,d 1', '8: 20,e 1'].sort(),
    );
  });
});

describe('Table.buffer', () => {
  it('holds rows until the watermark reaches time + threshold, releasing the rest at the end', async () => {
    const t = tableFromMarkdown(input);
    expect(await stream(t.buffer(t.c.time, 5))).toEqual(
      ['4: 1,a 1', '6: 4,c 1', '8: 10,b 1', '8: 8,d 1', '9: 20,e 1'].sort(),
    );
  });
});

describe('Table.forget', () => {
  it('retracts rows once they are older than the watermark minus the threshold', async () => {
    const t = tableFromMarkdown(input);
    expect(await stream(t.forget(t.c.time, 5))).toEqual(
      ['2: 1,a 1', '4: 1,a -1', '4: 10,b 1', '6: 8,d 1', '8: 10,b -1', '8: 8,d -1', '8: 20,e 1'].sort(),
    );
  });

  it('frees the state of a grouped count fed through it', async () => {
    const t = tableFromMarkdown(input);
    const r = t.forget(t.c.time, 5).reduce({ n: cw.reducers.count() });
    const [c] = await captureTables([r]);
    expect([...c!.final.entries].map(([, g]) => g.rows[0])).toEqual([[1]]);
  });

  it('with markForgettingRecords, lets a late row in and forgets it in the same epoch', async () => {
    const t = tableFromMarkdown(input);
    // Row c (time 4, epoch 6) is past its threshold on arrival: forget drops it; marked, it nets out in epoch 6.
    const marked = await stream(t.forget(t.c.time, 5, { markForgettingRecords: true }));
    cw.clearGraph();
    const u = tableFromMarkdown(input);
    expect(marked).toEqual(await stream(u.forget(u.c.time, 5)));
  });
});
