// Property of zipping by id (zip-by-id.ts) through the Table API, against recomputation at every epoch: a select of a
// table reading the columns of another whose universe is promised to include it (the promise broken at random: both
// tables are random streams over one id space) shows the other table's values where it has the id, errors where not.
import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import type { Key } from '../engine/key.js';
import { captureTables } from '../testing/capture.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
} from './property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type A = { v: number };
type B = { w: number };
const MISSING = -100;

describe('zip by id property', () => {
  it('a select reading a promised superset shows its values, or errors for ids it lacks, at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(fc.record({ v: domains.smallInt }), { ids: 4 }),
        streamArb(fc.record({ w: domains.smallInt }), { ids: 4 }),
        async (ae, be) => {
          // One prefix: both streams draw ids from one space, so some ids are on both sides and some on one.
          const as = resolveStream<A>([{ name: 'v', dtype: cw.INT }], ae, 'ids');
          const bs = resolveStream<B>([{ name: 'w', dtype: cw.INT }], be, 'ids');
          const a = streamTable<A>(as);
          const b = streamTable<B>(bs);
          cw.promiseUniverseIsSubsetOf(a, b);
          const out = a.select({ v: a.c.v, w: cw.fillError(b.c.w, MISSING) });
          const [captured] = await captureTables([out], { terminateOnError: false });
          expectEveryEpoch(captured!, stepTimes(as, bs), (t) => {
            const ws = new Map<Key, unknown>(bs.rowsAt(t).map((r) => [r.id, r.w]));
            return as
              .rowsAt(t)
              .map((r): [Key, unknown[]] => [r.id, [r.v, ws.has(r.id) ? ws.get(r.id) : MISSING]]);
          });
        },
      ),
      TABLE_RUNS,
    );
  });
});
