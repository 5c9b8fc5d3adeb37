import { describe, expect, it } from 'vitest';
import {
  ExponentialBackoffRetryStrategy,
  FixedDelayRetryStrategy,
  NoRetryStrategy,
  RetriesExhausted,
  withRetries,
} from './retry-strategy.js';

function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: (ms) => (delays.push(ms), Promise.resolve()) };
}

describe('ExponentialBackoffRetryStrategy', () => {
  it('doubles the delay from initialDelayMs and gives up after maxRetries', () => {
    const s = new ExponentialBackoffRetryStrategy();
    expect([1, 2, 3, 4].map((n) => s.delayMs(n))).toEqual([1000, 2000, 4000, undefined]);
  });

  it('adds up to jitterMs random milliseconds', () => {
    const s = new ExponentialBackoffRetryStrategy({
      initialDelayMs: 10,
      backoffFactor: 3,
      jitterMs: 100,
      random: () => 0.5,
    });
    expect([s.delayMs(1), s.delayMs(2)]).toEqual([60, 80]);
  });

  it('rejects a negative maxRetries with the option name in the message', () => {
    expect(() => new ExponentialBackoffRetryStrategy({ maxRetries: -1 })).toThrow(/maxRetries/);
  });
});

describe('FixedDelayRetryStrategy', () => {
  it('waits delayMs before each of maxRetries retries', () => {
    const s = new FixedDelayRetryStrategy({ maxRetries: 2, delayMs: 5 });
    expect([1, 2, 3].map((n) => s.delayMs(n))).toEqual([5, 5, undefined]);
  });
});

describe('NoRetryStrategy', () => {
  it('gives up at the first failure', () => {
    expect(new NoRetryStrategy().delayMs(1)).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('retries with the strategy delays until the call succeeds', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const result = await withRetries(
      async () => {
        if (++calls < 3) throw new Error('flaky');
        return 'ok';
      },
      new ExponentialBackoffRetryStrategy({ initialDelayMs: 100, sleep }),
    );
    expect(result).toEqual({ value: 'ok', failures: 2 });
    expect(delays).toEqual([100, 200]);
  });

  it('rejects with RetriesExhausted carrying the last cause and the attempt count', async () => {
    const { delays, sleep } = recordingSleep();
    const promise = withRetries(
      async () => {
        throw new Error('down');
      },
      new FixedDelayRetryStrategy({ maxRetries: 2, delayMs: 7, sleep }),
    );
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).attempts).toBe(3);
    expect((error as RetriesExhausted).message).toContain('Error: down');
    expect(delays).toEqual([7, 7]);
  });
});
