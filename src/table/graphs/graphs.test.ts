// Ports of Pathway's test_graphs.py (pagerank, bellman_ford), named after them, plus incremental updates of both.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { captureTables, type Captured } from '../../testing/capture.js';
import { assertTableEquality, tableFromMarkdown as T, tableFromRows } from '../../testing/index.js';

afterEach(() => cw.clearGraph());

/** The rows of a captured table after epoch `time` (its updates up to then, integrated) as [id, first cell], sorted. */
function rowsAt(c: Captured, time: number): [string, unknown][] {
  const live = new Map<string, { key: string; cell: unknown; n: number }>();
  for (const u of c.updates) {
    if (u.time > time) continue;
    const k = `${u.key}|${JSON.stringify(u.row[0])}`;
    const e = live.get(k) ?? { key: u.key, cell: u.row[0], n: 0 };
    e.n += u.diff;
    live.set(k, e);
  }
  const out: [string, unknown][] = [];
  for (const e of live.values()) for (let i = 0; i < e.n; i++) out.push([e.key, e.cell]);
  return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : Number(x[1]) - Number(y[1])));
}

/** Vertices with ids from their names, and the edges between them as pointers. */
function graph(names: string[], edgeList: string) {
  const vertices = T(`\n  |\n${names.map((n) => `${n} |`).join('\n')}`).select({});
  const edges = T(edgeList).select({
    u: vertices.pointerFrom(cw.this.u),
    v: vertices.pointerFrom(cw.this.v),
  });
  return edges as cw.Table<{ u: cw.Key; v: cw.Key }>;
}

describe('pagerank', () => {
  it('test_page_rank1', async () => {
    const edges = graph(
      ['a', 'b', 'c'],
      `
      u | v
      a | b
      b | c
      c | a
      c | b`,
    );
    await assertTableEquality(
      cw.graphs.pagerank(edges, 20),
      T(`
          | rank
        a | 3896
        b | 7142
        c | 6951`),
    );
  });

  it('test_page_rank2', async () => {
    const edges = graph(
      ['a', 'b', 'c', 'd'],
      `
      u | v
      a | b
      b | c
      c | a
      c | b
      d | a`,
    );
    await assertTableEquality(
      cw.graphs.pagerank(edges, 20),
      T(`
          | rank
        a | 5393
        b | 9053
        c | 8543
        d | 1000`),
    );
  });

  it('test_page_rank_zero_outdegree_nodes', async () => {
    const edges = graph(
      ['a', 'b'],
      `
      u | v
      a | b`,
    );
    await assertTableEquality(
      cw.graphs.pagerank(edges, 10),
      T(`
          | rank
        a | 1000
        b | 1833`),
    );
  });

  it('test_page_rank_one_node_edge_case', async () => {
    const edges = cw.Table.empty({ u: cw.POINTER, v: cw.POINTER });
    await assertTableEquality(cw.graphs.pagerank(edges, 50), cw.Table.empty({ rank: cw.INT }));
  });

  it('updates the ranks when an edge arrives and when it goes', async () => {
    const vertices = T(`
        |
      a |
      b |
      c |`).select({});
    const edges = T(`
      u | v | __time__ | __diff__
      a | b |        2 |        1
      b | c |        2 |        1
      c | a |        4 |        1
      c | a |        6 |       -1`).select({
      u: vertices.pointerFrom(cw.this.u),
      v: vertices.pointerFrom(cw.this.v),
    });
    const [c] = await captureTables([cw.graphs.pagerank(edges, 3)]);
    const at = (time: number) => rowsAt(c!, time);
    // Epochs 2 and 6 hold the same graph (a -> b -> c): the same ranks.
    expect(at(6)).toEqual(at(2));
    expect(at(4)).not.toEqual(at(2));
  });
});

describe('bellmanFord', () => {
  it('test_bellman_ford', async () => {
    const vertices = T(`
        | is_source
      1 | True
      2 | False
      3 | False
      4 | False
      5 | False
      6 | False
      7 | False`);
    const edges = T(`
         | u | v | dist
      11 | 1 | 2 | 100
      12 | 1 | 3 | 200
      13 | 1 | 4 | 300
      14 | 3 | 5 | 100
      15 | 3 | 6 | 500
      16 | 5 | 6 | 100
      17 | 6 | 3 | -50`).withColumns({
      u: vertices.pointerFrom(cw.this.u),
      v: vertices.pointerFrom(cw.this.v),
      dist: cw.cast(cw.FLOAT, cw.this.dist),
    });
    const res = cw.graphs.bellmanFord(vertices as unknown as cw.Table<{ is_source: boolean }>, edges);
    const expected = tableFromRows(
      cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), dist_from_source: cw.FLOAT }),
      [
        [1, 0],
        [2, 100],
        [3, 200],
        [4, 300],
        [5, 300],
        [6, 400],
        [7, Infinity],
      ].map(([id, d]) => ({ id: id!, dist_from_source: d! })),
    ).without('id');
    await assertTableEquality(res, expected);
  });

  it('lowers a distance when a shorter edge arrives and restores it when the edge goes', async () => {
    const vertices = T(`
        | is_source
      1 | True
      2 | False
      3 | False`);
    const edges = T(`
         | u | v | dist | __time__ | __diff__
      11 | 1 | 2 |  100 |        2 |        1
      12 | 2 | 3 |  100 |        2 |        1
      13 | 1 | 3 |   50 |        4 |        1
      13 | 1 | 3 |   50 |        6 |       -1`).withColumns({
      u: vertices.pointerFrom(cw.this.u),
      v: vertices.pointerFrom(cw.this.v),
      dist: cw.cast(cw.FLOAT, cw.this.dist),
    });
    const res = cw.graphs.bellmanFord(vertices as unknown as cw.Table<{ is_source: boolean }>, edges);
    const [c] = await captureTables([res]);
    const at = (time: number) =>
      rowsAt(c!, time)
        .map((r) => r[1] as number)
        .sort((a, b) => a - b);
    expect(at(2)).toEqual([0, 100, 200]);
    expect(at(4)).toEqual([0, 50, 100]);
    expect(at(6)).toEqual([0, 100, 200]);
  });
});
