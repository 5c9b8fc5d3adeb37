// Single-source shortest paths by Bellman-Ford (Pathway's `pw.stdlib.graphs.bellman_ford`): every vertex starts at 0
// (a source) or Infinity, and `cw.iterate` relaxes every edge until no distance changes. Negative edges are allowed;
// a negative cycle reachable from a source never settles (give the iteration a `limit`). Each epoch's change of the
// vertices or edges runs the iteration again.

import type { Key } from '../../engine/key.js';
import { ifElse } from '../expression-builders.js';
import { iterate, type IterateTableOptions } from '../iterate.js';
import { reducers } from '../reducer-exprs.js';
import type { Table } from '../table.js';

/** Each vertex's distance from the nearest source (Infinity when none reaches it), keyed by vertex id. */
export type DistFromSource = { dist_from_source: number };

/**
 * One round: each vertex takes the smallest of its starting distance (0 for a source, Infinity otherwise) and what its
 * in-edges offer (their source's distance plus their length). Pathway's round takes only the offers, so a vertex with
 * in-edges forgets it is a source (a cycle back into a source then never settles); here a source stays at 0.
 */
function relax(
  current: Table<DistFromSource>,
  edges: Table<{ u: Key; v: Key; dist: number }>,
  start: Table<DistFromSource>,
): Table<DistFromSource> {
  const offered = edges.select({
    v: edges.c.v,
    dist_from_source: current.ix(edges.c.u).c.dist_from_source.add(edges.c.dist),
  });
  const own = start.select({ v: start.id, dist_from_source: start.c.dist_from_source });
  const offers = own.concatReindex(offered);
  return offers
    .groupBy({ id: offers.c.v })
    .reduce({ dist_from_source: reducers.min(offers.c.dist_from_source) });
}

/**
 * The distance of every vertex from the nearest vertex with `is_source`, along `edges` (`u` -> `v` of length `dist`),
 * keyed by vertex id; column `dist_from_source`, as Pathway's.
 */
export function bellmanFord(
  vertices: Table<{ is_source: boolean }>,
  edges: Table<{ u: Key; v: Key; dist: number }>,
  options: IterateTableOptions = {},
): Table<DistFromSource> {
  const start: Table<DistFromSource> = vertices.select({
    dist_from_source: ifElse(vertices.c.is_source, 0.0, Infinity),
  });
  type Loop = { vertices: Table<DistFromSource>; edges: typeof edges; start: Table<DistFromSource> };
  const out = iterate(
    ({ vertices: current, edges: e, start: s }: Loop) => ({ vertices: relax(current, e, s) }),
    options,
    { vertices: start, edges, start },
  );
  return out.vertices;
}
