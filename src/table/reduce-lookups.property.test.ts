// Property test of lookups in reduce outputs (`t.ix(cw.reducers.argmax(cw.this.v)).c.s`) against recomputation.
//
// After every epoch of random upserts and deletes on a keyed table (g, v, s), a reduce by g reading the argmax row's
// s and the argmin row's s next to max/min/count holds exactly what a from-scratch computation over the current rows
// gives. s is a function of (g, v), so whichever of tied rows wins, the looked-up s is determined.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { Collection } from '../engine/collection.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { canonicalCollection } from '../engine/testing-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type Cmd = { id: number; g: number; v: number; del: boolean };
const cmdArb: fc.Arbitrary<Cmd> = fc.record({
  id: fc.nat(7),
  g: fc.nat(2),
  v: fc.nat(6),
  del: fc.boolean(),
});
const epochsArb = fc.array(fc.array(cmdArb, { maxLength: 6 }), { minLength: 1, maxLength: 8 });

/** The looked-up cell of a row (g, v). */
const sOf = (g: number, v: number): number => v * 10 + g;

describe('lookups in reduce outputs (property)', () => {
  it('equal recomputation from scratch after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(epochsArb, async (epochs) => {
        cw.clearGraph();
        const T = cw.inputTable(cw.schema({ g: cw.INT, v: cw.INT, s: cw.INT }));
        const t = T.table;
        const out = t.groupBy(cw.this.g).reduce({
          g: cw.this.g,
          hi: cw.reducers.max(cw.this.v),
          hiS: t.ix(cw.reducers.argmax(cw.this.v)).c.s,
          loS: t.ix(cw.reducers.argmin(t.c.v)).c.s.add(cw.reducers.count()),
        });
        const coll = new Collection<unknown[]>();
        const runtime = cw.build({}, [{ node: out.node, name: 'out', onBatch: (b) => coll.apply(b) }]);
        const cur = new Map<Key, [number, number, number]>();
        for (let e = 0; e < epochs.length; e++) {
          for (const cmd of epochs[e]!) {
            const key = keyFromValue(cmd.id);
            const old = cur.get(key);
            if (old !== undefined) {
              T.pushRaw(key, old, -1);
              cur.delete(key);
            }
            if (!cmd.del) {
              const row: [number, number, number] = [cmd.g, cmd.v, sOf(cmd.g, cmd.v)];
              T.pushRaw(key, row, 1);
              cur.set(key, row);
            }
          }
          await runtime.step(e + 1);
          const groups = new Map<number, number[]>();
          for (const [g, v] of cur.values()) groups.set(g, [...(groups.get(g) ?? []), v]);
          const want = [...groups].map(([g, vs]) => {
            const hi = Math.max(...vs);
            const lo = Math.min(...vs);
            return `${JSON.stringify([g, hi, sOf(g, hi), sOf(g, lo) + vs.length])} x1`;
          });
          const got = canonicalCollection(coll).map((x) => x.slice(x.indexOf(' ') + 1));
          expect(got.sort()).toEqual(want.sort());
        }
      }),
      { numRuns: 60 },
    );
  });
});
