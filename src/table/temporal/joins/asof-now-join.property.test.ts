// Property test of asofNowJoin against recomputation: the output integrated up to each epoch is, for every left
// row inserted so far (net insertions of each epoch), its pairs with the right rows present at the end of the
// epoch it arrived in (or one None-padded row in left mode). Left retractions and later right changes revise
// nothing, so the output is append-only.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, keyFromValue, type Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
} from '../../property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type L = { k: string | null; v: number };
type R = { k: string | null; w: number };
const lColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'v', dtype: cw.INT },
];
const rColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'w', dtype: cw.INT },
];
const NULL_KEY = keyFromValue(null);

describe('asofNowJoin property', () => {
  it('answers every left insertion from the right rows of its epoch, never revising', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(fc.record({ k: domains.smallKey, v: domains.smallInt })),
        streamArb(fc.record({ k: domains.smallKey, w: domains.smallInt })),
        async (le, re) => {
          const ls = resolveStream<L>(lColumns, le, 'left');
          const rs = resolveStream<R>(rColumns, re, 'right');
          const lt = streamTable<L>(ls);
          const rt = streamTable<R>(rs);
          const modes = ['inner', 'left'] as const;
          const outs = modes.map((how) =>
            lt
              .asofNowJoin(rt, cw.left.k.eq(cw.right.k), { how })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id })
              .named(`now-${how}`),
          );
          const captured = await captureTables(outs);
          const times = stepTimes(ls, rs);
          // Net left insertions per epoch: (time, key, row values).
          const arrivals: { time: number; key: Key; row: unknown[] }[] = [];
          for (const time of times) {
            const net = new Map<string, { key: Key; row: unknown[]; d: number }>();
            for (const u of ls.updates.filter((x) => x.time === time)) {
              const id = `${u.key}|${JSON.stringify(u.row)}`;
              const e = net.get(id) ?? { key: u.key, row: u.row, d: 0 };
              e.d += u.diff;
              net.set(id, e);
            }
            for (const e of net.values()) if (e.d > 0) arrivals.push({ time, key: e.key, row: e.row });
          }
          modes.forEach((how, i) => {
            expectEveryEpoch(captured[i]!, times, (t) => {
              const out: [Key, unknown[]][] = [];
              for (const a of arrivals.filter((x) => x.time <= t)) {
                const [k, v] = a.row as [string | null, number];
                const matches = rs.rowsAt(a.time).filter((r) => k !== null && r.k === k);
                for (const r of matches) out.push([combineKeys(a.key, r.id), [v, r.w, a.key, r.id]]);
                if (how === 'left' && matches.length === 0)
                  out.push([combineKeys(a.key, NULL_KEY), [v, null, a.key, null]]);
              }
              return out;
            });
            expect(captured[i]!.updates.every((u) => u.diff > 0)).toBe(true);
          });
        },
      ),
      TABLE_RUNS,
    );
  });
});
