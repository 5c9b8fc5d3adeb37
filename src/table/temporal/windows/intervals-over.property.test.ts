// Property test of intervalsOver windows: over random streams of inserts, updates and deletes of both the rows and
// the `at` points, the windowed aggregate integrated up to each epoch equals the aggregation recomputed from
// scratch (one window per distinct `at` value over [at + lower, at + upper]; an empty outer window holds one row
// of Nones, as Pathway's left interval join gives), `tuple()` listing a window's values in time order, ties by row
// id (Pathway's `sort_by=_pw_key`).

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { keyFromValues, type Key } from '../../../engine/key.js';
import { compareKeys } from '../../reducers/compare.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from '../../property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type In = { t: number; v: number };
type At = { a: number };
const LOWER = -2;
const UPPER = 1;

function expected(
  rows: readonly ModelRow[],
  points: readonly ModelRow[],
  outer: boolean,
): [Key, unknown[]][] {
  const out: [Key, unknown[]][] = [];
  for (const a of new Set(points.map((p) => p.a as number))) {
    const inside = rows.filter((r) => a + LOWER <= (r.t as number) && (r.t as number) <= a + UPPER);
    if (inside.length === 0 && !outer) continue;
    const max = inside.length === 0 ? null : Math.max(...inside.map((r) => r.v as number));
    const inOrder = inside.sort((x, y) => (x.t as number) - (y.t as number) || compareKeys(x.id, y.id));
    const vs = inside.length === 0 ? [null] : inOrder.map((r) => r.v);
    out.push([keyFromValues([a, a + LOWER, a + UPPER, null]), [a, Math.max(1, inside.length), max, vs]]);
  }
  return out;
}

describe('intervalsOver property', () => {
  for (const outer of [true, false]) {
    it(`${outer ? 'outer' : 'inner'} windows equal recomputation at every epoch`, async () => {
      await fc.assert(
        fc.asyncProperty(
          streamArb(fc.record({ t: fc.integer({ min: 0, max: 12 }), v: fc.integer({ min: -5, max: 5 }) }), {
            ids: 8,
            maxOps: 6,
          }),
          streamArb(fc.record({ a: fc.integer({ min: 0, max: 12 }) }), { ids: 4, maxOps: 3 }),
          async (dataEpochs, atEpochs) => {
            const s = resolveStream<In>(
              [
                { name: 't', dtype: cw.INT },
                { name: 'v', dtype: cw.INT },
              ],
              dataEpochs,
              'in',
            );
            const p = resolveStream<At>([{ name: 'a', dtype: cw.INT }], atEpochs, 'at');
            const t = streamTable<In>(s);
            const probes = streamTable<At>(p);
            const r = t
              .windowBy(t.c.t, {
                window: cw.temporal.intervalsOver({
                  at: probes.c.a,
                  lowerBound: LOWER,
                  upperBound: UPPER,
                  isOuter: outer,
                }),
              })
              .reduce({
                loc: cw.this._windowLocation,
                n: cw.reducers.count(),
                m: cw.reducers.max(cw.this.v),
                vs: cw.reducers.tuple(cw.this.v),
              });
            const [c] = await captureTables([r]);
            expectEveryEpoch(c!, stepTimes(s, p), (time) => expected(s.rowsAt(time), p.rowsAt(time), outer));
            cw.clearGraph();
          },
        ),
        TABLE_RUNS,
      );
    });
  }
});
