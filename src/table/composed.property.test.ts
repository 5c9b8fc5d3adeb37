// Property tests of composed Table API queries, against recomputation from scratch at every epoch.
//
// Properties checked (random keyed streams with inserts, updates and deletes):
// 1. filter → join → select → groupBy → reduce → select equals the same pipeline run on the integrated inputs
//    (group ids = hash of the group value, kept by the final select).
// 2. join → JoinResult.filter → JoinResult.groupBy → reduce, and JoinResult.reduce over the whole join, equal
//    recomputation.
// 3. select over a zipped second table with the same universe (a select of the first), and over the table a
//    filter came from (subset universe), equals a row-by-row lookup by id.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValues } from '../engine/key.js';
import { captureTables } from '../testing/capture.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  groupRows,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from './property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type L = { k: string | null; v: number };
type R = { k: string | null; g: number; w: number };
const lColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'v', dtype: cw.INT },
];
const rColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'g', dtype: cw.INT },
  { name: 'w', dtype: cw.INT },
];
const lArb = fc.record({ k: domains.smallKey, v: domains.smallInt });
const rArb = fc.record({ k: domains.smallKey, g: fc.integer({ min: 0, max: 2 }), w: domains.smallInt });

const n = (r: ModelRow, c: string): number => r[c] as number;

/** Inner-join pairs of model rows on `k` (None never matches). */
function pairs(left: readonly ModelRow[], right: readonly ModelRow[]): [ModelRow, ModelRow][] {
  const out: [ModelRow, ModelRow][] = [];
  for (const l of left) for (const r of right) if (l.k !== null && l.k === r.k) out.push([l, r]);
  return out;
}

describe('composed query property', () => {
  it('filter → join → select → groupBy → reduce → select matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), async (le, re) => {
        const ls = resolveStream<L>(lColumns, le, 'l');
        const rs = resolveStream<R>(rColumns, re, 'r');
        const lt = streamTable<L>(ls);
        const rt = streamTable<R>(rs);
        const f = lt.filter(lt.c.v.gt(0));
        const j = f.join(rt, f.c.k.eq(rt.c.k)).select({ g: cw.right.g, v: cw.left.v, w: cw.right.w });
        const agg = j.groupBy(j.c.g).reduce({
          g: cw.this.g,
          n: cw.reducers.count(),
          s: cw.reducers.sum(j.c.v),
          mw: cw.reducers.max(j.c.w),
        });
        const out = agg.select({ g: agg.c.g, score: agg.c.s.mul(10).add(agg.c.n), mw: agg.c.mw });
        const [c] = await captureTables([out]);
        expectEveryEpoch(c!, stepTimes(ls, rs), (t) => {
          const joined = pairs(
            ls.rowsAt(t).filter((x) => n(x, 'v') > 0),
            rs.rowsAt(t),
          ).map(([l, r]) => ({ g: r.g, v: n(l, 'v'), w: n(r, 'w') }));
          return [...groupRows(joined, (x) => [x.g]).values()].map(({ values, rows }) => {
            const s = rows.reduce((a, x) => a + x.v, 0);
            return [
              keyFromValues(values),
              [values[0], s * 10 + rows.length, Math.max(...rows.map((x) => x.w))],
            ] as const;
          });
        });
      }),
      TABLE_RUNS,
    );
  });

  it('JoinResult.filter → groupBy → reduce and JoinResult.reduce match recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), streamArb(rArb), async (le, re) => {
        const ls = resolveStream<L>(lColumns, le, 'l');
        const rs = resolveStream<R>(rColumns, re, 'r');
        const lt = streamTable<L>(ls);
        const rt = streamTable<R>(rs);
        const jr = lt.join(rt, lt.c.k.eq(rt.c.k)).filter(cw.left.v.le(cw.right.w));
        const grouped = jr
          .groupBy(cw.right.g)
          .reduce({ g: cw.right.g, n: cw.reducers.count(), s: cw.reducers.sum(cw.left.v) });
        const total = jr.reduce({ n: cw.reducers.count(), ws: cw.reducers.sum(cw.right.w) });
        const [cg, ct] = await captureTables([grouped, total]);
        const times = stepTimes(ls, rs);
        const kept = (t: number) =>
          pairs(ls.rowsAt(t), rs.rowsAt(t)).filter(([l, r]) => n(l, 'v') <= n(r, 'w'));
        expectEveryEpoch(cg!, times, (t) =>
          [...groupRows(kept(t), ([, r]) => [r.g]).values()].map(
            ({ values, rows }) =>
              [
                keyFromValues(values),
                [values[0], rows.length, rows.reduce((a, [l]) => a + n(l, 'v'), 0)],
              ] as const,
          ),
        );
        expectEveryEpoch(ct!, times, (t) => {
          const rows = kept(t);
          return rows.length === 0
            ? []
            : [[keyFromValues([]), [rows.length, rows.reduce((a, [, r]) => a + n(r, 'w'), 0)]] as const];
        });
      }),
      TABLE_RUNS,
    );
  });

  it('select over a zipped table (same universe, and the superset a filter came from) matches lookup by id', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(lArb), async (le) => {
        const ls = resolveStream<L>(lColumns, le, 'l');
        const t = streamTable<L>(ls);
        const doubled = t.select({ d: t.c.v.mul(2) });
        const same = t.select({ k: t.c.k, dv: doubled.c.d.add(t.c.v) });
        const f = t.filter(t.c.v.ge(0));
        const sub = f.select({ v: f.c.v, k: t.c.k, d: doubled.c.d });
        const [cs, cf] = await captureTables([same, sub]);
        const times = stepTimes(ls);
        expectEveryEpoch(cs!, times, (time) =>
          ls.rowsAt(time).map((x) => [x.id, [x.k, 3 * n(x, 'v')]] as const),
        );
        expectEveryEpoch(cf!, times, (time) =>
          ls
            .rowsAt(time)
            .filter((x) => n(x, 'v') >= 0)
            .map((x) => [x.id, [x.v, x.k, 2 * n(x, 'v')]] as const),
        );
      }),
      TABLE_RUNS,
    );
  });
});
