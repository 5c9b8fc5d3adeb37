// Property tests of groupBy().reduce() through the Table API, against recomputation from scratch at every epoch.
//
// Properties checked (random keyed streams of inserts, updates and deletes over small domains):
// 1. groupBy(g).reduce with count, sum, min, max, avg, argmin, tuple, countDistinct and any equals the reduction
//    of the integrated input, one row per non-empty group (None is a group value), id = hash of the group value.
// 2. groupBy over two columns, with reducers nested in expressions (sum(v).mul(2), count().add(max(v))), equals
//    recomputation; groups that empty disappear.
// 3. A whole-table reduce (no grouping columns) is one row while the input is non-empty and none when empty.
// 4. Reductions of only group columns and count() (the engine's count-only path: one column, two columns with two
//    counts, and no reducer at all) equal recomputation.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValues, type Key } from '../engine/key.js';
import { captureTables } from '../testing/capture.js';
import { compareForReducers } from './reducers/compare.js';
import {
  TABLE_RUNS,
  byId,
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

type In = { g: string | null; v: number; w: number };
const columns = [
  { name: 'g', dtype: cw.STR.optional() },
  { name: 'v', dtype: cw.INT },
  { name: 'w', dtype: cw.INT },
];
const rowArb = fc.record({ g: domains.smallKey, v: domains.smallInt, w: fc.integer({ min: 0, max: 3 }) });

const num = (r: ModelRow, c: string): number => r[c] as number;

/** The row with the best `v`; among ties the smallest id (rows are scanned in id order, strict comparison). */
function bestBy(rows: readonly ModelRow[], better: (a: number, b: number) => boolean): ModelRow {
  const ordered = byId(rows);
  let best = ordered[0]!;
  for (const r of ordered) if (better(num(r, 'v'), num(best, 'v'))) best = r;
  return best;
}

describe('groupBy().reduce() property', () => {
  it('matches recomputation at every epoch for count/sum/min/max/avg/argmin/tuple/countDistinct/any', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(rowArb), async (epochs) => {
        const s = resolveStream<In>(columns, epochs, 'in');
        const t = streamTable<In>(s);
        const r = t.groupBy(t.c.g).reduce({
          g: cw.this.g,
          n: cw.reducers.count(),
          s: cw.reducers.sum(t.c.v),
          mn: cw.reducers.min(t.c.v),
          mx: cw.reducers.max(t.c.v),
          av: cw.reducers.avg(t.c.v),
          am: cw.reducers.argmin(t.c.v),
          tp: cw.reducers.tuple(t.c.w),
          cd: cw.reducers.countDistinct(t.c.w),
          an: cw.reducers.any(t.c.w),
        });
        const [c] = await captureTables([r]);
        expectEveryEpoch(c!, stepTimes(s), (time) =>
          [...groupRows(s.rowsAt(time), (x) => [x.g]).values()].map(({ values, rows }) => {
            const vs = rows.map((x) => num(x, 'v'));
            const total = vs.reduce((a, b) => a + b, 0);
            const ordered = byId(rows);
            return [
              keyFromValues(values),
              [
                values[0],
                rows.length,
                total,
                Math.min(...vs),
                Math.max(...vs),
                total / rows.length,
                bestBy(rows, (a, b) => a < b).id,
                ordered.map((x) => x.w),
                new Set(rows.map((x) => x.w)).size,
                ordered[0]!.w,
              ],
            ] as const;
          }),
        );
      }),
      TABLE_RUNS,
    );
  });

  it('matches recomputation for two grouping columns and reducers nested in expressions', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(rowArb), async (epochs) => {
        const s = resolveStream<In>(columns, epochs, 'in');
        const t = streamTable<In>(s);
        const r = t.groupBy('g', 'w').reduce({
          w: cw.this.w,
          g: cw.this.g,
          twice: cw.reducers.sum(cw.this.v).mul(2),
          mixed: cw.reducers.count().add(cw.reducers.max(cw.this.v)),
          big: cw.reducers.max(cw.this.v).gt(cw.this.w),
          sorted: cw.reducers.sortedTuple(cw.this.v),
        });
        const [c] = await captureTables([r]);
        expectEveryEpoch(c!, stepTimes(s), (time) =>
          [...groupRows(s.rowsAt(time), (x) => [x.g, x.w]).values()].map(({ values, rows }) => {
            const vs = rows.map((x) => num(x, 'v'));
            const mx = Math.max(...vs);
            return [
              keyFromValues(values),
              [
                values[1],
                values[0],
                2 * vs.reduce((a, b) => a + b, 0),
                rows.length + mx,
                mx > (values[1] as number),
                vs.slice().sort(compareForReducers),
              ],
            ] as const;
          }),
        );
      }),
      TABLE_RUNS,
    );
  });

  it('matches recomputation when the outputs are only group columns and count()', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(rowArb), async (epochs) => {
        const s = resolveStream<In>(columns, epochs, 'in');
        const t = streamTable<In>(s);
        const one = t.groupBy(t.c.g).reduce({ g: cw.this.g, n: cw.reducers.count() });
        const two = t
          .groupBy('g', 'w')
          .reduce({ n: cw.reducers.count(), w: cw.this.w, m: cw.reducers.count() });
        const distinct = t.groupBy('w').reduce({ w: cw.this.w });
        const [c1, c2, c3] = await captureTables([one, two, distinct]);
        const times = stepTimes(s);
        const groups = (time: number, by: (x: ModelRow) => unknown[]) => [
          ...groupRows(s.rowsAt(time), by).values(),
        ];
        expectEveryEpoch(c1!, times, (time) =>
          groups(time, (x) => [x.g]).map(
            ({ values, rows }) => [keyFromValues(values), [values[0], rows.length]] as const,
          ),
        );
        expectEveryEpoch(c2!, times, (time) =>
          groups(time, (x) => [x.g, x.w]).map(
            ({ values, rows }) => [keyFromValues(values), [rows.length, values[1], rows.length]] as const,
          ),
        );
        expectEveryEpoch(c3!, times, (time) =>
          groups(time, (x) => [x.w]).map(({ values }) => [keyFromValues(values), [values[0]]] as const),
        );
      }),
      TABLE_RUNS,
    );
  });

  it('reduces the whole table to one row while it is non-empty', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(rowArb, { ids: 4 }), async (epochs) => {
        const s = resolveStream<In>(columns, epochs, 'in');
        const t = streamTable<In>(s);
        const r = t.reduce({
          n: cw.reducers.count(),
          s: cw.reducers.sum(t.c.v),
          groups: cw.reducers.countDistinct(t.c.g),
        });
        const [c] = await captureTables([r]);
        expectEveryEpoch(c!, stepTimes(s), (time) => {
          const rows = s.rowsAt(time);
          if (rows.length === 0) return [];
          const key: Key = keyFromValues([]);
          return [
            [
              key,
              [rows.length, rows.reduce((a, x) => a + num(x, 'v'), 0), new Set(rows.map((x) => x.g)).size],
            ] as const,
          ];
        });
      }),
      TABLE_RUNS,
    );
  });
});
