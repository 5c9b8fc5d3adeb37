// Property test of windowJoin with behaviors (tumbling and sliding windows, every mode) over two random
// out-of-order streams, against a from-scratch model: one watermark for both sides; a (row, window) update is late
// when end + cutoff ≤ the previous epoch's watermark (a late retraction of a held update cancels it instead), held
// until start + delay ≤ the watermark; a window closes once max(end + cutoff, start + delay) ≤ the watermark. The output is the plain window join of the released
// (row, window) memberships — of the open windows only without keepResults.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, keyFromValue, keyWithIndex, type Key } from '../../../engine/key.js';
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
import type { JoinMode } from '../../join.js';
import { slidingStarts } from './window-models.test-util.js';

afterEach(() => cw.clearGraph());

type L = { k: string; t: number; v: number };
const lColumns = [
  { name: 'k', dtype: cw.STR },
  { name: 't', dtype: cw.INT },
  { name: 'v', dtype: cw.INT },
];
const rowArb = fc.record({
  k: fc.constantFrom('a', 'b'),
  t: fc.integer({ min: 0, max: 16 }),
  v: fc.integer({ min: 0, max: 9 }),
});
const MODES: readonly JoinMode[] = ['inner', 'left', 'right', 'outer'];
const NULL_KEY = keyFromValue(null);

type Member = { key: Key; k: string; t: number; v: number; start: number; n: number };

function model(
  streams: readonly [readonly TimedUpdate[], readonly TimedUpdate[]],
  times: readonly number[],
  flushAt: number | undefined,
  duration: number,
  hop: number,
  how: JoinMode,
  b: Beh,
) {
  const [delay, cutoff, keep] =
    b.kind === 'exactlyOnce'
      ? [duration + b.shift, b.shift, true]
      : [b.delay, b.cutoff, b.cutoff === undefined || b.keepResults];
  const closeAt = (start: number) =>
    Math.max(
      cutoff === undefined ? Infinity : start + duration + cutoff,
      delay === undefined ? -Infinity : start + delay,
    );
  const members: [Map<string, Member>, Map<string, Member>] = [new Map(), new Map()];
  const held: [Member & { d: number }][] = [];
  let wm = -Infinity;
  const at = new Map<number, [Key, unknown[]][]>();
  const single = duration <= hop;
  const pairKey = (l: Key, r: Key, start: number) =>
    single ? combineKeys(l, r) : keyWithIndex(combineKeys(l, r), start);
  for (const time of times) {
    const ups = [0, 1].map((s) => streams[s]!.filter((u) => u.time === time));
    const w0 = wm;
    for (const u of [...ups[0]!, ...ups[1]!]) wm = Math.max(wm, u.row[1] as number);
    // The epoch's (row, window) updates netted per side; late ones dropped, except a retraction of an update still
    // held, which cancels it (a row never released is never released later).
    const idOf = (side: number, m: Member) => `${side}|${m.key}|${m.start}|${m.k}|${m.t}|${m.v}`;
    const net = new Map<string, { side: 0 | 1; m: Member; d: number }>();
    for (const side of [0, 1] as const) {
      for (const u of ups[side]!) {
        for (const start of slidingStarts(u.row[1] as number, duration, hop)) {
          const m = {
            key: u.key,
            k: u.row[0] as string,
            t: u.row[1] as number,
            v: u.row[2] as number,
            start,
            n: 0,
          };
          const e = net.get(idOf(side, m)) ?? { side, m, d: 0 };
          e.d += u.diff;
          net.set(idOf(side, m), e);
        }
      }
    }
    const heldCount = (id: string) => held.reduce((c, [h]) => (idOf(h.n, h) === id ? c + h.d : c), 0);
    const pending = [...net.values()].filter(
      (p) =>
        p.d !== 0 &&
        (cutoff === undefined ||
          p.m.start + duration + cutoff > w0 ||
          (p.d < 0 && heldCount(idOf(p.side, p.m)) > 0)),
    );
    for (const p of pending) held.push([{ ...p.m, d: p.d, n: p.side }]);
    for (let i = held.length - 1; i >= 0; i--) {
      const [m] = held[i]!;
      if (time !== flushAt && delay !== undefined && m.start + delay > wm) continue;
      held.splice(i, 1);
      const id = `${m.key}|${m.start}|${m.k}|${m.v}`;
      const map = members[m.n as 0 | 1];
      const e = map.get(id) ?? { ...m, n: 0 };
      e.n += m.d;
      if (e.n === 0) map.delete(id);
      else map.set(id, e);
    }
    const open = (m: Member) => keep || !(closeAt(m.start) <= wm);
    const ls = [...members[0].values()].filter(open);
    const rs = [...members[1].values()].filter(open);
    const match = (l: Member, r: Member) => l.start === r.start && l.k === r.k;
    const rows: [Key, unknown[]][] = [];
    for (const l of ls)
      for (const r of rs) if (match(l, r)) rows.push([pairKey(l.key, r.key, l.start), [l.v, r.v]]);
    if (how === 'left' || how === 'outer')
      for (const l of ls)
        if (!rs.some((r) => match(l, r))) rows.push([pairKey(l.key, NULL_KEY, l.start), [l.v, null]]);
    if (how === 'right' || how === 'outer')
      for (const r of rs)
        if (!ls.some((l) => match(l, r))) rows.push([pairKey(NULL_KEY, r.key, r.start), [null, r.v]]);
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

describe('windowJoin with behaviors, property', () => {
  it('equals the shared-watermark lateness / delay / closing model at every epoch, in every mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(rowArb, { maxEpochs: 8 }),
        streamArb(rowArb, { maxEpochs: 8 }),
        fc.constantFrom<[number, number]>([4, 4], [4, 2], [3, 5]),
        behaviorArb(6),
        async (le, re, [duration, hop], b) => {
          const ls = resolveStream<L>(lColumns, le, 'left');
          const rs = resolveStream<L>(lColumns, re, 'right');
          const lt = streamTable<L>(ls);
          const rt = streamTable<L>(rs);
          const behavior = behaviorOf(b);
          const window =
            duration === hop ? cw.temporal.tumbling({ duration }) : cw.temporal.sliding({ duration, hop });
          const outs = MODES.map((how) =>
            cw.temporal
              .windowJoin(lt, rt, lt.c.t, rt.c.t, window, cw.left.k.eq(cw.right.k), { how, behavior })
              .select({ l: cw.left.v, r: cw.right.v })
              .named(`wj-${how}`),
          );
          const captured = await captureTables(outs);
          const { times, flushAt } = runTimes(isDelayed(b), ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(
              captured[i]!,
              times,
              model([ls.updates, rs.updates], times, flushAt, duration, hop, how, b),
            ),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
