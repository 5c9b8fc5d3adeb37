// Property test of deferred lookups (`a.ixRef(cw.this.p)` used inside methods of b) against recomputation.
//
// After every epoch of random upserts and deletes on a keyed table A (v) and a keyed table B (p, a nullable
// value whose pointer names a row of A), `b.select` / `b.filter` / a `b.reduce` over the lookup hold exactly
// what a from-scratch computation over the current A and B gives.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { Collection } from '../engine/collection.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { canonical, canonicalCollection } from '../engine/testing-helpers.test-util.js';
import type { SinkSpec } from './graph.js';

afterEach(() => cw.clearGraph());

type Cmd = { side: 'a' | 'b'; id: number; v: number | null; del: boolean };
const cmdArb: fc.Arbitrary<Cmd> = fc.record({
  side: fc.constantFrom('a' as const, 'b' as const),
  id: fc.nat(5),
  v: fc.option(fc.nat(5), { nil: null, freq: 4 }),
  del: fc.boolean(),
});
const epochsArb = fc.array(fc.array(cmdArb, { maxLength: 6 }), { minLength: 1, maxLength: 8 });

function expected(rows: Iterable<[Key, unknown[]]>): string[] {
  return canonical([...rows].map(([k, r]) => [k, r, 1] as [Key, unknown[], number]));
}

describe('deferred ix / ixRef (property)', () => {
  it('equal recomputation from scratch after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(epochsArb, async (epochs) => {
        cw.clearGraph();
        const A = cw.inputTable(cw.schema({ v: cw.INT }));
        const B = cw.inputTable(cw.schema({ p: cw.optional(cw.INT) }));
        const a = A.table;
        const b = B.table;
        const opts = { optional: true, allowMisses: true } as const;
        const outputs = {
          select: b.select({ p: cw.this.p, v: a.ixRef(cw.this.p, opts).c.v }),
          filter: b.filter(cw.coalesce(a.ixRef(cw.this.p, opts).c.v, -1).gt(2)),
          total: b.reduce({
            s: cw.reducers.sum(cw.coalesce(a.ixRef(cw.this.p, opts).c.v, 0)),
            n: cw.reducers.count(),
          }),
        };
        const colls = new Map<string, Collection<unknown[]>>();
        const sinks: SinkSpec[] = Object.entries(outputs).map(([name, t]) => {
          const c = new Collection<unknown[]>();
          colls.set(name, c);
          return { node: t.node, name, onBatch: (batch) => c.apply(batch) };
        });
        const runtime = cw.build({}, sinks);
        const cur = { a: new Map<Key, number | null>(), b: new Map<Key, number | null>() };
        for (let t = 0; t < epochs.length; t++) {
          for (const cmd of epochs[t]!) {
            const input = cmd.side === 'a' ? A : B;
            const map = cur[cmd.side];
            const key = keyFromValue(cmd.id);
            if (map.has(key)) {
              input.pushRaw(key, [map.get(key)], -1);
              map.delete(key);
            }
            const v = cmd.side === 'a' ? (cmd.v ?? 0) : cmd.v;
            if (!cmd.del) {
              input.pushRaw(key, [v], 1);
              map.set(key, v);
            }
          }
          await runtime.step(t + 1);
          const lookedUp = (p: number | null): number | null =>
            p === null ? null : (cur.a.get(keyFromValue(p)) ?? null);
          const eb = [...cur.b];
          expect(canonicalCollection(colls.get('select')!)).toEqual(
            expected(eb.map(([k, p]) => [k, [p, lookedUp(p)]])),
          );
          expect(canonicalCollection(colls.get('filter')!)).toEqual(
            expected(eb.filter(([, p]) => (lookedUp(p) ?? -1) > 2).map(([k, p]) => [k, [p]])),
          );
          const totals = canonicalCollection(colls.get('total')!).map((x) => x.slice(x.indexOf(' ') + 1));
          const sum = eb.reduce((s, [, p]) => s + (lookedUp(p) ?? 0), 0);
          expect(totals).toEqual(eb.length === 0 ? [] : [`${JSON.stringify([sum, eb.length])} x1`]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
