// Property tests of IterateOperator (fixpoints in a nested circuit) against recomputation from scratch.
//
// Properties checked, after every epoch of random edge and root inserts/deletes:
// 1. Reachability (reach = distinct(roots ∪ reach ⋈ edges)) equals a breadth-first search over the integrated inputs.
// 2. Transitive closure (paths = distinct(edges ∪ paths ⋈ edges)) equals a naive closure over the integrated edges,
//    including retraction of derived paths when an edge goes.
// 3. With maxIterations = k, reachability holds exactly the nodes within k hops of a root.
// 4. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Circuit } from './circuit.js';
import { DistinctOperator } from './distinct.js';
import { InputOperator } from './input-operator.js';
import { IterateOperator, IterateProjection } from './iterate.js';
import { JoinOperator } from './join.js';
import { ConcatOperator, FlatMapOperator } from './linear-operators.js';
import { keyFromValue, type Key } from './key.js';
import type { Operator } from './operator.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  expectSameStep,
  canonical,
  canonicalCollection,
  epochsArb,
  integrate,
  record,
  type Command,
  type Entry,
} from './testing-helpers.test-util.js';

type Edge = [number, number];
type Node = [number];

const NODES = 5;
const edgeArb = fc.tuple(fc.nat(NODES - 1), fc.nat(NODES - 1));
const rootArb = fc.tuple(fc.nat(NODES - 1));
const edgeKey = (id: number): Key => keyFromValue(['E', id]);
const rootKey = (id: number): Key => keyFromValue(['R', id]);

/** Builds reach = distinct(roots ∪ reach ⋈ edges), rows keyed by node. */
function buildReach(maxIterations?: number) {
  const c = new Circuit();
  const edges = c.add(new InputOperator<Edge>('edges'));
  const roots = c.add(new InputOperator<Node>('roots'));
  const nodeRoots = c.add(
    new FlatMapOperator<Node, Node>(roots, (_k, r, d, o) => o.push(keyFromValue(r[0]), r, d)),
  );
  const it = c.add(
    new IterateOperator(
      [nodeRoots, edges, nodeRoots],
      (inner, ins) => {
        const [reach, es, base] = ins as [Operator<Node>, Operator<Edge>, Operator<Node>];
        const ra = inner.add(new Arrangement<Node>(reach, (_k, r) => r[0]));
        const ea = inner.add(new Arrangement<Edge>(es, (_k, r) => r[0]));
        const next = inner.add(
          new JoinOperator<Node, Edge, Node>(ra, ea, (_a, _n, _b, e, d, o) =>
            o.push(keyFromValue(e[1]), [e[1]], d),
          ),
        );
        return [inner.add(new DistinctOperator(inner.add(new ConcatOperator([base, next]))))];
      },
      maxIterations === undefined ? { iterated: 1 } : { iterated: 1, maxIterations },
    ),
  );
  const proj = c.add(new IterateProjection<Node>(it, 0));
  return { c, edges, roots, out: integrate(c, proj), log: record(c, proj) };
}

/** Builds paths = distinct(edges ∪ paths ⋈ edges), rows keyed by (from, to). */
function buildClosure() {
  const c = new Circuit();
  const edges = c.add(new InputOperator<Edge>('edges'));
  const it = c.add(
    new IterateOperator(
      [edges, edges],
      (inner, ins) => {
        const [paths, es] = ins as [Operator<Edge>, Operator<Edge>];
        const pa = inner.add(new Arrangement<Edge>(paths, (_k, r) => r[1]));
        const ea = inner.add(new Arrangement<Edge>(es, (_k, r) => r[0]));
        const ext = inner.add(
          new JoinOperator<Edge, Edge, Edge>(pa, ea, (_a, p, _b, e, d, o) =>
            o.push(keyFromValue([p[0], e[1]]), [p[0], e[1]], d),
          ),
        );
        const base = inner.add(
          new FlatMapOperator<Edge, Edge>(es, (_k, r, d, o) => o.push(keyFromValue([r[0], r[1]]), r, d)),
        );
        return [inner.add(new DistinctOperator(inner.add(new ConcatOperator([base, ext]))))];
      },
      { iterated: 1 },
    ),
  );
  return { c, edges, out: integrate(c, c.add(new IterateProjection<Edge>(it, 0))) };
}

/** Nodes reachable from the roots in at most `hops` edges (BFS over plain arrays). */
function bfs(edges: readonly Entry<Edge>[], roots: readonly Entry<Node>[], hops = Infinity): string[] {
  const seen = new Set(roots.map((r) => r.row[0]));
  let frontier = [...seen];
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: number[] = [];
    for (const n of frontier) {
      for (const e of edges)
        if (e.row[0] === n && !seen.has(e.row[1])) {
          seen.add(e.row[1]);
          next.push(e.row[1]);
        }
    }
    frontier = next;
  }
  return canonical([...seen].map((n) => [keyFromValue(n), [n], 1] as const));
}

/** All pairs (a, b) joined by a non-empty path. */
function closure(edges: readonly Entry<Edge>[]): string[] {
  const pairs = new Set<string>();
  for (let a = 0; a < NODES; a++) {
    for (const b of bfsFrom(edges, a)) pairs.add(JSON.stringify([a, b]));
  }
  return canonical([...pairs].map((p) => JSON.parse(p) as Edge).map((p) => [keyFromValue(p), p, 1] as const));
}

function bfsFrom(edges: readonly Entry<Edge>[], a: number): Set<number> {
  const seen = new Set<number>();
  const stack = [a];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const e of edges)
      if (e.row[0] === n && !seen.has(e.row[1])) {
        seen.add(e.row[1]);
        stack.push(e.row[1]);
      }
  }
  return seen;
}

function zip<A, B>(a: Command<A>[][], b: Command<B>[][]): [Command<A>[], Command<B>[]][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? [], b[i] ?? []]);
}

const reachEpochs = fc.tuple(
  epochsArb(edgeArb, { maxEpochs: 6 }),
  epochsArb(rootArb, { ids: 3, maxEpochs: 6, maxOps: 3 }),
);

describe('IterateOperator (property)', () => {
  it('computes reachability equal to BFS after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(reachEpochs, async ([ee, re]) => {
        const { c, edges, roots, out } = buildReach();
        const eref = new ReferenceInput<Edge>();
        const rref = new ReferenceInput<Node>();
        for (const [t, [ec, rc]] of zip(ee, re).entries()) {
          edges.pushBatch(eref.apply(ec, edgeKey));
          roots.pushBatch(rref.apply(rc, rootKey));
          await c.step(t + 1);
          expect(canonicalCollection(out)).toEqual(bfs(eref.entries, rref.entries));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('computes transitive closure equal to a naive closure after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(epochsArb(edgeArb, { maxEpochs: 6 }), async (epochs) => {
        const { c, edges, out } = buildClosure();
        const ref = new ReferenceInput<Edge>();
        for (const [t, cmds] of epochs.entries()) {
          edges.pushBatch(ref.apply(cmds, edgeKey));
          await c.step(t + 1);
          expect(canonicalCollection(out)).toEqual(closure(ref.entries));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('stops after maxIterations applications of the body', async () => {
    await fc.assert(
      fc.asyncProperty(reachEpochs, fc.integer({ min: 1, max: 3 }), async ([ee, re], k) => {
        const { c, edges, roots, out } = buildReach(k);
        const eref = new ReferenceInput<Edge>();
        const rref = new ReferenceInput<Node>();
        for (const [t, [ec, rc]] of zip(ee, re).entries()) {
          edges.pushBatch(eref.apply(ec, edgeKey));
          roots.pushBatch(rref.apply(rc, rootKey));
          await c.step(t + 1);
          expect(canonicalCollection(out)).toEqual(bfs(eref.entries, rref.entries, k));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore into a fresh circuit', async () => {
    await fc.assert(
      fc.asyncProperty(reachEpochs, fc.nat(10), async ([ee, re], cut) => {
        const a = buildReach();
        const eref = new ReferenceInput<Edge>();
        const rref = new ReferenceInput<Node>();
        const epochs = zip(ee, re);
        const at = cut % epochs.length;
        let b: ReturnType<typeof buildReach> | undefined;
        for (const [t, [ec, rc]] of epochs.entries()) {
          const eb = eref.apply(ec, edgeKey);
          const rb = rref.apply(rc, rootKey);
          for (const x of b === undefined ? [a] : [a, b]) {
            x.edges.pushBatch(eb);
            x.roots.pushBatch(rb);
            await x.c.step(t + 1);
          }
          if (b !== undefined) {
            expectSameStep(a.log, b.log, t + 1);
          }
          if (t === at) {
            b = buildReach();
            b.c.restore(structuredClone(a.c.snapshot()));
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
