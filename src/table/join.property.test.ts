// Property tests of joins through the Table API, against recomputation from scratch at every epoch.
//
// Properties checked (two random keyed streams with inserts, updates and deletes; small key domains so keys repeat):
// 1. Inner, left, right and outer joins on one column equal the nested-loop join of the integrated inputs: a pair
//    per equal non-None key (None never matches, duplicates give every pair), plus the unmatched rows of the kept
//    side(s) padded with None; ids are combineKeys(leftId, rightId) with keyFromValue(null) for a missing side.
// 2. The same for a join on two columns (a pair matches only when both are equal and neither is None).
// 3. A cross join (no conditions) is every pair of rows.
// 4. A join keeping one side's ids (inner and that side's outer join) has, per id of that side, the row of its one
//    match, or while it has several, its own cells with the other side's as errors (Pathway's duplicate key).

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { combineKeys, keyFromValue, type Key } from '../engine/key.js';
import { captureTables } from '../testing/capture.js';
import type { JoinMode } from './join.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from './property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type L = { k: string | null; k2: number | null; v: number };
type R = { k: string | null; k2: number | null; w: number };
const lColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'k2', dtype: cw.INT.optional() },
  { name: 'v', dtype: cw.INT },
];
const rColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'k2', dtype: cw.INT.optional() },
  { name: 'w', dtype: cw.INT },
];
const k2Arb = fc.constantFrom<number | null>(0, 1, null);
const lArb = fc.record({ k: domains.smallKey, k2: k2Arb, v: domains.smallInt });
const rArb = fc.record({ k: domains.smallKey, k2: k2Arb, w: domains.smallInt });
const MODES: readonly JoinMode[] = ['inner', 'left', 'right', 'outer'];
const NULL_KEY = keyFromValue(null);

/** Nested-loop join of model rows; output rows are [lk, lv, rk, rw, leftId, rightId]. */
function modelJoin(
  left: readonly ModelRow[],
  right: readonly ModelRow[],
  how: JoinMode,
  matches: (l: ModelRow, r: ModelRow) => boolean,
): [Key, unknown[]][] {
  const out: [Key, unknown[]][] = [];
  const row = (l: ModelRow | null, r: ModelRow | null): [Key, unknown[]] => [
    combineKeys(l?.id ?? NULL_KEY, r?.id ?? NULL_KEY),
    [l?.k ?? null, l?.v ?? null, r?.k ?? null, r?.w ?? null, l?.id ?? null, r?.id ?? null],
  ];
  for (const l of left) for (const r of right) if (matches(l, r)) out.push(row(l, r));
  if (how === 'left' || how === 'outer') {
    for (const l of left) if (!right.some((r) => matches(l, r))) out.push(row(l, null));
  }
  if (how === 'right' || how === 'outer') {
    for (const r of right) if (!left.some((l) => matches(l, r))) out.push(row(null, r));
  }
  return out;
}

const sameK = (l: ModelRow, r: ModelRow): boolean => l.k !== null && l.k === r.k;
const sameBoth = (l: ModelRow, r: ModelRow): boolean => sameK(l, r) && l.k2 !== null && l.k2 === r.k2;

const selection = {
  lk: cw.left.k,
  lv: cw.left.v,
  rk: cw.right.k,
  rw: cw.right.w,
  lid: cw.left.id,
  rid: cw.right.id,
};

async function checkJoins(
  lEpochs: Parameters<typeof resolveStream<L>>[1],
  rEpochs: Parameters<typeof resolveStream<R>>[1],
  build: (l: cw.Table<L>, r: cw.Table<R>, how: JoinMode) => cw.JoinResult<any, any>,
  matches: (l: ModelRow, r: ModelRow) => boolean,
  modes: readonly JoinMode[] = MODES,
): Promise<void> {
  const ls = resolveStream<L>(lColumns, lEpochs, 'left');
  const rs = resolveStream<R>(rColumns, rEpochs, 'right');
  const lt = streamTable<L>(ls);
  const rt = streamTable<R>(rs);
  const outs = modes.map((how) => build(lt, rt, how).select(selection).named(`join-${how}`));
  const captured = await captureTables(outs);
  const times = stepTimes(ls, rs);
  modes.forEach((how, i) =>
    expectEveryEpoch(captured[i]!, times, (t) => modelJoin(ls.rowsAt(t), rs.rowsAt(t), how, matches)),
  );
}

describe('join property', () => {
  it('inner/left/right/outer joins on one column match recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), (le, re) =>
        checkJoins(le, re, (l, r, how) => l.join(r, l.c.k.eq(r.c.k), { how }), sameK),
      ),
      TABLE_RUNS,
    );
  });

  it('joinLeft/joinRight/joinOuter on two columns (callback conditions) match recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), (le, re) =>
        checkJoins(
          le,
          re,
          (l, r, how) => {
            const conds = (a: cw.ColumnsOf<L>, b: cw.ColumnsOf<R>) => [a.k.eq(b.k), b.k2.eq(a.k2)];
            if (how === 'left') return l.joinLeft(r, conds);
            if (how === 'right') return l.joinRight(r, conds);
            if (how === 'outer') return l.joinOuter(r, conds);
            return l.joinInner(r, cw.left.k.eq(cw.right.k), cw.left.k2.eq(cw.right.k2));
          },
          sameBoth,
        ),
      ),
      TABLE_RUNS,
    );
  });

  it('a join without conditions is the cross product', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb, { ids: 3 }), streamArb(rArb, { ids: 3 }), (le, re) =>
        checkJoins(
          le,
          re,
          (l, r) => l.join(r),
          () => true,
          ['inner'],
        ),
      ),
      TABLE_RUNS,
    );
  });

  it("joins keeping one side's ids give a row per id, with the other side as errors while it matches several", async () => {
    const ERR = 'error';
    const fill = <T>(e: cw.Expr<T>) => cw.fillError(e, ERR);
    const kept = {
      left: { lk: cw.left.k, lv: cw.left.v, rk: fill(cw.right.k), rw: fill(cw.right.w) },
      right: { lk: fill(cw.left.k), lv: fill(cw.left.v), rk: cw.right.k, rw: cw.right.w },
    };
    const cases = [
      ['left', 'inner'],
      ['left', 'left'],
      ['right', 'inner'],
      ['right', 'right'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), async (le, re) => {
        const ls = resolveStream<L>(lColumns, le, 'left');
        const rs = resolveStream<R>(rColumns, re, 'right');
        const lt = streamTable<L>(ls);
        const rt = streamTable<R>(rs);
        const outs = cases.map(([id, how]) =>
          lt.join(rt, lt.c.k.eq(rt.c.k), { how, id }).select(kept[id]).named(`join-${how}-id-${id}`),
        );
        const captured = await captureTables(outs, { terminateOnError: false });
        const times = stepTimes(ls, rs);
        cases.forEach(([id, how], i) =>
          expectEveryEpoch(captured[i]!, times, (t) => {
            const byId = new Map<Key, unknown[][]>();
            for (const [, row] of modelJoin(ls.rowsAt(t), rs.rowsAt(t), how, sameK)) {
              const k = row[id === 'left' ? 4 : 5] as Key;
              byId.set(k, [...(byId.get(k) ?? []), row.slice(0, 4)]);
            }
            return [...byId].map(([k, rows]): [Key, unknown[]] => {
              const [lk, lv, rk, rw] = rows[0]!;
              if (rows.length === 1) return [k, rows[0]!];
              return [k, id === 'left' ? [lk, lv, ERR, ERR] : [ERR, ERR, rk, rw]];
            });
          }),
        );
      }),
      TABLE_RUNS,
    );
  });
});
