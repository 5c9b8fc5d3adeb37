import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, renderTable, renderUpdateStream, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const noSleep = () => Promise.resolve();

function numbers(...xs: number[]) {
  return tableFromMarkdown<{ x: number }>(['x', ...xs.map(String)].join('\n'));
}

/** The values of one column of the final table, sorted. */
async function column(table: cw.Table<any>, options: cw.RunOptions = {}): Promise<string[]> {
  const text = await renderTable(table, { includeId: false, ...options });
  return text.split('\n').slice(1).sort();
}

describe('cw.udf', () => {
  it('applies a synchronous function cell by cell', async () => {
    const double = cw.udf((x: number) => x * 2, { returnType: cw.INT });
    const t = numbers(1, 2, 3);
    const r = t.select({ y: double(t.c.x) });
    expect(await column(r)).toEqual(['2', '4', '6']);
  });

  it('awaits an async function', async () => {
    const later = cw.udf(async (x: number, s: string) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `${s}${x}`;
    });
    const t = numbers(1, 2);
    expect(await column(t.select({ y: later(t.c.x, 'n') }))).toEqual(['n1', 'n2']);
  });

  it('combines with expressions around and inside the call', async () => {
    const inc = cw.udf((x: number) => x + 1);
    const t = numbers(1, 2);
    expect(await column(t.select({ y: inc(t.c.x.mul(10)).mul(2) }))).toEqual(['22', '42']);
  });

  it('calls a batched function with columns of at most maxBatchSize rows', async () => {
    const sizes: number[] = [];
    const square = cw.udf(
      (xs: number[]) => {
        sizes.push(xs.length);
        return xs.map((x) => x * x);
      },
      { maxBatchSize: 2 },
    );
    const t = numbers(1, 2, 3, 4, 5);
    expect(await column(t.select({ y: square(t.c.x as any) }))).toEqual(['1', '16', '25', '4', '9']);
    expect(sizes.sort()).toEqual([1, 2, 2]);
  });

  it('keeps at most `capacity` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = cw.udf(
      async (x: number) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return x;
      },
      { capacity: 2 },
    );
    const t = numbers(1, 2, 3, 4, 5, 6);
    expect(await column(t.select({ y: slow(t.c.x) }))).toHaveLength(6);
    expect(most).toBe(2);
  });

  it('turns a call slower than timeoutMs into an error value', async () => {
    const stuck = cw.udf((x: number) => new Promise<number>((resolve) => setTimeout(() => resolve(x), x)), {
      timeoutMs: 50,
    });
    const t = numbers(1, 1000);
    const r = t.select({ x: t.c.x, y: stuck(t.c.x) });
    expect(await column(r, { terminateOnError: false })).toEqual(['1    | 1', '1000 | Error']);
  });

  it('retries a failing call with FixedDelayRetryStrategy', async () => {
    const delays: number[] = [];
    let calls = 0;
    const flaky = cw.udf(
      (x: number) => {
        calls++;
        if (calls < 3) throw new Error('flaky');
        return x;
      },
      {
        retryStrategy: new cw.FixedDelayRetryStrategy({
          maxRetries: 3,
          delayMs: 7,
          sleep: (ms) => {
            delays.push(ms);
            return Promise.resolve();
          },
        }),
      },
    );
    const t = numbers(5);
    expect(await column(t.select({ y: flaky(t.c.x) }))).toEqual(['5']);
    expect(calls).toBe(3);
    expect(delays).toEqual([7, 7]);
  });

  it('gives an error value when ExponentialBackoffRetryStrategy gives up', async () => {
    const delays: number[] = [];
    let calls = 0;
    const broken = cw.udf(
      (_x: number): number => {
        calls++;
        throw new Error('always');
      },
      {
        retryStrategy: new cw.ExponentialBackoffRetryStrategy({
          maxRetries: 2,
          initialDelayMs: 10,
          backoffFactor: 3,
          sleep: (ms) => {
            delays.push(ms);
            return Promise.resolve();
          },
        }),
      },
    );
    const t = numbers(1);
    const log = cw.globalErrorLog();
    const [r, errors] = await captureTables([t.select({ y: broken(t.c.x) }), log], {
      terminateOnError: false,
    });
    expect(r!.updates.map((u) => u.row[0] instanceof cw.ErrorValue)).toEqual([true]);
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 30]);
    expect(errors!.updates.map((u) => u.row[1])).toEqual([
      expect.stringContaining('failed after 3 attempts: Error: always'),
    ]);
  });

  it('calls the function once per distinct argument with InMemoryCache', async () => {
    let calls = 0;
    const cached = cw.udf(
      (x: number) => {
        calls++;
        return x * 10;
      },
      { cacheStrategy: new cw.InMemoryCache() },
    );
    const t = numbers(1, 1, 2, 1, 2);
    expect(await column(t.select({ y: cached(t.c.x) }))).toEqual(['10', '10', '10', '20', '20']);
    expect(calls).toBe(2);
  });

  it('reuses results across runs with DiskCache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-udf-'));
    try {
      let calls = 0;
      const make = () =>
        cw.udf(
          (x: number) => {
            calls++;
            return x + 0.5;
          },
          { cacheStrategy: new cw.DiskCache({ directory: dir, name: 'plusHalf' }) },
        );
      const first = make();
      const t1 = numbers(1, 2);
      expect(await column(t1.select({ y: first(t1.c.x) }))).toEqual(['1.5', '2.5']);
      expect(calls).toBe(2);
      cw.clearGraph();
      const second = make();
      const t2 = numbers(1, 2, 3);
      expect(await column(t2.select({ y: second(t2.c.x) }))).toEqual(['1.5', '2.5', '3.5']);
      expect(calls).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives None without calling the function when an argument is None and propagateNone is set', async () => {
    const seen: unknown[] = [];
    const f = cw.udf(
      (x: number | null) => {
        seen.push(x);
        return x === null ? -1 : x;
      },
      { propagateNone: true },
    );
    const t = tableFromMarkdown<{ x: number | null }>(`
      x
      1
      None`);
    expect(await column(t.select({ y: f(t.c.x) }))).toEqual(['1', 'None']);
    expect(seen).toEqual([1]);
  });

  it('remembers a row’s result so its retraction never calls a non-deterministic function again', async () => {
    let calls = 0;
    const stamp = cw.udf((x: number) => `${x}#${++calls}`);
    const t = tableFromMarkdown<{ x: number }>(`
        | x | __time__ | __diff__
      1 | 5 | 2        | 1
      2 | 6 | 2        | 1
      1 | 5 | 4        | -1`);
    const text = await renderUpdateStream(t.select({ y: stamp(t.c.x) }), { includeId: false });
    expect(calls).toBe(2);
    const lines = text
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/\s+/g, ' '));
    const five = lines.filter((l) => l.startsWith('5#'));
    expect(five).toHaveLength(2);
    expect(five[0]!.split(' ')[0]).toBe(five[1]!.split(' ')[0]);
  });

  it('recomputes retractions of a deterministic function', async () => {
    let calls = 0;
    const triple = cw.udf(
      (x: number) => {
        calls++;
        return x * 3;
      },
      { deterministic: true },
    );
    const t = tableFromMarkdown<{ x: number }>(`
        | x | __time__ | __diff__
      1 | 5 | 2        | 1
      1 | 5 | 4        | -1`);
    const text = await renderUpdateStream(t.select({ y: triple(t.c.x) }), { includeId: false });
    expect(text).toBe(['y  | __time__ | __diff__', '15 | 2        | 1', '15 | 4        | -1'].join('\n'));
    expect(calls).toBe(2);
  });

  it('keeps the value of an updated row whose arguments did not change', async () => {
    let calls = 0;
    const f = cw.udf((x: number) => x + ++calls * 0);
    const t = tableFromMarkdown<{ x: number; other: string }>(`
        | x | other | __time__ | __diff__
      1 | 5 | a     | 2        | 1
      1 | 5 | a     | 4        | -1
      1 | 5 | b     | 4        | 1`);
    const r = t.select({ other: t.c.other, y: f(t.c.x) });
    expect(await column(r)).toEqual(['b     | 5']);
    expect(calls).toBe(1);
  });

  it('works on rows of a table joined to another', async () => {
    const label = cw.udf((name: string, n: number) => `${name}:${n}`);
    const a = tableFromMarkdown<{ k: number; name: string }>(`
      k | name
      1 | one
      2 | two`);
    const b = tableFromMarkdown<{ k: number; n: number }>(`
      k | n
      1 | 10
      2 | 20`);
    const j = a.join(b, a.c.k.eq(b.c.k)).select({ s: label(cw.left.name, cw.right.n) });
    expect(await column(j)).toEqual(['one:10', 'two:20']);
  });
});

describe('cw.applyAsync', () => {
  it('applies an async function to each row', async () => {
    const t = numbers(2, 3);
    const r = t.select({
      y: cw.applyAsync(
        async (x: number, k: number) => {
          await Promise.resolve();
          return x * k;
        },
        t.c.x,
        7,
      ),
    });
    expect(await column(r)).toEqual(['14', '21']);
  });
  it('retracts the result it gave, without calling the function again (non-deterministic, as Pathway)', async () => {
    let calls = 0;
    const t = tableFromMarkdown<{ a: number }>(`
        | a | __time__ | __diff__
      1 | 1 | 2        | 1
      1 | 1 | 4        | -1`);
    const r = t.select({ x: cw.applyAsync(async (a: number) => 10 * a + ++calls, t.c.a) });
    const [c] = await captureTables([r]);
    expect(c!.updates.map((u) => [u.row[0], u.diff])).toEqual([
      [11, 1],
      [11, -1],
    ]);
    expect(calls).toBe(1);
  });
});

describe('cw.udf with noSleep helper', () => {
  it('exposes the runner name in error messages', async () => {
    const named = cw.udf(
      function parseAmount(s: string): number {
        const v = Number(s);
        if (Number.isNaN(v)) throw new Error(`not a number: ${s}`);
        return v;
      },
      { retryStrategy: new cw.FixedDelayRetryStrategy({ maxRetries: 0, sleep: noSleep }) },
    );
    const t = tableFromMarkdown<{ s: string }>(`
      s
      12
      x`);
    const [, log] = await captureTables([t.select({ v: named(t.c.s) }), cw.globalErrorLog()], {
      terminateOnError: false,
    });
    expect(log!.updates.map((u) => u.row[1])).toEqual([expect.stringContaining("udf 'parseAmount' failed")]);
  });
});

describe('UDF calls inside branches', () => {
  it('runs a call in ifElse only for the rows taking its branch, so a guard keeps it from failing', async () => {
    let calls = 0;
    const inv = cw.udf((x: number) => {
      calls++;
      if (x === 0) throw new Error('zero');
      return 1 / x;
    });
    const t = numbers(0, 2, 4);
    expect(await column(t.select({ y: cw.ifElse(cw.this.x.eq(0), 0, inv(cw.this.x)) }))).toEqual([
      '0',
      '0.25',
      '0.5',
    ]);
    expect(calls).toBe(2);
  });

  it('runs a later coalesce argument only where the earlier ones are None, and require only where its args are set', async () => {
    const seen: number[] = [];
    const tenfold = cw.udf((v: number) => {
      seen.push(v);
      return v * 10;
    });
    const t = tableFromMarkdown(`
      x | y    | __time__ | __diff__
      1 | 5    | 2        | 1
      2 | None | 2        | 1
      2 | None | 4        | -1`);
    const out = t.select({
      c: cw.coalesce(cw.this.y, tenfold(cw.this.x)),
      r: cw.require(tenfold(cw.this.y), cw.this.y),
    });
    const text = await renderUpdateStream(out, { includeId: false });
    expect(text.split('\n').slice(1).sort()).toEqual([
      '20 | None | 2        | 1',
      '20 | None | 4        | -1',
      '5  | 50   | 2        | 1',
    ]);
    // coalesce: x=2 only (y=5 is set); require: y=5 only. The retraction reuses the remembered result (Pathway's
    // non-deterministic default), so nothing is called again.
    expect(seen.sort((a, b) => a - b)).toEqual([2, 5]);
  });
});

describe('a UDF result that does not fit its returnType (Pathway test_udf_return_type)', () => {
  it('becomes an error value and is logged, while fitting results pass', async () => {
    const f = cw.udf((a: number): unknown => (a % 2 === 0 ? `${a}x` : a), { returnType: cw.STR });
    const t = tableFromMarkdown<{ a: number }>(`
      a
      1
      2`);
    const r = t.select({ r: cw.fillError(f(t.c.a), 'xx') });
    const [out, log] = await captureTables([r, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates.map((u) => u.row[0]).sort()).toEqual(['2x', 'xx']);
    expect(log!.updates.map((u) => String(u.row[1]))).toEqual([
      expect.stringMatching(/cannot create an object of type STR from value 1/),
    ]);
  });
});
