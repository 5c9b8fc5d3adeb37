// End-to-end checkpoint test: a running table program is snapshotted, the snapshot restored into the same
// program built again, and both continue with the same input to identical outputs.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import type { Key } from '../engine/key.js';

afterEach(() => cw.clearGraph());

const Orders = cw.schema({ customer: cw.STR, item: cw.STR, amount: cw.INT });
const Customers = cw.schema({ name: cw.column(cw.STR, { primaryKey: true }), city: cw.STR });
const Edges = cw.schema({ a: cw.INT, b: cw.INT });

/** Every output update of a program, as printable lines tagged with the output's name. */
type Log = string[];

/**
 * Builds the program (groupBy with several reducers and a lookup, join, filter, sort, deduplicate, iterate, an update
 * stream turned back into a table, snapshots) and its runtime.
 */
function buildProgram(log: Log) {
  cw.clearGraph();
  const orders = cw.inputTable(Orders);
  const customers = cw.inputTable(Customers);
  const edges = cw.inputTable(Edges);
  const o = orders.table;
  const stats = o.groupBy(o.c.customer).reduce({
    customer: cw.this.customer,
    n: cw.reducers.count(),
    total: cw.reducers.sum(cw.this.amount),
    avg: cw.reducers.avg(cw.this.amount),
    lo: cw.reducers.min(cw.this.amount),
    hi: cw.reducers.max(cw.this.amount),
    items: cw.reducers.tuple(cw.this.item),
    sortedItems: cw.reducers.sortedTuple(cw.this.item),
    kinds: cw.reducers.countDistinct(cw.this.item),
    first: cw.reducers.earliest(cw.this.item),
    last: cw.reducers.latest(cw.this.item),
    biggest: cw.reducers.argmax(cw.this.amount),
    biggestItem: o.ix(cw.reducers.argmax(cw.this.amount)).c.item,
  });
  const c = customers.table;
  const joined = stats
    .join(c, stats.c.customer.eq(c.c.name))
    .select({ customer: cw.left.customer, city: cw.right.city, total: cw.left.total, kinds: cw.left.kinds });
  const big = joined.filter(cw.this.total.gt(10));
  const ranked = joined.sort({ key: cw.this.total });
  const runningMax = o.deduplicate({
    value: cw.this.amount,
    instance: cw.this.customer,
    acceptor: (next: number, kept: number) => next > kept,
  });
  const e = edges.table;
  const start = e.groupBy(e.c.a).reduce({ a: cw.this.a, repr: cw.reducers.min(cw.this.a) });
  const { vertices } = cw.iterate(
    ({
      vertices,
      edges,
    }: {
      vertices: cw.Table<{ a: number; repr: number }>;
      edges: cw.Table<{ a: number; b: number }>;
    }) => {
      const withRepr = edges
        .join(vertices, edges.c.b.eq(vertices.c.a))
        .select({ a: cw.left.a, repr: cw.right.repr });
      return {
        vertices: withRepr
          .groupBy(withRepr.c.a)
          .reduce({ a: cw.this.a, repr: cw.reducers.min(cw.this.repr) }),
      };
    },
    { vertices: start, edges: e },
  );
  const restreamed = c.toStream().streamToTable(cw.this.is_upsert);
  const outputs: Record<string, cw.Table<any>> = {
    stats,
    joined,
    big,
    ranked,
    runningMax,
    vertices,
    restreamed,
    snapshots: c.unpackSnapshots(),
  };
  for (const [name, table] of Object.entries(outputs)) {
    cw.subscribe(table, {
      onRawBatch(keys, rows, diffs, time) {
        keys.forEach((k, i) =>
          log.push(`${time} ${name} ${cw.keyToString(k)} ${JSON.stringify(rows[i])} ${diffs[i]}`),
        );
      },
    });
  }
  const runtime = cw.build();
  return { runtime, orders, customers, edges };
}

type Program = ReturnType<typeof buildProgram>;

/** True when `v` is made only of arrays, plain objects, strings, finite numbers, booleans and null. */
function isPlainData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainData);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v).every(isPlainData);
  return false;
}

/** Ids of inserted orders, by insertion number (the test's own bookkeeping, copied along with a checkpoint). */
type OrderIds = [Key, { customer: string; item: string; amount: number }][];

/** The input of epoch `t`: inserts, removals, upserts and deletes on all three inputs. */
function feed(p: Program, ids: OrderIds, t: number): void {
  const names = ['ana', 'bo', 'cy', 'dee'];
  const items = ['pen', 'ink', 'cup', 'pad', 'mug'];
  for (let i = 0; i < 3; i++) {
    const row = {
      customer: names[(t * 3 + i) % 4]!,
      item: items[(t * 7 + i * 3) % 5]!,
      amount: ((t * 13 + i * 5) % 11) - 2,
    };
    ids.push([p.orders.insert(row), row]);
  }
  if (t % 2 === 0 && ids.length > 2) {
    const [id, row] = ids.splice((t * 5) % ids.length, 1)[0]!;
    p.orders.remove(id, row);
  }
  p.customers.upsert({ name: names[t % 4]!, city: `city${t % 3}` });
  if (t === 6) p.customers.delete({ name: 'bo' });
  // Edges get ids from their endpoints, so a removal can name them.
  const edge = (a: number, b: number, diff: number): void => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const)
      p.edges.pushRaw(cw.keyFromValues([x, y]), [x, y], diff);
  };
  if (t === 1) for (let v = 1; v <= 6; v++) edge(v, v, 1);
  if (t <= 4) edge(t, t + 1, 1);
  if (t === 5) edge(2, 3, -1);
  if (t === 7) edge(5, 6, 1);
}

describe('Circuit.snapshot / restore of a table program', () => {
  it('continues a restored program exactly like the original', async () => {
    const logA: Log = [];
    const a = buildProgram(logA);
    const idsA: OrderIds = [];
    for (let t = 1; t <= 4; t++) {
      feed(a, idsA, t);
      await a.runtime.step(t);
    }
    const snap = a.runtime.snapshot();
    snap.circuit.operators.forEach((state, i) => {
      const op = a.runtime.circuit.operators[i]!;
      if (op.stateful) expect(isPlainData(state), `${op.name} #${i}`).toBe(true);
    });
    const saved = structuredClone(snap);

    const logB: Log = [];
    const b = buildProgram(logB);
    b.runtime.restore(saved);
    const idsB: OrderIds = idsA.map(([k, row]) => [k, row]);
    const before = logA.length;
    for (let t = 5; t <= 9; t++) {
      feed(a, idsA, t);
      feed(b, idsB, t);
      await a.runtime.step(t);
      await b.runtime.step(t);
      expect(logB).toEqual(logA.slice(before));
    }
    expect(logB.length).toBeGreaterThan(20);
    for (const name of ['stats', 'joined', 'big', 'ranked', 'runningMax', 'vertices']) {
      expect(
        logB.some((l) => l.split(' ')[1] === name),
        name,
      ).toBe(true);
    }
  });

  it('restores from a JSON round trip of the snapshot', async () => {
    const logA: Log = [];
    const a = buildProgram(logA);
    const idsA: OrderIds = [];
    for (let t = 1; t <= 3; t++) {
      feed(a, idsA, t);
      await a.runtime.step(t);
    }
    const text = JSON.stringify(a.runtime.snapshot());
    const logB: Log = [];
    const b = buildProgram(logB);
    b.runtime.restore(JSON.parse(text));
    const idsB: OrderIds = idsA.map(([k, row]) => [k, row]);
    const before = logA.length;
    for (let t = 4; t <= 8; t++) {
      feed(a, idsA, t);
      feed(b, idsB, t);
      await a.runtime.step(t);
      await b.runtime.step(t);
    }
    expect(logB).toEqual(logA.slice(before));
  });

  it('leaves the snapshot unchanged while the original and the restored program run on', async () => {
    const a = buildProgram([]);
    const idsA: OrderIds = [];
    for (let t = 1; t <= 3; t++) {
      feed(a, idsA, t);
      await a.runtime.step(t);
    }
    const snap = a.runtime.snapshot();
    const frozen = structuredClone(snap);
    const b = buildProgram([]);
    b.runtime.restore(snap);
    const idsB: OrderIds = idsA.map(([k, row]) => [k, row]);
    for (let t = 4; t <= 7; t++) {
      feed(a, idsA, t);
      feed(b, idsB, t);
      await a.runtime.step(t);
      await b.runtime.step(t);
    }
    expect(snap).toEqual(frozen);
  });

  it('keeps an input table ids and upsert rows (InputTable.snapshot)', () => {
    const p = buildProgram([]);
    p.orders.insert({ customer: 'ana', item: 'pen', amount: 1 });
    p.customers.upsert({ name: 'ana', city: 'x' });
    const saved = p.orders.snapshot();
    expect(saved.position).toBe(1);
    expect(p.customers.snapshot().current).toEqual([[expect.any(String), ['ana', 'x']]]);
    const q = buildProgram([]);
    q.orders.restore(saved);
    expect(q.orders.insert({ customer: 'bo', item: 'ink', amount: 2 })).toBe(
      p.orders.insert({ customer: 'bo', item: 'ink', amount: 2 }),
    );
  });
});

describe('Runtime.snapshot', () => {
  it('carries the last time and the error-log sequence along with the operators', async () => {
    const input = cw.inputTable(cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), x: cw.INT }));
    const ratio = input.table.select({ k: cw.this.k, r: cw.this.x.div(0) });
    const log: string[] = [];
    cw.subscribe(ratio, { skipErrors: false });
    cw.subscribe(cw.globalErrorLog(), { onChange: (key) => void log.push(key) });
    const a = cw.build({ terminateOnError: false });
    input.upsert({ k: 'a', x: 1 });
    await a.step(1);
    await a.step(2);
    const snap = structuredClone(a.snapshot());
    expect(snap.lastTime).toBe(2);
    expect(snap.errorSeq).toBe(1);
    const b = cw.build({ terminateOnError: false });
    b.restore(snap);
    expect(b.time).toBe(2);
  });
});
