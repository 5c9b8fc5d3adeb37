// PageRank over a directed graph (Pathway's `pw.stdlib.graphs.pagerank`), in integer arithmetic as Pathway computes it,
// so ranks are the same numbers: every vertex starts at 6,000; each step, a vertex sends 5/6 of its rank split evenly
// (rounded down) along its out-edges, and gets 1,000 plus what its in-edges bring; a vertex without in-edges keeps
// 1,000. Built from table methods (`steps` rounds unrolled), so it updates incrementally as edges come and go.

import type { Key } from '../../engine/key.js';
import { ifElse } from '../expression-builders.js';
import { reducers } from '../reducer-exprs.js';
import type { Table } from '../table.js';
import { promiseUniversesAreDisjoint } from '../universe-ops.js';

/** The edges of a graph: `u` -> `v`, the ids of the vertices they join. */
export type Edge = { u: Key; v: Key };

/** Each vertex's rank, keyed by the vertex's id (the ids edges point to). */
export type PageRank = { rank: number };

/** The rank of every vertex with an edge, after `steps` rounds (default 5), keyed by vertex id. */
export function pagerank(edges: Table<Edge>, steps = 5): Table<PageRank> {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`pagerank: steps must be a non-negative integer, got ${steps}`);
  const inVertices = edges.groupBy({ id: edges.c.v }).reduce({ degree: 0 });
  const outVertices = edges.groupBy({ id: edges.c.u }).reduce({ degree: reducers.count() });
  const degrees = inVertices.updateRows(outVertices);
  const base = outVertices.difference(inVertices).select({ rank: 1000 });
  let ranks: Table<PageRank> = degrees.select({ rank: 6000 });
  for (let step = 0; step < steps; step++) {
    const outflow = degrees.select({
      flow: ifElse(degrees.c.degree.eq(0), 0, ranks.c.rank.mul(5).floordiv(degrees.c.degree.mul(6))),
    });
    const inflows = edges
      .groupBy({ id: edges.c.v })
      .reduce({ rank: reducers.sum(outflow.ix(edges.c.u).c.flow).add(1000) });
    promiseUniversesAreDisjoint(base, inflows);
    ranks = base.concat(inflows).withUniverseOf(degrees);
  }
  return ranks;
}
