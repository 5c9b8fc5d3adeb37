// Property tests of the graph algorithms over random streams of edge insertions and deletions: at every epoch the
// incremental output equals the algorithm run from scratch on that epoch's edges.
import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../index.js';
import type { Key } from '../../engine/key.js';
import { captureTables } from '../../testing/capture.js';
import { tableFromRows } from '../../testing/index.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
} from '../property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

const N = 5;
type EdgeRow = { u: number; v: number; dist: number };
const columns = [
  { name: 'u', dtype: cw.INT },
  { name: 'v', dtype: cw.INT },
  { name: 'dist', dtype: cw.INT },
];
const edgeArb = fc.record({ u: fc.nat(N - 1), v: fc.nat(N - 1), dist: fc.nat(20) });
const streams = streamArb(edgeArb, { ids: 8, maxOps: 4 });

/** Vertices 0..N-1 keyed by their number (vertex 0 is the source), and the stream's edges as pointers to them. */
function tables(s: ReturnType<typeof resolveStream<EdgeRow>>) {
  const vertices = tableFromRows(
    cw.schema({ n: cw.column(cw.INT, { primaryKey: true }), is_source: cw.BOOL }),
    Array.from({ length: N }, (_, n) => ({ n, is_source: n === 0 })),
  );
  const e = streamTable<EdgeRow>(s);
  const edges = e.select({
    u: vertices.pointerFrom(e.c.u),
    v: vertices.pointerFrom(e.c.v),
    dist: e.c.dist.add(0.0),
  });
  return { vertices: vertices.select({ is_source: cw.this.is_source }), edges };
}

const vertexKey = (n: number): Key => cw.keyFromValues([n]);

/** Shortest distances from vertex 0 over the live edges (Bellman-Ford from scratch). */
function distances(edges: readonly Record<string, unknown>[]): number[] {
  const d = Array.from({ length: N }, (_, n) => (n === 0 ? 0 : Infinity));
  for (let round = 0; round < N; round++)
    for (const e of edges)
      d[e.v as number] = Math.min(d[e.v as number]!, d[e.u as number]! + (e.dist as number));
  return d;
}

describe('graphs, property', () => {
  it('bellmanFord equals the distances computed from scratch at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streams, async (epochs) => {
        const s = resolveStream<EdgeRow>(columns, epochs, 'edges');
        const { vertices, edges } = tables(s);
        const [c] = await captureTables([cw.graphs.bellmanFord(vertices, edges)]);
        // The vertices are there from the first epoch on, whatever the edges do.
        const times = [...new Set([0, ...stepTimes(s)])].sort((a, b) => a - b);
        expectEveryEpoch(c!, times, (time) =>
          distances(s.rowsAt(time)).map((d, n) => [vertexKey(n), [d]] as [Key, unknown[]]),
        );
        cw.clearGraph();
      }),
      TABLE_RUNS,
    );
  });
});
