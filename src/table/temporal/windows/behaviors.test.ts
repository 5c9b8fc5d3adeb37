// Streams through windows with behaviors: Pathway's windows_stream scenarios (68 events, times (i // 2) % 17,
// sliding windows of 5 every 3), with one event per epoch as in Pathway's test and with several events per epoch,
// checked epoch by epoch against a model of delay/cutoff/keepResults; batch runs (one epoch) keep every event.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { captureTables } from '../../../testing/capture.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { slidingWindows } from './window-models.test-util.js';

afterEach(() => cw.clearGraph());

const N = 68;
const timeOf = (i: number): number => Math.floor(i / 2) % 17;
/** Epoch time of event `i` when `perEpoch` events share an epoch. */
const epochOf = (i: number, perEpoch: number): number => 2 * (Math.floor(i / perEpoch) + 1);

function events(perEpoch: number): cw.Table<any> {
  const rows = Array.from({ length: N }, (_, i) => `${timeOf(i)} | ${i} | ${epochOf(i, perEpoch)}`);
  return tableFromMarkdown(['time | value | __time__', ...rows].join('\n'));
}

type Agg = { end: number; maxTime: number; maxValue: number };
type Held = { start: number; end: number; t: number; v: number };

/**
 * Expected output per epoch: a model of the behaviors. Per epoch, W0 is the watermark at the end of the previous
 * epoch and W the watermark with the epoch's events: events of windows with end + cutoff ≤ W0 are ignored (late),
 * the others are held until start + delay ≤ W (the rest is released after the input ends). Closing follows
 * Pathway's `_forget` (time_column.rs, update_time_before_emitting = false): only in an epoch where the reduction
 * receives rows, windows with end + cutoff ≤ the clock (W at the end of the last earlier such epoch) are closed
 * (their result retracted unless keepResults).
 */
function model(
  duration: number,
  hop: number,
  delay: number,
  cutoff: number,
  keep: boolean,
  perEpoch: number,
) {
  const results = new Map<number, Agg>();
  const open = new Set<number>();
  const held: Held[] = [];
  const stream: string[] = [];
  let w = -Infinity;
  let clock = -Infinity;
  const emit = (epoch: number, release: Held[]) => {
    if (release.length === 0) return;
    const before = new Map(results);
    for (const e of release) {
      const cur = open.has(e.start) ? results.get(e.start) : undefined;
      results.set(e.start, {
        end: e.end,
        maxTime: Math.max(cur?.maxTime ?? -Infinity, e.t),
        maxValue: Math.max(cur?.maxValue ?? -Infinity, e.v),
      });
      open.add(e.start);
    }
    for (const s of [...open]) {
      if (s + duration + cutoff <= clock) {
        open.delete(s);
        if (!keep) results.delete(s);
      }
    }
    clock = w;
    const fmt = (s: number, a: Agg) => `${epoch} ${s} ${a.end} ${a.maxTime} ${a.maxValue}`;
    for (const [s, a] of before) {
      const now = results.get(s);
      if (now === undefined || JSON.stringify(now) !== JSON.stringify(a)) stream.push(`${fmt(s, a)} -1`);
    }
    for (const [s, a] of results) {
      const old = before.get(s);
      if (old === undefined || JSON.stringify(old) !== JSON.stringify(a)) stream.push(`${fmt(s, a)} 1`);
    }
  };
  for (let first = 0; first < N; first += perEpoch) {
    const last = Math.min(N, first + perEpoch);
    const w0 = w;
    for (let i = first; i < last; i++) w = Math.max(w, timeOf(i));
    const release: Held[] = [];
    for (let i = first; i < last; i++) {
      const t = timeOf(i);
      for (const [start, end] of slidingWindows(t, duration, hop)) {
        if (end + cutoff <= w0) continue;
        const e = { start, end, t, v: i };
        if (start + delay <= w) release.push(e);
        else held.push(e);
      }
    }
    for (let j = held.length - 1; j >= 0; j--) {
      if (held[j]!.start + delay <= w) release.push(...held.splice(j, 1));
    }
    emit(epochOf(first, perEpoch), release);
  }
  if (held.length > 0) emit(epochOf(N - 1, perEpoch) + 1, held.splice(0));
  return stream.sort();
}

/** The output stream, consolidated per epoch (a window opened and closed in one epoch nets out). */
async function run(
  duration: number,
  hop: number,
  behavior: cw.temporal.Behavior,
  perEpoch = 1,
): Promise<string[]> {
  const t = events(perEpoch);
  const r = t.windowBy(t.c.time, { window: cw.temporal.sliding({ duration, hop }), behavior }).reduce({
    start: cw.this._windowStart,
    end: cw.this._windowEnd,
    maxTime: cw.reducers.max(cw.this.time),
    maxValue: cw.reducers.max(cw.this.value),
  });
  const [c] = await captureTables([r]);
  const sums = new Map<string, number>();
  for (const u of c!.updates) {
    const k = `${u.time} ${u.row.join(' ')}`;
    sums.set(k, (sums.get(k) ?? 0) + u.diff);
  }
  return [...sums]
    .filter(([, d]) => d !== 0)
    .map(([k, d]) => `${k} ${d}`)
    .sort();
}

describe('commonBehavior', () => {
  const cases: [number, number, boolean][] = [
    [0, 0, true],
    [0, 0, false],
    [1, 0, true],
    [1, 0, false],
    [0, 1, true],
    [0, 1, false],
    [1, 1, true],
    [1, 1, false],
    [5, 6, true],
  ];
  for (const [delay, cutoff, keepResults] of cases) {
    it(`matches the model epoch by epoch with delay ${delay}, cutoff ${cutoff}, keepResults ${keepResults}`, async () => {
      const got = await run(5, 3, cw.temporal.commonBehavior({ delay, cutoff, keepResults }));
      const want = model(5, 3, delay, cutoff, keepResults, 1);
      expect(want.length).toBeGreaterThan(20);
      expect(got).toEqual(want);
    });
    it(`matches the model with 6 events per epoch, delay ${delay}, cutoff ${cutoff}, keepResults ${keepResults}`, async () => {
      const behavior = cw.temporal.commonBehavior({ delay, cutoff, keepResults });
      const got = await run(5, 3, behavior, 6);
      const want = model(5, 3, delay, cutoff, keepResults, 6);
      expect(want.length).toBeGreaterThan(10);
      expect(got).toEqual(want);
    });
  }

  it('without a cutoff, late events update their windows (retraction + new value)', async () => {
    const t = tableFromMarkdown(`
      time | value | __time__
      1    | 1     | 2
      12   | 2     | 4
      3    | 7     | 6`);
    const r = t
      .windowBy(t.c.time, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.commonBehavior(),
      })
      .reduce({ start: cw.this._windowStart, s: cw.reducers.sum(cw.this.value) });
    const [c] = await captureTables([r]);
    expect(c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort()).toEqual(
      ['2: 0,1 1', '4: 10,2 1', '6: 0,1 -1', '6: 0,8 1'].sort(),
    );
  });

  it('with a cutoff, ignores events behind the watermark by more than the cutoff', async () => {
    const t = tableFromMarkdown(`
      time | value | __time__
      1    | 1     | 2
      12   | 2     | 4
      3    | 7     | 6
      11   | 5     | 8`);
    const r = t
      .windowBy(t.c.time, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.commonBehavior({ cutoff: 2 }),
      })
      .reduce({ start: cw.this._windowStart, s: cw.reducers.sum(cw.this.value) });
    const [c] = await captureTables([r]);
    expect(c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort()).toEqual(
      ['2: 0,1 1', '4: 10,2 1', '8: 10,2 -1', '8: 10,7 1'].sort(),
    );
  });
});

describe('exactlyOnceBehavior', () => {
  it('emits one final result per window (Pathway stream test)', async () => {
    const got = await run(5, 3, cw.temporal.exactlyOnceBehavior());
    const ends = [2, 5, 8, 11, 14];
    expect(got.every((l) => l.endsWith(' 1'))).toBe(true);
    const rows = got.map((l) => l.split(' ').slice(1, 5).join(' ')).sort();
    expect(rows).toEqual(
      [...ends.map((e) => `${e - 5} ${e} ${e - 1} ${2 * e - 1}`), '12 17 16 67', '15 20 16 67'].sort(),
    );
  });
});

/** Times 0..n-1 in a fixed scrambled order (7919 is prime, so i → 7919·i mod n is a permutation for n < 7919). */
const scrambled = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 7919) % n);

describe('behaviors on large epochs', () => {
  it('keep every event of a batch run (one epoch, events out of order) with a cutoff', async () => {
    const rows = scrambled(1000).map((t) => `${t} | 1`);
    const t = tableFromMarkdown(['time | v', ...rows].join('\n'));
    const counts = (behavior: cw.temporal.Behavior) =>
      t
        .windowBy(t.c.time, { window: cw.temporal.tumbling({ duration: 10 }), behavior })
        .reduce({ start: cw.this._windowStart, n: cw.reducers.count() });
    const caps = await captureTables([
      counts(cw.temporal.commonBehavior({ cutoff: 5 })),
      counts(cw.temporal.commonBehavior({ cutoff: 0, keepResults: true })),
      counts(cw.temporal.exactlyOnceBehavior()),
      t.ignoreLate(t.c.time, 0),
    ]);
    for (const c of caps.slice(0, 3)) {
      const final = [...c.final.entries]
        .map(([, g]) => g.rows[0]!)
        .sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(final.length).toBe(100);
      expect(final.every((r, i) => r[0] === 10 * i && r[1] === 10)).toBe(true);
    }
    // exactly once: one result per window, never retracted.
    expect(caps[2]!.updates.every((u) => u.diff === 1)).toBe(true);
    expect(caps[2]!.updates.length).toBe(100);
    expect(caps[3]!.final.size).toBe(1000);
  });

  it("keep a large epoch's early events but ignore a later epoch's events beyond the cutoff", async () => {
    // Epoch 2: times 0..19 out of order (the watermark ends at 19); epoch 4: 3 is late (window [0, 5) closed:
    // 5 + 2 ≤ 19), 17 is not (window [15, 20): 20 + 2 > 19), 25 opens [25, 30) and moves the watermark to 25, which
    // closes [15, 20) after taking 17; epoch 6: 18 is late (20 + 2 ≤ 25).
    const first = scrambled(20).map((t) => `${t} | 1 | 2`);
    const t = tableFromMarkdown(
      ['time | v | __time__', ...first, '3 | 100 | 4', '17 | 10 | 4', '25 | 1 | 4', '18 | 1000 | 6'].join(
        '\n',
      ),
    );
    const r = t
      .windowBy(t.c.time, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.commonBehavior({ cutoff: 2 }),
      })
      .reduce({ start: cw.this._windowStart, s: cw.reducers.sum(cw.this.v) });
    const late = t.ignoreLate(t.c.time, 2);
    const [c, l] = await captureTables([r, late]);
    expect(c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort()).toEqual(
      ['2: 0,5 1', '2: 5,5 1', '2: 10,5 1', '2: 15,5 1', '4: 15,5 -1', '4: 15,15 1', '4: 25,1 1'].sort(),
    );
    // ignoreLate: every row of epoch 2 is kept; 3 (3 + 2 < 19) and 18 (18 + 2 < 25) are dropped.
    expect(l!.final.size).toBe(22);
    expect(l!.updates.filter((u) => u.row[0] === 3 && u.time > 2)).toEqual([]);
    expect(l!.updates.filter((u) => u.row[0] === 18 && u.time > 2)).toEqual([]);
  });

  it('emit one result per window with exactlyOnceBehavior when an epoch spans many windows', async () => {
    // Epoch 2: times 0..19 (windows [0,5) .. [10,15) end ≤ 19: released and closed at once; [15, 20) held);
    // epoch 4: 12 is late, 16 joins [15, 20), 30 releases and closes it; the end of the input releases [30, 35).
    const first = scrambled(20).map((t) => `${t} | 1 | 2`);
    const t = tableFromMarkdown(
      ['time | v | __time__', ...first, '12 | 100 | 4', '16 | 10 | 4', '30 | 1 | 4'].join('\n'),
    );
    const r = t
      .windowBy(t.c.time, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.exactlyOnceBehavior(),
      })
      .reduce({ start: cw.this._windowStart, s: cw.reducers.sum(cw.this.v) });
    const [c] = await captureTables([r]);
    expect(c!.updates.map((u) => `${u.time}: ${u.row.join(',')} ${u.diff}`).sort()).toEqual(
      ['2: 0,5 1', '2: 5,5 1', '2: 10,5 1', '4: 15,15 1', '5: 30,1 1'].sort(),
    );
  });
});
