import { describe, expect, it } from 'vitest';
import { stepSync } from './testing-helpers.test-util.js';
import {
  Arrangement,
  Circuit,
  Collection,
  ConcatOperator,
  DistinctOperator,
  FlatMapOperator,
  InputOperator,
  IterateOperator,
  IterateProjection,
  JoinOperator,
  OutputOperator,
  ReduceOperator,
  keyFromValue,
  combineKeys,
  SNAPSHOT_FORMAT,
  type Batch,
} from './index.js';

function collect<T>(c: Circuit, op: InputOperator<T> | any): Collection<T> {
  const coll = new Collection<T>();
  c.add(new OutputOperator<T>(op, (b: Batch<T>) => coll.apply(b)));
  return coll;
}

describe('Circuit', () => {
  it('counts words incrementally with retractions', () => {
    const c = new Circuit();
    const words = c.add(new InputOperator<[string]>());
    const counts = c.add(
      new ReduceOperator<[string], number, [string, number]>(words, {
        groupOf: (_k, r) => r[0],
        outputKey: (g) => keyFromValue(g),
        create: () => 0,
        update: (s, _k, _r, d) => s + d,
        result: (s, g) => [g as string, s],
      }),
    );
    const out = collect(c, counts);
    words.push(keyFromValue(1), ['a'], 1);
    words.push(keyFromValue(2), ['a'], 1);
    words.push(keyFromValue(3), ['b'], 1);
    void c.step(1);
    expect(out.get(keyFromValue('a'))).toEqual(['a', 2]);
    words.push(keyFromValue(2), ['a'], -1);
    words.push(keyFromValue(3), ['b'], -1);
    void c.step(2);
    expect(out.get(keyFromValue('a'))).toEqual(['a', 1]);
    expect(out.size).toBe(1);
  });

  it('joins two inputs and keeps the join up to date under updates', () => {
    const c = new Circuit();
    const l = c.add(new InputOperator<[number, string]>());
    const r = c.add(new InputOperator<[number, string]>());
    const la = c.add(new Arrangement(l, (_k, row) => row[0]));
    const ra = c.add(new Arrangement(r, (_k, row) => row[0]));
    const j = c.add(
      new JoinOperator<[number, string], [number, string], [string, string]>(la, ra, (lk, lr, rk, rr, d, o) =>
        o.push(combineKeys(lk, rk), [lr[1], rr[1]], d),
      ),
    );
    const out = collect(c, j);
    l.push(keyFromValue('l1'), [1, 'x'], 1);
    r.push(keyFromValue('r1'), [1, 'y'], 1);
    void c.step(1);
    expect(out.size).toBe(1);
    r.push(keyFromValue('r1'), [1, 'y'], -1);
    r.push(keyFromValue('r1'), [1, 'z'], 1);
    void c.step(2);
    expect([...out.entries.values()].map((g) => g.rows[0])).toEqual([['x', 'z']]);
  });

  it('computes transitive closure by fixpoint iteration and retracts when an edge goes', async () => {
    const c = new Circuit();
    const edges = c.add(new InputOperator<[number, number]>());
    const it = c.add(
      new IterateOperator(
        [edges, edges],
        (inner, [paths, base]) => {
          const pa = inner.add(new Arrangement<[number, number]>(paths!, (_k, r) => r[1]));
          const ba = inner.add(new Arrangement<[number, number]>(base!, (_k, r) => r[0]));
          const ext = inner.add(
            new JoinOperator<[number, number], [number, number], [number, number]>(
              pa,
              ba,
              (_a, p, _b, e, d, o) => o.push(keyFromValue([p[0], e[1]]), [p[0], e[1]], d),
            ),
          );
          const rekeyedBase = inner.add(
            new FlatMapOperator<[number, number], [number, number]>(base!, (_k, r, d, o) =>
              o.push(keyFromValue([r[0], r[1]]), r, d),
            ),
          );
          const union = inner.add(new ConcatOperator([ext, rekeyedBase]));
          // One row per derived pair: the reduce keeps the first value seen for each key.
          const values = inner.add(
            new ReduceOperator<[number, number], [number, number] | null, [number, number]>(union, {
              groupOf: (k) => k,
              outputKey: (g) => g as string,
              create: (_g, _k, r) => r,
              update: (s) => s,
              result: (s) => s!,
            }),
          );
          return [values];
        },
        { iterated: 1 },
      ),
    );
    const closure = c.add(new IterateProjection<[number, number]>(it, 0));
    const out = collect(c, closure);
    edges.push(keyFromValue('e1'), [1, 2], 1);
    edges.push(keyFromValue('e2'), [2, 3], 1);
    edges.push(keyFromValue('e3'), [3, 4], 1);
    await c.step(1);
    expect(out.size).toBe(6);
    edges.push(keyFromValue('e2'), [2, 3], -1);
    await c.step(2);
    expect(out.size).toBe(2);
  });
});

describe('Circuit skipping idle operators', () => {
  /** Counts its evaluations; passes its input through. */
  class Counting extends FlatMapOperator<[string], [string]> {
    evals = 0;
    constructor(input: InputOperator<[string]>, skip: boolean) {
      super(input, (k, r, d, out) => out.push(k, r, d));
      this.skipWhenIdle = skip;
    }
    override eval(): void {
      this.evals++;
      super.eval();
    }
  }

  it('skips an operator that opts in when all its inputs are empty, and evaluates the others every step', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const skipping = c.add(new Counting(input, true));
    const eager = c.add(new Counting(input, false));
    const out = collect(c, skipping);
    input.push(keyFromValue(1), ['a'], 1);
    stepSync(c, 1);
    stepSync(c, 2);
    stepSync(c, 3);
    expect(skipping.evals).toBe(1);
    expect(eager.evals).toBe(3);
    // A skipped operator's output is the empty batch, never the last non-empty one.
    expect(skipping.output.keys.length).toBe(0);
    expect(out.size).toBe(1);
  });

  it('names the running operator for error reports, and nobody between steps', async () => {
    const { runningOperator } = await import('./circuit.js');
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    let seen: string | undefined;
    const op = c.add(
      new FlatMapOperator<[string], [string]>(input, () => {
        seen = runningOperator()?.errorLabel;
      }),
    );
    op.errorLabel = 'select at app.ts:3';
    input.push(keyFromValue(1), ['a'], 1);
    stepSync(c, 1);
    expect(seen).toBe('select at app.ts:3');
    expect(runningOperator()).toBeUndefined();
  });
});

describe('Circuit snapshots', () => {
  /** input → count per word → output; `distinctFirst` puts a distinct before the reduce (another program). */
  function wordCount(distinctFirst = false) {
    const c = new Circuit();
    const words = c.add(new InputOperator<[string]>());
    const source = distinctFirst ? c.add(new DistinctOperator<[string]>(words)) : words;
    const counts = c.add(
      new ReduceOperator<[string], number, [string, number]>(source, {
        groupOf: (_k, r) => r[0],
        outputKey: (g) => keyFromValue(g),
        create: () => 0,
        update: (s, _k, _r, d) => s + d,
        result: (s, g) => [g as string, s],
      }),
    );
    return { c, words, out: collect(c, counts) };
  }

  it('records its format and operator kinds, and restores into the same program', () => {
    const a = wordCount();
    a.words.push(keyFromValue(1), ['x'], 1);
    stepSync(a.c, 1);
    const snap = JSON.parse(JSON.stringify(a.c.snapshot())) as ReturnType<Circuit['snapshot']>;
    expect(snap.format).toBe(SNAPSHOT_FORMAT);
    expect(snap.kinds).toEqual(a.c.operators.map((op) => op.name));
    const b = wordCount();
    b.c.restore(snap);
    b.words.push(keyFromValue(2), ['x'], 1);
    stepSync(b.c, 2);
    // The restored count was 1: the step replaces it by 2 (the fresh output collection sees only that change).
    expect(b.out.entries.get(keyFromValue('x'))).toMatchObject({
      rows: [
        ['x', 1],
        ['x', 2],
      ],
      diffs: [-1, 1],
    });
  });

  it('refuses, changing nothing, a snapshot of another format or with another operator kind at a position', () => {
    const a = wordCount();
    a.words.push(keyFromValue(1), ['x'], 1);
    stepSync(a.c, 5);
    const snap = a.c.snapshot();
    const b = wordCount();
    expect(() => b.c.restore({ ...snap, format: SNAPSHOT_FORMAT + 1 })).toThrow(
      `snapshot format ${SNAPSHOT_FORMAT + 1} cannot be restored by this build, which reads format ${SNAPSHOT_FORMAT}`,
    );
    // Same number of operators, another kind at position 1: a distinct where the reduce was.
    const other = wordCount(true);
    const fewer = { ...snap, kinds: snap.kinds!.slice(0, 3), operators: snap.operators.slice(0, 3) };
    other.c.operators.splice(3);
    expect(() => other.c.restore(fewer)).toThrow(
      /snapshot operator 1 is a reduce but the circuit's is a distinct; the program changed/,
    );
    // Nothing was restored: the circuits still accept their first step at any time.
    stepSync(b.c, 1);
    stepSync(other.c, 1);
  });
});
