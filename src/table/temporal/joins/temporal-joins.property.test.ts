// Property tests of asofJoin and intervalJoin against recomputation from scratch at every epoch.
//
// Properties checked (two random keyed streams with inserts, updates and deletes; small time and key domains, so
// equal times, equal keys and None keys are common):
// 1. asofJoin in every mode and direction equals a model that sorts the other side by (time, side bit, id) and
//    picks the backward / forward / nearest peer within equal keys (None keys match nothing).
// 2. intervalJoin in every mode equals the nested-loop join on `lt + lower <= rt <= lt + upper` and equal keys,
//    plus the unmatched rows of kept sides.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, type Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  stepTimes,
  streamArb,
  type ModelRow,
} from '../../property-helpers.test-util.js';
import type { JoinMode } from '../../join.js';
import { keyedRowArbs, MODES, NULL_KEY, keyedStreams } from './keyed-streams.test-util.js';
import type { AsofDirection } from './asof-join.js';

afterEach(() => cw.clearGraph());

const { lArb, rArb } = keyedRowArbs(8, 9);
const DIRECTIONS: readonly AsofDirection[] = ['backward', 'forward', 'nearest'];

/** The asof peer of `row` (side `own`) among `others`, as Pathway's merged order defines it. */
function modelPeer(
  row: ModelRow,
  own: 0 | 1,
  others: readonly ModelRow[],
  how: JoinMode,
  dir: AsofDirection,
): ModelRow | undefined {
  if (row.t === null || row.k === null) return undefined;
  const rightFirst =
    (dir === 'backward' && (how === 'left' || how === 'inner')) || (dir === 'forward' && how === 'right');
  const bit = (side: 0 | 1) => side ^ (rightFirst ? 1 : 0);
  const cands = others.filter((o) => o.k === row.k && o.t !== null);
  const pos = (o: ModelRow, side: 0 | 1): [number, number, Key] => [o.t as number, bit(side), o.id];
  const cmp = (a: [number, number, Key], b: [number, number, Key]) =>
    a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  const me = pos(row, own);
  const other = (1 - own) as 0 | 1;
  const sorted = cands.slice().sort((a, b) => cmp(pos(a, other), pos(b, other)));
  const before = sorted.filter((o) => cmp(pos(o, other), me) < 0);
  const after = sorted.filter((o) => cmp(pos(o, other), me) > 0);
  const p = before[before.length - 1];
  const n = after[0];
  if (dir === 'backward') return p;
  if (dir === 'forward') return n;
  if (p === undefined) return n;
  if (n === undefined) return p;
  return (row.t as number) - (p.t as number) < (n.t as number) - (row.t as number) ? p : n;
}

function modelAsof(left: readonly ModelRow[], right: readonly ModelRow[], how: JoinMode, dir: AsofDirection) {
  const out: [Key, unknown[]][] = [];
  const row = (l: ModelRow | undefined, r: ModelRow | undefined, t: unknown) => [
    l?.v ?? -1,
    r?.w ?? -1,
    l?.id ?? null,
    r?.id ?? null,
    t,
  ];
  if (how !== 'right') {
    for (const l of left) {
      const p = modelPeer(l, 0, right, how, dir);
      if (how === 'inner' && p === undefined) continue;
      out.push([how === 'outer' ? combineKeys(l.id, NULL_KEY) : l.id, row(l, p, l.t)]);
    }
  }
  if (how === 'right' || how === 'outer') {
    for (const r of right) {
      const p = modelPeer(r, 1, left, how, dir);
      out.push([how === 'outer' ? combineKeys(NULL_KEY, r.id) : r.id, row(p, r, r.t)]);
    }
  }
  return out;
}

function modelInterval(
  left: readonly ModelRow[],
  right: readonly ModelRow[],
  how: JoinMode,
  lo: number,
  hi: number,
) {
  const matches = (l: ModelRow, r: ModelRow) =>
    l.k !== null &&
    l.k === r.k &&
    l.t !== null &&
    r.t !== null &&
    (l.t as number) + lo <= (r.t as number) &&
    (r.t as number) <= (l.t as number) + hi;
  const out: [Key, unknown[]][] = [];
  const row = (l: ModelRow | null, r: ModelRow | null): [Key, unknown[]] => [
    combineKeys(l?.id ?? NULL_KEY, r?.id ?? NULL_KEY),
    [l?.v ?? null, r?.w ?? null, l?.id ?? null, r?.id ?? null],
  ];
  for (const l of left) for (const r of right) if (matches(l, r)) out.push(row(l, r));
  if (how === 'left' || how === 'outer')
    for (const l of left) if (!right.some((r) => matches(l, r))) out.push(row(l, null));
  if (how === 'right' || how === 'outer')
    for (const r of right) if (!left.some((l) => matches(l, r))) out.push(row(null, r));
  return out;
}

describe('temporal joins property', () => {
  it('asofJoin in every mode and direction matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), async (le, re) => {
        const { ls, rs, lt, rt } = keyedStreams(le, re);
        const combos = MODES.flatMap((how) => DIRECTIONS.map((dir) => [how, dir] as const));
        const outs = combos.map(([how, dir]) =>
          lt
            .asofJoin(rt, lt.c.t, rt.c.t, cw.left.k.eq(cw.right.k), {
              how,
              direction: dir,
              defaults: [
                [lt.c.v, -1],
                [rt.c.w, -1],
              ],
            })
            .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id, t: cw.this.t })
            .named(`asof-${how}-${dir}`),
        );
        const captured = await captureTables(outs);
        const times = stepTimes(ls, rs);
        combos.forEach(([how, dir], i) =>
          expectEveryEpoch(captured[i]!, times, (t) => modelAsof(ls.rowsAt(t), rs.rowsAt(t), how, dir)),
        );
      }),
      TABLE_RUNS,
    );
  });

  it('intervalJoin in every mode matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(lArb),
        streamArb(rArb),
        fc.constantFrom<[number, number]>([-2, 1], [0, 3], [-1, 0], [1, 2], [-0.5, 1.5]),
        async (le, re, [lo, hi]) => {
          const { ls, rs, lt, rt } = keyedStreams(le, re);
          const outs = MODES.map((how) =>
            lt
              .intervalJoin(rt, lt.c.t, rt.c.t, cw.temporal.interval(lo, hi), cw.left.k.eq(cw.right.k), {
                how,
              })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id })
              .named(`interval-${how}`),
          );
          const captured = await captureTables(outs);
          const times = stepTimes(ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(captured[i]!, times, (t) =>
              modelInterval(ls.rowsAt(t), rs.rowsAt(t), how, lo, hi),
            ),
          );
        },
      ),
      TABLE_RUNS,
    );
  });
});
