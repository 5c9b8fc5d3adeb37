// Fully async UDFs (Pathway's `fully_async_executor` and `await_futures`): Pathway's test_udf.py cases run with
// fully_async=True, ported, plus pending rows in the update stream, updates and deletions, and refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Circuit } from '../engine/circuit.js';
import { InputOperator, OutputOperator } from '../engine/input-operator.js';
import { keyFromValue } from '../engine/key.js';
import * as cw from '../index.js';
import { FullyAsyncUdfOperator, type FullyAsyncDriver } from './fully-async-udf.js';
import { assertTableEquality, captureTables, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const foo = () =>
  tableFromMarkdown<{ foo: number }>(`
  foo
  1
  2
  3
  `);

describe('fully async UDFs (Pathway parity)', () => {
  it('test_udf_async: results arrive later; awaitFutures gives the finished rows', async () => {
    let waiting = 0;
    let open!: () => void;
    const barrier = new Promise<void>((resolve) => (open = resolve));
    const inc = cw.udf(
      async (a: number) => {
        // Pathway's asyncio.Barrier(3): every call is in flight at once, none holds the epoch.
        if (++waiting === 3) open();
        await barrier;
        return a + 3;
      },
      { fullyAsync: true, returnType: cw.INT },
    );
    const input = tableFromMarkdown<{ a: number }>(`
      a
      1
      2
      3
    `);
    await assertTableEquality(
      input.select({ ret: inc(cw.this.a) }).awaitFutures(),
      tableFromMarkdown(`
        ret
        4
        5
        6
      `),
    );
  });

  it('test_udf_async_options: a disk cache answers a second run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-fully-async-'));
    try {
      let calls = 0;
      const inc = cw.udf(
        async (x: number) => {
          calls++;
          return x + 5;
        },
        {
          fullyAsync: true,
          returnType: cw.INT,
          cacheStrategy: new cw.DiskCache({ directory: dir, name: 'inc' }),
        },
      );
      const expected = tableFromMarkdown(`
        ret
        6
        7
        8
      `);
      const input = foo();
      const result = input.select({ ret: inc(cw.this.foo) }).awaitFutures();
      await assertTableEquality(result, expected);
      await assertTableEquality(result, expected);
      expect(calls).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test_async_udf_propagate_none / test_async_udf_with_none', async () => {
    const input = tableFromMarkdown<{ a: number | null; b: number | null }>(`
      a | b
      1 | 6
      2 |
        | 8
    `);
    let called = 0;
    const add = cw.udf(
      async (a: number | null, b: number | null) => {
        called++;
        return a === null ? b : b === null ? a : a + b;
      },
      { fullyAsync: true, propagateNone: true, returnType: cw.INT.optional() },
    );
    await assertTableEquality(
      input.select({ ret: add(cw.this.a, cw.this.b) }).awaitFutures(),
      tableFromMarkdown(`
        ret
        7
        None
        None
      `),
    );
    expect(called).toBe(1);
    called = 0;
    const add2 = cw.udf(
      async (a: number | null, b: number | null) => {
        called++;
        return a === null ? b : b === null ? a : a + b;
      },
      { fullyAsync: true, returnType: cw.INT },
    );
    await assertTableEquality(
      input.select({ ret: add2(cw.this.a, cw.this.b) }).awaitFutures(),
      tableFromMarkdown(`
        ret
        7
        2
        8
      `),
    );
    expect(called).toBe(3);
  });

  it('test_udf_timeout: a call timing out stops the run with an error', async () => {
    const inc = cw.udf(
      async (a: number) => {
        await sleep(2000);
        return a + 1;
      },
      { fullyAsync: true, timeoutMs: 50 },
    );
    const input = tableFromMarkdown<{ a: number }>(`
      a
      1
    `);
    await expect(captureTables([input.select({ ret: inc(cw.this.a) })])).rejects.toThrow(
      /timed out|timeout/i,
    );
  });

  it('test_udf_too_fast_for_timeout', async () => {
    const inc = cw.udf(async (a: number) => a + 1, {
      fullyAsync: true,
      timeoutMs: 10_000,
      returnType: cw.INT,
    });
    await assertTableEquality(
      foo()
        .select({ ret: inc(cw.this.foo) })
        .awaitFutures(),
      tableFromMarkdown(`
        ret
        2
        3
        4
      `),
    );
  });
});

describe('fully async UDFs', () => {
  it('shows Pending at once, then the result; a replaced row drops its old result; a deletion retracts', async () => {
    const input = tableFromMarkdown<{ v: number }>(`
        | v | __time__ | __diff__
      1 | 1 |    2     |    1
      1 | 1 |    4     |   -1
      1 | 5 |    4     |    1
      2 | 7 |    4     |    1
      2 | 7 |    6     |   -1
    `);
    const slow = cw.udf(
      async (v: number) => {
        await sleep(v === 7 ? 30 : 1);
        return v * 10;
      },
      { fullyAsync: true, returnType: cw.INT },
    );
    const t = input.select({ v: cw.this.v, w: slow(cw.this.v) });
    expect(String(t.columns[1]!.dtype)).toBe('Future(INT)');
    const [c, done] = await captureTables([t, t.awaitFutures()]);
    const stream = c!.updates.map((u) => `${u.diff > 0 ? '+' : '-'}${String(u.row[0])}:${String(u.row[1])}`);
    expect(stream.slice(0, 1)).toEqual(['+1:Pending']);
    // Row 1 was replaced (time 4) before its call finished: that result is dropped.
    expect(stream).not.toContain('+1:10');
    expect(stream).toContain('-1:Pending');
    expect(stream).toContain('+5:Pending');
    expect(stream).toContain('+5:50');
    expect(stream).toContain('+7:Pending');
    expect(stream).not.toContain('+7:70');
    expect([...done!.final.entries].map(([, g]) => g.rows[0])).toEqual([[5, 50]]);
    expect(String(t.awaitFutures().columns[1]!.dtype)).toBe('INT');
  });

  it('test_future_dtype_disallowed_*: reduce, groupBy, sort key and instance, deduplicate value and instance', () => {
    const inc = cw.udf(async (a: number) => a + 1, { fullyAsync: true, returnType: cw.INT });
    const t = foo().withColumns({ ret: inc(cw.this.foo) });
    const refused = /using a column of type Future\(INT\) is not allowed in (.*); apply awaitFutures\(\)/;
    const acceptor = (n: unknown, o: unknown) => (n as number) >= (o as number) + 2;
    expect(() => t.reduce({ s: cw.reducers.sum(cw.this.ret) })).toThrow(refused);
    expect(() => t.groupBy(cw.this.ret)).toThrow(/not allowed in groupBy\(\)/);
    expect(() => t.sort({ key: cw.this.ret })).toThrow(/not allowed in sort\(\)/);
    expect(() => t.sort({ key: cw.this.foo, instance: cw.this.ret })).toThrow(refused);
    expect(() => t.deduplicate({ value: cw.this.ret, acceptor })).toThrow(/not allowed in deduplicate\(\)/);
    expect(() => t.deduplicate({ value: cw.this.foo, instance: cw.this.ret, acceptor })).toThrow(refused);
    expect(() => t.filter(cw.this.ret as cw.Expr<any>)).toThrow(/Future\(INT\)/);
    expect(() => t.awaitFutures().groupBy(cw.this.ret)).not.toThrow();
  });

  it('refuses computing with a Future column before awaitFutures', () => {
    const inc = cw.udf(async (a: number) => a + 1, { fullyAsync: true, returnType: cw.INT });
    const t = foo().select({ ret: inc(cw.this.foo) });
    expect(() => t.select({ x: t.c.ret.add(1) })).toThrow(/apply awaitFutures\(\) to the table first/);
    expect(() => t.awaitFutures().select({ x: cw.this.ret.add(1) })).not.toThrow();
  });

  it('keeps the ids of the input rows and a failing call as an error value', async () => {
    const input = foo();
    const f = cw.udf(
      async (x: number) => {
        if (x === 2) throw new Error('two');
        return x;
      },
      { fullyAsync: true, returnType: cw.INT },
    );
    const t = input.select({ r: f(cw.this.foo) }).awaitFutures();
    const [c] = await captureTables([t], { terminateOnError: false });
    const rows = [...c!.final.entries].map(([k, g]) => [k, g.rows[0]![0]]);
    expect(rows.length).toBe(3);
    expect(rows.filter(([, v]) => cw.isError(v)).length).toBe(1);
    await assertTableEquality(
      input.filter(cw.this.foo.ne(2)).select({ r: cw.this.foo }),
      t.filter(cw.this.r.isNotNone()).removeErrors(),
      { terminateOnError: false },
    );
  });

  it('snapshots rows and results; a restored operator asks again for the rows still pending', () => {
    const make = () => {
      const asked: [string, number][] = [];
      const driver = {
        request: (key: string, seq: number) => asked.push([key, seq]),
      } as unknown as FullyAsyncDriver;
      const circuit = new Circuit();
      const input = circuit.add(new InputOperator<unknown[]>());
      const results = circuit.add(new InputOperator<unknown[]>());
      const op = circuit.add(new FullyAsyncUdfOperator(input, results, (row) => [...row], driver));
      const seen: unknown[][] = [];
      circuit.add(
        new OutputOperator<unknown[]>(op, (b) => {
          for (let i = 0; i < b.keys.length; i++) seen.push([b.diffs[i], ...b.rows[i]!]);
        }),
      );
      return { asked, circuit, input, results, op, seen };
    };
    const [k1, k2] = [keyFromValue(1), keyFromValue(2)];
    const a = make();
    a.input.push(k1, [10], 1);
    a.input.push(k2, [20], 1);
    expect(a.circuit.step(1)).toBeUndefined();
    expect(a.asked.map(([, seq]) => seq)).toEqual([1, 2]);
    a.results.push(k1, [1, 100], 1);
    expect(a.circuit.step(2)).toBeUndefined();
    expect(a.seen).toEqual([
      [1, 10, cw.PENDING],
      [1, 20, cw.PENDING],
      [-1, 10, cw.PENDING],
      [1, 10, 100],
    ]);
    const b = make();
    b.op.restore(structuredClone(a.op.snapshot()));
    expect(b.circuit.step(3)).toBeUndefined();
    // Only row 2 was pending: its call is made again, under its own number.
    expect(b.asked).toEqual([[k2, 2]]);
    b.results.push(k2, [2, 200], 1);
    b.input.push(k1, [10], -1);
    expect(b.circuit.step(4)).toBeUndefined();
    expect(b.seen).toEqual([
      [-1, 10, 100],
      [-1, 20, cw.PENDING],
      [1, 20, 200],
    ]);
  });
});
