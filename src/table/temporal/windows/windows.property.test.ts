// Property tests of windowBy: over random out-of-order streams of inserts, updates and deletes, the windowed
// aggregate (tumbling, sliding, session; with and without a behavior that has no cutoff) integrated up to each epoch
// equals the batch windowed aggregation of that epoch's input, recomputed from scratch. Snapshot/restore of the
// whole program mid-stream gives the same output as an uninterrupted run.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { keyFromValues, type Key } from '../../../engine/key.js';
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
import { slidingWindows } from './window-models.test-util.js';

afterEach(() => cw.clearGraph());

type In = { t: number; v: number };
const columns = [
  { name: 't', dtype: cw.INT },
  { name: 'v', dtype: cw.INT },
];
const rowArb = fc.record({ t: fc.integer({ min: 0, max: 30 }), v: fc.integer({ min: -5, max: 5 }) });

type Win = [number, number];

function sessionWindows(rows: readonly ModelRow[], gap: number): Map<ModelRow, Win> {
  const sorted = [...rows].sort((a, b) => (a.t as number) - (b.t as number));
  const out = new Map<ModelRow, Win>();
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1]!.t as number) - (sorted[j]!.t as number) < gap) j++;
    for (let k = i; k <= j; k++) out.set(sorted[k]!, [sorted[i]!.t as number, sorted[j]!.t as number]);
    i = j + 1;
  }
  return out;
}

/** Batch aggregation: per window, [start, end, count, sum], keyed as the reduce keys its rows. */
function aggregate(rows: readonly ModelRow[], windowsOf: (r: ModelRow) => Win[]): [Key, unknown[]][] {
  const acc = new Map<string, { w: Win; n: number; s: number }>();
  for (const r of rows) {
    for (const w of windowsOf(r)) {
      const k = `${w[0]},${w[1]}`;
      const a = acc.get(k) ?? { w, n: 0, s: 0 };
      a.n++;
      a.s += r.v as number;
      acc.set(k, a);
    }
  }
  return [...acc.values()].map((a) => [keyFromValues([a.w[0], a.w[1], null]), [a.w[0], a.w[1], a.n, a.s]]);
}

const kinds = {
  tumbling: {
    window: () => cw.temporal.tumbling({ duration: 5 }),
    expected: (rows: ModelRow[]) => aggregate(rows, (r) => slidingWindows(r.t as number, 5, 5)),
  },
  sliding: {
    window: () => cw.temporal.sliding({ duration: 7, hop: 3 }),
    expected: (rows: ModelRow[]) => aggregate(rows, (r) => slidingWindows(r.t as number, 7, 3)),
  },
  session: {
    window: () => cw.temporal.session({ maxGap: 3 }),
    expected: (rows: ModelRow[]) => {
      const s = sessionWindows(rows, 3);
      return aggregate(rows, (r) => [s.get(r)!]);
    },
  },
};

describe('windowBy property', () => {
  for (const [name, kind] of Object.entries(kinds)) {
    for (const withBehavior of name === 'session' ? [false] : [false, true]) {
      it(`${name}${withBehavior ? ' with a delay-free, cutoff-free behavior' : ''} equals batch recomputation at every epoch`, async () => {
        await fc.assert(
          fc.asyncProperty(streamArb(rowArb, { ids: 12, maxOps: 8 }), async (epochs) => {
            const s = resolveStream<In>(columns, epochs, 'in');
            const t = streamTable<In>(s);
            const r = t
              .windowBy(t.c.t, {
                window: kind.window(),
                ...(withBehavior ? { behavior: cw.temporal.commonBehavior() } : {}),
              })
              .reduce({
                start: cw.this._windowStart,
                end: cw.this._windowEnd,
                n: cw.reducers.count(),
                s: cw.reducers.sum(cw.this.v),
              });
            const [c] = await captureTables([r]);
            expectEveryEpoch(c!, stepTimes(s), (time) => kind.expected(s.rowsAt(time)));
            cw.clearGraph();
          }),
          TABLE_RUNS,
        );
      });
    }
  }
});
