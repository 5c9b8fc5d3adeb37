// Property of fully async UDFs (fully-async-udf.ts) on random insert/delete streams, calls finishing out of order: at
// every epoch the table holds exactly the input's rows, each with PENDING or its own row's result (never an older
// row's), and once the run ends `awaitFutures()` holds the function of every input row.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables } from '../testing/capture.js';
import { domains, epochTime, resolveStream, streamArb, streamTable } from './property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type In = { v: number };

describe('fully async UDF property', () => {
  it('shows each present row with PENDING or its own result at every epoch, and every result at the end', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(fc.record({ v: domains.smallInt }), { ids: 5 }), async (epochs) => {
        cw.clearGraph();
        const stream = resolveStream<In>([{ name: 'v', dtype: cw.INT }], epochs, 'ids');
        let calls = 0;
        const triple = cw.udf(
          async (v: number) => {
            await new Promise((resolve) => setTimeout(resolve, (calls++ * 7 + v + 3) % 3));
            return 3 * v;
          },
          { fullyAsync: true, returnType: cw.INT },
        );
        const t = streamTable<In>(stream).select({ v: cw.this.v, w: triple(cw.this.v) });
        const [all, done] = await captureTables([t, t.awaitFutures()]);
        const last = epochTime(epochs.length);
        const times = [...new Set(all!.updates.map((u) => u.time))].sort((a, b) => a - b);
        for (const time of times) {
          // Integrated up to `time`, one epoch at a time, retractions before insertions.
          const shown = new Map<string, unknown[]>();
          for (const at of times.filter((x) => x <= time)) {
            const batch = all!.updates.filter((x) => x.time === at);
            for (const u of batch)
              if (u.diff < 0) expect(shown.delete(u.key), 'retracts a shown row').toBe(true);
            for (const u of batch) if (u.diff > 0) shown.set(u.key, u.row);
          }
          const present = stream.rowsAt(Math.min(time, last));
          expect([...shown.keys()].sort(), `ids at ${time}`).toEqual(present.map((r) => r.id).sort());
          for (const r of present) {
            const [v, w] = shown.get(r.id)!;
            expect(v).toBe(r.v);
            expect(w === cw.PENDING || w === 3 * (r.v as number), `cell of ${String(r.v)} at ${time}`).toBe(
              true,
            );
          }
        }
        const final = stream.rowsAt(last);
        const got = [...done!.final.entries].flatMap(([k, g]) =>
          g.rows.map((row) => `${k}:${JSON.stringify(row)}`),
        );
        const want = final.map((r) => `${r.id}:${JSON.stringify([r.v, 3 * (r.v as number)])}`);
        expect(got.sort()).toEqual(want.sort());
      }),
      { numRuns: 60 },
    );
  });
});
