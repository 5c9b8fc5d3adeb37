// Property test of intervalJoin with behaviors (delay, cutoff, keepResults) over two random
// out-of-order keyed streams, compared epoch by epoch with from-scratch models: per side, the watermark of the
// previous epoch decides lateness (time + cutoff ≤ it: dropped, except retractions of rows still held, which
// cancel them), the advanced one releases held rows (time + delay ≤ it); as Pathway's `_forget` (time_column.rs,
// update_time_before_emitting = false), a side forgets rows (time + cutoff ≤ its clock) only in an epoch in which
// the join receives updates of that side, its clock being the largest time of the updates it received earlier.
// Without keepResults the output must equal the plain join of the rows not forgotten; with keepResults forgotten
// rows' results stay.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import type { Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  canonicalRows,
  expectEveryEpoch,
  streamArb,
  type ResolvedStream,
} from '../../property-helpers.test-util.js';
import type { JoinMode } from '../../join.js';
import { runTimes } from '../windows/behavior-arbs.test-util.js';
import { MODES, keyedStreams } from './keyed-streams.test-util.js';
import {
  Output,
  ModelSide,
  behaviorArb,
  fixBehavior,
  lArb,
  outRow,
  rArb,
  type Beh,
  type ModelEntry,
} from './join-behaviors.test-util.js';

afterEach(() => cw.clearGraph());

/** The plain interval join (nested loops) of two entry lists. */
function plainInterval(ls: ModelEntry[], rs: ModelEntry[], how: JoinMode, lo: number, hi: number) {
  const m = (l: ModelEntry, r: ModelEntry) => intervalMatch(l, r, lo, hi);
  const out: [Key, unknown[]][] = [];
  for (const l of ls) for (const r of rs) if (m(l, r)) out.push(outRow(l, r));
  if (how === 'left' || how === 'outer')
    for (const l of ls) if (!rs.some((r) => m(l, r))) out.push(outRow(l, null));
  if (how === 'right' || how === 'outer')
    for (const r of rs) if (!ls.some((l) => m(l, r))) out.push(outRow(null, r));
  return out;
}

function intervalMatch(l: ModelEntry, r: ModelEntry, lo: number, hi: number): boolean {
  const [lk, lt] = l.row as [string | null, number | null];
  const [rk, rt] = r.row as [string | null, number | null];
  return lk !== null && lk === rk && lt !== null && rt !== null && lt + lo <= rt && rt <= lt + hi;
}

/** Model of intervalJoin with a behavior: the integrated output at each time. */
function intervalModel(
  ls: ResolvedStream,
  rs: ResolvedStream,
  times: readonly number[],
  flushAt: number | undefined,
  how: JoinMode,
  lo: number,
  hi: number,
  b: Beh,
) {
  const sides = [new ModelSide(ls.updates, b), new ModelSide(rs.updates, b)] as const;
  const out = new Output();
  const pad = [how === 'left' || how === 'outer', how === 'right' || how === 'outer'];
  const at = new Map<number, [Key, unknown[]][]>();
  const apply = (e: ModelEntry, d: number, touched: Set<ModelEntry>) => {
    touched.add(e);
    for (const o of sides[1 - e.side]!.entries) {
      if (!o.alive || o.count === 0) continue;
      const [l, r] = e.side === 0 ? [e, o] : [o, e];
      if (!intervalMatch(l, r, lo, hi)) continue;
      const w = d * o.count;
      const [k, row] = outRow(l, r);
      out.add(k, row, w);
      e.pairs += w;
      o.pairs += w;
      touched.add(o);
    }
    e.count += d;
  };
  for (const time of times) {
    const touched = new Set<ModelEntry>();
    for (const side of [0, 1] as const) {
      for (const u of sides[side].epoch(time, time === flushAt)) {
        apply(sides[side].find(u.key, u.row, side), u.diff, touched);
      }
    }
    const forgotten = [...sides[0].due(), ...sides[1].due()];
    if (!b.keepResults) for (const e of forgotten) apply(e, -e.count, touched);
    for (const e of touched) {
      if (pad[e.side]) {
        const want = e.count !== 0 && e.pairs === 0 ? e.count : 0;
        const [k, row] = e.side === 0 ? outRow(e, null) : outRow(null, e);
        out.add(k, row, want - e.padded);
        e.padded = want;
      }
      if (e.count === 0) e.alive = false;
    }
    for (const e of forgotten) e.alive = false;
    if (!b.keepResults) {
      // Without keepResults the output is the plain join of the rows not forgotten.
      const live = (s: 0 | 1) => sides[s].entries.filter((e) => e.alive && e.count > 0);
      expect(canonicalRows(out.list().map(([k, r]) => [k, r, 1] as const))).toEqual(
        canonicalRows(plainInterval(live(0), live(1), how, lo, hi).map(([k, r]) => [k, r, 1] as const)),
      );
    }
    at.set(time, out.list());
  }
  return (time: number) => at.get(time) ?? [];
}

describe('intervalJoin with behaviors, property', () => {
  it('equals the per-side lateness / delay / forgetting model at every epoch, in every mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(lArb, { maxEpochs: 8 }),
        streamArb(rArb, { maxEpochs: 8 }),
        fc.constantFrom<[number, number]>([-2, 1], [0, 3], [-1, 0]),
        behaviorArb,
        async (le, re, [lo, hi], b0) => {
          const b = fixBehavior(b0);
          const { ls, rs, lt, rt } = keyedStreams(le, re);
          const outs = MODES.map((how) =>
            lt
              .intervalJoin(rt, lt.c.t, rt.c.t, cw.temporal.interval(lo, hi), cw.left.k.eq(cw.right.k), {
                how,
                behavior: cw.temporal.commonBehavior(b),
              })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id })
              .named(`interval-${how}`),
          );
          const captured = await captureTables(outs);
          const { times, flushAt } = runTimes(b.delay !== undefined, ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(captured[i]!, times, intervalModel(ls, rs, times, flushAt, how, lo, hi, b)),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
