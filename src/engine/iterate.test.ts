import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { DistinctOperator } from './distinct.js';
import { InputOperator } from './input-operator.js';
import { IterateOperator, IterateProjection } from './iterate.js';
import { JoinOperator } from './join.js';
import { ConcatOperator, MapOperator } from './linear-operators.js';
import { keyFromValue } from './key.js';
import type { Operator } from './operator.js';
import {
  batchTriples,
  canonical,
  canonicalCollection,
  integrate,
  record,
} from './testing-helpers.test-util.js';

type Edge = [number, number];
type Node = [number];

/** reach = distinct(roots ∪ reach ⋈ edges); counts how many inner steps ran. */
function buildReach(options: { iterated: number; maxIterations?: number } = { iterated: 1 }) {
  const c = new Circuit();
  const edges = c.add(new InputOperator<Edge>('edges'));
  const roots = c.add(new InputOperator<Node>('roots'));
  const stats = { innerSteps: 0 };
  const it = c.add(
    new IterateOperator(
      [roots, edges, roots],
      (inner, ins) => {
        const [reach, es, base] = ins as [Operator<Node>, Operator<Edge>, Operator<Node>];
        const counted = inner.add(
          new MapOperator<Node, Node>(reach, (r) => {
            stats.innerSteps++;
            return r;
          }),
        );
        const ra = inner.add(new Arrangement<Node>(counted, (_k, r) => r[0]));
        const ea = inner.add(new Arrangement<Edge>(es, (_k, r) => r[0]));
        const next = inner.add(
          new JoinOperator<Node, Edge, Node>(ra, ea, (_a, _n, _b, e, d, o) =>
            o.push(keyFromValue(e[1]), [e[1]], d),
          ),
        );
        return [inner.add(new DistinctOperator(inner.add(new ConcatOperator([base, next]))))];
      },
      options,
    ),
  );
  const proj = c.add(new IterateProjection<Node>(it, 0));
  return { c, edges, roots, it, proj, stats, out: integrate(c, proj), log: record(c, proj) };
}

const nodes = (...ns: number[]) => canonical(ns.map((n) => [keyFromValue(n), [n], 1] as const));

function chain(edges: InputOperator<Edge>, ...ns: number[]): void {
  for (let i = 0; i + 1 < ns.length; i++)
    edges.push(keyFromValue(['e', ns[i], ns[i + 1]]), [ns[i]!, ns[i + 1]!], 1);
}

describe('IterateOperator', () => {
  it('reaches the fixpoint and retracts nodes when an edge goes', async () => {
    const { c, edges, roots, out } = buildReach();
    chain(edges, 1, 2, 3, 4);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    expect(canonicalCollection(out)).toEqual(nodes(1, 2, 3, 4));
    edges.push(keyFromValue(['e', 2, 3]), [2, 3], -1);
    await c.step(2);
    expect(canonicalCollection(out)).toEqual(nodes(1, 2));
  });

  it('stops after maxIterations applications of the body', async () => {
    const { c, edges, roots, out } = buildReach({ iterated: 1, maxIterations: 2 });
    chain(edges, 1, 2, 3, 4, 5);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    expect(canonicalCollection(out)).toEqual(nodes(1, 2, 3));
  });

  it('with maxIterations 1 applies the body exactly once', async () => {
    const { c, edges, roots, out } = buildReach({ iterated: 1, maxIterations: 1 });
    chain(edges, 1, 2, 3);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    expect(canonicalCollection(out)).toEqual(nodes(1, 2));
  });

  it('does nothing in empty epochs: no inner steps, empty output, a synchronous step', async () => {
    const { c, edges, roots, stats, proj, log } = buildReach();
    chain(edges, 1, 2);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    const steps = stats.innerSteps;
    expect(c.step(2)).toBeUndefined();
    expect(stats.innerSteps).toBe(steps);
    expect(proj.output).toBe(EMPTY_BATCH);
    expect(log.map((l) => l.time)).toEqual([1]);
  });

  it('emits nothing when an input changes but the fixpoint does not', async () => {
    const { c, edges, roots, log } = buildReach();
    chain(edges, 1, 2);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    edges.push(keyFromValue('dup'), [1, 2], 1); // a second path to an already reached node
    roots.push(keyFromValue(1), [1], -1);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(2);
    expect(log.map((l) => l.time)).toEqual([1]);
  });

  it('rejects a body returning the wrong number of collections', () => {
    const c = new Circuit();
    const a = c.add(new InputOperator<Node>());
    expect(() => new IterateOperator([a], () => [], { iterated: 1 })).toThrow(
      /returned 0 collections, expected 1/,
    );
  });

  it('iterates several collections at once', async () => {
    const c = new Circuit();
    const edges = c.add(new InputOperator<Edge>('edges'));
    const rootsA = c.add(new InputOperator<Node>('a'));
    const rootsB = c.add(new InputOperator<Node>('b'));
    const step = (inner: Circuit, reach: Operator<Node>, es: Operator<Edge>, base: Operator<Node>) => {
      const ra = inner.add(new Arrangement<Node>(reach, (_k, r) => r[0]));
      const ea = inner.add(new Arrangement<Edge>(es, (_k, r) => r[0]));
      const next = inner.add(
        new JoinOperator<Node, Edge, Node>(ra, ea, (_a, _n, _b, e, d, o) =>
          o.push(keyFromValue(e[1]), [e[1]], d),
        ),
      );
      return inner.add(new DistinctOperator(inner.add(new ConcatOperator([base, next]))));
    };
    const it = c.add(
      new IterateOperator(
        [rootsA, rootsB, edges, rootsA, rootsB],
        (inner, ins) => {
          const [a, b, es, ba, bb] = ins as [
            Operator<Node>,
            Operator<Node>,
            Operator<Edge>,
            Operator<Node>,
            Operator<Node>,
          ];
          return [step(inner, a, es, ba), step(inner, b, es, bb)];
        },
        { iterated: 2 },
      ),
    );
    const outA = integrate(c, c.add(new IterateProjection<Node>(it, 0)));
    const outB = integrate(c, c.add(new IterateProjection<Node>(it, 1)));
    chain(edges, 1, 2, 3);
    chain(edges, 7, 8);
    rootsA.push(keyFromValue(2), [2], 1);
    rootsB.push(keyFromValue(7), [7], 1);
    await c.step(1);
    expect(canonicalCollection(outA)).toEqual(nodes(2, 3));
    expect(canonicalCollection(outB)).toEqual(nodes(7, 8));
  });

  it('continues after snapshot and restore into a freshly built circuit', async () => {
    const a = buildReach();
    chain(a.edges, 1, 2, 3);
    a.roots.push(keyFromValue(1), [1], 1);
    await a.c.step(1);
    const b = buildReach();
    b.c.restore(structuredClone(a.c.snapshot()));
    for (const x of [a, b]) {
      x.edges.push(keyFromValue(['e', 1, 2]), [1, 2], -1);
      x.edges.push(keyFromValue(['e', 3, 4]), [3, 4], 1);
      await x.c.step(2);
    }
    expect(canonical(batchTriples(b.log[0]!.batch))).toEqual(canonical(batchTriples(a.log[1]!.batch)));
    expect(canonical(batchTriples(b.log[0]!.batch))).toEqual(
      canonical([
        [keyFromValue(2), [2], -1],
        [keyFromValue(3), [3], -1],
      ]),
    );
  });

  it('snapshots plain arrays that later steps do not change', async () => {
    const a = buildReach();
    chain(a.edges, 1, 2, 3);
    a.roots.push(keyFromValue(1), [1], 1);
    await a.c.step(1);
    const snap = a.it.snapshot() as { accumulated: object[]; previous: object[] };
    for (const part of [...snap.accumulated, ...snap.previous])
      expect(Object.getPrototypeOf(part)).toBe(Object.prototype);
    const frozen = structuredClone(snap);
    a.edges.push(keyFromValue(['e', 3, 4]), [3, 4], 1);
    await a.c.step(2);
    expect(snap).toEqual(frozen);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(frozen);
  });

  it('restarts an iteration nested in another each outer round (reset)', async () => {
    const c = new Circuit();
    const edges = c.add(new InputOperator<Edge>('edges'));
    const roots = c.add(new InputOperator<Node>('roots'));
    const reachBody = (inner: Circuit, ins: readonly Operator<any>[]): Operator<any>[] => {
      const [reach, es, base] = ins as [Operator<Node>, Operator<Edge>, Operator<Node>];
      const ra = inner.add(new Arrangement<Node>(reach, (_k, r) => r[0]));
      const ea = inner.add(new Arrangement<Edge>(es, (_k, r) => r[0]));
      const next = inner.add(
        new JoinOperator<Node, Edge, Node>(ra, ea, (_a, _n, _b, e, d, o) =>
          o.push(keyFromValue(e[1]), [e[1]], d),
        ),
      );
      return [inner.add(new DistinctOperator(inner.add(new ConcatOperator([base, next]))))];
    };
    const outer = c.add(
      new IterateOperator(
        [roots, edges],
        (inner, [r, es]) => {
          const nested = inner.add(new IterateOperator([r!, es!, r!], reachBody, { iterated: 1 }));
          return [inner.add(new IterateProjection<Node>(nested, 0))];
        },
        { iterated: 1 },
      ),
    );
    const out = integrate(c, c.add(new IterateProjection<Node>(outer, 0)));
    chain(edges, 1, 2, 3);
    roots.push(keyFromValue(1), [1], 1);
    await c.step(1);
    expect(canonicalCollection(out)).toEqual(nodes(1, 2, 3));
    edges.push(keyFromValue(['e', 1, 2]), [1, 2], -1);
    await c.step(2);
    expect(canonicalCollection(out)).toEqual(nodes(1));
  });
});
