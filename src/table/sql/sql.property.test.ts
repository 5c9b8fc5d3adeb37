// Property of `cw.sql` on random insert/delete streams: a query with WHERE, JOIN, GROUP BY and HAVING, at every epoch,
// equals the same query computed from scratch over the rows present then.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { captureTables } from '../../testing/capture.js';
import {
  TABLE_RUNS,
  canonicalRows,
  domains,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
} from '../property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type T = { k: number; v: number };
type U = { k: number; w: number };

describe('cw.sql property', () => {
  it('SUM and COUNT over a join, filtered and grouped, equal recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(fc.record({ k: fc.integer({ min: 0, max: 3 }), v: domains.smallInt }), { ids: 5 }),
        streamArb(fc.record({ k: fc.integer({ min: 0, max: 3 }), w: domains.smallInt }), { ids: 5 }),
        async (te, ue) => {
          cw.clearGraph();
          const ts = resolveStream<T>(
            [
              { name: 'k', dtype: cw.INT },
              { name: 'v', dtype: cw.INT },
            ],
            te,
            't',
          );
          const us = resolveStream<U>(
            [
              { name: 'k', dtype: cw.INT },
              { name: 'w', dtype: cw.INT },
            ],
            ue,
            'u',
          );
          const out = cw.sql(
            'SELECT t.k AS k, SUM(v * w) AS s, COUNT(*) AS n FROM t JOIN u ON t.k = u.k WHERE v > -2 ' +
              'GROUP BY t.k HAVING COUNT(*) > 1',
            { t: streamTable<T>(ts), u: streamTable<U>(us) },
          );
          const [c] = await captureTables([out]);
          for (const time of stepTimes(ts, us)) {
            const groups = new Map<number, { s: number; n: number }>();
            for (const a of ts.rowsAt(time)) {
              for (const b of us.rowsAt(time)) {
                if (a.k !== b.k || (a.v as number) <= -2) continue;
                const g = groups.get(a.k as number) ?? { s: 0, n: 0 };
                g.s += (a.v as number) * (b.w as number);
                g.n++;
                groups.set(a.k as number, g);
              }
            }
            const want = [...groups]
              .filter(([, g]) => g.n > 1)
              .map(([k, g]) => JSON.stringify([k, g.s, g.n]))
              .sort();
            const got = canonicalRows(
              c!.updates.filter((u) => u.time <= time).map((u) => ['', u.row, u.diff] as const),
            ).map((line) => line.slice(line.indexOf(' ') + 1));
            expect(got.sort(), `at time ${time}`).toEqual(want);
          }
        },
      ),
      { ...TABLE_RUNS, numRuns: 40 },
    );
  });
});
