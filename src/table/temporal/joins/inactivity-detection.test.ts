import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import type { DateTimeUtc } from '../../values/date-time.js';
import { Duration } from '../../values/duration.js';

afterEach(() => cw.clearGraph());

const Events = cw.schema({ user: cw.STR, v: cw.INT });

/** Current rows of a table as printable lines, kept up to date by a subscription. */
function watch(table: cw.Table<any>): () => string[] {
  const rows = new Map<string, string>();
  const ms = (v: unknown) => (v === null ? 'None' : String((v as DateTimeUtc).ms));
  cw.subscribe(table, {
    onChange: (key, row, _t, add) => {
      const r = row as Record<string, unknown>;
      const text = [
        ...('instance' in r ? [String(r.instance)] : []),
        ms(r.inactivity_timestamp_utc),
        ms(r.resumed_activity_timestamp_utc),
      ].join(' ');
      if (add) rows.set(key, text);
      else rows.delete(key);
    },
  });
  return () => [...rows.values()].sort();
}

describe('temporal.inactivityDetection', () => {
  it('reports a period without rows and when activity resumed (processing time, fake clock)', async () => {
    let clock = 0;
    const events = cw.inputTable(Events);
    const found = cw.temporal.inactivityDetection(events.table, Duration.of({ seconds: 10 }), {
      clock: () => clock,
    });
    const rows = watch(found);
    const rt = cw.build();
    clock = 5_000;
    events.insert({ user: 'a', v: 1 });
    await rt.step(1);
    clock = 12_000;
    await rt.step(2);
    expect(rows()).toEqual([]);
    clock = 16_000;
    await rt.step(3);
    expect(rows()).toEqual(['5000 None']);
    clock = 20_000;
    await rt.step(4);
    expect(rows()).toEqual(['5000 None']);
    clock = 21_000;
    events.insert({ user: 'b', v: 2 });
    await rt.step(5);
    expect(rows()).toEqual(['5000 21000']);
    clock = 40_000;
    await rt.step(6);
    expect(rows()).toEqual(['21000 None', '5000 21000']);
  });

  it('reports the start of the program when no row ever arrives', async () => {
    let clock = 1_000;
    const events = cw.inputTable(Events);
    const found = cw.temporal.inactivityDetection(events.table, 500, { clock: () => clock });
    const rows = watch(found);
    const rt = cw.build();
    clock = 1_200;
    await rt.step(1);
    expect(rows()).toEqual([]);
    clock = 3_000;
    await rt.step(2);
    expect(rows()).toEqual(['1000 None']);
    events.insert({ user: 'a', v: 1 });
    clock = 3_500;
    await rt.step(3);
    expect(rows()).toEqual(['1000 3500']);
  });

  it('tracks instances separately', async () => {
    let clock = 0;
    const events = cw.inputTable(Events);
    const found = cw.temporal.inactivityDetection(events.table, 100, {
      clock: () => clock,
      instance: events.table.c.user,
    });
    const rows = watch(found);
    const rt = cw.build();
    events.insert({ user: 'a', v: 1 });
    events.insert({ user: 'b', v: 1 });
    await rt.step(1);
    clock = 150;
    events.insert({ user: 'b', v: 2 });
    await rt.step(2);
    expect(rows()).toEqual(['a 0 None']);
    clock = 300;
    events.insert({ user: 'a', v: 3 });
    await rt.step(3);
    expect(rows()).toEqual(['a 0 300', 'b 150 None']);
  });
});
