// cw.iterate against recomputation: a reachability fixpoint maintained over random edge and root insertions and
// deletions equals a breadth-first search at every epoch.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromRows, type CapturedUpdate } from '../testing/index.js';

afterEach(() => cw.clearGraph());

type Edge = { a: number; b: number };

/** Reachable vertices from `roots` over `edges`, by breadth-first search. */
function reachable(roots: readonly number[], edges: readonly (readonly [number, number])[]): number[] {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const [a, b] of edges) {
      if (a === v && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
    }
  }
  return [...seen].sort((x, y) => x - y);
}

function integrateUntil(updates: readonly CapturedUpdate[], time: number): number[] {
  const counts = new Map<number, number>();
  for (const u of updates) {
    if (u.time > time) continue;
    const v = u.row[0] as number;
    counts.set(v, (counts.get(v) ?? 0) + u.diff);
  }
  const out: number[] = [];
  for (const [v, c] of counts) {
    expect(c === 0 || c === 1).toBe(true);
    if (c === 1) out.push(v);
  }
  return out.sort((x, y) => x - y);
}

describe('cw.iterate (property)', () => {
  // Properties: for random insertions and deletions of edges and roots over several epochs, the reachable set
  // maintained incrementally equals a breadth-first search over the edges and roots present at that epoch;
  // every row has multiplicity 0 or 1.
  it('maintains reachability equal to recomputation at every epoch', async () => {
    const edgeArb = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }));
    const epochArb = fc.record({
      edges: fc.array(edgeArb, { maxLength: 4 }),
      roots: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(epochArb, { minLength: 1, maxLength: 4 }), async (epochs) => {
        cw.clearGraph();
        // Each epoch toggles the listed edges and roots: present ones are removed, absent ones added.
        const present = new Set<string>();
        const rooted = new Set<number>([0]);
        const edgeRows: cw.StaticRow<Edge>[] = [];
        const rootRows: cw.StaticRow<{ v: number }>[] = [{ row: { v: 0 }, time: 0 }];
        const snapshots: { edges: (readonly [number, number])[]; roots: number[] }[] = [];
        epochs.forEach((toggles, e) => {
          const time = 2 * (e + 1);
          for (const [a, b] of new Map(toggles.edges.map((t) => [`${t[0]}-${t[1]}`, t])).values()) {
            const k = `${a}-${b}`;
            const diff = present.has(k) ? -1 : 1;
            if (diff > 0) present.add(k);
            else present.delete(k);
            edgeRows.push({ row: { a, b }, time, diff, id: cw.keyFromValues([a, b]) });
          }
          for (const v of toggles.roots) {
            const diff = rooted.has(v) ? -1 : 1;
            if (diff > 0) rooted.add(v);
            else rooted.delete(v);
            rootRows.push({ row: { v }, time, diff });
          }
          snapshots.push({
            edges: [...present].map((k) => k.split('-').map(Number) as [number, number]),
            roots: [...rooted],
          });
        });
        const edges = tableFromRows(cw.schema({ a: cw.INT, b: cw.INT }), edgeRows);
        const roots = tableFromRows(cw.schema({ v: cw.column(cw.INT, { primaryKey: true }) }), rootRows);
        const { reach } = cw.iterate(
          ({ reach, edges, roots }) => {
            const next = reach.join(edges, reach.c.v.eq(edges.c.a)).select({ v: cw.right.b });
            const both = roots
              .join(next, cw.left.v.eq(cw.right.v), { how: 'outer' })
              .select({ v: cw.coalesce(cw.left.v, cw.right.v) });
            return { reach: both.groupBy('v').reduce({ v: cw.this.v }) };
          },
          {},
          { reach: roots, edges, roots },
        );
        const [captured] = await captureTables([reach]);
        snapshots.forEach((snap, e) => {
          expect(integrateUntil(captured!.updates, 2 * (e + 1))).toEqual(reachable(snap.roots, snap.edges));
        });
      }),
      { numRuns: 40 },
    );
  });
});
