// Graph algorithms built from table methods (Pathway's `pw.stdlib.graphs`): `cw.graphs.pagerank(edges)`,
// `cw.graphs.bellmanFord(vertices, edges)`.

export { pagerank, type Edge, type PageRank } from './pagerank.js';
export { bellmanFord, type DistFromSource } from './bellman-ford.js';
