// Streams through windows with behaviors: Pathway's windows_stream scenarios (68 events, times (i // 2) % 17, one
// event per epoch, sliding windows of 5 every 3), checked epoch by epoch against a model of delay/cutoff/keepResults.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { captureTables } from '../../../testing/capture.js';
import { tableFromMarkdown } from '../../../testing/index.js';

afterEach(() => cw.clearGraph());

const N = 68;
const timeOf = (i: number): number => Math.floor(i / 2) % 17;

function events(): cw.Table<any> {
  const rows = Array.from({ length: N }, (_, i) => `${timeOf(i)} | ${i} | ${2 * (i + 1)}`);
  return tableFromMarkdown(['time | value | __time__', ...rows].join('\n'));
}

function windowsOf(t: number, duration: number, hop: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = (Math.floor((t - duration) / hop) + 1) * hop; s <= t; s += hop) out.push([s, s + duration]);
  return out;
}

type Agg = { end: number; maxTime: number; maxValue: number };

/** Expected output per epoch: a model of freeze (end + cutoff ≤ W), buffer (start + delay > W), forget. */
function model(duration: number, hop: number, delay: number, cutoff: number, keep: boolean) {
  const results = new Map<number, Agg>();
  const open = new Set<number>();
  const held: { start: number; end: number; t: number; v: number }[] = [];
  const stream: string[] = [];
  let w = -Infinity;
  const emit = (epoch: number, release: { start: number; end: number; t: number; v: number }[]) => {
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
      if (s + duration + cutoff <= w) {
        open.delete(s);
        if (!keep) results.delete(s);
      }
    }
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
  for (let i = 0; i < N; i++) {
    const t = timeOf(i);
    w = Math.max(w, t);
    const release: typeof held = [];
    for (const [start, end] of windowsOf(t, duration, hop)) {
      if (end + cutoff <= w) continue;
      const e = { start, end, t, v: i };
      if (start + delay <= w) release.push(e);
      else held.push(e);
    }
    for (let j = held.length - 1; j >= 0; j--) {
      if (held[j]!.start + delay <= w) release.push(...held.splice(j, 1));
    }
    emit(2 * (i + 1), release);
  }
  if (held.length > 0) emit(2 * N + 1, held.splice(0));
  return stream.sort();
}

async function run(duration: number, hop: number, behavior: cw.temporal.Behavior): Promise<string[]> {
  const t = events();
  const r = t.windowBy(t.c.time, { window: cw.temporal.sliding({ duration, hop }), behavior }).reduce({
    start: cw.this._windowStart,
    end: cw.this._windowEnd,
    maxTime: cw.reducers.max(cw.this.time),
    maxValue: cw.reducers.max(cw.this.value),
  });
  const [c] = await captureTables([r]);
  return c!.updates.map((u) => `${u.time} ${u.row.join(' ')} ${u.diff}`).sort();
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
      const want = model(5, 3, delay, cutoff, keepResults);
      expect(want.length).toBeGreaterThan(20);
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
