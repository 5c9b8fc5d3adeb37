// Property test of session windows with behaviors over random out-of-order streams (inserts, updates, deletes,
// two instances), compared epoch by epoch with a from-scratch model: insertions with t + cutoff ≤ the previous
// epoch's watermark are ignored, deletions apply to rows still held; sessions are recomputed from the held rows;
// sessions with end + cutoff ≤ the advanced watermark close (their rows are dropped, their result kept or not);
// a session's result shows once start + delay (exactlyOnce: end + shift) ≤ the watermark, or at the end.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { keyFromValues, type Key } from '../../../engine/key.js';
import type { TimedUpdate } from '../../plan.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  resolveStream,
  streamArb,
  streamTable,
} from '../../property-helpers.test-util.js';
import { behaviorArb, behaviorOf, isDelayed, runTimes, type Beh } from './behavior-arbs.test-util.js';

afterEach(() => cw.clearGraph());

type In = { i: string; t: number; v: number };
const columns = [
  { name: 'i', dtype: cw.STR },
  { name: 't', dtype: cw.INT },
  { name: 'v', dtype: cw.INT },
];
const rowArb = fc.record({
  i: fc.constantFrom('x', 'y'),
  t: fc.integer({ min: 0, max: 20 }),
  v: fc.integer({ min: -5, max: 5 }),
});

type Held = { key: Key; i: string; t: number; v: number };
type Session = { i: string; start: number; end: number; n: number; s: number };

/** Sessions (neighbours closer than `gap`) of held rows, per instance, in time order. */
function sessionsOf(rows: readonly Held[], gap: number): { s: Session; rows: Held[] }[] {
  const out: { s: Session; rows: Held[] }[] = [];
  for (const i of ['x', 'y']) {
    const sorted = rows.filter((r) => r.i === i).sort((a, b) => a.t - b.t);
    let cur: { s: Session; rows: Held[] } | undefined;
    for (const r of sorted) {
      if (cur === undefined || r.t - cur.s.end >= gap) {
        cur = { s: { i, start: r.t, end: r.t, n: 0, s: 0 }, rows: [] };
        out.push(cur);
      }
      cur.s.end = r.t;
      cur.s.n++;
      cur.s.s += r.v;
      cur.rows.push(r);
    }
  }
  return out;
}

function model(
  updates: readonly TimedUpdate[],
  times: readonly number[],
  flushAt: number | undefined,
  gap: number,
  b: Beh,
) {
  const cutoff = b.kind === 'common' ? b.cutoff : b.shift;
  const keep = b.kind === 'common' ? b.keepResults || b.cutoff === undefined : true;
  const shows = (s: Session, w: number, flush: boolean) =>
    flush ||
    (b.kind === 'exactlyOnce' ? s.end + b.shift <= w : b.delay === undefined || s.start + b.delay <= w);
  let held: Held[] = [];
  const closed: Session[] = [];
  let wm = -Infinity;
  let flushed = false;
  const at = new Map<number, [Key, unknown[]][]>();
  for (const time of times) {
    const all = updates.filter((u) => u.time === time);
    const w0 = wm;
    for (const u of all) wm = Math.max(wm, u.row[1] as number);
    // The epoch's net updates (the operator sees a consolidated batch).
    const net = new Map<string, { u: TimedUpdate; d: number }>();
    for (const u of all) {
      const k = `${u.key}|${JSON.stringify(u.row)}`;
      const e = net.get(k) ?? { u, d: 0 };
      e.d += u.diff;
      net.set(k, e);
    }
    for (const { u, d } of net.values()) {
      if (d >= 0) continue;
      const idx = held.findIndex(
        (h) => h.key === u.key && h.t === u.row[1] && h.v === u.row[2] && h.i === u.row[0],
      );
      if (idx >= 0) held.splice(idx, 1);
    }
    for (const { u, d } of net.values()) {
      if (d <= 0) continue;
      const t = u.row[1] as number;
      if (cutoff !== undefined && t + cutoff <= w0) continue;
      held.push({ key: u.key, i: u.row[0] as string, t, v: u.row[2] as number });
    }
    const sessions = sessionsOf(held, gap);
    if (cutoff !== undefined) {
      for (const { s, rows } of sessions) {
        if (s.end + cutoff > wm) continue;
        if (keep) closed.push(s);
        held = held.filter((h) => !rows.includes(h));
      }
    }
    if (time === flushAt) flushed = true;
    const rows: [Key, unknown[]][] = [];
    const open = sessionsOf(held, gap).map((x) => x.s);
    for (const s of [...closed, ...open]) {
      if (!shows(s, wm, flushed)) continue;
      rows.push([keyFromValues([s.start, s.end, s.i]), [s.start, s.end, s.i, s.n, s.s]]);
    }
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

describe('windowBy(session) with behaviors, property', () => {
  it('equals the lateness / closing / delay model at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(rowArb, { ids: 10, maxOps: 6, maxEpochs: 8 }),
        fc.integer({ min: 1, max: 3 }),
        behaviorArb(4),
        async (epochs, gap, b) => {
          const s = resolveStream<In>(columns, epochs, 'in');
          const t = streamTable<In>(s);
          const behavior = behaviorOf(b);
          const r = t
            .windowBy(t.c.t, { window: cw.temporal.session({ maxGap: gap }), behavior, instance: t.c.i })
            .reduce({
              start: cw.this._windowStart,
              end: cw.this._windowEnd,
              i: cw.this._instance,
              n: cw.reducers.count(),
              s: cw.reducers.sum(cw.this.v),
            });
          const [c] = await captureTables([r]);
          const { times, flushAt } = runTimes(isDelayed(b), s);
          expectEveryEpoch(c!, times, model(s.updates, times, flushAt, gap, b));
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
