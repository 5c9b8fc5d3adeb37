// Property tests of the id-matching Table methods against recomputation from scratch.
//
// Properties checked, after every epoch of random upserts and deletes on two keyed tables A and B:
// 1. A.difference(B), A.intersect(B), A.updateRows(B) and A.updateCells(B ∩ A) hold exactly the rows a
//    from-scratch computation over the current A and B gives, each with multiplicity 1.
// 2. A.ix(pointerFrom(B.v), { allowMisses: true }) holds, per row of B, the row of A it points at (or null).

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { Collection } from '../engine/collection.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { canonical, canonicalCollection } from '../engine/testing-helpers.test-util.js';
import type { SinkSpec } from './graph.js';

afterEach(() => cw.clearGraph());

type Cmd = { side: 'a' | 'b'; id: number; v: number | null };
const cmdArb: fc.Arbitrary<Cmd> = fc.record({
  side: fc.constantFrom('a' as const, 'b' as const),
  id: fc.nat(5),
  v: fc.option(fc.nat(5), { nil: null, freq: 3 }),
});
const epochsArb = fc.array(fc.array(cmdArb, { maxLength: 6 }), { minLength: 1, maxLength: 8 });

function expected(rows: Iterable<[Key, unknown[]]>): string[] {
  return canonical([...rows].map(([k, r]) => [k, r, 1] as [Key, unknown[], number]));
}

describe('difference / intersect / updateRows / updateCells / ix (property)', () => {
  it('equal recomputation from scratch after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(epochsArb, async (epochs) => {
        cw.clearGraph();
        const S = cw.schema({ v: cw.INT });
        const A = cw.inputTable(S);
        const B = cw.inputTable(S);
        const a = A.table;
        const b = B.table;
        const both = b.intersect(a);
        const outputs = {
          difference: a.difference(b),
          intersect: a.intersect(b),
          updateRows: a.updateRows(b),
          updateCells: a.updateCells(both),
          ix: a.ix(b.pointerFrom(b.c.v), { allowMisses: true }),
        };
        const colls = new Map<string, Collection<unknown[]>>();
        const sinks: SinkSpec[] = Object.entries(outputs).map(([name, t]) => {
          const c = new Collection<unknown[]>();
          colls.set(name, c);
          return { node: t.node, name, onBatch: (batch) => c.apply(batch) };
        });
        const runtime = cw.build({}, sinks);
        const cur = { a: new Map<Key, number>(), b: new Map<Key, number>() };
        for (let t = 0; t < epochs.length; t++) {
          for (const cmd of epochs[t]!) {
            const input = cmd.side === 'a' ? A : B;
            const map = cur[cmd.side];
            const key = keyFromValue(cmd.id);
            const old = map.get(key);
            if (old !== undefined) {
              input.pushRaw(key, [old], -1);
              map.delete(key);
            }
            if (cmd.v !== null) {
              input.pushRaw(key, [cmd.v], 1);
              map.set(key, cmd.v);
            }
          }
          await runtime.step(t + 1);
          const ea = [...cur.a];
          expect(canonicalCollection(colls.get('difference')!)).toEqual(
            expected(ea.filter(([k]) => !cur.b.has(k)).map(([k, v]) => [k, [v]])),
          );
          expect(canonicalCollection(colls.get('intersect')!)).toEqual(
            expected(ea.filter(([k]) => cur.b.has(k)).map(([k, v]) => [k, [v]])),
          );
          const merged = new Map([...cur.a, ...cur.b]);
          expect(canonicalCollection(colls.get('updateRows')!)).toEqual(
            expected([...merged].map(([k, v]) => [k, [v]])),
          );
          expect(canonicalCollection(colls.get('updateCells')!)).toEqual(
            expected(ea.map(([k, v]) => [k, [cur.b.get(k) ?? v]])),
          );
          expect(canonicalCollection(colls.get('ix')!)).toEqual(
            expected([...cur.b].map(([k, v]) => [k, [cur.a.get(keyFromValue(v)) ?? null]])),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
