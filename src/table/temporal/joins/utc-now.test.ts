import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { DateTimeUtc } from '../../values/date-time.js';

afterEach(() => cw.clearGraph());

/** Resolves when `pred` holds (checked on every change), or rejects after a generous timeout. */
function until(pred: () => boolean, what: string): { check: () => void; done: Promise<void> } {
  let resolve!: () => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), 20_000).unref();
  });
  return { check: () => void (pred() && resolve()), done };
}

describe('temporal.utcNow', () => {
  it('keeps one row with the clock time, replaced at every tick, until the runtime stops', async () => {
    let fake = 1_700_000_000_000;
    const now = cw.temporal.utcNow({ refreshRate: 2, clock: () => (fake += 1000) });
    const seen: [number, boolean][] = [];
    let live = 0;
    const waiter = until(() => seen.filter(([, add]) => add).length >= 3, 'three ticks');
    cw.subscribe(now, {
      onChange: (_k, row, _t, add) => {
        live += add ? 1 : -1;
        seen.push([row.timestamp_utc.ms, add]);
        waiter.check();
      },
    });
    const rt = cw.build();
    const running = rt.run();
    await waiter.done;
    await rt.stop();
    await running;
    expect(live).toBe(1);
    const added = seen.filter(([, add]) => add).map(([ms]) => ms);
    expect(added.slice(0, 3)).toEqual([1_700_000_001_000, 1_700_000_002_000, 1_700_000_003_000]);
  });

  it('rejects a non-positive refresh rate', () => {
    expect(() => cw.temporal.utcNow({ refreshRate: 0 })).toThrow(/positive/);
  });
});

describe('temporal.addUpdateTimestampUtc', () => {
  it('stamps each row with the time of its last change and keeps ids', async () => {
    let clock = 1000;
    const input = cw.inputTable(cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT }));
    const stamped = cw.temporal.addUpdateTimestampUtc(input.table, { clock: () => clock });
    const rows = new Map<string, [number, number]>();
    cw.subscribe(stamped, {
      onChange: (key, row, _t, add) => {
        if (add) rows.set(key, [row.v, (row.updated_timestamp_utc as DateTimeUtc).ms]);
        else rows.delete(key);
      },
    });
    const rt = cw.build();
    const a = input.upsert({ k: 'a', v: 1 });
    input.upsert({ k: 'b', v: 2 });
    await rt.step(1);
    clock = 5000;
    input.upsert({ k: 'a', v: 3 });
    await rt.step(2);
    expect([...rows.values()].sort()).toEqual([
      [2, 1000],
      [3, 5000],
    ]);
    expect(rows.get(a)).toEqual([3, 5000]);
  });
});
