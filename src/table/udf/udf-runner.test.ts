import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { ErrorValue, isError } from '../values/error-value.js';
import { InMemoryCache } from './cache-strategy.js';
import { FixedDelayRetryStrategy } from './retry-strategy.js';
import { createUdfRunner } from './udf-runner.js';

const noSleep = { sleep: () => Promise.resolve() };

function errorMessage(v: unknown): string {
  expect(isError(v)).toBe(true);
  return (v as ErrorValue).message;
}

describe('createUdfRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('computes one result per row in order, synchronously when possible', async () => {
    const runner = createUdfRunner((a: number, b: number) => a + b);
    expect(runner.canRunSync).toBe(true);
    expect(
      runner.runSync([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([3, 7]);
    expect(runner.runMaybeSync([[1, 1]])).toEqual([2]);
    expect(await runner.run([[5, 5]])).toEqual([10]);
  });

  it('detects Promise results when async is unset and awaits them', async () => {
    const runner = createUdfRunner(async (x: number) => x * 2);
    const result = runner.runMaybeSync([[1], [2]]);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual([2, 4]);
    expect(runner.canRunSync).toBe(false);
  });

  it('turns a Promise into an error row when declared async: false', async () => {
    const runner = createUdfRunner(async () => 1, { async: false, name: 'lookup' });
    const [r] = await runner.run([[]]);
    expect(errorMessage(r)).toMatch(/udf 'lookup' failed: .*async: true/);
  });

  it('isolates a throwing row: others keep their results', async () => {
    const fn = (x: number): number => {
      if (x === 2) throw new Error('two is bad');
      return x * 10;
    };
    const sync = createUdfRunner(fn).runSync([[1], [2], [3]]);
    const async = await createUdfRunner(async (x: number) => fn(x), { name: 'fn' }).run([[1], [2], [3]]);
    for (const out of [sync, async]) {
      expect(out[0]).toBe(10);
      expect(errorMessage(out[1])).toBe("udf 'fn' failed: Error: two is bad");
      expect(out[2]).toBe(30);
    }
  });

  it('propagates an ErrorValue argument without calling the function', async () => {
    const fn = vi.fn((x: unknown) => x);
    const bad = new ErrorValue('upstream');
    const out = await createUdfRunner(fn).run([[bad], [1]]);
    expect(out).toEqual([bad, 1]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('returns null without calling the function for a null argument under propagateNone', () => {
    const fn = vi.fn((a: number, b: number | null) => a + (b ?? 100));
    expect(
      createUdfRunner(fn, { propagateNone: true }).runSync([
        [1, null],
        [1, 2],
      ]),
    ).toEqual([null, 3]);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(createUdfRunner(fn).runSync([[1, null]])).toEqual([101]);
  });

  it('turns undefined results into null', () => {
    expect(createUdfRunner(() => undefined).runSync([[]])).toEqual([null]);
  });

  it('retries a failing call with the strategy until it succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const runner = createUdfRunner(
      async () => {
        if (++calls < 3) throw new Error('flaky');
        return 'ok';
      },
      {
        retryStrategy: new FixedDelayRetryStrategy({
          delayMs: 50,
          sleep: (ms) => (delays.push(ms), Promise.resolve()),
        }),
      },
    );
    expect(runner.canRunSync).toBe(false);
    expect(await runner.run([[]])).toEqual(['ok']);
    expect(delays).toEqual([50, 50]);
  });

  it('gives an error naming the attempts when retries run out', async () => {
    const fn = vi.fn(() => {
      throw new Error('down');
    });
    const runner = createUdfRunner(fn, {
      name: 'fetchPage',
      retryStrategy: new FixedDelayRetryStrategy({ maxRetries: 2, ...noSleep }),
    });
    const [r] = await runner.run([[]]);
    expect(errorMessage(r)).toBe("udf 'fetchPage' failed after 3 attempts: Error: down");
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('fails an attempt that exceeds timeoutMs, then retries it', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const runner = createUdfRunner(
      () => (++calls === 1 ? new Promise(() => {}) : Promise.resolve('second')),
      { timeoutMs: 100, retryStrategy: new FixedDelayRetryStrategy({ maxRetries: 1, ...noSleep }) },
    );
    const pending = runner.run([[]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toEqual(['second']);
    expect(calls).toBe(2);
  });

  it('gives a timeout error for a call that never settles', async () => {
    vi.useFakeTimers();
    const runner = createUdfRunner(() => new Promise(() => {}), { name: 'slow', timeoutMs: 250 });
    const pending = runner.run([[], []]);
    await vi.advanceTimersByTimeAsync(249);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const out = await pending;
    expect(errorMessage(out[0])).toMatch(/^udf 'slow' failed: UdfTimeoutError: timed out after 250 ms/);
    expect(isError(out[1])).toBe(true);
  });

  it('never has more than capacity calls in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const runner = createUdfRunner(
      async (x: number) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return x + 1;
      },
      { capacity: 3 },
    );
    const rows = Array.from({ length: 20 }, (_, i) => [i]);
    expect(await runner.run(rows)).toEqual(rows.map(([i]) => i! + 1));
    expect(maxInFlight).toBe(3);
  });

  it('calls a batched function with argument columns split at maxBatchSize, keeping order', async () => {
    const batches: unknown[][][] = [];
    const runner = createUdfRunner(
      (xs: number[], ys: string[]) => {
        batches.push([xs, ys]);
        return xs.map((x, i) => `${ys[i]}${x}`);
      },
      { maxBatchSize: 2 },
    );
    expect(runner.canRunSync).toBe(false);
    const out = await runner.run([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [5, 'e'],
    ]);
    expect(out).toEqual(['a1', 'b2', 'c3', 'd4', 'e5']);
    expect(batches).toEqual([
      [
        [1, 2],
        ['a', 'b'],
      ],
      [
        [3, 4],
        ['c', 'd'],
      ],
      [[5], ['e']],
    ]);
  });

  it('fails every row of a batch whose result has the wrong length, and only that batch', async () => {
    const runner = createUdfRunner((xs: number[]) => (xs.includes(3) ? [0] : xs), {
      maxBatchSize: 2,
      name: 'b',
    });
    const out = await runner.run([[1], [2], [3], [4]]);
    expect(out.slice(0, 2)).toEqual([1, 2]);
    expect(errorMessage(out[2])).toMatch(/one result per row: got an array of 1 for 2 rows/);
    expect(isError(out[3])).toBe(true);
  });

  it('skips rows settled without a call when batching', async () => {
    const runner = createUdfRunner((xs: (number | null)[]) => xs.map((x) => x! * 2), {
      maxBatchSize: 10,
      propagateNone: true,
    });
    expect(await runner.run([[1], [null], [new ErrorValue('e')], [4]])).toMatchObject([2, null, {}, 8]);
  });

  it('avoids a call on a cache hit and shares one call among equal rows of a batch', async () => {
    const fn = vi.fn((x: number) => x * x);
    const cache = new InMemoryCache();
    const runner = createUdfRunner(fn, { cacheStrategy: cache });
    expect(await runner.run([[3], [3], [4]])).toEqual([9, 9, 16]);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(await runner.run([[4], [3]])).toEqual([16, 9]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('does not cache failures', async () => {
    let calls = 0;
    const runner = createUdfRunner(
      () => {
        if (++calls === 1) throw new Error('first');
        return 'fine';
      },
      { cacheStrategy: new InMemoryCache() },
    );
    expect(isError((await runner.run([[1]]))[0])).toBe(true);
    expect(await runner.run([[1]])).toEqual(['fine']);
  });

  it('refuses runSync when the options need awaiting, and rejects bad options', () => {
    expect(() => createUdfRunner(() => 1, { maxBatchSize: 2 }).runSync([[]])).toThrow(
      /cannot run synchronously/,
    );
    expect(() => createUdfRunner(() => 1, { capacity: 0, name: 'f' })).toThrow(/udf 'f': capacity/);
    expect(() => createUdfRunner(() => 1, { timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it('exposes the name and determinism, defaulting to non-deterministic as Pathway does', () => {
    function score(): number {
      return 1;
    }
    expect(createUdfRunner(score)).toMatchObject({ name: 'score', deterministic: false });
    expect(createUdfRunner(score, { deterministic: true }).deterministic).toBe(true);
  });
});

describe('createUdfRunner (properties)', () => {
  // Properties: for any rows, maxBatchSize and capacity, a batched runner returns the same results, in the
  // same order, as calling the function row by row; no batch exceeds maxBatchSize; in-flight batches never
  // exceed capacity.
  it('matches row-by-row evaluation for any batch size and capacity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer(), fc.option(fc.string(), { nil: null })), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        async (rows, maxBatchSize, capacity) => {
          const single = (x: number, s: string | null): string => `${x}:${s ?? '-'}`;
          let inFlight = 0;
          let maxInFlight = 0;
          let largestBatch = 0;
          const runner = createUdfRunner(
            async (xs: number[], ss: (string | null)[]) => {
              inFlight++;
              maxInFlight = Math.max(maxInFlight, inFlight);
              largestBatch = Math.max(largestBatch, xs.length);
              await Promise.resolve();
              inFlight--;
              return xs.map((x, i) => single(x, ss[i]!));
            },
            { maxBatchSize, capacity },
          );
          const out = await runner.run(rows);
          expect(out).toEqual(rows.map(([x, s]) => single(x, s)));
          expect(largestBatch).toBeLessThanOrEqual(maxBatchSize);
          expect(maxInFlight).toBeLessThanOrEqual(capacity);
        },
      ),
      { numRuns: 100 },
    );
  });
});
