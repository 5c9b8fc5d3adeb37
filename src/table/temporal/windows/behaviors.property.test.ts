// Property tests of lateness relative to the watermark over random out-of-order streams of inserts, updates and
// deletes (several per epoch): windows with a cutoff (tumbling and sliding, keepResults on and off), ignoreLate
// and forget, compared epoch by epoch with from-scratch models in which lateness is judged against the watermark
// at the end of the previous epoch, forgetting against the watermark with the epoch's rows, and closing windows
// as Pathway's `_forget` (only in epochs bringing the reduction rows, against the watermark of the last earlier one).

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
  stepTimes,
  streamArb,
  streamTable,
} from '../../property-helpers.test-util.js';
import { byEpoch, slidingWindows } from './window-models.test-util.js';

afterEach(() => cw.clearGraph());

type In = { t: number; v: number };
const columns = [
  { name: 't', dtype: cw.INT },
  { name: 'v', dtype: cw.INT },
];
const rowArb = fc.record({ t: fc.integer({ min: 0, max: 30 }), v: fc.integer({ min: -5, max: 5 }) });
const streams = streamArb(rowArb, { ids: 12, maxOps: 8 });

/**
 * Model of windows with a cutoff: per epoch, W0 = watermark at the end of the previous epoch, W = with the epoch's
 * updates (deletions included). An update counts for a window iff end + cutoff > W0. As Pathway's `_forget`
 * (time_column.rs, update_time_before_emitting = false), only an epoch in which some update counts closes windows:
 * those with end + cutoff ≤ the clock (W at the end of the last earlier such epoch), keeping their last result
 * (keepResults) or dropping it.
 */
function windowModel(
  updates: readonly TimedUpdate[],
  duration: number,
  hop: number,
  cutoff: number,
  keep: boolean,
) {
  type Win = { start: number; end: number; n: number; s: number; closed: boolean };
  const wins = new Map<number, Win>();
  const at = new Map<number, [Key, unknown[]][]>();
  let w = -Infinity;
  let clock = -Infinity;
  for (const [time, ups] of byEpoch(updates)) {
    const w0 = w;
    let received = false;
    for (const u of ups) w = Math.max(w, u.row[0] as number);
    for (const u of ups) {
      for (const [start, end] of slidingWindows(u.row[0] as number, duration, hop)) {
        if (end + cutoff <= w0) continue;
        received = true;
        let win = wins.get(start);
        if (win === undefined) wins.set(start, (win = { start, end, n: 0, s: 0, closed: false }));
        if (win.closed) throw new Error('model: an accepted update reached a closed window');
        win.n += u.diff;
        win.s += u.diff * (u.row[1] as number);
      }
    }
    if (received) {
      for (const win of wins.values()) if (win.end + cutoff <= clock) win.closed = true;
      clock = w;
    }
    const rows: [Key, unknown[]][] = [];
    for (const win of wins.values()) {
      if (win.n === 0 || (win.closed && !keep)) continue;
      rows.push([keyFromValues([win.start, win.end, null]), [win.start, win.end, win.n, win.s]]);
    }
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

/** Model of ignoreLate: the integrated updates with t + threshold ≥ the previous epoch's watermark. */
function ignoreLateModel(updates: readonly TimedUpdate[], threshold: number) {
  const live = new Map<string, { key: Key; row: unknown[]; n: number }>();
  const at = new Map<number, [Key, unknown[]][]>();
  let w = -Infinity;
  for (const [time, ups] of byEpoch(updates)) {
    const w0 = w;
    for (const u of ups) w = Math.max(w, u.row[0] as number);
    for (const u of ups) {
      if ((u.row[0] as number) + threshold < w0) continue;
      const k = `${u.key}|${JSON.stringify(u.row)}`;
      const e = live.get(k) ?? { key: u.key, row: u.row, n: 0 };
      e.n += u.diff;
      live.set(k, e);
    }
    const rows: [Key, unknown[]][] = [];
    for (const e of live.values()) for (let i = 0; i < e.n; i++) rows.push([e.key, e.row]);
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

describe('windowBy with a cutoff, property', () => {
  for (const [name, duration, hop] of [
    ['tumbling', 5, 5],
    ['sliding', 7, 3],
  ] as const) {
    it(`${name} equals the model (lateness against the previous epoch's watermark) at every epoch`, async () => {
      await fc.assert(
        fc.asyncProperty(
          streams,
          fc.integer({ min: 0, max: 8 }),
          fc.boolean(),
          async (epochs, cutoff, keepResults) => {
            const s = resolveStream<In>(columns, epochs, 'in');
            const t = streamTable<In>(s);
            const r = t
              .windowBy(t.c.t, {
                window:
                  hop === duration
                    ? cw.temporal.tumbling({ duration })
                    : cw.temporal.sliding({ duration, hop }),
                behavior: cw.temporal.commonBehavior({ cutoff, keepResults }),
              })
              .reduce({
                start: cw.this._windowStart,
                end: cw.this._windowEnd,
                n: cw.reducers.count(),
                s: cw.reducers.sum(cw.this.v),
              });
            const [c] = await captureTables([r]);
            expectEveryEpoch(c!, stepTimes(s), windowModel(s.updates, duration, hop, cutoff, keepResults));
            cw.clearGraph();
          },
        ),
        TABLE_RUNS,
      );
    });
  }
});

describe('ignoreLate / forget, property', () => {
  it('ignoreLate keeps the updates not late relative to the previous epoch at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streams, fc.integer({ min: 0, max: 10 }), async (epochs, threshold) => {
        const s = resolveStream<In>(columns, epochs, 'in');
        const t = streamTable<In>(s);
        const [c] = await captureTables([t.ignoreLate(t.c.t, threshold)]);
        expectEveryEpoch(c!, stepTimes(s), ignoreLateModel(s.updates, threshold));
        cw.clearGraph();
      }),
      TABLE_RUNS,
    );
  });

  /** The live rows at `time` with t + threshold ≥ the watermark (forget's output, as a batch run would give). */
  const forgetModel = (s: ReturnType<typeof resolveStream<In>>, threshold: number) => (time: number) => {
    let w = -Infinity;
    for (const u of s.updates) if (u.time <= time) w = Math.max(w, u.row[0] as number);
    return s
      .rowsAt(time)
      .filter((r) => (r.t as number) + threshold >= w)
      .map((r) => [r.id, [r.t, r.v]] as [Key, unknown[]]);
  };

  for (const markForgettingRecords of [false, true]) {
    it(`forget holds exactly the live rows with t + threshold ≥ the watermark (markForgettingRecords ${markForgettingRecords})`, async () => {
      await fc.assert(
        fc.asyncProperty(streams, fc.integer({ min: 0, max: 10 }), async (epochs, threshold) => {
          const s = resolveStream<In>(columns, epochs, 'in');
          const t = streamTable<In>(s);
          const [c] = await captureTables([t.forget(t.c.t, threshold, { markForgettingRecords })]);
          expectEveryEpoch(c!, stepTimes(s), forgetModel(s, threshold));
          cw.clearGraph();
        }),
        TABLE_RUNS,
      );
    });
  }

  it('filterOutResultsOfForgetting after a marked forget gives back the input at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streams,
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        async (epochs, threshold, ensure) => {
          const s = resolveStream<In>(columns, epochs, 'in');
          const t = streamTable<In>(s);
          const forgot = t.forget(t.c.t, threshold, { markForgettingRecords: true });
          const [c] = await captureTables([
            forgot.filterOutResultsOfForgetting({ ensureConsistency: ensure }),
          ]);
          expectEveryEpoch(c!, stepTimes(s), (time) =>
            s.rowsAt(time).map((r) => [r.id, [r.t, r.v]] as [Key, unknown[]]),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
