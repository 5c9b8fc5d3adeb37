import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, renderTable, renderUpdateStream, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

type Vertex = { a: number; repr: number };
type Edge = { a: number; b: number };

/** One step of min-label propagation: each vertex takes the least representative among its neighbours. */
function connectedComponentsStep({ vertices, edges }: { vertices: cw.Table<Vertex>; edges: cw.Table<Edge> }) {
  const withRepr = edges
    .join(vertices, edges.c.b.eq(vertices.c.a))
    .select({ a: cw.left.a, repr: cw.right.repr });
  return {
    vertices: withRepr.groupBy(withRepr.c.a).reduce({ a: cw.this.a, repr: cw.reducers.min(cw.this.repr) }),
  };
}

/** Directed edges both ways plus a self-loop per vertex, written as markdown rows. */
function undirected(pairs: readonly (readonly [number, number])[], vertices: readonly number[]): string {
  const rows = [
    ...pairs.flatMap(([a, b]) => [`${a} | ${b}`, `${b} | ${a}`]),
    ...vertices.map((v) => `${v} | ${v}`),
  ];
  return ['a | b', ...rows].join('\n');
}

function body(text: string): string[] {
  return text.split('\n').slice(1).sort();
}

describe('cw.iterate', () => {
  it('runs the Collatz step until every number reaches 1', async () => {
    const table = tableFromMarkdown<{ n: number }>(`
      n
      3
      13
      42`).withColumns({ a: cw.this.n });
    const collatz = ({ t }: { t: cw.Table<{ n: number; a: number }> }) => ({
      t: t.withColumns({
        a: cw.ifElse(
          cw.this.a.eq(1),
          1,
          cw.ifElse(cw.this.a.mod(2).eq(0), cw.this.a.floordiv(2), cw.this.a.mul(3).add(1)),
        ),
      }),
    });
    const { t } = cw.iterate(collatz, { t: table });
    expect(body(await renderTable(t, { includeId: false }))).toEqual(['13 | 1', '3  | 1', '42 | 1']);
  });

  it('accepts a body returning a single table and then returns a table (Pathway collatz form)', async () => {
    const table = tableFromMarkdown<{ a: number }>(`
      a
      6
      7`);
    const step = ({ t }: { t: cw.Table<{ a: number }> }) =>
      t.select({
        a: cw.ifElse(
          cw.this.a.le(1),
          1,
          cw.ifElse(cw.this.a.mod(2).eq(0), cw.this.a.floordiv(2), cw.this.a.mul(3).add(1)),
        ),
      });
    const result = cw.iterate(step, { t: table });
    expect(body(await renderTable(result, { includeId: false }))).toEqual(['1', '1']);
  });

  it('stops after `limit` applications of the body', async () => {
    const table = tableFromMarkdown<{ x: number }>(`
      x
      0
      10`);
    const { t } = cw.iterate(({ t }) => ({ t: t.select({ x: t.c.x.add(1) }) }), { limit: 3 }, { t: table });
    expect(body(await renderTable(t, { includeId: false }))).toEqual(['13', '3']);
  });

  it('keeps the universe of an input whose ids the body keeps, so the result zips with it', async () => {
    const table = tableFromMarkdown<{ x: number }>(`
      x
      1
      5`);
    const { t } = cw.iterate(
      ({ t }) => ({ t: t.withColumns({ x: cw.ifElse(t.c.x.lt(4), t.c.x.add(1), t.c.x) }) }),
      {},
      { t: table },
    );
    const zipped = table.select({ before: table.c.x, after: t.c.x });
    expect(body(await renderTable(zipped, { includeId: false }))).toEqual(['1      | 4', '5      | 5']);
  });

  it('finds connected components by min-label propagation', async () => {
    const vertices = tableFromMarkdown<{ a: number }>(
      `
      a
      1
      2
      3
      4
      5
      6
      7`,
      { idFrom: ['a'] },
    ).withColumns({ repr: cw.this.a });
    const edges = tableFromMarkdown<Edge>(
      undirected(
        [
          [2, 3],
          [3, 4],
          [4, 5],
          [5, 6],
          [6, 1],
        ],
        [1, 2, 3, 4, 5, 6, 7],
      ),
    );
    const result = cw.iterate(connectedComponentsStep, {}, { vertices, edges });
    expectTypeOf(result).toEqualTypeOf<ReturnType<typeof connectedComponentsStep>>();
    expect(body(await renderTable(result.vertices, { includeId: false }))).toEqual([
      '1 | 1',
      '2 | 1',
      '3 | 1',
      '4 | 1',
      '5 | 1',
      '6 | 1',
      '7 | 7',
    ]);
  });

  it('computes the transitive closure of a graph', async () => {
    const edges = tableFromMarkdown<Edge>(`
      a | b
      1 | 2
      2 | 3
      3 | 1
      4 | 5`);
    const { paths } = cw.iterate(
      ({ paths, edges }) => {
        const longer = paths.join(edges, paths.c.b.eq(edges.c.a)).select({ a: cw.left.a, b: cw.right.b });
        return {
          paths: paths
            .select({ a: paths.c.a, b: paths.c.b })
            .join(longer, cw.left.a.eq(cw.right.a), cw.left.b.eq(cw.right.b), { how: 'outer' })
            .select({ a: cw.coalesce(cw.left.a, cw.right.a), b: cw.coalesce(cw.left.b, cw.right.b) })
            .groupBy('a', 'b')
            .reduce({ a: cw.this.a, b: cw.this.b }),
        };
      },
      {},
      { paths: edges.groupBy('a', 'b').reduce({ a: cw.this.a, b: cw.this.b }), edges },
    );
    const rows = body(await renderTable(paths, { includeId: false }));
    expect(rows).toEqual([
      '1 | 1',
      '1 | 2',
      '1 | 3',
      '2 | 1',
      '2 | 2',
      '2 | 3',
      '3 | 1',
      '3 | 2',
      '3 | 3',
      '4 | 5',
    ]);
  });

  it('updates the components when edges are added and removed (streaming)', async () => {
    const vertices = tableFromMarkdown<{ a: number }>(
      `
       a | __time__
       1 |     2
       2 |     2
       3 |     2
       4 |     2
       5 |     2
       9 |     6`,
      { idFrom: ['a'] },
    ).withColumns({ repr: cw.this.a });
    // Edges in both directions and self-loops; 2-3 goes at time 4, 3-9 comes at time 8.
    const edges = tableFromMarkdown<Edge>(`
      a | b | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 2 | 2        | 1
      3 | 3 | 2        | 1
      4 | 4 | 2        | 1
      5 | 5 | 2        | 1
      1 | 2 | 2        | 1
      2 | 1 | 2        | 1
      2 | 3 | 2        | 1
      3 | 2 | 2        | 1
      4 | 5 | 2        | 1
      5 | 4 | 2        | 1
      3 | 4 | 2        | 1
      4 | 3 | 2        | 1
      2 | 3 | 4        | -1
      3 | 2 | 4        | -1
      9 | 9 | 6        | 1
      3 | 9 | 8        | 1
      9 | 3 | 8        | 1`);
    const { vertices: result } = cw.iterate(connectedComponentsStep, {}, { vertices, edges });
    const text = await renderUpdateStream(result, { includeId: false });
    expect(text.split('\n')[0]).toBe('a | repr | __time__ | __diff__');
    expect(body(text)).toEqual(
      [
        '1 | 1    | 2        | 1',
        '2 | 1    | 2        | 1',
        '3 | 1    | 2        | 1',
        '4 | 1    | 2        | 1',
        '5 | 1    | 2        | 1',
        '3 | 1    | 4        | -1',
        '3 | 3    | 4        | 1',
        '4 | 1    | 4        | -1',
        '4 | 3    | 4        | 1',
        '5 | 1    | 4        | -1',
        '5 | 3    | 4        | 1',
        '9 | 9    | 6        | 1',
        '9 | 9    | 8        | -1',
        '9 | 3    | 8        | 1',
      ].sort(),
    );
  });

  it('computes returned tables with new names from the final iterated tables', async () => {
    const table = tableFromMarkdown<{ x: number }>(`
      x
      1
      6`);
    const r = cw.iterate(
      ({ t }) => {
        const next = t.withColumns({ x: cw.ifElse(t.c.x.lt(5), t.c.x.add(1), t.c.x) });
        return { t: next, doubled: next.select({ y: next.c.x.mul(2) }) };
      },
      {},
      { t: table },
    );
    expect(body(await renderTable(r.doubled, { includeId: false }))).toEqual(['10', '12']);
  });

  it('runs async UDFs inside the loop body', async () => {
    const halve = cw.udf(async (x: number) => {
      await Promise.resolve();
      return x > 1 ? Math.floor(x / 2) : x;
    });
    const table = tableFromMarkdown<{ x: number }>(`
      x
      40
      7`);
    const { t } = cw.iterate(({ t }) => ({ t: t.select({ x: halve(t.c.x) }) }), {}, { t: table });
    expect(body(await renderTable(t, { includeId: false }))).toEqual(['1', '1']);
  });

  it('turns a failing cell in the body into an Error value that stays put, naming the loop in the log', async () => {
    const table = tableFromMarkdown<{ x: number }>(`
      x
      3
      0`);
    const step = ({ t }: { t: cw.Table<{ x: number }> }) => ({
      t: t.withColumns({ x: cw.ifElse(t.c.x.lt(10), t.c.x.add(10).floordiv(t.c.x), t.c.x) }),
    });
    const { t } = cw.iterate(step, { limit: 4 }, { t: table });
    const [out, log] = await captureTables([t, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates.map((u) => (u.row[0] instanceof cw.ErrorValue ? 'Error' : u.row[0])).sort()).toEqual([
      3,
      'Error',
    ]);
    expect(log!.updates.length).toBeGreaterThan(0);
    expect(log!.updates[0]!.row[0]).toMatch(
      /^iterate at .*iterate\.test\.ts:\d+:\d+: withColumns at .*iterate\.test\.ts/,
    );
  });

  it('stops the run with a DataError for a failing cell in the body by default', async () => {
    const table = tableFromMarkdown<{ x: number }>('x\n1');
    const { t } = cw.iterate(({ t }) => ({ t: t.withColumns({ x: t.c.x.floordiv(0) }) }), {}, { t: table });
    await expect(captureTables([t])).rejects.toThrow(
      /division by zero.*\n {2}in the expression built at .*iterate\.test\.ts/,
    );
  });

  it('rejects a body that returns no table named like an input', () => {
    const t = tableFromMarkdown('x\n1');
    expect(() => cw.iterate(({ t }) => ({ other: t }), {}, { t })).toThrow(
      /no table named like an input \(t\)/,
    );
  });

  it('rejects an iterated table whose columns change', () => {
    const t = tableFromMarkdown('x\n1');
    expect(() => cw.iterate(({ t }) => ({ t: t.select({ y: t.c.x }) }), {}, { t })).toThrow(
      /returned "t" with columns \[y\] but the input has \[x\]/,
    );
  });

  it('rejects a non-positive limit', () => {
    const t = tableFromMarkdown('x\n1');
    expect(() => cw.iterate(({ t }) => ({ t }), { limit: 0 }, { t })).toThrow(
      /limit must be a positive integer/,
    );
  });

  it('reports a placeholder table used outside the body', async () => {
    const t = tableFromMarkdown('x\n1');
    let leaked: cw.Table<any> | undefined;
    const r = cw.iterate(
      ({ t }) => {
        leaked = t;
        return { t };
      },
      {},
      { t },
    );
    expect(r.t).toBeDefined();
    await expect(captureTables([leaked!.select({ x: cw.this.x })])).rejects.toThrow(/used outside the body/);
  });
});
