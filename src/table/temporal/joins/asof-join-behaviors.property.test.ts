// Property test of asofJoin with behaviors (delay, cutoff, keepResults) over two random
// out-of-order keyed streams, compared epoch by epoch with from-scratch models: per side, the watermark of the
// previous epoch decides lateness (time + cutoff ≤ it: dropped, except retractions of rows still held, which
// cancel them), the advanced one releases held rows (time + delay ≤ it); as Pathway's `_forget` (time_column.rs,
// update_time_before_emitting = false), a side forgets rows (time + cutoff ≤ its clock) only in an epoch in which
// the join receives updates of that side, its clock being the largest time of the updates it received earlier.
// Without keepResults the output must equal the plain join of the rows not forgotten; with keepResults forgotten
// rows' results stay.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, type Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import type { TimedUpdate } from '../../plan.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  streamArb,
  type ResolvedStream,
} from '../../property-helpers.test-util.js';
import type { JoinMode } from '../../join.js';
import { runTimes } from '../windows/behavior-arbs.test-util.js';
import { MODES, NULL_KEY, keyedStreams } from './keyed-streams.test-util.js';
import { ModelSide, behaviorArb, fixBehavior, lArb, rArb, type Beh } from './join-behaviors.test-util.js';

afterEach(() => cw.clearGraph());

type Obj = { id: Key; k: string | null; t: number | null; val: number };
type Dir = 'backward' | 'forward' | 'nearest';

/** The asof peer of `row` (side `own`) among `others`, in Pathway's merged (time, side bit, id) order. */
function peerOf(row: Obj, own: 0 | 1, others: readonly Obj[], how: JoinMode, dir: Dir): Obj | undefined {
  if (row.t === null || row.k === null) return undefined;
  const rightFirst =
    (dir === 'backward' && (how === 'left' || how === 'inner')) || (dir === 'forward' && how === 'right');
  const bit = (side: 0 | 1) => side ^ (rightFirst ? 1 : 0);
  const pos = (o: Obj, side: 0 | 1): [number, number, Key] => [o.t as number, bit(side), o.id];
  const cmp = (a: [number, number, Key], b: [number, number, Key]) =>
    a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  const me = pos(row, own);
  const other = (1 - own) as 0 | 1;
  const sorted = others
    .filter((o) => o.k === row.k && o.t !== null)
    .sort((a, b) => cmp(pos(a, other), pos(b, other)));
  const p = sorted.filter((o) => cmp(pos(o, other), me) < 0).pop();
  const n = sorted.find((o) => cmp(pos(o, other), me) > 0);
  if (dir === 'backward') return p;
  if (dir === 'forward') return n;
  if (p === undefined) return n;
  if (n === undefined) return p;
  return row.t - (p.t as number) < (n.t as number) - row.t ? p : n;
}

/** Model of asofJoin with a behavior: shown rows change only on real changes of the row or of its peer. */
function asofModel(
  ls: ResolvedStream,
  rs: ResolvedStream,
  times: readonly number[],
  flushAt: number | undefined,
  how: JoinMode,
  dir: Dir,
  b: Beh,
) {
  const sides = [new ModelSide(ls.updates, b), new ModelSide(rs.updates, b)] as const;
  const live = [new Map<Key, Obj>(), new Map<Key, Obj>()] as const;
  const outputs = [how !== 'right', how === 'right' || how === 'outer'];
  type Shown = { own: string; peer: string; out: [Key, unknown[]] | null };
  const shown = [new Map<Key, Shown>(), new Map<Key, Shown>()] as const;
  const frozen: [Key, unknown[]][] = [];
  const at = new Map<number, [Key, unknown[]][]>();
  const obj = (key: Key, row: unknown[]): Obj => ({
    id: key,
    k: row[0] as string | null,
    t: row[1] as number | null,
    val: row[2] as number,
  });
  const peer = (side: 0 | 1, x: Obj) => peerOf(x, side, [...live[1 - side]!.values()], how, dir);
  const make = (side: 0 | 1, x: Obj, p: Obj | undefined): [Key, unknown[]] | null => {
    if (p === undefined && how === 'inner') return null;
    const [l, r] = side === 0 ? [x, p] : [p, x];
    const key =
      how === 'outer' ? (side === 0 ? combineKeys(x.id, NULL_KEY) : combineKeys(NULL_KEY, x.id)) : x.id;
    return [key, [l?.val ?? -1, r?.val ?? -1, l?.id ?? null, r?.id ?? null, x.t]];
  };
  const text = (o: Obj | undefined) => JSON.stringify(o ?? null);
  for (const time of times) {
    const before = [new Map<Key, string>(), new Map<Key, string>()] as const;
    for (const side of [0, 1] as const)
      for (const x of live[side].values()) before[side].set(x.id, text(peer(side, x)));
    for (const side of [0, 1] as const) {
      const net = new Map<string, { u: TimedUpdate; d: number }>();
      for (const u of sides[side].epoch(time, time === flushAt)) {
        const s = `${u.key}|${JSON.stringify(u.row)}`;
        const e = net.get(s) ?? { u, d: 0 };
        e.d += u.diff;
        net.set(s, e);
      }
      const ups = [...net.values()].filter((e) => e.d !== 0);
      for (const { u, d } of ups)
        if (d < 0 && text(live[side].get(u.key)) === text(obj(u.key, u.row))) live[side].delete(u.key);
      for (const { u, d } of ups) if (d > 0) live[side].set(u.key, obj(u.key, u.row));
    }
    for (const side of [0, 1] as const) {
      if (!outputs[side]) continue;
      for (const id of [...shown[side].keys()]) if (!live[side].has(id)) shown[side].delete(id);
      for (const x of live[side].values()) {
        const p = peer(side, x);
        const old = shown[side].get(x.id);
        if (old !== undefined && old.own === text(x) && before[side].get(x.id) === text(p)) continue;
        shown[side].set(x.id, { own: text(x), peer: text(p), out: make(side, x, p) });
      }
    }
    const c = b.cutoff;
    if (c !== undefined) {
      for (const side of [0, 1] as const) {
        const w = sides[side].forgetsAt();
        sides[side].tick();
        if (w === undefined) continue;
        for (const x of [...live[side].values()]) {
          if (x.t === null || x.t + c > w) continue;
          live[side].delete(x.id);
          const s = shown[side].get(x.id);
          if (b.keepResults && s?.out) frozen.push(s.out);
          shown[side].delete(x.id);
        }
      }
      if (!b.keepResults) {
        for (const side of [0, 1] as const) {
          if (!outputs[side]) continue;
          for (const x of live[side].values()) {
            const p = peer(side, x);
            shown[side].set(x.id, { own: text(x), peer: text(p), out: make(side, x, p) });
          }
        }
      }
    }
    const rows: [Key, unknown[]][] = [...frozen];
    for (const side of [0, 1] as const) for (const s of shown[side].values()) if (s.out) rows.push(s.out);
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

describe('asofJoin with behaviors, property', () => {
  it('equals the per-side lateness / delay / forgetting model at every epoch, in every mode and direction', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(lArb, { maxEpochs: 8 }),
        streamArb(rArb, { maxEpochs: 8 }),
        fc.constantFrom<Dir>('backward', 'forward', 'nearest'),
        behaviorArb,
        async (le, re, dir, b0) => {
          const b = fixBehavior(b0);
          const { ls, rs, lt, rt } = keyedStreams(le, re);
          const outs = MODES.map((how) =>
            lt
              .asofJoin(rt, lt.c.t, rt.c.t, cw.left.k.eq(cw.right.k), {
                how,
                direction: dir,
                defaults: [
                  [lt.c.v, -1],
                  [rt.c.w, -1],
                ],
                behavior: cw.temporal.commonBehavior(b),
              })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id, t: cw.this.t })
              .named(`asof-${how}`),
          );
          const captured = await captureTables(outs);
          const { times, flushAt } = runTimes(b.delay !== undefined, ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(captured[i]!, times, asofModel(ls, rs, times, flushAt, how, dir, b)),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
